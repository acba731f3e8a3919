/**
 * The terminal report: findings grouped by file with `line:col`, severity, message and rule id, a short code
 * frame, related locations, and one summary line. A pure function of the RunResult and the source lines.
 */
import { push } from '../collections.js';
import type { Finding, RunResult } from '../engine/result.js';
import type { Diagnostic, Severity } from '../graph/types.js';

export interface TextOptions {
  color: boolean;
  /** Only errors (findings and diagnostics). */
  quiet?: boolean;
  /** Source lines of a file, for code frames; frames are left out when it is absent or returns undefined. */
  sourceLines?: (file: string) => readonly string[] | undefined;
}

interface Palette {
  error(text: string): string;
  warning(text: string): string;
  note(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  green(text: string): string;
}

function palette(color: boolean): Palette {
  const wrap = (open: number, close: number) => (text: string) => (color ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return { error: wrap(31, 39), warning: wrap(33, 39), note: wrap(36, 39), dim: wrap(2, 22), bold: wrap(1, 22), green: wrap(32, 39) };
}

type Entry = { kind: 'finding'; finding: Finding } | { kind: 'diagnostic'; diagnostic: Diagnostic };

export function formatText(result: RunResult, options: TextOptions): string {
  return [...textChunks(result, options)].join('');
}

/** The same text as `formatText`, one file's findings at a time: a large scan's report is never one string. */
export function* textChunks(result: RunResult, options: TextOptions): Generator<string> {
  const paint = palette(options.color);
  const shown = (severity: Severity): boolean => !options.quiet || severity === 'error';
  const byFile = new Map<string, Entry[]>();
  for (const diagnostic of result.errors) if (shown(diagnostic.severity)) push(byFile, diagnostic.file, { kind: 'diagnostic', diagnostic });
  for (const finding of result.findings) if (shown(finding.severity)) push(byFile, finding.location.file, { kind: 'finding', finding });

  for (const file of [...byFile.keys()].sort()) {
    const out = [paint.bold(file)];
    for (const entry of byFile.get(file)!) {
      if (entry.kind === 'diagnostic') out.push(...diagnosticLines(entry.diagnostic, paint));
      else out.push(...findingLines(entry.finding, paint, options.sourceLines?.(file)));
    }
    out.push('');
    yield `${out.join('\n')}\n`;
  }
  const closing = [summaryLine(result, paint)];
  if (result.findings.length > 0) closing.push(paint.dim('  run `s3lint explain <rule>` for why and how to fix'));
  yield `${closing.join('\n')}\n`;
}

const POSITION_WIDTH = 7;
const SEVERITY_WIDTH = 9;

function severityLabel(severity: Severity, paint: Palette): string {
  return paint[severity](severity.padEnd(SEVERITY_WIDTH));
}

function findingLines(finding: Finding, paint: Palette, lines: readonly string[] | undefined): string[] {
  const { start } = finding.location;
  const position = positionColumn(`${start.line}:${start.column}`);
  const construct = finding.resource.constructPath ? `  ${paint.dim(`(construct ${finding.resource.constructPath})`)}` : '';
  const out = [`  ${position}${severityLabel(finding.severity, paint)}${finding.message}${construct}  ${paint.dim(finding.ruleId)}`];
  const indent = ' '.repeat(2 + POSITION_WIDTH);
  if (lines) out.push(...codeFrame(lines, start.line, indent, paint));
  if (finding.related.length > 0) {
    const related = finding.related.map((r) => `${r.location.file}:${r.location.start.line} ${r.message}`).join('; ');
    out.push(`${indent}${paint.dim(`related: ${related}`)}`);
  }
  return out;
}

/** Up to two lines before the finding's line, and the line itself marked with `>`. */
function codeFrame(lines: readonly string[], line: number, indent: string, paint: Palette): string[] {
  if (line < 1 || line > lines.length) return [];
  const first = Math.max(1, line - 2);
  const width = String(line).length;
  const out: string[] = [];
  for (let current = first; current <= line; current++) {
    const marker = current === line ? '>' : ' ';
    const text = (lines[current - 1] ?? '').replace(/\t/g, '  ').replace(/\r$/, '');
    const clipped = text.length > 120 ? `${text.slice(0, 117)}...` : text;
    out.push(paint.dim(`${indent}${marker} ${String(current).padStart(width)} | `) + clipped);
  }
  return out;
}

function diagnosticLines(diagnostic: Diagnostic, paint: Palette): string[] {
  const start = diagnostic.location?.start;
  const position = positionColumn(start ? `${start.line}:${start.column}` : '');
  return [`  ${position}${severityLabel(diagnostic.severity, paint)}${diagnostic.message}  ${paint.dim(diagnostic.code)}`];
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function summaryLine(result: RunResult, paint: Palette): string {
  const { summary } = result;
  const seconds = `${(summary.durationMs / 1000).toFixed(2)} s`;
  const buckets = plural(summary.buckets.filter((b) => b.inScannedCode).length, 'bucket');
  const problems = summary.errors > 0 ? ` · ${paint.error(plural(summary.errors, 'error') + ' reading input')}` : '';
  const total = result.findings.length;
  if (total === 0) {
    const mark = summary.errors > 0 ? paint.error('✖') : paint.green('✓');
    return `${mark} ${plural(summary.filesScanned, 'file')}, ${buckets}, no findings${problems} · ${seconds}`;
  }
  const parts = (['error', 'warning', 'note'] as const)
    .filter((severity) => summary.findings[severity] > 0)
    .map((severity) => plural(summary.findings[severity], severity));
  const filesWithFindings = new Set(result.findings.map((f) => f.location.file)).size;
  const mark = summary.findings.error > 0 ? paint.error('✖') : paint.warning('⚠');
  return `${mark} ${plural(total, 'finding')} (${parts.join(', ')}) in ${filesWithFindings} of ${plural(summary.filesScanned, 'file')} · ${buckets}${problems} · ${seconds}`;
}

/** `line:column` padded to its column, and never run into the severity that follows (line 1186, column 24). */
function positionColumn(text: string): string {
  return text.length < POSITION_WIDTH ? text.padEnd(POSITION_WIDTH) : `${text} `;
}
