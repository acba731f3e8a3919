/**
 * Baselines: `--write-baseline FILE` records today's findings, `--baseline FILE` reports only the new ones and
 * lists the recorded ones that no longer occur.
 *
 * An entry is one fingerprint (rule, file, resource and the module call that creates it, message id, and for
 * per-statement findings the statement's Sid or content: it survives line moves and reformatting) with a
 * **count**: how many findings carried that fingerprint when the baseline was written. Several findings can still
 * share a fingerprint (two statements without a Sid that say the same, or an entry from a baseline written before
 * statements were told apart), so a set of fingerprints alone would hide a newly added third one. With a count, a run with more findings of one
 * fingerprint than recorded reports the extra ones as new; a run with fewer lists the difference as resolved.
 *
 * Which of several findings of one fingerprint are the recorded ones: first those whose message equals the
 * message the entry recorded (the first occurrence's, which names the statement, grant or setting), then the
 * rest in source order (file, line, column). So a statement added below the recorded one is the new one, and a
 * statement with its own Sid added anywhere is the new one. Positions are never stored: a count cannot go stale
 * when lines move, where an occurrence index or a line number would.
 *
 * The file is committed by users: entries are sorted (file, resource, rule, message id), JSON is indented by two
 * spaces and ends with a newline, so regenerating an unchanged baseline changes no byte and a diff shows exactly
 * the entries that came and went. Paths in fingerprints are relative to the folder s3lint runs in (as in every
 * report): write and use the baseline from the same folder, normally the repository root.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { groupBy, push } from '../collections.js';
import type { Diagnostic, SourceRange } from '../graph/types.js';
import { fingerprint } from './lint.js';
import { compareFindings, compareText, type Evaluation, type Finding, type RunResult } from './result.js';
import { describeValue, isRecord } from './shape.js';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  ruleId: string;
  /** The file of the findings' locations, relative to the folder s3lint ran in. */
  file: string;
  /** The resource the findings name (the bucket's address or logical id). */
  resource: string;
  messageId: string;
  /** The file of the module call that creates the resource, for resources created by a module. */
  calledFrom?: string;
  /** Which occurrence of the message (a policy statement's Sid or content), for rules that report one per statement. */
  discriminator?: string;
  /** Derived from the fields above; the key runs are matched by. */
  fingerprint: string;
  /** How many findings carried this fingerprint when the baseline was written (at least 1). */
  count: number;
  /** The message of the first of them in source order, for reviewers; also preferred when matching. */
  message: string;
}

export interface Baseline {
  version: typeof BASELINE_VERSION;
  tool: 's3lint';
  entries: BaselineEntry[];
}

export interface BaselineMatch {
  /** Findings that are not in the baseline (or exceed its count): the ones to report. */
  findings: Finding[];
  /** Findings the baseline covers, with `suppression.kind: 'baseline'`: they belong in the caller's `suppressed`. */
  baselined: Finding[];
  /** Entries that no longer occur, with `count` lowered to how many of their findings are gone. */
  resolved: BaselineEntry[];
}

/**
 * The baseline of a run's findings. Findings that already carry a suppression (inline, file, config) are left
 * out: they are accepted by other means. Pass the run's `findings`, not its `suppressed`.
 */
export function createBaseline(findings: readonly Finding[]): Baseline {
  const groups = groupBy(
    findings.filter((finding) => !finding.suppression),
    (finding) => finding.fingerprint,
  );
  const entries = [...groups.values()].map((group): BaselineEntry => {
    const first = [...group].sort(compareFindings)[0]!;
    return {
      ruleId: first.ruleId,
      file: first.location.file,
      resource: first.resource.id,
      messageId: first.messageId,
      ...(first.resource.calledFrom !== undefined ? { calledFrom: first.resource.calledFrom } : {}),
      ...(first.discriminator !== undefined ? { discriminator: first.discriminator } : {}),
      fingerprint: first.fingerprint,
      count: group.length,
      message: first.message,
    };
  });
  return { version: BASELINE_VERSION, tool: 's3lint', entries: entries.sort(compareEntries) };
}

/** The committed form: sorted entries, fixed key order, two-space indentation, a trailing newline. */
export function formatBaseline(baseline: Baseline): string {
  const entries = [...baseline.entries].sort(compareEntries).map((entry) => ({
    ruleId: entry.ruleId,
    file: entry.file,
    resource: entry.resource,
    messageId: entry.messageId,
    ...(entry.calledFrom !== undefined ? { calledFrom: entry.calledFrom } : {}),
    ...(entry.discriminator !== undefined ? { discriminator: entry.discriminator } : {}),
    fingerprint: entry.fingerprint,
    count: entry.count,
    message: entry.message,
  }));
  return `${JSON.stringify({ version: baseline.version, tool: baseline.tool, entries }, null, 2)}\n`;
}

/**
 * Reads a baseline written by `formatBaseline`. Any problem makes the whole file invalid (a partly read baseline
 * would report recorded findings as new, or hide new ones): the result is then only `baseline-error`
 * diagnostics, severity error, naming `file` and, where known, the line. Unknown keys are ignored.
 */
export function parseBaseline(text: string, file: string): { baseline?: Baseline; diagnostics: Diagnostic[] } {
  const problem = (message: string, location?: SourceRange): { diagnostics: Diagnostic[] } => ({
    diagnostics: [{ file, code: 'baseline-error', severity: 'error', message: `invalid baseline ${file}: ${message}`, ...(location ? { location } : {}) }],
  });
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.trim() === '') return problem('the file is empty; write one with --write-baseline');
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return problem(`not valid JSON (${reason})`, jsonErrorLocation(body, reason, file));
  }
  if (!isRecord(data)) return problem('expected a JSON object with version, tool and entries');
  if (data.tool !== 's3lint') return problem(`"tool" must be "s3lint", found ${describeValue(data.tool)}`);
  if (data.version !== BASELINE_VERSION) {
    return problem(`unsupported version ${describeValue(data.version)}; this s3lint reads version ${BASELINE_VERSION}`);
  }
  if (!Array.isArray(data.entries)) return problem(`"entries" must be an array, found ${describeValue(data.entries)}`);

  const problems: string[] = [];
  const entries: BaselineEntry[] = [];
  const seen = new Map<string, number>();
  data.entries.forEach((raw: unknown, index) => {
    const where = `entries[${index}]`;
    if (!isRecord(raw)) {
      problems.push(`${where} must be an object, found ${describeValue(raw)}`);
      return;
    }
    const before = problems.length;
    for (const key of ['ruleId', 'file', 'resource', 'messageId', 'fingerprint', 'message'] as const) {
      if (typeof raw[key] !== 'string' || (key !== 'message' && raw[key] === '')) {
        problems.push(`${where}.${key} must be a non-empty string, found ${describeValue(raw[key])}`);
      }
    }
    for (const key of ['calledFrom', 'discriminator'] as const) {
      if (raw[key] !== undefined && (typeof raw[key] !== 'string' || raw[key] === '')) {
        problems.push(`${where}.${key} must be a non-empty string when present, found ${describeValue(raw[key])}`);
      }
    }
    if (typeof raw.count !== 'number' || !Number.isInteger(raw.count) || raw.count < 1) {
      problems.push(`${where}.count must be a whole number of at least 1, found ${describeValue(raw.count)}`);
    }
    if (problems.length > before) return;
    const entry: BaselineEntry = {
      ruleId: raw.ruleId as string,
      file: raw.file as string,
      resource: raw.resource as string,
      messageId: raw.messageId as string,
      ...(typeof raw.calledFrom === 'string' ? { calledFrom: raw.calledFrom } : {}),
      ...(typeof raw.discriminator === 'string' ? { discriminator: raw.discriminator } : {}),
      fingerprint: raw.fingerprint as string,
      count: raw.count as number,
      message: raw.message as string,
    };
    const expected = fingerprint(entry);
    if (entry.fingerprint !== expected) {
      problems.push(
        `${where}.fingerprint ${entry.fingerprint} does not belong to ${[entry.ruleId, entry.file, entry.calledFrom, entry.resource, entry.messageId, entry.discriminator].filter((part) => part !== undefined).join(' / ')} ` +
          `(edited by hand, or written by another s3lint version?); regenerate the file with --write-baseline`,
      );
      return;
    }
    const previous = seen.get(entry.fingerprint);
    if (previous !== undefined) {
      problems.push(`${where} repeats entries[${previous}] (${entry.ruleId} on ${entry.resource} in ${entry.file}); keep one entry with the total count`);
      return;
    }
    seen.set(entry.fingerprint, index);
    entries.push(entry);
  });
  if (problems.length > 0) {
    const shown = problems.slice(0, 5).join('; ');
    const more = problems.length > 5 ? `; and ${problems.length - 5} more` : '';
    return problem(`${shown}${more}`);
  }
  return { baseline: { version: BASELINE_VERSION, tool: 's3lint', entries: entries.sort(compareEntries) }, diagnostics: [] };
}

/** Reads and parses a baseline file (`file` relative to `cwd`); a missing or unreadable file is a `baseline-error`. */
export async function loadBaseline(file: string, cwd: string): Promise<{ baseline?: Baseline; diagnostics: Diagnostic[] }> {
  let text: string;
  try {
    text = await readFile(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'the file does not exist; create it with --write-baseline'
        : code === 'EISDIR'
          ? 'it is a folder, not a file'
          : error instanceof Error
            ? error.message
            : String(error);
    return { diagnostics: [{ file, code: 'baseline-error', severity: 'error', message: `cannot read baseline ${file}: ${reason}` }] };
  }
  return parseBaseline(text, file);
}

/**
 * Splits findings into new and baselined (see the top of this file for how occurrences of one fingerprint are
 * matched). `file` is the baseline's name as the user gave it; it goes into the suppression reason. The order of
 * `findings` and `baselined` is the input order; `resolved` is in baseline order.
 */
export function applyBaseline(findings: readonly Finding[], baseline: Baseline, file: string): BaselineMatch {
  const entries = new Map(baseline.entries.map((entry) => [entry.fingerprint, entry]));
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = entries.has(finding.fingerprint) ? finding.fingerprint : undiscriminatedFingerprint(finding);
    if (key !== undefined && entries.has(key)) push(groups, key, finding);
  }

  const covered = new Set<Finding>();
  const resolved: BaselineEntry[] = [];
  for (const entry of baseline.entries) {
    const group = [...(groups.get(entry.fingerprint) ?? [])].sort(compareFindings);
    let budget = entry.count;
    // Same message first (it names the statement or grant), then source order.
    for (const pass of [(finding: Finding) => finding.message === entry.message, () => true]) {
      for (const finding of group) {
        if (budget === 0) break;
        if (covered.has(finding) || !pass(finding)) continue;
        covered.add(finding);
        budget--;
      }
    }
    if (budget > 0) resolved.push({ ...entry, count: budget });
  }

  const reason = `in the baseline ${file}`;
  const fresh: Finding[] = [];
  const baselined: Finding[] = [];
  for (const finding of findings) {
    if (covered.has(finding)) baselined.push({ ...finding, suppression: { kind: 'baseline', reason } });
    else fresh.push(finding);
  }
  return { findings: fresh, baselined, resolved };
}

/**
 * A finding's fingerprint without its discriminator: what a baseline written before its rule told occurrences
 * apart recorded, so that such a baseline keeps matching (by count) instead of reporting every finding as new.
 */
function undiscriminatedFingerprint(finding: Finding): string | undefined {
  if (finding.discriminator === undefined) return undefined;
  return fingerprint({ ruleId: finding.ruleId, file: finding.location.file, resource: finding.resource.id, calledFrom: finding.resource.calledFrom, messageId: finding.messageId });
}

/**
 * `applyBaseline` on a whole RunResult, for the CLI: baselined findings move to `suppressed` (sorted), the
 * summary's counts follow, and a rule × bucket evaluation that failed only because of baselined findings becomes
 * `suppressed`.
 *
 * Unmatched entries are split by whether this run could have seen them: `resolved` when the entry's rule ran and
 * judged its resource (the finding really is gone), `unchecked` when the rule did not run (another preset) or the
 * resource was not judged (a partial scan, `--changed-since`, or the bucket was removed). Only `resolved` should be
 * reported as fixed; `unchecked` is worth a count at most.
 */
export function applyBaselineToResult(
  result: RunResult,
  baseline: Baseline,
  file: string,
): { result: RunResult; resolved: BaselineEntry[]; unchecked: BaselineEntry[] } {
  const match = applyBaseline(result.findings, baseline, file);
  const ruleRan = new Set(result.summary.rules);
  const judged = new Set(result.evaluations.map((evaluation) => evaluationKey(evaluation.ruleId, evaluation.resource.id)));
  const resolved: BaselineEntry[] = [];
  const unchecked: BaselineEntry[] = [];
  for (const entry of match.resolved) {
    (ruleRan.has(entry.ruleId) && judged.has(evaluationKey(entry.ruleId, entry.resource)) ? resolved : unchecked).push(entry);
  }

  // A resource id can repeat across folders of one scan: an evaluation becomes suppressed only when no finding
  // of its rule and resource id is left at all, so the error is always on the side of `fail`.
  const stillFailing = new Set(match.findings.map((finding) => evaluationKey(finding.ruleId, finding.resource.id)));
  const baselinedKeys = new Set(match.baselined.map((finding) => evaluationKey(finding.ruleId, finding.resource.id)));
  const evaluations = result.evaluations.map((evaluation): Evaluation => {
    const key = evaluationKey(evaluation.ruleId, evaluation.resource.id);
    return evaluation.outcome === 'fail' && baselinedKeys.has(key) && !stillFailing.has(key) ? { ...evaluation, outcome: 'suppressed' } : evaluation;
  });

  const counts = { error: 0, warning: 0, note: 0 };
  for (const finding of match.findings) counts[finding.severity]++;
  const suppressed = [...result.suppressed, ...match.baselined].sort(compareFindings);
  return {
    result: {
      ...result,
      findings: match.findings,
      suppressed,
      evaluations,
      summary: { ...result.summary, findings: counts, suppressed: suppressed.length },
    },
    resolved,
    unchecked,
  };
}

/** One line for a resolved entry, for the CLI's notes: `s3-bucket-policy-not-public (publicPolicy) on aws_s3_bucket.x in main.tf: 1 finding no longer occurs`. */
export function describeResolved(entry: BaselineEntry): string {
  const findings = entry.count === 1 ? '1 finding no longer occurs' : `${entry.count} findings no longer occur`;
  const which = entry.discriminator === undefined ? '' : `, ${describeDiscriminator(entry.discriminator)}`;
  return `${entry.ruleId} (${entry.messageId}${which}) on ${entry.resource} in ${entry.file}: ${findings}`;
}

/** `sid:PublicRead` reads as `statement "PublicRead"`; a statement without a Sid as `a statement without a Sid`. */
function describeDiscriminator(discriminator: string): string {
  return discriminator.startsWith('sid:') ? `statement ${JSON.stringify(discriminator.slice(4))}` : 'a statement without a Sid';
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  return (
    compareText(a.file, b.file) ||
    compareText(a.resource, b.resource) ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.messageId, b.messageId) ||
    compareText(a.fingerprint, b.fingerprint)
  );
}

function evaluationKey(ruleId: string, resourceId: string): string {
  return `${ruleId}\u0000${resourceId}`;
}



/** The position JSON.parse names (`at position 12`, or `line 2 column 5` in newer Node), as a range. */
function jsonErrorLocation(text: string, reason: string, file: string): SourceRange | undefined {
  const lineColumn = /line (\d+) column (\d+)/.exec(reason);
  if (lineColumn) {
    const start = { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
    return { file, start, end: start };
  }
  const offset = /at position (\d+)/.exec(reason);
  if (!offset) return undefined;
  const before = text.slice(0, Number(offset[1]));
  const lines = before.split('\n');
  const start = { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
  return { file, start, end: start };
}
