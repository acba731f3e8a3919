/**
 * The GitHub Actions report: workflow-command annotations (printed to stdout, where the runner turns them into
 * annotations on the run and the pull request) and a Markdown step summary (appended to $GITHUB_STEP_SUMMARY) with
 * the posture of every bucket and every finding. Pure: the caller prints and appends.
 */
import path from 'node:path';
import type { Finding, RunResult } from '../engine/result.js';
import type { Diagnostic, Severity, SourceRange } from '../graph/types.js';
import type { ReporterContext } from './context.js';
import { bucketPosture, byLocation, bySeverityThenLocation, POSTURE_COLUMNS, type BucketPosture, type PostureCell } from './posture.js';

export interface GithubOptions {
  /** `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}`; with `sha`, the summary links every location to its line. */
  repositoryUrl?: string;
  /** `GITHUB_SHA`: links pin the commit that was scanned, so they stay right after later pushes. */
  sha?: string;
  /**
   * The repository checkout (`GITHUB_WORKSPACE`). Report paths are relative to `context.cwd`, GitHub wants them
   * relative to the repository: when given, paths are re-rooted here, so a scan run in a subfolder still annotates
   * the right files. Without it the working folder is taken to be the repository root (a `run` step's default).
   */
  workspace?: string;
}

export interface GithubReport {
  /** Workflow commands, one a line, for stdout. */
  annotations: string;
  /** Markdown for the file named by `$GITHUB_STEP_SUMMARY`. */
  summary: string;
}

export function formatGithub(result: RunResult, context: ReporterContext, options: GithubOptions = {}): GithubReport {
  const toRepositoryPath = repositoryPaths(context.cwd, options.workspace);
  const links: Links = { toRepositoryPath, ...linkBase(options) };
  return { annotations: formatAnnotations(result, context, toRepositoryPath), summary: formatStepSummary(result, links) };
}

type PathMapper = (file: string) => string;

function repositoryPaths(cwd: string, workspace: string | undefined): PathMapper {
  if (workspace === undefined) return (file) => file;
  return (file) => {
    const relative = path.relative(workspace, path.resolve(cwd, file)).split(path.sep).join('/');
    // A file outside the checkout keeps its report path: there is no repository path to give it.
    return relative === '' || relative === '..' || relative.startsWith('../') || path.isAbsolute(relative) ? file : relative;
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Annotations

/** The toolkit's escaping for a command's message (actions/toolkit, packages/core/src/command.ts). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** The toolkit's escaping for a property value: also `:` and `,`, which delimit the properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

type AnnotationLevel = 'error' | 'warning' | 'notice';

const ANNOTATION_LEVEL: Record<Severity, AnnotationLevel> = { error: 'error', warning: 'warning', note: 'notice' };

/** GitHub shows at most 10 error, 10 warning and 10 notice annotations per step and silently drops the rest. */
export const ANNOTATIONS_PER_LEVEL = 10;

interface Annotation {
  level: AnnotationLevel;
  kind: 'finding' | 'diagnostic';
  file: string;
  range?: SourceRange;
  title: string;
  message: string;
}

/**
 * Most severe first; within a level, diagnostics (a file that could not be judged) before findings, each in file
 * and line order; at most 10 per level, then one notice that counts what was left out.
 */
function formatAnnotations(result: RunResult, context: ReporterContext, toRepositoryPath: PathMapper): string {
  const titles = new Map(context.rules.map((rule) => [rule.id, rule.meta.title]));
  const annotations: Annotation[] = [
    ...[...result.errors].sort(byDiagnosticLocation).map((diagnostic) => diagnosticAnnotation(diagnostic, toRepositoryPath)),
    ...[...result.findings].sort((a, b) => byLocation(a.location, b.location)).map((finding) => findingAnnotation(finding, titles, toRepositoryPath)),
  ];
  const { shown, omitted } = withinAnnotationLimits(annotations);
  const lines = shown.map(workflowCommand);
  if (omitted.length > 0) lines.push(omittedNotice(omitted));
  return lines.map((line) => `${line}\n`).join('');
}

function findingAnnotation(finding: Finding, titles: ReadonlyMap<string, string>, toRepositoryPath: PathMapper): Annotation {
  const title = titles.get(finding.ruleId);
  return {
    level: ANNOTATION_LEVEL[finding.severity],
    kind: 'finding',
    file: toRepositoryPath(finding.location.file),
    range: finding.location,
    title: title ? `${finding.ruleId}: ${title}` : finding.ruleId,
    message: finding.remediation ? `${finding.message}\n${finding.remediation}` : finding.message,
  };
}

function diagnosticAnnotation(diagnostic: Diagnostic, toRepositoryPath: PathMapper): Annotation {
  return {
    level: ANNOTATION_LEVEL[diagnostic.severity],
    kind: 'diagnostic',
    file: toRepositoryPath(diagnostic.file),
    ...(diagnostic.location ? { range: diagnostic.location } : {}),
    title: `s3lint: ${diagnostic.code}`,
    message: diagnostic.message,
  };
}

function withinAnnotationLimits(annotations: readonly Annotation[]): { shown: Annotation[]; omitted: Annotation[] } {
  const ofLevel = (level: AnnotationLevel): Annotation[] => annotations.filter((annotation) => annotation.level === level);
  const [errors, warnings, notices] = [ofLevel('error'), ofLevel('warning'), ofLevel('notice')];
  const overflows = [errors, warnings, notices].some((list) => list.length > ANNOTATIONS_PER_LEVEL);
  // The closing notice is a notice too: when it is needed, it takes one of the notice slots.
  const noticeLimit = overflows ? ANNOTATIONS_PER_LEVEL - 1 : ANNOTATIONS_PER_LEVEL;
  return {
    shown: [...errors.slice(0, ANNOTATIONS_PER_LEVEL), ...warnings.slice(0, ANNOTATIONS_PER_LEVEL), ...notices.slice(0, noticeLimit)],
    omitted: [...errors.slice(ANNOTATIONS_PER_LEVEL), ...warnings.slice(ANNOTATIONS_PER_LEVEL), ...notices.slice(noticeLimit)],
  };
}

function workflowCommand(annotation: Annotation): string {
  const properties: [string, string | number][] = [['file', annotation.file], ...rangeProperties(annotation.range), ['title', annotation.title]];
  const rendered = properties.map(([name, value]) => `${name}=${escapeProperty(String(value))}`).join(',');
  return `::${annotation.level} ${rendered}::${escapeData(annotation.message)}`;
}

/**
 * Our positions are 1-based with an exclusive end column; GitHub's are 1-based too, and its runner drops `col` and
 * `endColumn` when `line` and `endLine` differ (columns mean something on one line only) and rejects an end before
 * the start. GitHub does not document whether `endColumn` is inclusive; the end column goes through unchanged (at
 * worst one more character is marked). So: one line → line, endLine, col, endColumn; several lines → line and
 * endLine; an empty span → no endColumn.
 */
export function rangeProperties(range: SourceRange | undefined): [string, number][] {
  if (!range) return [];
  const { start, end } = range;
  if (end.line > start.line) return [['line', start.line], ['endLine', end.line]];
  if (end.line < start.line) return [['line', start.line]];
  const properties: [string, number][] = [['line', start.line], ['endLine', end.line], ['col', start.column]];
  if (end.column > start.column) properties.push(['endColumn', end.column]);
  return properties;
}

function omittedNotice(omitted: readonly Annotation[]): string {
  const findings = omitted.filter((annotation) => annotation.kind === 'finding').length;
  const diagnostics = omitted.length - findings;
  const parts = [
    ...(findings > 0 ? [`${findings} more ${findings === 1 ? 'finding' : 'findings'}`] : []),
    ...(diagnostics > 0 ? [`${diagnostics} more ${diagnostics === 1 ? 'input problem' : 'input problems'}`] : []),
  ];
  const verb = omitted.length === 1 ? 'is' : 'are';
  const message =
    `${parts.join(' and ')} ${verb} not annotated: GitHub shows ${ANNOTATIONS_PER_LEVEL} errors, ${ANNOTATIONS_PER_LEVEL} warnings ` +
    `and ${ANNOTATIONS_PER_LEVEL} notices per step. Every finding is in the step summary and the report.`;
  return `::notice title=${escapeProperty('s3lint')}::${escapeData(message)}`;
}

function byDiagnosticLocation(a: Diagnostic, b: Diagnostic): number {
  return (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || (a.location?.start.line ?? 0) - (b.location?.start.line ?? 0);
}

// ---------------------------------------------------------------------------------------------------------------
// Step summary

interface Links {
  toRepositoryPath: PathMapper;
  /** `${repositoryUrl}/blob/${sha}`, when both are known. */
  blobBase?: string;
}

function linkBase(options: GithubOptions): { blobBase?: string } {
  if (!options.repositoryUrl || !options.sha) return {};
  return { blobBase: `${options.repositoryUrl.replace(/\/+$/, '')}/blob/${encodeURIComponent(options.sha)}` };
}

/**
 * GitHub refuses a step summary over 1 MiB (the whole summary of the step is then lost), so the long tables are
 * cut to these budgets, in bytes, with a line saying how many rows were left out.
 */
const TABLE_BUDGET_BYTES = { posture: 300_000, inputProblems: 100_000, findings: 500_000 } as const;

function formatStepSummary(result: RunResult, links: Links): string {
  const blocks = [
    heading(result),
    scope(result),
    postureSection(bucketPosture(result), links),
    outsideBucketsNote(result, links),
    practiceCounts(result.findings),
    inputProblemsSection(result.errors, links),
    findingsSection(result.findings, links),
  ].filter((block) => block !== '');
  return `${blocks.join('\n\n')}\n`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'note'];

function heading(result: RunResult): string {
  const inputErrors = result.errors.filter((diagnostic) => diagnostic.severity === 'error').length;
  const problems = inputErrors > 0 ? ` · ${plural(inputErrors, 'error')} reading input` : '';
  if (result.findings.length === 0) return `### s3lint: no findings in ${plural(result.summary.filesScanned, 'file')}${problems}`;
  const counts = SEVERITIES.map((severity) => [severity, result.findings.filter((finding) => finding.severity === severity).length] as const)
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => plural(count, severity));
  const files = new Set(result.findings.map((finding) => finding.location.file)).size;
  return `### s3lint: ${counts.join(', ')} in ${plural(files, 'file')}${problems}`;
}

function scope(result: RunResult): string {
  const { summary } = result;
  const parts = [
    `${plural(summary.filesScanned, 'file')} scanned`,
    plural(summary.buckets.filter((bucket) => bucket.inScannedCode).length, 'bucket'),
    `preset \`${summary.preset}\` (${plural(summary.rules.length, 'rule')})`,
    ...(result.suppressed.length > 0 ? [`${result.suppressed.length} suppressed`] : []),
    ...(summary.unresolved > 0 ? [`${summary.unresolved} unresolved`] : []),
  ];
  return parts.join(' · ');
}

function postureSection(postures: readonly BucketPosture[], links: Links): string {
  if (postures.length === 0) return 'No bucket is defined in the scanned code.';
  const header = ['bucket', 'file', 'exposure', ...POSTURE_COLUMNS.map((column) => column.label)];
  const row = (posture: BucketPosture): string[] => [
    inlineCode(posture.bucket.id),
    locationLink(posture.bucket.file, { line: posture.bucket.line }, links, `${posture.bucket.file}:${posture.bucket.line}`),
    exposureCell(posture.bucket, links),
    ...POSTURE_COLUMNS.map((column) => postureCell(posture.cells[column.key], posture.bucket.file, links)),
  ];
  const hasSuppressed = postures.some((posture) => Object.values(posture.cells).some((cell) => cell.state === 'suppressed'));
  const legend = [
    '✓ holds',
    '✗ fails (links to the finding)',
    ...(hasSuppressed ? ['✗ suppressed: fails, accepted with a reason'] : []),
    '? depends on input that is not known statically',
    '– not checked: no rule in this run judges it',
  ].join(' · ');
  return `${table(header, postures, row, TABLE_BUDGET_BYTES.posture, 'buckets')}\n\n${legend}`;
}

/** The verdict, linked to its first reason: the grant that makes the bucket public or shared, or the unknown value. */
function exposureCell(bucket: BucketPosture['bucket'], links: Links): string {
  const first = bucket.exposureReasons[0];
  return first && bucket.exposure !== 'private' ? evidenceLink(bucket.exposure, first.location, bucket.file, links) : bucket.exposure;
}

function postureCell(cell: PostureCell, bucketFile: string, links: Links): string {
  switch (cell.state) {
    case 'holds':
      return '✓';
    case 'not-checked':
      return '–';
    case 'unresolved':
      return cell.unresolved ? evidenceLink('?', cell.unresolved.location, bucketFile, links) : '?';
    case 'fails':
      return cell.finding ? evidenceLink('✗', cell.finding.location, bucketFile, links) : '✗';
    case 'suppressed':
      return cell.finding ? evidenceLink('✗ suppressed,', cell.finding.location, bucketFile, links) : '✗ suppressed';
  }
}

/** `✗ line 19` in the bucket's own file, `✗ policy.tf:4` beside it, the full path elsewhere; a link when possible. */
function evidenceLink(symbol: string, location: SourceRange, bucketFile: string, links: Links): string {
  const where =
    location.file === bucketFile
      ? `line ${location.start.line}`
      : `${path.posix.dirname(location.file) === path.posix.dirname(bucketFile) ? path.posix.basename(location.file) : location.file}:${location.start.line}`;
  return locationLink(location.file, { line: location.start.line, endLine: location.end.line }, links, `${symbol} ${where}`);
}

const OUTSIDE_BUCKETS_LISTED = 20;

function outsideBucketsNote(result: RunResult, links: Links): string {
  const outside = result.summary.buckets.filter((bucket) => !bucket.inScannedCode);
  if (outside.length === 0) return '';
  const listed = outside
    .slice(0, OUTSIDE_BUCKETS_LISTED)
    .map((bucket) => `${inlineCode(bucket.id)} (${locationLink(bucket.file, { line: bucket.line }, links, `${bucket.file}:${bucket.line}`)})`);
  const more = outside.length > OUTSIDE_BUCKETS_LISTED ? ` and ${outside.length - OUTSIDE_BUCKETS_LISTED} more` : '';
  return (
    `Not in the table: ${plural(outside.length, 'bucket')} defined outside the scanned code, whose settings here were ` +
    `checked on their own: ${listed.join(', ')}${more}.`
  );
}

function practiceCounts(findings: readonly Finding[]): string {
  if (findings.length === 0) return '';
  // One pass: a large scan has a hundred thousand findings.
  const counts = new Map<string, Record<Severity, number>>();
  const total: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  for (const finding of findings) {
    let ofPractice = counts.get(finding.practice);
    if (!ofPractice) counts.set(finding.practice, (ofPractice = { error: 0, warning: 0, note: 0 }));
    ofPractice[finding.severity]++;
    total[finding.severity]++;
  }
  const rows = [...counts.keys()].sort().map((practice) => [inlineCode(practice), ...SEVERITIES.map((severity) => String(counts.get(practice)![severity]))]);
  rows.push(['**total**', ...SEVERITIES.map((severity) => `**${total[severity]}**`)]);
  return `#### Findings by practice\n\n${table(['practice', 'errors', 'warnings', 'notes'], rows, (row) => row, Infinity, 'practices', ['---', '---:', '---:', '---:'])}`;
}

function inputProblemsSection(diagnostics: readonly Diagnostic[], links: Links): string {
  if (diagnostics.length === 0) return '';
  const row = (diagnostic: Diagnostic): string[] => {
    const line = diagnostic.location?.start.line;
    const label = line === undefined ? diagnostic.file : `${diagnostic.file}:${line}`;
    return [
      diagnostic.severity,
      locationLink(diagnostic.file, line === undefined ? {} : { line, endLine: diagnostic.location?.end.line }, links, label),
      inlineCode(diagnostic.code),
      markdownText(diagnostic.message),
    ];
  };
  const sorted = [...diagnostics].sort(byDiagnosticLocation);
  return `#### Input problems\n\n${table(['severity', 'location', 'code', 'message'], sorted, row, TABLE_BUDGET_BYTES.inputProblems, 'input problems')}`;
}

function findingsSection(findings: readonly Finding[], links: Links): string {
  if (findings.length === 0) return '';
  const row = (finding: Finding): string[] => {
    const { file, start, end } = finding.location;
    return [
      finding.severity,
      locationLink(file, { line: start.line, endLine: end.line }, links, `${file}:${start.line}`),
      inlineCode(finding.ruleId),
      markdownText(finding.message),
    ];
  };
  const sorted = [...findings].sort(bySeverityThenLocation);
  return `#### Findings\n\n${table(['severity', 'location', 'rule', 'message'], sorted, row, TABLE_BUDGET_BYTES.findings, 'findings')}`;
}

/**
 * A GitHub Markdown table, a row per item; rows past `budgetBytes` are left out and counted in a line below it.
 * Only the rows kept are rendered: a large scan's findings fill the budget many times over.
 */
function table<T>(
  header: readonly string[],
  items: readonly T[],
  row: (item: T) => readonly string[],
  budgetBytes: number,
  noun: string,
  alignment?: readonly string[],
): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  const out = [line(header), line(alignment ?? header.map(() => '---'))];
  let used = 0;
  let kept = 0;
  for (const item of items) {
    const text = line(row(item));
    used += Buffer.byteLength(text, 'utf8') + 1;
    if (used > budgetBytes) break;
    out.push(text);
    kept++;
  }
  const left = items.length - kept;
  if (left > 0) out.push('', `…and ${left} more ${noun}, left out to stay within GitHub's 1 MiB step summary: see the full report.`);
  return out.join('\n');
}

/** A link to the lines on GitHub when the repository and commit are known; the plain label otherwise. */
function locationLink(file: string, lines: { line?: number; endLine?: number | undefined }, links: Links, label: string): string {
  const text = markdownText(label);
  if (!links.blobBase) return text;
  const encodedPath = links
    .toRepositoryPath(file)
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/\(/g, '%28').replace(/\)/g, '%29'))
    .join('/');
  const anchor =
    lines.line === undefined ? '' : lines.endLine !== undefined && lines.endLine > lines.line ? `#L${lines.line}-L${lines.endLine}` : `#L${lines.line}`;
  return `[${text}](${links.blobBase}/${encodedPath}${anchor})`;
}

/**
 * Text for a table cell that renders as written: Markdown punctuation is backslash-escaped (an underscore only
 * where it could start or end emphasis; inside a word it cannot), `|` cannot end the cell, and line breaks become
 * `<br>`, since a table row is one line.
 */
export function markdownText(text: string): string {
  return text
    .replace(/[\\`*[\]<>|~&]/g, '\\$&')
    .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\_')
    .replace(/\r\n|\r|\n/g, '<br>');
}

/** A code span whose fence is longer than any backtick run inside; `|` escaped, as GitHub tables need even there. */
export function inlineCode(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const padding = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${padding}${text.replace(/\r\n|\r|\n/g, ' ').replace(/\|/g, '\\|')}${padding}${fence}`;
}
