/** The RunResult: what one scan found. The JSON reporter writes it as is; it is a contract (see README). */
import { push } from '../collections.js';
import type { ExposureReason, ExposureVerdict } from '../graph/exposure.js';
import type { Diagnostic, Framework, Severity, SourceRange } from '../graph/types.js';
import type { PracticeKey } from './practices.js';
import type { RelatedLocation } from './rule.js';

export const REPORT_VERSION = 1;

export interface FindingResource {
  id: string;
  type: string;
  framework: Framework;
  /** CDK output: the construct path (`Metadata.aws:cdk:path`) of the resource, to find it in the CDK app. */
  constructPath?: string;
  /**
   * Terraform, a resource a module call creates: the file of the outermost `module` call, which tells apart the
   * same address reached from several root modules (a repository's examples, its environments).
   */
  calledFrom?: string;
}

export interface Finding {
  ruleId: string;
  practice: PracticeKey;
  severity: Severity;
  messageId: string;
  message: string;
  location: SourceRange;
  resource: FindingResource;
  related: RelatedLocation[];
  remediation: string;
  helpUri: string;
  /**
   * Stable across line moves and formatting: rule, file, resource (with the module call that creates it), message
   * id and, when there is one, the discriminator.
   */
  fingerprint: string;
  /**
   * What tells this finding apart from the resource's other findings of the same message: the policy statement's
   * Sid, or what the statement says. Absent where a resource has at most one finding of each message.
   */
  discriminator?: string;
  /** `compat`: another scanner's suppression (`compat: true`), with that scanner as `tool`. */
  suppression?: { kind: 'inline' | 'file' | 'config' | 'baseline' | 'compat'; reason: string; tool?: CompatTool };
}

/** Scanners whose suppressions s3lint honours with `compat: true`. */
export type CompatTool = 'checkov' | 'trivy' | 'tfsec' | 'kics' | 'cfn-nag';

export type Outcome = 'pass' | 'fail' | 'unresolved' | 'suppressed';

export interface Evaluation {
  ruleId: string;
  practice: PracticeKey;
  resource: FindingResource;
  location: SourceRange;
  outcome: Outcome;
  /** For unresolved outcomes: what could not be decided, and where. */
  unresolved?: { location: SourceRange; reason: string }[];
}

export interface BucketSummary {
  id: string;
  type: string;
  framework: Framework;
  file: string;
  line: number;
  /** False for settings whose bucket is not in the scanned code. */
  inScannedCode: boolean;
  /** As `FindingResource.calledFrom`: the file of the outermost module call that creates the bucket. */
  calledFrom?: string;
  /**
   * Who can reach the bucket's data, as S3 would decide it from the account, bucket and access point blocks,
   * Object Ownership, ACLs and policies: `public`, `cross-account` (other accounts are granted access),
   * `private`, or `unknown` (a grant or a block depends on input not known statically).
   */
  exposure: ExposureVerdict;
  /** Why: each public grant and what stops it or not, each grant to another account, each value not known. */
  exposureReasons: ExposureReason[];
}

export interface Summary {
  filesDiscovered: number;
  filesScanned: number;
  resources: number;
  buckets: BucketSummary[];
  findings: Record<Severity, number>;
  suppressed: number;
  unresolved: number;
  errors: number;
  rules: string[];
  preset: string;
  /** The lowest severity that fails the run (exit code 1), from the command line or the configuration file. */
  failOn: FailOn;
  /** The configuration file used, as a display path. */
  config?: string;
  durationMs: number;
}

export interface RunResult {
  version: typeof REPORT_VERSION;
  tool: { name: string; version: string; informationUri: string };
  findings: Finding[];
  suppressed: Finding[];
  errors: Diagnostic[];
  evaluations: Evaluation[];
  summary: Summary;
}

const SEVERITY_RANK: Record<Severity, number> = { note: 0, warning: 1, error: 2 };

export function severityAtLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold];
}

export type FailOn = Severity | 'none';

/** 2 for error diagnostics (bad input, configuration), else 1 for findings at or above `failOn`, else 0. */
export function exitCodeFor(result: RunResult, failOn: FailOn): 0 | 1 | 2 {
  if (result.errors.some((diagnostic) => diagnostic.severity === 'error')) return 2;
  if (failOn !== 'none' && result.findings.some((finding) => severityAtLeast(finding.severity, failOn))) return 1;
  return 0;
}

/** The order of every report: file, line, column, rule. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.location.file, b.location.file) ||
    a.location.start.line - b.location.start.line ||
    a.location.start.column - b.location.start.column ||
    compareText(a.ruleId, b.ruleId)
  );
}

/** Code-unit order, the same on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Roots that call a module under the same name (a repository's examples, environments) give the same finding at the
 * same line of the module, word for word: one finding, listing every module call that reaches it.
 */
export function mergeCallerCopies(findings: readonly Finding[]): Finding[] {
  // Keyed by the cheap parts; the message and resource are compared only when those collide. Each candidate
  // remembers where it stands in `kept`.
  const candidatesByKey = new Map<string, number[]>();
  const kept: Finding[] = [];
  for (const finding of findings) {
    // Only what a module creates has copies: one per root that calls the module.
    if (finding.resource.calledFrom === undefined) {
      kept.push(finding);
      continue;
    }
    const { file, start, end } = finding.location;
    const key = `${finding.ruleId}\u0000${finding.messageId}\u0000${file}:${start.line}:${start.column}:${end.line}:${end.column}`;
    const candidates = candidatesByKey.get(key);
    const at = candidates?.find((index) => isCallerCopy(kept[index]!, finding));
    if (at === undefined) {
      push(candidatesByKey, key, kept.length);
      kept.push(finding);
      continue;
    }
    const first = kept[at]!;
    const seen = new Set(first.related.map((entry) => JSON.stringify(entry.location)));
    const added = finding.related.filter((entry) => !seen.has(JSON.stringify(entry.location)));
    if (added.length > 0) kept[at] = { ...first, related: [...first.related, ...added] };
  }
  return kept;
}

function isCallerCopy(a: Finding, b: Finding): boolean {
  return a.resource.id === b.resource.id && a.message === b.message && (a.suppression?.reason ?? '') === (b.suppression?.reason ?? '');
}
