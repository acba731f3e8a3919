/**
 * The JUnit reporter: well-formed XML that standard parsers read, counts that match the RunResult, one failure per
 * test case, skips for unresolved and suppressed outcomes, input errors as errors, and exact XML escaping.
 * fast-xml-parser (a devDependency) parses it; its validator is lenient about characters and attribute values,
 * so `assertStrictlyWellFormed` checks those parts of XML 1.0 itself.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { rulesForPreset } from '../../rules/index.js';
import { lint } from '../../src/engine/lint.js';
import type { PracticeKey } from '../../src/engine/practices.js';
import type { BucketSummary, Evaluation, Finding, Outcome, RunResult } from '../../src/engine/result.js';
import type { Diagnostic, Severity, SourceRange } from '../../src/graph/types.js';
import type { ReporterContext } from '../../src/reporters/context.js';
import { formatJunit, junitChunks, xmlAttribute, xmlText } from '../../src/reporters/junit.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

// ---------------------------------------------------------------------------------------------------------------
// Parsing the report

interface ParsedChild {
  message?: string;
  type?: string;
  '#text'?: string;
}
interface ParsedCase {
  classname?: string;
  name?: string;
  failure?: ParsedChild[];
  error?: ParsedChild[];
  skipped?: ParsedChild[];
}
interface Counted {
  name?: string;
  tests?: string;
  failures?: string;
  errors?: string;
  skipped?: string;
}
interface ParsedSuite extends Counted {
  testcase?: ParsedCase[];
}
interface ParsedReport {
  testsuites: Counted & { testsuite?: ParsedSuite[] };
}

const ALWAYS_ARRAYS = new Set(['testsuite', 'testcase', 'failure', 'error', 'skipped']);

function parse(xml: string): ParsedReport {
  const valid = XMLValidator.validate(xml);
  expect(valid).toBe(true);
  assertStrictlyWellFormed(xml);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    parseTagValue: false,
    htmlEntities: true,
    trimValues: false,
    isArray: (name) => ALWAYS_ARRAYS.has(name),
  });
  return parser.parse(xml) as ParsedReport;
}

/** What fast-xml-parser lets through: characters outside XML 1.0's Char, stray `&`, and `<` inside attributes. */
function assertStrictlyWellFormed(xml: string): void {
  expect(xml).not.toMatch(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u);
  expect(xml).not.toMatch(/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/);
  for (const match of xml.matchAll(/="([^"]*)"/g)) expect(match[1]).not.toMatch(/</);
}

function suites(report: ParsedReport): ParsedSuite[] {
  return report.testsuites.testsuite ?? [];
}

function cases(report: ParsedReport): ParsedCase[] {
  return suites(report).flatMap((suite) => suite.testcase ?? []);
}

function countOf(element: Counted, name: 'tests' | 'failures' | 'errors' | 'skipped'): number {
  return Number(element[name]);
}

/** Every suite's counts match its test cases, and the root's match the sum. */
function expectConsistentCounts(report: ParsedReport): void {
  const totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const suite of suites(report)) {
    const list = suite.testcase ?? [];
    const actual = {
      tests: list.length,
      failures: list.filter((c) => c.failure).length,
      errors: list.filter((c) => c.error).length,
      skipped: list.filter((c) => c.skipped).length,
    };
    expect({ tests: countOf(suite, 'tests'), failures: countOf(suite, 'failures'), errors: countOf(suite, 'errors'), skipped: countOf(suite, 'skipped') }).toEqual(actual);
    for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += actual[key];
  }
  const root = report.testsuites;
  expect({ tests: countOf(root, 'tests'), failures: countOf(root, 'failures'), errors: countOf(root, 'errors'), skipped: countOf(root, 'skipped') }).toEqual(totals);
}

// ---------------------------------------------------------------------------------------------------------------
// Builders for small RunResults

function range(file: string, line: number, column = 1): SourceRange {
  return { file, start: { line, column }, end: { line, column: column + 4 } };
}

const BUCKET: BucketSummary = { id: 'aws_s3_bucket.b', type: 'aws_s3_bucket', framework: 'terraform', file: 'main.tf', line: 1, inScannedCode: true, exposure: 'private', exposureReasons: [] };

function evaluation(outcome: Outcome, extra: Partial<Evaluation> = {}): Evaluation {
  return {
    ruleId: 's3-bucket-versioning-enabled',
    practice: 's3.versioning',
    resource: { id: BUCKET.id, type: BUCKET.type, framework: BUCKET.framework },
    location: range(BUCKET.file, BUCKET.line),
    outcome,
    ...extra,
  };
}

function finding(message: string, severity: Severity, at: SourceRange, extra: Partial<Finding> = {}): Finding {
  return {
    ruleId: 's3-bucket-versioning-enabled',
    practice: 's3.versioning' satisfies PracticeKey,
    severity,
    messageId: 'missing',
    message,
    location: at,
    resource: { id: BUCKET.id, type: BUCKET.type, framework: BUCKET.framework },
    related: [],
    remediation: 'Enable versioning.',
    helpUri: 'https://example.test/rule.md',
    fingerprint: '0'.repeat(32),
    ...extra,
  };
}

function runResult(parts: { findings?: Finding[]; suppressed?: Finding[]; evaluations?: Evaluation[]; errors?: Diagnostic[] }): RunResult {
  return {
    version: 1,
    tool: { name: 's3lint', version: '0.0.0', informationUri: 'https://example.test' },
    findings: parts.findings ?? [],
    suppressed: parts.suppressed ?? [],
    errors: parts.errors ?? [],
    evaluations: parts.evaluations ?? [],
    summary: {
      filesDiscovered: 1,
      filesScanned: 1,
      resources: 1,
      buckets: [BUCKET],
      findings: { error: 0, warning: 0, note: 0 },
      suppressed: 0,
      unresolved: 0,
      errors: 0,
      rules: [],
      preset: 'recommended',
      durationMs: 0,
    },
  };
}

const CONTEXT: ReporterContext = { rules: rulesForPreset('recommended'), cwd: '/repo' };

function versioningCase(report: ParsedReport): ParsedCase | undefined {
  return suites(report).find((suite) => suite.name === 's3-bucket-versioning-enabled')?.testcase?.[0];
}

// ---------------------------------------------------------------------------------------------------------------

describe('junit reporter on testdata/examples', () => {
  it('matches the golden file, parses, and counts one test per evaluation and one failure per failing one', async () => {
    const result = await lint({ paths: ['testdata/examples'], cwd: ROOT });
    const xml = formatJunit(result, { rules: rulesForPreset('recommended'), cwd: ROOT });
    const golden = path.join(ROOT, 'test', 'golden', 'examples.junit.xml');
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, xml);
    expect(xml).toBe(readFileSync(golden, 'utf8'));

    const report = parse(xml);
    expectConsistentCounts(report);
    expect(countOf(report.testsuites, 'tests')).toBe(result.evaluations.length);
    expect(countOf(report.testsuites, 'failures')).toBe(result.evaluations.filter((e) => e.outcome === 'fail').length);
    expect(suites(report).map((suite) => suite.name)).toEqual(rulesForPreset('recommended').map((rule) => rule.id));
    const failures = cases(report).flatMap((c) => c.failure ?? []);
    expect(failures.length).toBe(new Set(result.findings.map((f) => `${f.ruleId} ${f.resource.id}`)).size);
  });

  it('is written a suite at a time, its test cases a hundred at a time', async () => {
    const result = await lint({ paths: ['testdata/examples'], cwd: ROOT });
    const context = { rules: rulesForPreset('recommended'), cwd: ROOT };
    const pieces = [...junitChunks(result, context)];
    expect(pieces.filter((piece) => piece.startsWith('  <testsuite '))).toHaveLength(rulesForPreset('recommended').length);
    expect(pieces.join('')).toBe(formatJunit(result, context));

    const many = runResult({
      evaluations: Array.from({ length: 250 }, (_, index) => evaluation('pass', { resource: { id: `aws_s3_bucket.b${index}`, type: 'aws_s3_bucket', framework: 'terraform' } })),
    });
    const rule = rulesForPreset('all').filter((each) => each.id === 's3-bucket-versioning-enabled');
    const casesPerPiece = [...junitChunks(many, { rules: rule, cwd: ROOT })].map((piece) => piece.split('<testcase ').length - 1);
    // The header, the suite's opening line, 100 + 100 + 50 cases, its closing line, the closing tag.
    expect(casesPerPiece).toEqual([0, 0, 100, 100, 50, 0, 0]);
    expect(parse(formatJunit(many, { rules: rule, cwd: ROOT })).testsuites.testsuite?.[0]?.testcase).toHaveLength(250);
  });

  it('has nothing that changes between runs: every time is 0 and there is no timestamp', () => {
    const xml = readFileSync(path.join(ROOT, 'test', 'golden', 'examples.junit.xml'), 'utf8');
    expect(xml).not.toMatch(/timestamp|hostname/);
    expect([...xml.matchAll(/time="([^"]*)"/g)].every((match) => match[1] === '0')).toBe(true);
  });
});

describe('outcomes', () => {
  it('puts two findings of one rule on one bucket into one failure that lists both', () => {
    const result = runResult({
      evaluations: [evaluation('fail')],
      findings: [finding('versioning is Suspended', 'warning', range('main.tf', 8, 3)), finding('MFA delete & more', 'error', range('main.tf', 12, 5))],
    });
    const report = parse(formatJunit(result, CONTEXT));
    expectConsistentCounts(report);
    const testCase = versioningCase(report);
    expect(testCase?.failure).toHaveLength(1);
    const failure = testCase?.failure?.[0];
    expect(failure?.type).toBe('error');
    expect(failure?.message).toBe('MFA delete & more (and 1 more)');
    expect(failure?.['#text']).toContain('main.tf:12:5: error: MFA delete & more');
    expect(failure?.['#text']).toContain('main.tf:8:3: warning: versioning is Suspended');
    expect(failure?.['#text']).toContain('How to fix: Enable versioning.');
    expect(testCase?.classname).toBe('main.tf');
    expect(testCase?.name).toBe('aws_s3_bucket.b');
  });

  it('reports an unresolved outcome as skipped, with the reason', () => {
    const unresolved = [{ location: range('main.tf', 4, 14), reason: 'versioning depends on var.enabled' }];
    const report = parse(formatJunit(runResult({ evaluations: [evaluation('unresolved', { unresolved })] }), CONTEXT));
    expectConsistentCounts(report);
    const skipped = versioningCase(report)?.skipped?.[0];
    expect(skipped?.message).toBe('unresolved: versioning depends on var.enabled');
    expect(skipped?.['#text']).toBe('main.tf:4:14: versioning depends on var.enabled');
    expect(countOf(report.testsuites, 'skipped')).toBe(1);
    expect(countOf(report.testsuites, 'failures')).toBe(0);
  });

  it('reports a suppressed outcome as skipped, with the suppression reason', () => {
    const suppressed = finding('not versioned', 'warning', range('main.tf', 1), { suppression: { kind: 'inline', reason: 'scratch bucket' } });
    const report = parse(formatJunit(runResult({ evaluations: [evaluation('suppressed')], suppressed: [suppressed] }), CONTEXT));
    expect(versioningCase(report)?.skipped?.[0]?.message).toBe('suppressed: scratch bucket');
    expect(versioningCase(report)?.failure).toBeUndefined();
  });

  it('reports a pass as a bare test case', () => {
    const report = parse(formatJunit(runResult({ evaluations: [evaluation('pass')] }), CONTEXT));
    const testCase = versioningCase(report);
    expect(testCase?.failure ?? testCase?.skipped ?? testCase?.error).toBeUndefined();
    expect(countOf(report.testsuites, 'tests')).toBe(1);
  });

  it('keeps a suite for every rule that ran, even with nothing to judge', () => {
    const report = parse(formatJunit(runResult({}), CONTEXT));
    expect(suites(report).map((suite) => [suite.name, suite.tests])).toEqual(rulesForPreset('recommended').map((rule) => [rule.id, '0']));
  });

  it('turns error diagnostics into one s3lint suite with one error test case per file', () => {
    const errors: Diagnostic[] = [
      { file: 'broken.tf', code: 'parse-error', severity: 'error', message: 'Unexpected "}"', location: range('broken.tf', 3, 7) },
      { file: 'broken.tf', code: 'parse-error', severity: 'error', message: 'Unclosed block', location: range('broken.tf', 9, 1) },
      { file: 'huge.json', code: 'file-too-large', severity: 'error', message: 'over 10 MB' },
      { file: 'notes.yaml', code: 'not-a-template', severity: 'note', message: 'skipped' },
    ];
    const report = parse(formatJunit(runResult({ errors }), CONTEXT));
    expectConsistentCounts(report);
    const inputSuite = suites(report).find((suite) => suite.name === 's3lint');
    expect(inputSuite?.testcase?.map((c) => [c.classname, c.name])).toEqual([['broken.tf', 'parse-error'], ['huge.json', 'file-too-large']]);
    const broken = inputSuite?.testcase?.[0]?.error;
    expect(broken).toHaveLength(1);
    expect(broken?.[0]?.['#text']).toBe('broken.tf:3:7: parse-error: Unexpected "}"\nbroken.tf:9:1: parse-error: Unclosed block');
    expect(countOf(report.testsuites, 'errors')).toBe(2);
  });
});

describe('XML escaping', () => {
  it('escapes text and attributes exactly', () => {
    expect(xmlText(`a & b < c > d "e" 'f'`)).toBe(`a &amp; b &lt; c &gt; d "e" 'f'`);
    expect(xmlAttribute(`a & b < c > d "e" 'f'\nnext\tcol`)).toBe('a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;&#10;next&#9;col');
  });

  it('drops characters XML 1.0 cannot hold and keeps the rest of the text', () => {
    expect(xmlText('bell\u0007 nul\u0000 esc\u001b lone\uD800 fffe\uFFFE ok \u{1F600}')).toBe('bell nul esc lone fffe ok \u{1F600}');
    expect(xmlText('only astral \u{1F600} & a trailing lone \uDC00')).toBe('only astral \u{1F600} &amp; a trailing lone ');
  });

  it('round-trips special characters in messages, names and files through a parser', () => {
    const message = `Bucket "x" & <y> isn't public\nsecond line \u0001`;
    const odd = { id: `aws_s3_bucket.b["a&b<c>"]`, type: 'aws_s3_bucket', framework: 'terraform' as const };
    const result = runResult({
      evaluations: [evaluation('fail', { resource: odd, location: range('dir & "x"/main.tf', 1) })],
      findings: [finding(message, 'error', range('dir & "x"/main.tf', 2), { resource: odd })],
    });
    const testCase = versioningCase(parse(formatJunit(result, CONTEXT)));
    expect(testCase?.name).toBe(odd.id);
    expect(testCase?.classname).toBe('dir & "x"/main.tf');
    expect(testCase?.failure?.[0]?.message).toBe(`Bucket "x" & <y> isn't public\nsecond line `);
    expect(testCase?.failure?.[0]?.['#text']).toContain(`dir & "x"/main.tf:2:1: error: Bucket "x" & <y> isn't public\nsecond line \n`);
  });
});
