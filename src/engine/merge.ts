/**
 * `s3lint merge`: the JSON reports of the jobs of a sharded scan (`--shard k/n`) as one RunResult, as if one job had
 * scanned everything. Lists are concatenated, de-duplicated (shards may overlap: the same run given twice, a
 * diagnostic about the configuration every shard repeats) and sorted as `lint()` sorts them; counts are recomputed.
 */
import { distinct, push } from '../collections.js';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { RULES } from '../../rules/index.js';
import type { Diagnostic, Severity, SourceRange } from '../graph/types.js';
import { compareFindings, compareText, mergeCallerCopies, REPORT_VERSION, type BucketSummary, type Evaluation, type FailOn, type Finding, type RunResult } from './result.js';

/** A report that cannot be merged: a usage error (exit code 2) naming the file. */
export class ReportMergeError extends Error {}

export interface NamedReport {
  /** The file the report was read from, as given: named in every error about it. */
  file: string;
  result: RunResult;
}

const SEVERITIES: readonly string[] = ['error', 'warning', 'note'];
const FAIL_ON: readonly string[] = [...SEVERITIES, 'none'];
/** What `lint()` appends to a problem in a file read only as context (a module loaded on demand included). */
const CONTEXT_SUFFIX = ' (read as context for a file named on the command line)';

/** Reads and checks each report, in the order given. */
export async function readReports(files: readonly string[], cwd: string): Promise<NamedReport[]> {
  const reports: NamedReport[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await fs.readFile(path.resolve(cwd, file), 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (error as Error).message;
      throw new ReportMergeError(`${file}: cannot read the report: ${reason}`);
    }
    reports.push({ file, result: parseReport(file, text) });
  }
  return reports;
}

/** A report written by `s3lint --format json`, checked enough that merging it cannot fail half way. */
export function parseReport(file: string, text: string): RunResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ReportMergeError(`${file}: not valid JSON (${(error as Error).message}); merge reads reports written by s3lint --format json`);
  }
  if (!isRecord(value) || !('version' in value) || !('summary' in value)) {
    throw new ReportMergeError(`${file}: not an s3lint JSON report (written by s3lint --format json)`);
  }
  if (value.version !== REPORT_VERSION) {
    throw new ReportMergeError(`${file}: report version ${JSON.stringify(value.version)}; this s3lint merges version ${REPORT_VERSION} (merge reports written by the same s3lint version)`);
  }
  const problem = reportProblem(value);
  if (problem) throw new ReportMergeError(`${file}: not an s3lint JSON report: ${problem}`);
  return value as unknown as RunResult;
}

export interface MergeOptions {
  /** Overrides the reports' `failOn` (`--fail-on`); they may then differ. */
  failOn?: FailOn;
}

/**
 * One RunResult from the reports of one sharded scan. The reports must agree on `preset` and, unless `failOn` is
 * given, on `failOn`: merging scans run with other settings would mix verdicts.
 */
export function mergeReports(reports: readonly NamedReport[], options: MergeOptions = {}): RunResult {
  const first = reports[0];
  if (!first) throw new ReportMergeError('no report to merge');
  for (const { file, result } of reports.slice(1)) {
    if (result.summary.preset !== first.result.summary.preset) {
      throw new ReportMergeError(`${file}: preset ${result.summary.preset}, but ${first.file} has ${first.result.summary.preset}; merge the reports of one scan`);
    }
    if (options.failOn === undefined && result.summary.failOn !== first.result.summary.failOn) {
      throw new ReportMergeError(`${file}: fail-on ${result.summary.failOn}, but ${first.file} has ${first.result.summary.failOn}; merge the reports of one scan, or give --fail-on`);
    }
  }
  const results = reconcileProjectRules(reports.map((report) => report.result));
  const rules = ruleUnion(results.map((result) => result.summary.rules));
  const filesDiscovered = sum(results, (result) => result.summary.filesDiscovered);

  // Shards judge different roots: the same finding reached through several roots' module calls is one, as in one scan.
  const findings = mergeCallerCopies(distinct(results.flatMap((result) => result.findings), findingKey)).sort(compareMergedFindings);
  const suppressed = mergeCallerCopies(distinct(results.flatMap((result) => result.suppressed), findingKey)).sort(compareMergedFindings);
  const evaluations = distinct(results.flatMap((result) => result.evaluations), evaluationKey).sort(evaluationOrder(rules));
  const errors = mergeDiagnostics(results.flatMap((result) => result.errors), filesDiscovered);
  const buckets = distinct(results.flatMap((result) => result.summary.buckets), (bucket) => `${bucket.id}\u0000${bucket.file}\u0000${bucket.calledFrom ?? ''}`).sort(compareBuckets);

  const counts: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  for (const finding of findings) counts[finding.severity]++;
  const summary = first.result.summary;
  return {
    version: REPORT_VERSION,
    tool: first.result.tool,
    findings,
    suppressed,
    errors,
    evaluations,
    summary: {
      filesDiscovered,
      filesScanned: sum(results, (result) => result.summary.filesScanned),
      resources: sum(results, (result) => result.summary.resources),
      buckets,
      findings: counts,
      suppressed: suppressed.length,
      unresolved: evaluations.filter((evaluation) => evaluation.outcome === 'unresolved').length,
      errors: errors.filter((diagnostic) => diagnostic.severity === 'error').length,
      rules,
      preset: summary.preset,
      failOn: options.failOn ?? summary.failOn,
      ...(summary.config !== undefined ? { config: summary.config } : {}),
      durationMs: Math.max(...results.map((result) => result.summary.durationMs)),
    },
  };
}

/**
 * Account-level rules (`appliesTo: 'project'`) judge the scan as a whole, but each shard saw only its part: a shard
 * without a GuardDuty detector reports it missing even when another shard defines one. Per rule, a "missing"
 * finding (reported at the project's anchor) stands only when no shard found the service; then one is kept, at
 * the first anchor, as one scan would anchor it. The rule's evaluations become one.
 */
function reconcileProjectRules(results: readonly RunResult[]): RunResult[] {
  interface Verdict {
    report: number;
    evaluation: Evaluation;
    missing: boolean;
  }
  const verdicts = new Map<string, Verdict[]>();
  results.forEach((result, report) => {
    for (const evaluation of result.evaluations) {
      if (evaluation.resource.type !== 'project') continue;
      const missing = [...result.findings, ...result.suppressed].some((finding) => isAnchorFinding(finding, evaluation));
      push(verdicts, evaluation.ruleId, { report, evaluation, missing });
    }
  });
  // By report: the same result object may be given twice.
  const dropped = results.map(() => new Set<Evaluation>());
  const replaced = results.map(() => new Map<Evaluation, Evaluation>());
  const byAnchor = (a: Verdict, b: Verdict): number => compareRanges(a.evaluation.location, b.evaluation.location);
  for (const list of verdicts.values()) {
    if (list.length < 2) continue;
    const present = list.filter((verdict) => !verdict.missing);
    const kept = present.length > 0 ? present : [list.filter((verdict) => verdict.missing).sort(byAnchor)[0]!];
    const survivor = kept[0]!;
    for (const verdict of list) if (verdict !== survivor) dropped[verdict.report]!.add(verdict.evaluation);
    const outcomes = kept.map((verdict) => verdict.evaluation.outcome);
    const outcome = (['fail', 'suppressed', 'pass'] as const).find((candidate) => outcomes.includes(candidate)) ?? 'unresolved';
    const unresolved = outcome === 'unresolved' ? distinct(kept.flatMap((verdict) => verdict.evaluation.unresolved ?? []), (entry) => `${rangeKey(entry.location)}\u0000${entry.reason}`) : [];
    const { unresolved: _replaced, ...base } = survivor.evaluation;
    const location = [...list].sort(byAnchor)[0]!.evaluation.location;
    replaced[survivor.report]!.set(survivor.evaluation, { ...base, location, outcome, ...(unresolved.length > 0 ? { unresolved } : {}) });
  }
  return results.map((result, report) => {
    const droppedHere = dropped[report]!;
    if (droppedHere.size === 0 && replaced[report]!.size === 0) return result;
    // Only the "missing" findings of a dropped verdict go; findings about a resource (a suspended detector) stay.
    const keep = (finding: Finding): boolean => ![...droppedHere].some((evaluation) => isAnchorFinding(finding, evaluation));
    return {
      ...result,
      findings: result.findings.filter(keep),
      suppressed: result.suppressed.filter(keep),
      evaluations: result.evaluations.filter((evaluation) => !droppedHere.has(evaluation)).map((evaluation) => replaced[report]!.get(evaluation) ?? evaluation),
    };
  });
}

function isAnchorFinding(finding: Finding, evaluation: Evaluation): boolean {
  return finding.ruleId === evaluation.ruleId && finding.resource.type === 'project' && rangeKey(finding.location) === rangeKey(evaluation.location);
}

/**
 * Diagnostics de-duplicated and sorted as `lint()` sorts them. A problem in a module file is an error in the shard
 * that scans the folder and a context warning in shards whose callers load it on demand: one scan reports the
 * error only. The "nothing to scan" note of an empty shard goes when other shards scanned files.
 */
function mergeDiagnostics(diagnostics: readonly Diagnostic[], filesDiscovered: number): Diagnostic[] {
  const unique = distinct(diagnostics, diagnosticKey);
  const errors = new Set(unique.filter((diagnostic) => diagnostic.severity === 'error').map(diagnosticKey));
  return unique
    .filter((diagnostic) => !(diagnostic.code === 'nothing-to-scan' && filesDiscovered > 0))
    .filter((diagnostic) => {
      if (diagnostic.severity !== 'warning' || !diagnostic.message.endsWith(CONTEXT_SUFFIX)) return true;
      return !errors.has(diagnosticKey({ ...diagnostic, severity: 'error', message: diagnostic.message.slice(0, -CONTEXT_SUFFIX.length) }));
    })
    .sort(compareDiagnostics);
}

/** `lint()`'s order of diagnostics, with ties broken so that the order of the reports does not matter. */
function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    compareText(a.file, b.file) ||
    (a.location?.start.line ?? 0) - (b.location?.start.line ?? 0) ||
    compareText(a.code, b.code) ||
    (a.location?.start.column ?? 0) - (b.location?.start.column ?? 0) ||
    compareText(a.message, b.message) ||
    compareText(a.severity, b.severity)
  );
}

function compareMergedFindings(a: Finding, b: Finding): number {
  return compareFindings(a, b) || compareText(a.messageId, b.messageId) || compareText(a.fingerprint, b.fingerprint);
}

/** Evaluations by rule, in the run's rule order, then by place. */
function evaluationOrder(rules: readonly string[]): (a: Evaluation, b: Evaluation) => number {
  const rank = new Map(rules.map((id, index) => [id, index]));
  return (a, b) =>
    (rank.get(a.ruleId) ?? rules.length) - (rank.get(b.ruleId) ?? rules.length) ||
    compareText(a.ruleId, b.ruleId) ||
    compareRanges(a.location, b.location) ||
    compareText(a.resource.id, b.resource.id);
}

function compareBuckets(a: BucketSummary, b: BucketSummary): number {
  return compareText(a.file, b.file) || a.line - b.line || compareText(a.id, b.id);
}

/** The rules of every report: the registry's first, in registry order, then plugin rules as first met. */
function ruleUnion(lists: readonly string[][]): string[] {
  const all = new Set(lists.flat());
  const registry = RULES.map((rule) => rule.id).filter((id) => all.has(id));
  const known = new Set(registry);
  return [...registry, ...[...all].filter((id) => !known.has(id))];
}

function compareRanges(a: SourceRange, b: SourceRange): number {
  return compareText(a.file, b.file) || a.start.line - b.start.line || a.start.column - b.start.column;
}

function rangeKey(range: SourceRange): string {
  return `${range.file}\u0000${range.start.line}:${range.start.column}\u0000${range.end.line}:${range.end.column}`;
}

function findingKey(finding: Finding): string {
  return `${finding.fingerprint}\u0000${rangeKey(finding.location)}`;
}

function evaluationKey(evaluation: Evaluation): string {
  return `${evaluation.ruleId}\u0000${evaluation.resource.framework}\u0000${evaluation.resource.id}\u0000${evaluation.resource.calledFrom ?? ''}\u0000${rangeKey(evaluation.location)}`;
}

function diagnosticKey(diagnostic: Diagnostic): string {
  return [diagnostic.file, diagnostic.code, diagnostic.severity, diagnostic.message, diagnostic.location ? rangeKey(diagnostic.location) : ''].join('\u0000');
}


function sum(results: readonly RunResult[], count: (result: RunResult) => number): number {
  return results.reduce((total, result) => total + count(result), 0);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRange(value: unknown): boolean {
  if (!isRecord(value) || typeof value.file !== 'string') return false;
  const position = (point: unknown): boolean => isRecord(point) && typeof point.line === 'number' && typeof point.column === 'number';
  return position(value.start) && position(value.end);
}

/** The first thing merging relies on that the report lacks, or undefined. */
function reportProblem(report: Record<string, unknown>): string | undefined {
  const lists = ['findings', 'suppressed', 'errors', 'evaluations'] as const;
  for (const name of lists) if (!Array.isArray(report[name])) return `"${name}" is not a list`;
  if (!isRecord(report.tool) || typeof report.tool.name !== 'string' || typeof report.tool.version !== 'string') return '"tool" lacks its name and version';
  const summary = report.summary;
  if (!isRecord(summary)) return '"summary" is not an object';
  for (const name of ['filesDiscovered', 'filesScanned', 'resources', 'durationMs']) if (typeof summary[name] !== 'number') return `"summary.${name}" is not a number`;
  if (!Array.isArray(summary.buckets) || !Array.isArray(summary.rules) || !summary.rules.every((id) => typeof id === 'string')) return '"summary" lacks its buckets or rules';
  if (typeof summary.preset !== 'string' || typeof summary.failOn !== 'string' || !FAIL_ON.includes(summary.failOn)) return '"summary" lacks its preset or failOn';
  for (const [index, bucket] of summary.buckets.entries()) {
    if (!isRecord(bucket) || typeof bucket.id !== 'string' || typeof bucket.file !== 'string' || typeof bucket.line !== 'number') return `summary.buckets[${index}] lacks its id, file or line`;
  }
  for (const name of ['findings', 'suppressed'] as const) {
    for (const [index, finding] of (report[name] as unknown[]).entries()) {
      if (
        !isRecord(finding) || typeof finding.ruleId !== 'string' || typeof finding.messageId !== 'string' || typeof finding.fingerprint !== 'string' ||
        typeof finding.severity !== 'string' || !SEVERITIES.includes(finding.severity) || !isRange(finding.location) || !isResource(finding.resource)
      ) {
        return `${name}[${index}] lacks its rule, severity, location, resource or fingerprint`;
      }
    }
  }
  for (const [index, evaluation] of (report.evaluations as unknown[]).entries()) {
    if (!isRecord(evaluation) || typeof evaluation.ruleId !== 'string' || typeof evaluation.outcome !== 'string' || !isRange(evaluation.location) || !isResource(evaluation.resource)) {
      return `evaluations[${index}] lacks its rule, outcome, location or resource`;
    }
  }
  for (const [index, diagnostic] of (report.errors as unknown[]).entries()) {
    if (
      !isRecord(diagnostic) || typeof diagnostic.file !== 'string' || typeof diagnostic.code !== 'string' || typeof diagnostic.message !== 'string' ||
      typeof diagnostic.severity !== 'string' || !SEVERITIES.includes(diagnostic.severity) || (diagnostic.location !== undefined && !isRange(diagnostic.location))
    ) {
      return `errors[${index}] lacks its file, code, severity or message`;
    }
  }
  return undefined;
}

function isResource(value: unknown): boolean {
  return isRecord(value) && typeof value.id === 'string' && typeof value.type === 'string' && typeof value.framework === 'string';
}
