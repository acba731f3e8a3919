/**
 * Inline suppressions: comments and CloudFormation `Metadata` that accept a finding, with a reason.
 *
 *     # s3lint-ignore <rule-id>[, <rule-id>…]: <reason> [until YYYY-MM-DD]
 *     # s3lint-ignore-file <rule-id>[, <rule-id>…]: <reason> [until YYYY-MM-DD]
 *     Metadata: { s3lint: { ignore: [{ id: <rule-id> | [<rule-id>…], reason: <reason>, until: YYYY-MM-DD }] } }
 *
 * `#` works in HCL and YAML, `//` in HCL too (`/* … *\/` block comments are skipped, never read as suppressions).
 * The directive must open the comment (`# s3lint-ignore …`, not `# see s3lint-ignore …`), so prose that mentions it
 * is left alone. `[until …]` may stand anywhere after the rule ids, before or after the colon.
 *
 * Where a comment applies:
 * - on its own line (`next`): to the next line that is neither blank nor only a comment, so several suppressions
 *   can be stacked above one resource;
 * - after code (`line`): to its own line;
 * - `s3lint-ignore-file`: to the whole file; it must come before the first line of code (a preamble of comments,
 *   blank lines and YAML `---` / `%` directives), anywhere else it silences nothing and is reported as misplaced.
 * A target line that is a resource's header (the Terraform block header, the CloudFormation logical id, or the
 * first line of its definition) covers the resource: every finding of the named rules about it, wherever in its
 * module or template the finding points, and every finding located inside its definition (a split resource such
 * as `aws_s3_bucket_public_access_block` carries findings about its bucket). A target line inside a resource
 * covers the attribute or nested block that starts on that line (a `statement { … }` block, a YAML list item,
 * `policy = jsonencode({ … })` as a whole) and any finding whose location spans the line. CloudFormation
 * `Metadata` covers its resource like a comment above the logical id; it works in JSON templates, which have no
 * comments.
 *
 * What silences nothing, reported as a warning so that suppressions never rot silently:
 * - `suppression-without-reason`: no reason after a colon (or an empty one);
 * - `suppression-unknown-rule`: a rule id s3lint does not have (the closest id is suggested); the other ids of the
 *   same suppression still apply. `*` is not accepted: a suppression names each rule it accepts;
 * - `suppression-expired`: `[until …]` is in the past (the date itself is still covered);
 * - `suppression-unused`: a rule that ran found nothing at the target (rules that did not run are not judged);
 * - `suppression-misplaced`: `s3lint-ignore-file` after the first line of code;
 * - `suppression-malformed`: no rule ids, an invalid `[until …]` date, a `Metadata.s3lint` of the wrong shape.
 *
 * Other scanners' comments and Metadata (`compat: true`) are read in `compat.ts` and applied here like these, but
 * never warned about: they are written for another tool.
 *
 * Terraform `module` blocks: a suppression above `module "x" {` (or at the end of that line) covers every finding
 * about a resource the call creates, at any depth: such findings carry the call as a related location.
 */
import { isBucketType } from '../graph/s3.js';
import { groupBy } from '../collections.js';
import type { Diagnostic, Framework, ObjectNode, Position, ResourceNode, SourceRange, ValueNode } from '../graph/types.js';
import { compareText, type CompatTool, type Evaluation, type Finding, type FindingResource } from './result.js';

export type SuppressionKind = 'line' | 'next' | 'file' | 'metadata';

export interface SuppressedRule {
  id: string;
  /** Where the id is written: diagnostics about one id point at it. */
  range: SourceRange;
}

/** A problem found while reading a suppression; `apply` turns it into a warning. Each one silences the whole suppression. */
export interface SuppressionProblem {
  code: 'suppression-misplaced' | 'suppression-malformed';
  message: string;
}

export interface Suppression {
  file: string;
  /**
   * `line`: a comment after code, for that line. `next`: a comment on its own line, for the next line of code.
   * `file`: `s3lint-ignore-file`. `metadata`: a CloudFormation `Metadata.s3lint.ignore` entry.
   */
  kind: SuppressionKind;
  /** The comment (from `#` or `//` to the end of the line), or the `ignore` entry. */
  range: SourceRange;
  rules: SuppressedRule[];
  /** Trimmed, without the `[until …]` part; empty when none was given. */
  reason: string;
  /** `YYYY-MM-DD`, the last day the suppression applies. */
  until?: string;
  /** `line` and `next`: the line the suppression is for; absent when a `next` comment has no code after it. */
  targetLine?: number;
  /** The trimmed text of the target line, for messages (and the `module` seam). */
  targetText?: string;
  /** `metadata`: the logical id of the resource whose Metadata holds it. */
  resourceId?: string;
  problems: SuppressionProblem[];
  /**
   * Another scanner's suppression (see `compat.ts`), its ids already turned into s3lint rule ids. `reach`, where
   * that scanner's own reach differs from s3lint's comments: `resource`, the whole resource the target line is in
   * (checkov); `line`, only findings that start on the target line (KICS `ignore-line`).
   */
  compat?: { tool: CompatTool; reach?: 'resource' | 'line' };
}

export interface ApplySuppressionsInput {
  findings: readonly Finding[];
  /** Returned as they are when no finding is suppressed. */
  evaluations: Evaluation[];
  suppressions: readonly Suppression[];
  /** Every resource of the scan (the graph's nodes): suppressions find their resource by file and line. */
  resources: readonly ResourceNode[];
  /** Every rule s3lint has, run or not: other ids are unknown. */
  knownRuleIds: ReadonlySet<string>;
  /** The rules that ran in this scan: a suppression is judged unused only for these. */
  activeRuleIds: ReadonlySet<string>;
  /** The date suppressions expire against, `YYYY-MM-DD` (see `localDate`). */
  today: string;
  /**
   * Files whose suppressions may be reported unused (default: every file). With `--changed-since` or context
   * files, buckets outside the focus are not judged, so their suppressions cannot be judged either; they still apply.
   */
  judgedFiles?: ReadonlySet<string>;
}

export interface ApplySuppressionsResult {
  /** The findings no suppression covers, in input order. */
  findings: Finding[];
  /** The covered findings, in input order, each with `suppression: { kind: 'inline' | 'file' | 'compat', reason, tool? }`. */
  suppressed: Finding[];
  /** The input evaluations; a failing one whose findings are all suppressed becomes `suppressed`. */
  evaluations: Evaluation[];
  /** Warnings about the suppressions themselves, sorted by file, line and column. */
  diagnostics: Diagnostic[];
}

const DIRECTIVE = /^[#/]*[ \t]*(s3lint-ignore-file|s3lint-ignore)(?=$|[\s:,[])/;
const UNTIL = /\[\s*until\b([^\]]*)\]/i;

// ── comments ─────────────────────────────────────────────────────────────────────────────────────────────

type Syntax = 'hcl' | 'yaml' | 'json';

/** What the line scanner saw on one line. */
interface LineInfo {
  /** Something other than a comment: code, or the inside of a string or heredoc. */
  code: boolean;
  /** The line comment (`#` or `//`) on the line: its 0-based index and the text after the opener. */
  comment?: { index: number; text: string };
}

/** A line comment of a Terraform or YAML file, and the line of code it speaks about. */
export interface LineComment {
  /** The text after `#` or `//`. */
  text: string;
  /** The 1-based column of the first character of `text`. */
  textColumn: number;
  /** From the opener to the end of the line. */
  range: SourceRange;
  /** `line`: after code, about that line. `next`: on its own line, about the next line of code. */
  placement: 'line' | 'next';
  /** The line it speaks about; absent when a `next` comment has no code after it. */
  targetLine?: number;
  /** The trimmed code of the target line. */
  targetText?: string;
  /** It comes before the first line of code (a preamble of comments, blank lines and YAML `---` / `%` directives). */
  inPreamble: boolean;
}

/**
 * The line comments of one Terraform or YAML CloudFormation file (JSON has no comments: none), read past strings,
 * heredocs and block scalars. `file` is the display path; it picks the syntax (`.tf`, `.tfvars`, `.hcl`: HCL;
 * `.json` or text opening with `{`: JSON; anything else: YAML). `firstCodeLine` is absent in a file without code.
 */
export function lineComments(file: string, text: string): { comments: LineComment[]; firstCodeLine?: number } {
  const syntax = syntaxOf(file, text);
  if (syntax === 'json') return { comments: [] };
  const bom = text.charCodeAt(0) === 0xfeff;
  const lines = (bom ? text.slice(1) : text).split(/\r\n|\r|\n/);
  const infos = syntax === 'hcl' ? scanHcl(lines) : scanYaml(lines);
  const firstCode = infos.findIndex((info) => info.code);
  const comments: LineComment[] = [];
  infos.forEach((info, index) => {
    const comment = info.comment;
    if (!comment) return;
    const line = index + 1;
    const opener = lines[index]![comment.index] === '#' ? 1 : 2;
    const target = info.code ? index : infos.findIndex((next, at) => at > index && next.code);
    comments.push({
      text: comment.text,
      textColumn: comment.index + opener + 1,
      range: { file, start: { line, column: comment.index + 1 }, end: { line, column: lines[index]!.trimEnd().length + 1 } },
      placement: info.code ? 'line' : 'next',
      ...(target >= 0 ? { targetLine: target + 1, targetText: codeOf(lines[target]!, infos[target]!).trim() } : {}),
      inPreamble: !info.code && (firstCode < 0 || firstCode > index),
    });
  });
  return { comments, ...(firstCode >= 0 ? { firstCodeLine: firstCode + 1 } : {}) };
}

/** The suppression comments of one Terraform or YAML CloudFormation file (see `lineComments`). */
export function collectSuppressions(file: string, text: string): Suppression[] {
  // Most files hold no directive; finding their comments would cost more than parsing them.
  if (!text.includes('s3lint-ignore')) return [];
  const { comments, firstCodeLine } = lineComments(file, text);
  const suppressions: Suppression[] = [];
  for (const comment of comments) {
    const directive = DIRECTIVE.exec(comment.text);
    if (!directive) continue;
    const keyword = directive[1] as 's3lint-ignore' | 's3lint-ignore-file';
    const body = comment.text.slice(directive[0].length);
    const parsed = parseDirective(file, comment.range.start.line, comment.textColumn + directive[0].length, body, keyword);
    const suppression: Suppression = {
      file,
      kind: keyword === 's3lint-ignore-file' ? 'file' : comment.placement,
      range: comment.range,
      rules: parsed.rules,
      reason: parsed.reason,
      ...(parsed.until !== undefined ? { until: parsed.until } : {}),
      problems: parsed.problems,
    };
    if (suppression.kind !== 'file') {
      if (comment.targetLine !== undefined) {
        suppression.targetLine = comment.targetLine;
        suppression.targetText = comment.targetText;
      }
    } else if (!comment.inPreamble) {
      suppression.problems.push({
        code: 'suppression-misplaced',
        message: `s3lint-ignore-file must come before the first line of code (line ${firstCodeLine}); here it silences nothing`,
      });
    }
    suppressions.push(suppression);
  }
  return suppressions;
}

function syntaxOf(file: string, text: string): Syntax {
  const lower = file.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.tf') || lower.endsWith('.tfvars') || lower.endsWith('.hcl')) return 'hcl';
  return /^\uFEFF?\s*\{/.test(text) ? 'json' : 'yaml';
}

function codeOf(line: string, info: LineInfo): string {
  return info.comment ? line.slice(0, info.comment.index) : line;
}

/**
 * HCL: strings (with `${ }` / `%{ }` templates holding further strings), heredocs (`<<EOF`, `<<-EOF`: their lines
 * are string content), `/* … *\/` block comments, and `#` / `//` line comments outside all of them.
 */
function scanHcl(lines: readonly string[]): LineInfo[] {
  const infos: LineInfo[] = [];
  let blockComment = false;
  const heredocs: string[] = [];
  for (const line of lines) {
    if (heredocs.length > 0) {
      if (line.trim() === heredocs[0]) heredocs.shift();
      infos.push({ code: true });
      continue;
    }
    let code = false;
    let comment: LineInfo['comment'];
    // Strings and templates nest: "a ${x ? "b" : "c"} d". A template frame counts its own braces.
    const stack: { kind: 'string' | 'template'; depth: number }[] = [];
    let i = 0;
    while (i < line.length) {
      if (blockComment) {
        const end = line.indexOf('*/', i);
        if (end < 0) break;
        blockComment = false;
        i = end + 2;
        continue;
      }
      const c = line[i]!;
      const top = stack[stack.length - 1];
      if (top?.kind === 'string') {
        if (c === '\\') i += 2;
        else if (c === '"') {
          stack.pop();
          i++;
        } else if ((c === '$' || c === '%') && line[i + 1] === '{') {
          if (line[i + 2] === c) i += 3; // `$${` is an escaped literal
          else {
            stack.push({ kind: 'template', depth: 0 });
            i += 2;
          }
        } else i++;
        continue;
      }
      if (c === ' ' || c === '\t') {
        i++;
        continue;
      }
      if (top === undefined && (c === '#' || (c === '/' && line[i + 1] === '/'))) {
        comment = { index: i, text: line.slice(i + (c === '#' ? 1 : 2)) };
        break;
      }
      if (c === '/' && line[i + 1] === '*') {
        blockComment = true;
        i += 2;
        continue;
      }
      code = true;
      if (c === '"') {
        stack.push({ kind: 'string', depth: 0 });
        i++;
        continue;
      }
      if (top?.kind === 'template') {
        if (c === '{') top.depth++;
        else if (c === '}') {
          if (top.depth === 0) stack.pop();
          else top.depth--;
        }
        i++;
        continue;
      }
      if (c === '<' && line[i + 1] === '<') {
        const heredoc = /^<<-?([A-Za-z_][\w-]*)/.exec(line.slice(i));
        if (heredoc) {
          heredocs.push(heredoc[1]!);
          i += heredoc[0].length;
          continue;
        }
      }
      i++;
    }
    infos.push({ code, ...(comment ? { comment } : {}) });
  }
  return infos;
}

/**
 * YAML: `#` starts a comment at the start of a line or after whitespace, outside quoted scalars (which may span
 * lines) and block scalars (`|`, `>`: the more indented lines after them are text).
 */
function scanYaml(lines: readonly string[]): LineInfo[] {
  const infos: LineInfo[] = [];
  let quote: '"' | "'" | undefined;
  let blockScalarParent: number | undefined;
  for (const line of lines) {
    if (blockScalarParent !== undefined && quote === undefined) {
      if (line.trim() === '') {
        infos.push({ code: false });
        continue;
      }
      if (indentOf(line) > blockScalarParent) {
        infos.push({ code: true });
        continue;
      }
      blockScalarParent = undefined;
    }
    if (quote === undefined && /^(---|\.\.\.)(\s|$)|^%/.test(line)) {
      const hash = line.search(/\s#/);
      const comment = hash >= 0 ? { index: hash + 1, text: line.slice(hash + 2) } : undefined;
      infos.push({ code: false, ...(comment ? { comment } : {}) });
      continue;
    }
    let code = false;
    let comment: LineInfo['comment'];
    let i = 0;
    while (i < line.length) {
      const c = line[i]!;
      if (quote !== undefined) {
        code = true;
        if (quote === '"' && c === '\\') i += 2;
        else if (c === quote) {
          if (quote === "'" && line[i + 1] === "'") i += 2;
          else {
            quote = undefined;
            i++;
          }
        } else i++;
        continue;
      }
      if (c === ' ' || c === '\t') {
        i++;
        continue;
      }
      if (c === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) {
        comment = { index: i, text: line.slice(i + 1) };
        break;
      }
      code = true;
      if ((c === '"' || c === "'") && opensQuotedScalar(line, i)) quote = c;
      i++;
    }
    const info: LineInfo = { code, ...(comment ? { comment } : {}) };
    infos.push(info);
    if (quote === undefined && /(?:^|\s)[|>][1-9+-]{0,2}$/.test(codeOf(line, info).trimEnd())) {
      blockScalarParent = blockScalarParentIndent(line);
    }
  }
  return infos;
}

/** A quote opens a quoted scalar where a scalar can start: first on the line, after `:`/`-`/`?`/`[`/`{`/`,`, or after a tag or anchor. */
function opensQuotedScalar(line: string, index: number): boolean {
  const before = line.slice(0, index).trimEnd();
  if (before === '') return true;
  if (/[:\-?[{,]$/.test(before)) return true;
  return /(^|\s)[!&]\S*$/.test(before);
}

/** The indentation a block scalar's lines must exceed: its key's column, or the column of the `-` it follows. */
function blockScalarParentIndent(line: string): number {
  let at = indentOf(line);
  let parent = at;
  while (line[at] === '-' && (line[at + 1] === ' ' || line[at + 1] === '\t')) {
    parent = at;
    at++;
    while (line[at] === ' ' || line[at] === '\t') at++;
  }
  // `- key: |` belongs to the mapping that starts at `key`; `- |` to the sequence entry.
  return /^[^\s|>][^:]*:\s/.test(line.slice(at)) ? at : parent;
}

function indentOf(line: string): number {
  return /^[ \t]*/.exec(line)![0].length;
}

interface ParsedDirective {
  rules: SuppressedRule[];
  reason: string;
  until?: string;
  problems: SuppressionProblem[];
}

/**
 * `<id>[, <id>…] [until …]: <reason>`. `column` is the 1-based column of `body`'s first character. The ids run to
 * the first `:` or `[`; ids are whatever lies between commas (an id with spaces is reported as unknown).
 */
function parseDirective(file: string, line: number, column: number, body: string, keyword: string): ParsedDirective {
  const problems: SuppressionProblem[] = [];
  const idsEnd = firstOf(body, [':', '[']);
  const rules: SuppressedRule[] = [];
  const idsText = body.slice(0, idsEnd);
  let rest = body.slice(idsEnd);
  let offset = 0;
  let missingColon = false;
  for (const part of idsText.split(',')) {
    const lead = part.length - part.trimStart().length;
    let id = part.trim();
    // Without a colon the reason is missing: `# s3lint-ignore rule-id some words` keeps `rule-id` as the id.
    if (/\s/.test(id) && rest === '') {
      const [first] = id.split(/\s+/);
      missingColon = true;
      id = first!;
    }
    if (id !== '') {
      const start = column + offset + lead;
      rules.push({ id, range: { file, start: { line, column: start }, end: { line, column: start + id.length } } });
    }
    offset += part.length + 1;
  }
  if (rules.length === 0) {
    problems.push({ code: 'suppression-malformed', message: `${keyword} names no rule: write \`# ${keyword} <rule-id>: <reason>\`` });
  }
  let until: string | undefined;
  const untilMatch = UNTIL.exec(rest);
  if (untilMatch) {
    rest = rest.slice(0, untilMatch.index) + rest.slice(untilMatch.index + untilMatch[0].length);
    const value = untilMatch[1]!.trim();
    if (isDate(value)) until = value;
    else {
      problems.push({
        code: 'suppression-malformed',
        message: `${keyword} has an invalid expiry \`${untilMatch[0]}\`: write \`[until YYYY-MM-DD]\` with a real date; it silences nothing`,
      });
    }
  }
  rest = rest.trimStart();
  const reason = !missingColon && rest.startsWith(':') ? rest.slice(1).trim() : '';
  return { rules, reason, ...(until !== undefined ? { until } : {}), problems };
}

function firstOf(text: string, characters: readonly string[]): number {
  const found = characters.map((c) => text.indexOf(c)).filter((index) => index >= 0);
  return found.length > 0 ? Math.min(...found) : text.length;
}

export function isDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Today's date where s3lint runs, `YYYY-MM-DD`: the default `today` of `applySuppressions`. */
export function localDate(now: Date = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

// ── CloudFormation Metadata ──────────────────────────────────────────────────────────────────────────────

/**
 * The `Metadata.s3lint.ignore` entries of a CloudFormation resource: `{ id, reason, until? }` mappings; `id` may
 * be a list of ids sharing one reason. A bare string entry is an id without a reason (reported, silences
 * nothing). Anything else is `suppression-malformed`.
 */
export function cloudFormationSuppressions(resource: ResourceNode): Suppression[] {
  if (resource.framework !== 'cloudformation') return [];
  const metadata = resource.definition.entries.get('Metadata')?.value;
  if (metadata?.kind !== 'object') return [];
  const s3lint = metadata.entries.get('s3lint');
  if (!s3lint) return [];
  const base = { file: resource.file, kind: 'metadata' as const, resourceId: resource.id };
  const malformed = (range: SourceRange, message: string): Suppression => ({
    ...base,
    range,
    rules: [],
    reason: '',
    problems: [{ code: 'suppression-malformed', message }],
  });
  const ignore = s3lint.value.kind === 'object' ? s3lint.value.entries.get('ignore') : undefined;
  if (!ignore) return [malformed(s3lint.keyRange, `Metadata.s3lint of ${resource.id} must be a mapping with an \`ignore\` list`)];
  const items = ignore.value.kind === 'list' ? ignore.value.items : [ignore.value];
  return items.map((item): Suppression => {
    if (item.kind === 'literal' && typeof item.value === 'string') {
      return { ...base, range: item.range, rules: [{ id: item.value, range: item.range }], reason: '', problems: [] };
    }
    if (item.kind !== 'object') {
      return malformed(item.range, `an entry of Metadata.s3lint.ignore of ${resource.id} must be a mapping { id, reason, until }`);
    }
    const problems: SuppressionProblem[] = [];
    const idValue = item.entries.get('id')?.value;
    const idNodes = idValue === undefined ? [] : idValue.kind === 'list' ? idValue.items : [idValue];
    const rules: SuppressedRule[] = [];
    for (const node of idNodes) {
      if (node.kind === 'literal' && typeof node.value === 'string' && node.value.trim() !== '') {
        rules.push({ id: node.value.trim(), range: node.range });
      } else {
        problems.push({ code: 'suppression-malformed', message: `an id in Metadata.s3lint.ignore of ${resource.id} is not a rule id string` });
      }
    }
    if (rules.length === 0 && problems.length === 0) {
      problems.push({ code: 'suppression-malformed', message: `an entry of Metadata.s3lint.ignore of ${resource.id} has no id` });
    }
    const reasonValue = item.entries.get('reason')?.value;
    const reason = reasonValue?.kind === 'literal' && typeof reasonValue.value === 'string' ? reasonValue.value.trim() : '';
    const untilValue = item.entries.get('until')?.value;
    let until: string | undefined;
    if (untilValue !== undefined) {
      const text = untilValue.kind === 'literal' ? String(untilValue.value).trim() : '';
      if (isDate(text)) until = text;
      else problems.push({ code: 'suppression-malformed', message: `Metadata.s3lint.ignore of ${resource.id} has an invalid until: write YYYY-MM-DD; it silences nothing` });
    }
    return { ...base, range: item.range, rules, reason, ...(until !== undefined ? { until } : {}), problems };
  });
}

// ── applying ─────────────────────────────────────────────────────────────────────────────────────────────

/** What a suppression covers. `module`: the resources a Terraform module call creates. */
type Target =
  | { kind: 'resource'; resource: ResourceNode; instances: ReadonlySet<string> }
  | { kind: 'attribute'; resource: ResourceNode; start: Position; end: Position; line: number }
  | { kind: 'line'; line: number }
  | { kind: 'file' }
  | { kind: 'module'; text: string; line: number }
  | { kind: 'none' };

interface Active {
  suppression: Suppression;
  /** The known ids that apply. */
  rules: SuppressedRule[];
  target: Target;
  /** Rule ids that covered at least one finding. */
  used: Set<string>;
}

const SPECIFICITY: Record<Target['kind'], number> = { line: 4, attribute: 4, resource: 3, module: 2, file: 1, none: 0 };

export function applySuppressions(input: ApplySuppressionsInput): ApplySuppressionsResult {
  const diagnostics: Diagnostic[] = [];
  const warn = (suppression: Suppression, code: string, message: string, location: SourceRange = suppression.range): void => {
    diagnostics.push({ file: suppression.file, code, severity: 'warning', message, location });
  };
  const resourcesByFile = groupBy(input.resources, (resource) => resource.file);
  // Worked out only when some suppression applies: a large scan has hundreds of thousands of evaluations.
  let byResource: Map<FindingResource, Evaluation[]> | undefined;
  const evaluationsByResource = (): Map<FindingResource, Evaluation[]> =>
    (byResource ??= groupBy(input.evaluations, (evaluation) => evaluation.resource));

  const active: Active[] = [];
  for (const suppression of input.suppressions) {
    if (suppression.compat) {
      // Written for another scanner, so never reported (no reason, unused, expired): it silences what it names, or nothing.
      const rules = suppression.rules.filter((rule) => input.knownRuleIds.has(rule.id));
      const expired = suppression.until !== undefined && input.today > suppression.until;
      if (rules.length > 0 && !expired) active.push({ suppression, rules, target: targetOf(suppression, resourcesByFile.get(suppression.file) ?? []), used: new Set() });
      continue;
    }
    for (const problem of suppression.problems) warn(suppression, problem.code, problem.message);
    const rules: SuppressedRule[] = [];
    for (const rule of suppression.rules) {
      if (input.knownRuleIds.has(rule.id)) rules.push(rule);
      else warn(suppression, 'suppression-unknown-rule', unknownRuleMessage(suppression, rule.id, input.knownRuleIds), rule.range);
    }
    if (suppression.problems.length > 0) continue;
    const all = suppression.rules.map((rule) => rule.id);
    if (suppression.reason === '') {
      const how =
        suppression.kind === 'metadata'
          ? 'add `reason: <why this is acceptable>` to the entry'
          : `write \`${directiveName(suppression)} ${all.join(', ') || '<rule-id>'}: <why this is acceptable>\``;
      warn(suppression, 'suppression-without-reason', `${title(suppression, all)} gives no reason, so it silences nothing: ${how}`);
      continue;
    }
    if (suppression.until !== undefined && input.today > suppression.until) {
      warn(suppression, 'suppression-expired', `${title(suppression, all)} expired on ${suppression.until}; the findings it covered are reported again`);
      continue;
    }
    if (rules.length === 0) continue;
    active.push({ suppression, rules, target: targetOf(suppression, resourcesByFile.get(suppression.file) ?? []), used: new Set() });
  }

  const subjectFileOf = (finding: Finding): string | undefined => {
    const own = (evaluationsByResource().get(finding.resource) ?? []).find((evaluation) => evaluation.ruleId === finding.ruleId);
    if (own) return own.location.file;
    const scope = scopeOf(finding.location.file, finding.resource.framework);
    return input.resources.find(
      (resource) =>
        resource.id === finding.resource.id &&
        resource.framework === finding.resource.framework &&
        scopeOf(resource.file, resource.framework) === scope,
    )?.file;
  };

  const findings: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const finding of input.findings) {
    let best: Active | undefined;
    let subjectFile: string | undefined | null = null;
    for (const candidate of active) {
      if (!candidate.rules.some((rule) => rule.id === finding.ruleId)) continue;
      if (subjectFile === null) subjectFile = subjectFileOf(finding);
      if (!covers(candidate, finding, subjectFile)) continue;
      candidate.used.add(finding.ruleId);
      if (!best || SPECIFICITY[candidate.target.kind] > SPECIFICITY[best.target.kind]) best = candidate;
    }
    if (!best) {
      findings.push(finding);
      continue;
    }
    const { kind, reason, compat } = best.suppression;
    suppressed.push({
      ...finding,
      suppression: compat ? { kind: 'compat', reason, tool: compat.tool } : { kind: kind === 'file' ? 'file' : 'inline', reason },
    });
  }

  for (const entry of active) {
    const { suppression, target } = entry;
    if (suppression.compat) continue;
    if (input.judgedFiles && !input.judgedFiles.has(suppression.file)) continue;
    if (target.kind === 'none') {
      const where = suppression.targetLine === undefined ? 'no code follows it' : `line ${suppression.targetLine} is neither a resource nor an attribute of one`;
      warn(suppression, 'suppression-unused', `${title(suppression, entry.rules.map((rule) => rule.id))} silences nothing: ${where}`);
      continue;
    }
    for (const rule of entry.rules) {
      if (!input.activeRuleIds.has(rule.id) || entry.used.has(rule.id)) continue;
      const message = `${title(suppression, [rule.id])} silences nothing: ${rule.id} reports nothing ${describeTarget(target, suppression)}; remove it`;
      warn(suppression, 'suppression-unused', message, rule.range);
    }
  }

  const evaluations = suppressed.length === 0 ? input.evaluations : suppressEvaluations(input.evaluations, findings, suppressed, evaluationsByResource());
  diagnostics.sort(compareDiagnostics);
  return { findings, suppressed, evaluations, diagnostics };
}

function directiveName(suppression: Suppression): string {
  return suppression.kind === 'file' ? 's3lint-ignore-file' : 's3lint-ignore';
}

/** `s3lint-ignore a, b`, or `the s3lint Metadata entry a, b of Bucket`: the subject of a diagnostic's message. */
function title(suppression: Suppression, ids: readonly string[]): string {
  const list = ids.join(', ');
  return suppression.kind === 'metadata'
    ? `the s3lint Metadata entry ${list} of ${suppression.resourceId}`
    : `${directiveName(suppression)} ${list}`;
}

function describeTarget(target: Target, suppression: Suppression): string {
  switch (target.kind) {
    case 'resource':
      return `on ${target.resource.id}`;
    case 'attribute':
      return `on line ${target.line} of ${target.resource.id}`;
    case 'file':
      return `in ${suppression.file}`;
    case 'module':
      return `on the resources ${target.text} creates`;
    default:
      return 'here';
  }
}

/**
 * Resolves where a suppression points. A line that is a resource's header (or the first line of its definition)
 * is the resource; a line inside a resource is the attribute, block or list item that starts there.
 */
function targetOf(suppression: Suppression, resources: readonly ResourceNode[]): Target {
  if (suppression.kind === 'file') return { kind: 'file' };
  if (suppression.kind === 'metadata') {
    const resource = resources.find((node) => node.framework === 'cloudformation' && node.id === suppression.resourceId);
    return resource ? { kind: 'resource', resource, instances: instanceIds(resource, resources) } : { kind: 'none' };
  }
  const line = suppression.targetLine;
  if (line === undefined) return { kind: 'none' };
  const containing = resources
    .filter((resource) => resource.headerRange.start.line <= line && line <= resource.range.end.line)
    .sort((a, b) => spanLines(a) - spanLines(b));
  const resource = containing[0];
  if (!resource) {
    const call = suppression.targetText !== undefined ? /^module\s+"[^"]*"/.exec(suppression.targetText) : null;
    return call ? { kind: 'module', text: call[0], line } : { kind: 'none' };
  }
  const reach = suppression.compat?.reach;
  if (reach === 'line') return { kind: 'line', line };
  if (reach === 'resource' || line === resource.headerRange.start.line || line === resource.range.start.line) {
    return { kind: 'resource', resource, instances: instanceIds(resource, resources) };
  }
  const span = spanStartingOn(resource.definition, line);
  return {
    kind: 'attribute',
    resource,
    line,
    start: { line, column: 1 },
    end: span ?? { line, column: Number.MAX_SAFE_INTEGER },
  };
}

/**
 * Every instance of the block a resource comes from (`count`, `for_each`, each call of its module): a comment above
 * the block is about all of them.
 */
function instanceIds(resource: ResourceNode, resources: readonly ResourceNode[]): Set<string> {
  const same = (other: ResourceNode): boolean =>
    other.file === resource.file && other.headerRange.start.line === resource.headerRange.start.line && other.headerRange.start.column === resource.headerRange.start.column;
  return new Set(resources.filter(same).map((other) => other.id));
}

function spanLines(resource: ResourceNode): number {
  return resource.range.end.line - resource.headerRange.start.line;
}

/**
 * The end of the largest attribute, block or list item that starts on `line`. A list of Terraform blocks
 * (`statement { … } statement { … }`) counts block by block, not as one attribute.
 */
function spanStartingOn(root: ObjectNode, line: number): Position | undefined {
  let end: Position | undefined;
  const consider = (start: Position, stop: Position): void => {
    if (start.line === line && (!end || comparePositions(stop, end) > 0)) end = stop;
  };
  const stack: ValueNode[] = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node.range.end.line < line || node.range.start.line > line) continue;
    switch (node.kind) {
      case 'object':
        for (const entry of node.entries.values()) {
          const blocks = entry.value.kind === 'list' && entry.value.items.some((item) => item.kind === 'object' && item.block);
          if (!blocks) consider(entry.keyRange.start, maxPosition(entry.keyRange.end, entry.value.range.end));
          stack.push(entry.value);
        }
        break;
      case 'list':
        for (const item of node.items) {
          consider(item.range.start, item.range.end);
          stack.push(item);
        }
        break;
      default:
        if (node.decoded) stack.push(node.decoded);
    }
  }
  return end;
}

function covers(entry: Active, finding: Finding, subjectFile: string | undefined): boolean {
  const { suppression, target } = entry;
  const location = finding.location;
  switch (target.kind) {
    case 'file':
      return location.file === suppression.file || subjectFile === suppression.file;
    case 'resource': {
      const resource = target.resource;
      if (location.file === resource.file && within(location.start, resource.headerRange.start, resource.range.end)) return true;
      // A finding placed in another resource belongs to this one only when this one is its bucket: settings for a
      // bucket outside the scanned code are filed under their first carrier, which must not silence its siblings.
      if (!isBucketType(resource.type)) return false;
      if (!target.instances.has(finding.resource.id) || finding.resource.framework !== resource.framework) return false;
      return subjectFile !== undefined
        ? subjectFile === resource.file
        : scopeOf(location.file, resource.framework) === scopeOf(resource.file, resource.framework);
    }
    case 'attribute':
      if (location.file !== suppression.file) return false;
      return within(location.start, target.start, target.end) || (location.start.line <= target.line && target.line <= location.end.line);
    case 'line':
      return location.file === suppression.file && location.start.line === target.line;
    case 'module':
      return finding.related.some((related) => related.location.file === suppression.file && related.location.start.line === target.line);
    default:
      return false;
  }
}

/** A failing evaluation whose findings are all suppressed is `suppressed`; evaluations are matched to findings by their shared resource object, else by rule, bucket and scope. */
function suppressEvaluations(
  evaluations: readonly Evaluation[],
  live: readonly Finding[],
  suppressed: readonly Finding[],
  byResource: ReadonlyMap<FindingResource, Evaluation[]>,
): Evaluation[] {
  const fallback = groupBy(evaluations, (evaluation) =>
    evaluationKey(evaluation.ruleId, evaluation.resource, scopeOf(evaluation.location.file, evaluation.resource.framework)),
  );
  const ownerOf = (finding: Finding): Evaluation | undefined => {
    const own = (byResource.get(finding.resource) ?? []).find((evaluation) => evaluation.ruleId === finding.ruleId);
    if (own) return own;
    const candidates = fallback.get(evaluationKey(finding.ruleId, finding.resource, scopeOf(finding.location.file, finding.resource.framework))) ?? [];
    return candidates.length === 1 ? candidates[0] : undefined;
  };
  const hasLive = new Set<Evaluation>();
  for (const finding of live) {
    const owner = ownerOf(finding);
    if (owner) hasLive.add(owner);
  }
  const allSuppressed = new Set<Evaluation>();
  for (const finding of suppressed) {
    const owner = ownerOf(finding);
    if (owner && !hasLive.has(owner)) allSuppressed.add(owner);
  }
  return evaluations.map((evaluation) =>
    allSuppressed.has(evaluation) && evaluation.outcome === 'fail' ? { ...evaluation, outcome: 'suppressed' } : evaluation,
  );
}

function evaluationKey(ruleId: string, resource: FindingResource, scope: string): string {
  return [ruleId, resource.framework, resource.type, resource.id, scope].join('\u0000');
}

/** Where ids are unique: a Terraform module is its folder, a CloudFormation stack its template. */
function scopeOf(file: string, framework: Framework): string {
  if (framework === 'cloudformation') return file;
  const slash = file.lastIndexOf('/');
  return slash < 0 ? '' : file.slice(0, slash);
}

function unknownRuleMessage(suppression: Suppression, id: string, known: ReadonlySet<string>): string {
  const where = suppression.kind === 'metadata' ? `the s3lint Metadata of ${suppression.resourceId}` : directiveName(suppression);
  if (id === '*') return `${where} names \`*\`, which silences nothing: a suppression names each rule it accepts`;
  const suggestion = closest(id, known);
  return `${where} names unknown rule ${id}, which silences nothing${suggestion ? `; did you mean ${suggestion}?` : ''}`;
}

function closest(id: string, known: ReadonlySet<string>): string | undefined {
  let best: { id: string; distance: number } | undefined;
  for (const candidate of [...known].sort(compareText)) {
    const distance = candidate.endsWith(id) || candidate.startsWith(id) ? 0.5 : levenshtein(id, candidate);
    if (!best || distance < best.distance) best = { id: candidate, distance };
  }
  if (!best) return undefined;
  return best.distance <= Math.max(2, Math.floor(id.length / 3)) ? best.id : undefined;
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

function within(position: Position, start: Position, end: Position): boolean {
  return comparePositions(position, start) >= 0 && comparePositions(position, end) <= 0;
}

function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.column - b.column;
}

function maxPosition(a: Position, b: Position): Position {
  return comparePositions(a, b) >= 0 ? a : b;
}

function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    compareText(a.file, b.file) ||
    (a.location?.start.line ?? 0) - (b.location?.start.line ?? 0) ||
    (a.location?.start.column ?? 0) - (b.location?.start.column ?? 0) ||
    compareText(a.code, b.code)
  );
}
