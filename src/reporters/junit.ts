/**
 * The JUnit XML report, for the test views of Jenkins, GitLab and GitHub test-report actions. Each rule is a test
 * suite and each bucket it judged a test case, passes included, so a CI dashboard shows what was checked as well as
 * what failed:
 * - fail → one `<failure>` (a bucket with several findings of one rule gets one failure listing them all: several
 *   failures in one test case break some parsers);
 * - unresolved → `<skipped message="unresolved: …">`: neither a pass nor a failure, and CI tools show skips apart,
 *   so the unknown input stays visible without failing the build;
 * - suppressed → `<skipped message="suppressed: <reason>">`;
 * - error diagnostics (a file that could not be read or parsed) → a `s3lint` suite with one `<error>` per file.
 * Test cases also carry `file` and `line` (the first finding's, else the bucket's), which GitLab and the GitHub
 * JUnit report actions read to point at the source; parsers that do not know them ignore them.
 * No timestamps, host names or durations (`time="0"`): the same scan gives the same bytes.
 */
import { groupBy, push } from '../collections.js';
import type { Evaluation, Finding, RunResult } from '../engine/result.js';
import type { Diagnostic, SourceRange } from '../graph/types.js';
import type { ReporterContext } from './context.js';
import { byLocation, bySeverityThenLocation, findingsByEvaluation } from './posture.js';

interface TestCase {
  classname: string;
  name: string;
  file: string;
  line: number;
  /** The element inside the test case, already rendered; empty for a pass. */
  body: string;
  kind: 'pass' | 'failure' | 'error' | 'skipped';
}

interface TestSuite {
  name: string;
  cases: TestCase[];
}

export function formatJunit(result: RunResult, context: ReporterContext): string {
  return [...junitChunks(result, context)].join('');
}

/**
 * The same text as `formatJunit`, a hundred test cases at a time: a large scan's test cases are rendered as they
 * are written, never all at once.
 */
export function* junitChunks(result: RunResult, context: ReporterContext): Generator<string> {
  const findingsOf = findingsByEvaluation(result);
  const errorSuites = inputErrorSuite(result.errors);
  const evaluationsByRule = groupBy(result.evaluations, (evaluation) => evaluation.ruleId);
  const ruleIds = context.rules.map((rule) => rule.id);
  const unlisted = [...evaluationsByRule.keys()].filter((id) => !ruleIds.includes(id)).sort();
  // The totals come first in the file: counted from the outcomes, before any case is rendered.
  const totals = counts([...errorSuites.flatMap((suite) => suite.cases.map((testCase) => testCase.kind)), ...result.evaluations.map(caseKind)]);
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="s3lint" ${countAttributes(totals)} time="0">\n`;
  for (const suite of errorSuites) yield* suitePieces(suite.name, suite.cases, (testCase) => testCase, (testCase) => testCase.kind);
  // Every rule that ran is a suite, even one with no bucket to judge: the report shows it ran.
  for (const ruleId of [...ruleIds, ...unlisted]) {
    const evaluations = [...(evaluationsByRule.get(ruleId) ?? [])].sort(byBucket);
    yield* suitePieces(ruleId, evaluations, (evaluation) => evaluationCase(evaluation, findingsOf(evaluation)), caseKind);
  }
  yield '</testsuites>\n';
}

/** Test cases rendered per piece of this many: a suite of a large scan is megabytes, and each piece is garbage at once. */
const CASES_PER_PIECE = 100;

/**
 * One suite, a piece at a time: its opening line (the counts, from the kinds alone), its test cases, each rendered
 * only when its piece is written, and its closing line.
 */
function* suitePieces<T>(name: string, items: readonly T[], toCase: (item: T) => TestCase, kindOf: (item: T) => TestCase['kind']): Generator<string> {
  const open = `  <testsuite name="${xmlAttribute(name)}" ${countAttributes(counts(items.map(kindOf)))} time="0"`;
  if (items.length === 0) {
    yield `${open}/>\n`;
    return;
  }
  yield `${open}>\n`;
  for (let start = 0; start < items.length; start += CASES_PER_PIECE) {
    yield items
      .slice(start, start + CASES_PER_PIECE)
      .map((item) => `${renderCase(toCase(item))}\n`)
      .join('');
  }
  yield '  </testsuite>\n';
}

/** The kind of test case an evaluation becomes (see `evaluationCase`). */
function caseKind(evaluation: Evaluation): TestCase['kind'] {
  switch (evaluation.outcome) {
    case 'pass':
      return 'pass';
    case 'fail':
      return 'failure';
    case 'unresolved':
    case 'suppressed':
      return 'skipped';
  }
}

function byBucket(a: Evaluation, b: Evaluation): number {
  return byLocation(a.location, b.location) || (a.resource.id < b.resource.id ? -1 : a.resource.id > b.resource.id ? 1 : 0);
}

/** `findings`: the evaluation's findings, or for a suppressed outcome its suppressed findings. */
function evaluationCase(evaluation: Evaluation, findings: readonly Finding[]): TestCase {
  const base = {
    classname: evaluation.location.file,
    name: evaluation.resource.id,
    file: evaluation.location.file,
    line: evaluation.location.start.line,
    // The kind the totals counted before any case was rendered.
    kind: caseKind(evaluation),
  };
  switch (evaluation.outcome) {
    case 'pass':
      return { ...base, body: '' };
    case 'fail': {
      const sorted = [...findings].sort(bySeverityThenLocation);
      const first = sorted[0];
      // A failing evaluation whose findings cannot be told apart from another bucket's still fails.
      if (!first) return { ...base, body: element('failure', { message: 'failed (see the full report)', type: 'error' }) };
      const message = sorted.length === 1 ? first.message : `${first.message} (and ${sorted.length - 1} more)`;
      return {
        ...base,
        file: first.location.file,
        line: first.location.start.line,
        body: element('failure', { message, type: first.severity }, sorted.map(findingText).join('\n\n')),
      };
    }
    case 'unresolved': {
      const unresolved = evaluation.unresolved ?? [];
      const reasons = unresolved.map((item) => item.reason);
      const message = `unresolved: ${reasons.length > 0 ? reasons.join('; ') : 'depends on input that is not known statically'}`;
      const text = unresolved.map((item) => `${position(item.location)}: ${item.reason}`).join('\n');
      return { ...base, body: element('skipped', { message }, text) };
    }
    case 'suppressed': {
      const reasons = [...new Set(findings.flatMap((finding) => (finding.suppression ? [finding.suppression.reason] : [])))];
      const message = `suppressed: ${reasons.length > 0 ? reasons.join('; ') : 'no reason given'}`;
      return { ...base, body: element('skipped', { message }) };
    }
  }
}

function findingText(finding: Finding): string {
  return [
    `${position(finding.location)}: ${finding.severity}: ${finding.message}`,
    ...(finding.remediation ? [`How to fix: ${finding.remediation}`] : []),
    `Rule: ${finding.ruleId} (${finding.helpUri})`,
  ].join('\n');
}

function position(location: SourceRange): string {
  return `${location.file}:${location.start.line}:${location.start.column}`;
}

/** One test case per file that could not be scanned, listing every error about it. */
function inputErrorSuite(diagnostics: readonly Diagnostic[]): TestSuite[] {
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  if (errors.length === 0) return [];
  const byFile = new Map<string, Diagnostic[]>();
  for (const diagnostic of errors) push(byFile, diagnostic.file, diagnostic);
  const cases = [...byFile.keys()].sort().map((file): TestCase => {
    const list = byFile.get(file)!;
    const codes = [...new Set(list.map((diagnostic) => diagnostic.code))];
    const text = list
      .map((diagnostic) => `${diagnostic.location ? position(diagnostic.location) : file}: ${diagnostic.code}: ${diagnostic.message}`)
      .join('\n');
    return {
      classname: file,
      name: codes.join(', '),
      file,
      line: list[0]!.location?.start.line ?? 1,
      kind: 'error',
      body: element('error', { message: list[0]!.message, type: codes[0]! }, text),
    };
  });
  return [{ name: 's3lint', cases }];
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function counts(kinds: readonly TestCase['kind'][]): Counts {
  const of = (kind: TestCase['kind']): number => kinds.filter((each) => each === kind).length;
  return { tests: kinds.length, failures: of('failure'), errors: of('error'), skipped: of('skipped') };
}

function countAttributes(totals: Counts): string {
  return `tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}" skipped="${totals.skipped}"`;
}

function renderCase(testCase: TestCase): string {
  const attributes =
    `classname="${xmlAttribute(testCase.classname)}" name="${xmlAttribute(testCase.name)}" ` +
    `file="${xmlAttribute(testCase.file)}" line="${testCase.line}" time="0"`;
  if (testCase.body === '') return `    <testcase ${attributes}/>`;
  return `    <testcase ${attributes}>\n      ${testCase.body}\n    </testcase>`;
}

function element(name: string, attributes: Record<string, string>, text = ''): string {
  const rendered = Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${xmlAttribute(value)}"`)
    .join('');
  return text === '' ? `<${name}${rendered}/>` : `<${name}${rendered}>${xmlText(text)}</${name}>`;
}

/** Characters XML 1.0 cannot hold at all, even as references: most C0 controls, lone surrogates, U+FFFE/U+FFFF. */
const INVALID_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
/** A cheap first test: text without any of these (surrogates included) holds no invalid character. */
const MAYBE_INVALID_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD]/;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;', '"': '&quot;', "'": '&apos;', '\n': '&#10;', '\t': '&#9;' };

export function xmlText(text: string): string {
  return withoutInvalidXml(text).replace(/[&<>\r]/g, (character) => ESCAPES[character]!);
}

/** Attribute values also escape quotes, and keep line breaks and tabs as references (parsers turn raw ones into spaces). */
export function xmlAttribute(text: string): string {
  return withoutInvalidXml(text).replace(/[&<>\r"'\n\t]/g, (character) => ESCAPES[character]!);
}

function withoutInvalidXml(text: string): string {
  return MAYBE_INVALID_XML.test(text) ? text.replace(INVALID_XML, '') : text;
}
