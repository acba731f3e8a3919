/**
 * The SARIF 2.1.0 report, shaped for GitHub code scanning: one run, every rule the run used as a driver rule,
 * findings (and suppressed findings, marked as such) as results, diagnostics as tool execution notifications.
 * A pure function of the RunResult and the reporter context: no clock, no durations, no file reads, so the same
 * scan always gives the same bytes.
 */
import path from 'node:path';
import { ruleDocsUrl } from '../engine/package-info.js';
import { compareFindings, type Finding, type RunResult } from '../engine/result.js';
import type { AnyRule, PeerTool } from '../engine/rule.js';
import type { Diagnostic, Framework, Severity, SourceRange } from '../graph/types.js';
import type { ReporterContext } from './context.js';
import { documentPieces, itemsMarker } from './pieces.js';

export interface SarifOptions {
  /**
   * The Markdown documentation of a rule (its `rules/<id>.md`), shown by GitHub on the alert page. Without it,
   * or when it returns undefined, `help.markdown` is built from the rule's metadata like `help.text` is.
   */
  ruleDocumentation?: (ruleId: string) => string | undefined;
}

/** The uriBaseId of every repo-relative path; `run.originalUriBaseIds` maps it to the scan's working folder. */
export const SRCROOT = 'SRCROOT';
/** Our key in `partialFingerprints`; the upload action adds its own `primaryLocationLineHash` beside it. */
export const FINGERPRINT_KEY = 's3lint/v1';
const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/**
 * GitHub's security severity, a score from 0.0 to 10.0 that it buckets into critical (≥ 9.0), high (7.0–8.9),
 * medium (4.0–6.9) and low (0.1–3.9). It is read from the rule, so it follows the rule's default severity.
 */
export const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { error: '8.0', warning: '5.0', note: '3.0' };

// The subset of SARIF 2.1.0 this reporter writes.
interface SarifMessage {
  text: string;
  markdown?: string;
}
interface SarifArtifactLocation {
  uri: string;
  uriBaseId?: string;
}
interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}
interface SarifPhysicalLocation {
  artifactLocation: SarifArtifactLocation;
  region?: SarifRegion;
}
interface SarifLocation {
  id?: number;
  physicalLocation: SarifPhysicalLocation;
  logicalLocations?: { name: string; fullyQualifiedName: string; kind: string }[];
  message?: SarifMessage;
}
interface SarifReportingDescriptor {
  id: string;
  name: string;
  shortDescription: SarifMessage;
  fullDescription?: SarifMessage;
  help?: SarifMessage;
  helpUri?: string;
  defaultConfiguration?: { level: Severity };
  properties: { tags: string[]; precision?: string; 'security-severity'?: string };
}
interface SarifSuppression {
  kind: 'inSource' | 'external';
  justification?: string;
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: Severity;
  message: SarifMessage;
  locations: SarifLocation[];
  relatedLocations?: SarifLocation[];
  partialFingerprints: Record<string, string>;
  suppressions?: SarifSuppression[];
  properties: { practice: string; messageId: string; resource: Finding['resource'] };
}
interface SarifNotification {
  level: Severity;
  message: SarifMessage;
  locations?: SarifLocation[];
  descriptor: { id: string };
}
interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: { driver: { name: string; semanticVersion: string; version: string; informationUri: string; rules: SarifReportingDescriptor[] } };
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: SarifNotification[]; workingDirectory: SarifArtifactLocation }[];
    originalUriBaseIds: Record<string, SarifArtifactLocation>;
    columnKind: 'utf16CodeUnits';
    /** Written piece by piece: the log holds `itemsMarker()` in their place (see `sarifChunks`). */
    results: [string];
  }[];
}

export function formatSarif(result: RunResult, context: ReporterContext, options: SarifOptions = {}): string {
  return [...sarifChunks(result, context, options)].join('');
}

/**
 * The same text as `formatSarif`, piece by piece: results are built and written a hundred at a time, so a scan with
 * a hundred thousand findings never holds them all as SARIF objects or as one string.
 */
export function* sarifChunks(result: RunResult, context: ReporterContext, options: SarifOptions = {}): Generator<string> {
  const findings = [...result.findings, ...result.suppressed].sort(compareFindings);
  const rules = driverRules(context.rules, findings, options);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  yield* documentPieces(sarifLog(result, context, rules), findings, (finding) => sarifResult(finding, ruleIndex.get(finding.ruleId)!));
}

function sarifLog(result: RunResult, context: ReporterContext, rules: SarifReportingDescriptor[]): SarifLog {
  const srcroot = { uri: directoryUri(context.cwd) };
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: result.tool.name,
            semanticVersion: result.tool.version,
            version: result.tool.version,
            informationUri: result.tool.informationUri,
            rules,
          },
        },
        invocations: [
          {
            // Only error diagnostics (unreadable or invalid input) make the scan incomplete; notes and warnings do not.
            executionSuccessful: !result.errors.some((diagnostic) => diagnostic.severity === 'error'),
            toolExecutionNotifications: result.errors.map(notification),
            // Lets GitHub place results whose files lie outside SRCROOT and so carry absolute URIs.
            workingDirectory: srcroot,
          },
        ],
        originalUriBaseIds: { [SRCROOT]: srcroot },
        columnKind: 'utf16CodeUnits',
        results: [itemsMarker()],
      },
    ],
  };
}

// ── rules ────────────────────────────────────────────────────────────────────────────────────────────────

/** Every rule of the run, in registry order; then, defensively, a bare descriptor for any rule a finding names that the context lacks. */
function driverRules(rules: readonly AnyRule[], findings: readonly Finding[], options: SarifOptions): SarifReportingDescriptor[] {
  const descriptors = rules.map((rule) => ruleDescriptor(rule, options.ruleDocumentation?.(rule.id)));
  const known = new Set(descriptors.map((descriptor) => descriptor.id));
  for (const finding of findings) {
    if (known.has(finding.ruleId)) continue;
    known.add(finding.ruleId);
    descriptors.push(unknownRuleDescriptor(finding));
  }
  return descriptors;
}

function ruleDescriptor(rule: AnyRule, documentation: string | undefined): SarifReportingDescriptor {
  const { meta } = rule;
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.description },
    help: { text: helpText(rule), markdown: documentation ?? helpMarkdown(rule) },
    helpUri: ruleDocsUrl(rule.id),
    defaultConfiguration: { level: meta.severity },
    properties: {
      tags: ['security', meta.practice, ...meta.frameworks],
      precision: 'high',
      'security-severity': SECURITY_SEVERITY[meta.severity],
    },
  };
}

function unknownRuleDescriptor(finding: Finding): SarifReportingDescriptor {
  return {
    id: finding.ruleId,
    name: pascalCase(finding.ruleId),
    shortDescription: { text: finding.ruleId },
    helpUri: finding.helpUri,
    properties: { tags: ['security', finding.practice] },
  };
}

/** `s3-bucket-acl-not-public` → `S3BucketAclNotPublic`. */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}

const FRAMEWORK_NAMES: Readonly<Record<Framework, string>> = { terraform: 'Terraform', cloudformation: 'CloudFormation' };
const PEER_TOOL_NAMES: Readonly<Record<PeerTool, string>> = {
  checkov: 'checkov',
  trivy: 'trivy',
  kics: 'KICS',
  'cfn-nag': 'cfn-nag',
  'cdk-nag': 'cdk-nag',
  'cfn-guard': 'cfn-guard',
  'security-hub': 'Security Hub',
};

interface HelpSection {
  description: string;
  facts: string;
  fixes: { framework: string; remediation: string }[];
  equivalents: string;
  references: string[];
}

/** What the help says, in one place, so the text and Markdown forms cannot drift apart. */
function helpSection(rule: AnyRule): HelpSection {
  const { meta } = rule;
  const frameworks = meta.frameworks.map((framework) => FRAMEWORK_NAMES[framework]).join(', ');
  const fixes = meta.frameworks.flatMap((framework) => {
    const remediation = meta.remediation[framework];
    return remediation ? [{ framework: FRAMEWORK_NAMES[framework], remediation }] : [];
  });
  const equivalents = (Object.keys(PEER_TOOL_NAMES) as PeerTool[])
    .filter((tool) => (meta.equivalents[tool] ?? []).length > 0)
    .map((tool) => `${PEER_TOOL_NAMES[tool]} ${meta.equivalents[tool]!.join(', ')}`)
    .join(' · ');
  return {
    description: meta.description,
    facts: `Practice: ${meta.practice} · Severity: ${meta.severity} · Frameworks: ${frameworks}`,
    fixes,
    equivalents,
    references: meta.references,
  };
}

function helpText(rule: AnyRule): string {
  const help = helpSection(rule);
  const lines = [help.description, '', help.facts];
  if (help.fixes.length > 0) lines.push('', 'How to fix:', ...help.fixes.map((fix) => `- ${fix.framework}: ${fix.remediation}`));
  if (help.equivalents) lines.push('', `Equivalents: ${help.equivalents}`);
  if (help.references.length > 0) lines.push('', 'References:', ...help.references.map((reference) => `- ${reference}`));
  return lines.join('\n');
}

function helpMarkdown(rule: AnyRule): string {
  const help = helpSection(rule);
  const lines = [escapeMarkdown(help.description), '', escapeMarkdown(help.facts)];
  if (help.fixes.length > 0) {
    lines.push('', '## How to fix', '', ...help.fixes.map((fix) => `- **${fix.framework}:** ${escapeMarkdown(fix.remediation)}`));
  }
  if (help.equivalents) lines.push('', `Equivalents: ${escapeMarkdown(help.equivalents)}`);
  if (help.references.length > 0) lines.push('', '## References', '', ...help.references.map((reference) => `- <${reference}>`));
  lines.push('', `[Full documentation](${ruleDocsUrl(rule.id)})`);
  return lines.join('\n');
}

/** Metadata is plain text: `"*"` and `["s3:*"]` must not turn into emphasis or links. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*[\]<>]/g, '\\$&');
}

// ── results ──────────────────────────────────────────────────────────────────────────────────────────────

const SUPPRESSION_KINDS: Readonly<Record<NonNullable<Finding['suppression']>['kind'], SarifSuppression['kind']>> = {
  inline: 'inSource',
  file: 'inSource',
  config: 'external',
  baseline: 'external',
  compat: 'inSource',
};

function sarifResult(finding: Finding, ruleIndex: number): SarifResult {
  const related = finding.related.map((entry, index) => ({
    id: relatedLocationId(index),
    physicalLocation: physicalLocation(entry.location),
    message: { text: entry.message },
  }));
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: finding.severity,
    message: { text: resultMessage(finding) },
    locations: [
      {
        physicalLocation: physicalLocation(finding.location),
        logicalLocations: [{ name: finding.resource.id, fullyQualifiedName: finding.resource.constructPath ?? finding.resource.id, kind: 'resource' }],
      },
    ],
    ...(related.length > 0 ? { relatedLocations: related } : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
    ...(finding.suppression ? { suppressions: [suppression(finding.suppression)] } : {}),
    properties: { practice: finding.practice, messageId: finding.messageId, resource: finding.resource },
  };
}

/** Related location ids count from 1: the ids that `[text](id)` links in the message point at. */
function relatedLocationId(index: number): number {
  return index + 1;
}

/**
 * The finding's message, then a link to each related location: GitHub shows related locations only when the
 * message links to them (SARIF §3.11.6 embedded links, with `[`, `]` and `\` in link text escaped).
 */
function resultMessage(finding: Finding): string {
  if (finding.related.length === 0) return finding.message;
  const links = finding.related.map((entry, index) => `[${escapeLinkText(entry.message)}](${relatedLocationId(index)})`);
  return `${sentence(finding.message)} Related: ${links.join('; ')}.`;
}

function escapeLinkText(text: string): string {
  return text.replace(/[\\[\]]/g, '\\$&');
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function suppression(entry: NonNullable<Finding['suppression']>): SarifSuppression {
  return { kind: SUPPRESSION_KINDS[entry.kind], ...(entry.reason ? { justification: entry.reason } : {}) };
}

// ── diagnostics ──────────────────────────────────────────────────────────────────────────────────────────

function notification(diagnostic: Diagnostic): SarifNotification {
  const location = diagnosticLocation(diagnostic);
  return {
    level: diagnostic.severity,
    message: { text: diagnostic.message },
    ...(location ? { locations: [location] } : {}),
    descriptor: { id: diagnostic.code },
  };
}

/** The diagnostic's range when known, else just its file; nothing for the scan root itself. */
function diagnosticLocation(diagnostic: Diagnostic): SarifLocation | undefined {
  if (diagnostic.location) return { physicalLocation: physicalLocation(diagnostic.location) };
  if (diagnostic.file === '' || diagnostic.file === '.') return undefined;
  return { physicalLocation: { artifactLocation: artifactLocation(diagnostic.file) } };
}

// ── locations ────────────────────────────────────────────────────────────────────────────────────────────

function physicalLocation(range: SourceRange): SarifPhysicalLocation {
  return { artifactLocation: artifactLocation(range.file), region: region(range) };
}

/**
 * Our positions are 1-based, columns in UTF-16 code units, end column exclusive: SARIF's own conventions, so
 * they pass through. A range that ends before it starts (never expected) collapses to its start, because
 * GitHub rejects such regions.
 */
export function region(range: SourceRange): SarifRegion {
  const startLine = Math.max(1, range.start.line);
  const startColumn = Math.max(1, range.start.column);
  const endsBeforeStart = range.end.line < startLine || (range.end.line === startLine && range.end.column < startColumn);
  if (endsBeforeStart) return { startLine, startColumn, endLine: startLine, endColumn: startColumn };
  return { startLine, startColumn, endLine: range.end.line, endColumn: Math.max(1, range.end.column) };
}

/** Report paths are relative to the working folder (→ SRCROOT) or, outside it, absolute (→ a `file:` URI). */
function artifactLocation(file: string): SarifArtifactLocation {
  if (isAbsolutePath(file)) return { uri: fileUri(file) };
  return { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

/** Display paths use `/` on every platform: `/home/x/main.tf` or `C:/x/main.tf`. */
function isAbsolutePath(file: string): boolean {
  return file.startsWith('/') || /^[A-Za-z]:\//.test(file);
}

/** `file:///…` for an absolute `/`-separated path, each segment percent-encoded except a drive letter. */
function fileUri(absolutePath: string): string {
  const encoded = absolutePath
    .split('/')
    .map((segment, index) => (index === 0 && /^[A-Za-z]:$/.test(segment) ? segment : encodeURIComponent(segment)))
    .join('/');
  return `file://${encoded.startsWith('/') ? '' : '/'}${encoded}`;
}

/** The absolute `file:` URI of a native folder path, with the trailing slash SARIF requires of a base URI. */
function directoryUri(folder: string): string {
  const uri = fileUri(folder.split(path.sep).join('/'));
  return uri.endsWith('/') ? uri : `${uri}/`;
}
