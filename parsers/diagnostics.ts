/**
 * Bounds on what one file can report. A broken file can hold a problem on every line: hcl2json reports 150,000
 * syntax errors for a 3 MB file, YAML one per tab-indented line. Nobody reads past the first few, and arrays of
 * that size overflow the stack where they are spread into a call (`push(...diagnostics)`).
 */
import type { Diagnostic, Severity, SourceRange } from '../src/graph/types.js';

/** The diagnostics one parser step reports for one file, at most; the rest are counted in one more diagnostic. */
export const MAX_DIAGNOSTICS_PER_FILE = 100;

const SEVERITY_RANK: Record<Severity, number> = { note: 0, warning: 1, error: 2 };

/** The `too-many-problems` diagnostics made here, with how many problems each stands for. */
const hiddenCounts = new WeakMap<Diagnostic, number>();

/**
 * The first `max` diagnostics, and when there were more, one `too-many-problems` diagnostic that counts the others,
 * as severe as the most severe of them, at the first of them. Capping again (a parser step over another's
 * diagnostics) merges the counts. Returns `diagnostics` itself when it is within the bound.
 */
export function capDiagnostics(file: string, diagnostics: Diagnostic[], max = MAX_DIAGNOSTICS_PER_FILE): Diagnostic[] {
  const summaries = diagnostics.filter((diagnostic) => hiddenCounts.has(diagnostic));
  if (diagnostics.length - summaries.length <= max && summaries.length <= 1) return diagnostics;
  const kept: Diagnostic[] = [];
  const hidden: Diagnostic[] = [];
  for (const diagnostic of diagnostics) {
    if (hiddenCounts.has(diagnostic)) continue;
    (kept.length < max ? kept : hidden).push(diagnostic);
  }
  let more = 0;
  let severity: Severity = 'note';
  let first: SourceRange | undefined;
  for (const diagnostic of [...hidden, ...summaries]) {
    more += hiddenCounts.get(diagnostic) ?? 1;
    if (SEVERITY_RANK[diagnostic.severity] > SEVERITY_RANK[severity]) severity = diagnostic.severity;
    const at = diagnostic.location;
    if (at && (!first || at.start.line < first.start.line || (at.start.line === first.start.line && at.start.column < first.start.column))) first = at;
  }
  const tooMany: Diagnostic = {
    file,
    code: 'too-many-problems',
    severity,
    message: `${more} more ${more === 1 ? 'problem' : 'problems'} in ${file}${first ? ` from line ${first.start.line} on` : ''} not shown: only the first ${max} of a file are reported`,
  };
  // At the first problem not shown, so that it sorts after the ones that are.
  if (first) tooMany.location = first;
  hiddenCounts.set(tooMany, more);
  kept.push(tooMany);
  return kept;
}

/** Appends `items` to `target` one by one: `target.push(...items)` overflows the stack from about 100,000 items. */
export function pushAll<T>(target: T[], items: Iterable<T>): void {
  for (const item of items) target.push(item);
}
