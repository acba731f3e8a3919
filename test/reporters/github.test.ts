/**
 * The GitHub reporter: workflow-command annotations (escaping, ranges, GitHub's 10-per-level limit), the step
 * summary (posture table, links, Markdown escaping, size cap) and the posture model behind it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rulesForPreset } from '../../rules/index.js';
import { lint } from '../../src/engine/lint.js';
import type { PracticeKey } from '../../src/engine/practices.js';
import type { BucketSummary, Evaluation, Finding, Outcome, RunResult } from '../../src/engine/result.js';
import type { Diagnostic, Severity, SourceRange } from '../../src/graph/types.js';
import type { ReporterContext } from '../../src/reporters/context.js';
import { escapeData, escapeProperty, formatGithub, inlineCode, markdownText, rangeProperties } from '../../src/reporters/github.js';
import { bucketPosture, combineOutcomes } from '../../src/reporters/posture.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const REPOSITORY = { repositoryUrl: 'https://github.com/acme/infra', sha: '0123456789abcdef0123456789abcdef01234567' };

// ---------------------------------------------------------------------------------------------------------------
// Builders for small RunResults

function range(file: string, line: number, column = 1, endLine = line, endColumn = column + 5): SourceRange {
  return { file, start: { line, column }, end: { line: endLine, column: endColumn } };
}

function bucket(id: string, file: string, line = 1, inScannedCode = true): BucketSummary {
  return { id, type: 'aws_s3_bucket', framework: 'terraform', file, line, inScannedCode, exposure: 'private', exposureReasons: [] };
}

interface FindingSpec {
  bucket?: BucketSummary;
  ruleId?: string;
  practice?: PracticeKey;
  severity?: Severity;
  message?: string;
  remediation?: string;
  at?: SourceRange;
}

function finding(spec: FindingSpec = {}): Finding {
  const subject = spec.bucket ?? bucket('aws_s3_bucket.b', 'main.tf');
  return {
    ruleId: spec.ruleId ?? 's3-bucket-versioning-enabled',
    practice: spec.practice ?? 's3.versioning',
    severity: spec.severity ?? 'warning',
    messageId: 'missing',
    message: spec.message ?? `Bucket ${subject.id} does not enable versioning`,
    location: spec.at ?? range(subject.file, subject.line),
    resource: { id: subject.id, type: subject.type, framework: subject.framework },
    related: [],
    remediation: spec.remediation ?? '',
    helpUri: 'https://example.test/rule.md',
    fingerprint: '0'.repeat(32),
  };
}

function evaluation(subject: BucketSummary, practice: PracticeKey, outcome: Outcome, ruleId = `rule-${practice}`): Evaluation {
  return {
    ruleId,
    practice,
    resource: { id: subject.id, type: subject.type, framework: subject.framework },
    location: range(subject.file, subject.line),
    outcome,
  };
}

function runResult(parts: { findings?: Finding[]; evaluations?: Evaluation[]; buckets?: BucketSummary[]; errors?: Diagnostic[] }): RunResult {
  const findings = parts.findings ?? [];
  const count = (severity: Severity): number => findings.filter((f) => f.severity === severity).length;
  return {
    version: 1,
    tool: { name: 's3lint', version: '0.0.0', informationUri: 'https://example.test' },
    findings,
    suppressed: [],
    errors: parts.errors ?? [],
    evaluations: parts.evaluations ?? [],
    summary: {
      filesDiscovered: 1,
      filesScanned: 1,
      resources: 1,
      buckets: parts.buckets ?? [],
      findings: { error: count('error'), warning: count('warning'), note: count('note') },
      suppressed: 0,
      unresolved: 0,
      errors: (parts.errors ?? []).filter((d) => d.severity === 'error').length,
      rules: [],
      preset: 'recommended',
      durationMs: 0,
    },
  };
}

const NO_RULES: ReporterContext = { rules: [], cwd: '/repo' };

function annotationLines(result: RunResult, context: ReporterContext = NO_RULES): string[] {
  return formatGithub(result, context).annotations.split('\n').filter((line) => line !== '');
}

function manyFindings(count: number, severity: Severity, file = 'main.tf'): Finding[] {
  return Array.from({ length: count }, (_, index) => finding({ severity, at: range(file, index + 1), message: `${severity} ${index + 1}` }));
}

// ---------------------------------------------------------------------------------------------------------------

describe('github reporter on testdata/examples (golden)', () => {
  it('writes the annotations and the step summary of the example project', async () => {
    const result = await lint({ paths: ['testdata/examples'], cwd: ROOT });
    const context: ReporterContext = { rules: rulesForPreset('recommended'), cwd: ROOT };
    const { annotations, summary } = formatGithub(result, context, REPOSITORY);
    const annotationsGolden = path.join(ROOT, 'test', 'golden', 'examples.github.txt');
    const summaryGolden = path.join(ROOT, 'test', 'golden', 'examples.summary.md');
    if (process.env.UPDATE_GOLDEN) {
      writeFileSync(annotationsGolden, annotations);
      writeFileSync(summaryGolden, summary);
    }
    expect(annotations).toBe(readFileSync(annotationsGolden, 'utf8'));
    expect(summary).toBe(readFileSync(summaryGolden, 'utf8'));
  });
});

describe('escaping workflow commands', () => {
  it('escapes data as the toolkit does: %, CR and LF', () => {
    expect(escapeData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
  });

  it('escapes properties as the toolkit does: also : and ,', () => {
    expect(escapeProperty('50%\r\na:b,c')).toBe('50%25%0D%0Aa%3Ab%2Cc');
  });

  it('escapes a finding message, its remediation and its file in the command', () => {
    const result = runResult({
      findings: [
        finding({
          severity: 'error',
          message: 'Bucket b is 100% public:\nread, write',
          remediation: 'Set a: b, c',
          at: range('dir,with:odd/main.tf', 3, 2, 3, 9),
        }),
      ],
    });
    expect(annotationLines(result)).toEqual([
      '::error file=dir%2Cwith%3Aodd/main.tf,line=3,endLine=3,col=2,endColumn=9,title=s3-bucket-versioning-enabled::' +
        'Bucket b is 100%25 public:%0Aread, write%0ASet a: b, c',
    ]);
  });

  it("titles an annotation with the rule id and the rule's title", () => {
    const result = runResult({ findings: [finding({ ruleId: 's3-bucket-versioning-enabled' })] });
    const [line] = annotationLines(result, { rules: rulesForPreset('recommended'), cwd: '/repo' });
    expect(line).toContain(',title=s3-bucket-versioning-enabled%3A Buckets keep object versions::');
  });

  it('uses notice for notes and turns diagnostics into annotations titled with their code', () => {
    const errors: Diagnostic[] = [
      { file: 'broken.tf', code: 'parse-error', severity: 'error', message: 'Unexpected "}"', location: range('broken.tf', 4, 7, 4, 8) },
      { file: 'notes.yaml', code: 'not-a-template', severity: 'note', message: 'skipped' },
    ];
    const result = runResult({ findings: [finding({ severity: 'note', at: range('a.tf', 2) })], errors });
    expect(annotationLines(result)).toEqual([
      '::error file=broken.tf,line=4,endLine=4,col=7,endColumn=8,title=s3lint%3A parse-error::Unexpected "}"',
      '::notice file=notes.yaml,title=s3lint%3A not-a-template::skipped',
      '::notice file=a.tf,line=2,endLine=2,col=1,endColumn=6,title=s3-bucket-versioning-enabled::Bucket aws_s3_bucket.b does not enable versioning',
    ]);
  });
});

describe('annotation ranges', () => {
  it('gives columns on one line, with the exclusive end column unchanged', () => {
    expect(rangeProperties(range('a.tf', 9, 3, 9, 10))).toEqual([['line', 9], ['endLine', 9], ['col', 3], ['endColumn', 10]]);
  });

  it('gives only lines for a range over several lines (GitHub drops columns there)', () => {
    expect(rangeProperties(range('a.tf', 25, 3, 33, 4))).toEqual([['line', 25], ['endLine', 33]]);
  });

  it('leaves out an end column that is not after the start', () => {
    expect(rangeProperties(range('a.tf', 5, 4, 5, 4))).toEqual([['line', 5], ['endLine', 5], ['col', 4]]);
  });
});

describe("GitHub's 10 annotations per level and step", () => {
  it('shows the first 10 errors in file order, all warnings, and a closing notice counting the rest', () => {
    const findings = [...manyFindings(12, 'error', 'b.tf'), ...manyFindings(3, 'warning', 'a.tf')];
    const lines = annotationLines(runResult({ findings }));
    const errors = lines.filter((line) => line.startsWith('::error '));
    expect(errors).toHaveLength(10);
    expect(errors.map((line) => /line=(\d+),/.exec(line)?.[1])).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(lines.filter((line) => line.startsWith('::warning '))).toHaveLength(3);
    expect(lines.at(-1)).toBe(
      '::notice title=s3lint::2 more findings are not annotated: GitHub shows 10 errors, 10 warnings and 10 notices per step. ' +
        'Every finding is in the step summary and the report.',
    );
  });

  it('emits errors, then warnings, then notices, whatever the file order', () => {
    const findings = [finding({ severity: 'note', at: range('a.tf', 1) }), finding({ severity: 'warning', at: range('b.tf', 1) }), finding({ severity: 'error', at: range('c.tf', 1) })];
    expect(annotationLines(runResult({ findings })).map((line) => line.split(' ')[0])).toEqual(['::error', '::warning', '::notice']);
  });

  it('keeps one notice slot for the closing notice when anything is left out', () => {
    const findings = [...manyFindings(11, 'warning'), ...manyFindings(10, 'note')];
    const lines = annotationLines(runResult({ findings }));
    const notices = lines.filter((line) => line.startsWith('::notice '));
    expect(notices).toHaveLength(10);
    expect(notices.filter((line) => line.startsWith('::notice file='))).toHaveLength(9);
    expect(lines.at(-1)).toMatch(/^::notice title=s3lint::2 more findings are not annotated/);
  });

  it('adds no closing notice when every level fits', () => {
    const findings = [...manyFindings(10, 'error'), ...manyFindings(10, 'warning'), ...manyFindings(10, 'note')];
    const lines = annotationLines(runResult({ findings }));
    expect(lines).toHaveLength(30);
    expect(lines.some((line) => line.includes('title=s3lint::'))).toBe(false);
  });

  it('puts diagnostics before findings of the same level and counts both in the closing notice', () => {
    const errors: Diagnostic[] = [{ file: 'z.tf', code: 'parse-error', severity: 'error', message: 'bad' }];
    const lines = annotationLines(runResult({ findings: manyFindings(10, 'error'), errors }));
    expect(lines[0]).toBe('::error file=z.tf,title=s3lint%3A parse-error::bad');
    expect(lines.filter((line) => line.startsWith('::error '))).toHaveLength(10);
    expect(lines.at(-1)).toMatch(/^::notice title=s3lint::1 more finding is not annotated/);
  });
});

describe('posture', () => {
  it('combines outcomes: any fail, else suppressed, else unresolved, else pass, else not checked', () => {
    expect(combineOutcomes(['pass', 'unresolved', 'fail'])).toBe('fails');
    expect(combineOutcomes(['pass', 'unresolved', 'suppressed'])).toBe('suppressed');
    expect(combineOutcomes(['pass', 'unresolved'])).toBe('unresolved');
    expect(combineOutcomes(['pass', 'pass'])).toBe('holds');
    expect(combineOutcomes([])).toBe('not-checked');
  });

  it('maps practices to columns and points a failing column at its most severe finding', () => {
    const site = bucket('aws_s3_bucket.site', 'web/main.tf', 3);
    const warning = finding({ bucket: site, ruleId: 'rule-s3.public-access-block', practice: 's3.public-access-block', severity: 'warning', at: range('web/main.tf', 3) });
    const error = finding({ bucket: site, ruleId: 'rule-s3.policy-public', practice: 's3.policy-public', severity: 'error', at: range('web/policy.tf', 20) });
    const evaluations = [
      evaluation(site, 's3.public-access-block', 'fail'),
      evaluation(site, 's3.policy-public', 'fail'),
      evaluation(site, 's3.encryption', 'pass'),
      { ...evaluation(site, 's3.encryption-kms', 'unresolved'), unresolved: [{ location: range('web/main.tf', 12), reason: 'var.key' }] },
      evaluation(site, 's3.versioning', 'pass'),
      evaluation(site, 's3.tls-only', 'pass'),
      evaluation(site, 's3.tls-version', 'fail'),
    ];
    const [posture] = bucketPosture(runResult({ buckets: [site], evaluations, findings: [warning, error] }));
    expect(posture?.cells['public-access']).toEqual({ state: 'fails', finding: error });
    expect(posture?.cells.encryption).toEqual({ state: 'unresolved', unresolved: { location: range('web/main.tf', 12), reason: 'var.key' } });
    expect(posture?.cells.versioning).toEqual({ state: 'holds' });
    // A failing evaluation with no finding to point at still fails.
    expect(posture?.cells['tls-only']).toEqual({ state: 'fails' });
    expect(posture?.cells.logging).toEqual({ state: 'not-checked' });
    expect(posture?.cells.backup).toEqual({ state: 'not-checked' });
  });

  it('does not call a protection held when only its vacuous siblings passed', () => {
    const site = bucket('aws_s3_bucket.site', 'web/main.tf', 3);
    const passing = (practice: Parameters<typeof evaluation>[1]) => evaluation(site, practice, 'pass');
    const vacuous = bucketPosture(runResult({ buckets: [site], evaluations: [passing('s3.replication-config'), passing('backup.s3-requires-versioning')], findings: [] }));
    expect(vacuous[0]?.cells.replication).toEqual({ state: 'not-checked' });
    expect(vacuous[0]?.cells.backup).toEqual({ state: 'not-checked' });
    const present = bucketPosture(runResult({ buckets: [site], evaluations: [passing('s3.replication'), passing('s3.replication-config')], findings: [] }));
    expect(present[0]?.cells.replication).toEqual({ state: 'holds' });
    const broken = bucketPosture(runResult({ buckets: [site], evaluations: [evaluation(site, 's3.replication-config', 'fail')], findings: [] }));
    expect(broken[0]?.cells.replication).toEqual({ state: 'fails' });
  });

  it('tells buckets with the same id apart by file, and leaves out buckets outside the scanned code', () => {
    const first = bucket('aws_s3_bucket.data', 'prod/main.tf');
    const second = bucket('aws_s3_bucket.data', 'dev/main.tf');
    const outside = bucket('aws_s3_bucket.shared', 'dev/acl.tf', 1, false);
    const devFinding = finding({ bucket: second, at: range('dev/versioning.tf', 4) });
    const result = runResult({
      buckets: [first, second, outside],
      evaluations: [evaluation(first, 's3.versioning', 'pass', 'v'), evaluation(second, 's3.versioning', 'fail', 'v')],
      findings: [{ ...devFinding, ruleId: 'v' }],
    });
    const postures = bucketPosture(result);
    expect(postures.map((p) => p.bucket.file)).toEqual(['prod/main.tf', 'dev/main.tf']);
    expect(postures[0]?.cells.versioning.state).toBe('holds');
    expect(postures[1]?.cells.versioning).toEqual({ state: 'fails', finding: { ...devFinding, ruleId: 'v' } });
  });

  it('matches a finding to the bucket in its own folder when both buckets with its id fail', () => {
    const first = bucket('aws_s3_bucket.data', 'prod/main.tf');
    const second = bucket('aws_s3_bucket.data', 'dev/main.tf');
    const prodFinding = { ...finding({ bucket: first, at: range('prod/versioning.tf', 2) }), ruleId: 'v' };
    const devFinding = { ...finding({ bucket: second, at: range('dev/versioning.tf', 9) }), ruleId: 'v' };
    const result = runResult({
      buckets: [first, second],
      evaluations: [evaluation(first, 's3.versioning', 'fail', 'v'), evaluation(second, 's3.versioning', 'fail', 'v')],
      findings: [devFinding, prodFinding],
    });
    const [prod, dev] = bucketPosture(result);
    expect(prod?.cells.versioning.finding).toBe(prodFinding);
    expect(dev?.cells.versioning.finding).toBe(devFinding);
  });

  it('matches a finding to the template it is in when two templates of one folder share a logical id', () => {
    const first = bucket('Bucket', 'stacks/a.yaml');
    const second = bucket('Bucket', 'stacks/b.yaml');
    const inB = { ...finding({ bucket: second, at: range('stacks/b.yaml', 12) }), ruleId: 'v' };
    const inA = { ...finding({ bucket: first, at: range('stacks/a.yaml', 30) }), ruleId: 'v' };
    const result = runResult({
      buckets: [first, second],
      evaluations: [evaluation(first, 's3.versioning', 'fail', 'v'), evaluation(second, 's3.versioning', 'fail', 'v')],
      findings: [inA, inB],
    });
    const [a, b] = bucketPosture(result);
    expect(a?.cells.versioning.finding).toBe(inA);
    expect(b?.cells.versioning.finding).toBe(inB);
  });
});

describe('step summary', () => {
  const site: BucketSummary = {
    ...bucket('aws_s3_bucket.site', 'infra/web (prod)/main.tf', 3),
    exposure: 'public',
    exposureReasons: [{ location: range('infra/web (prod)/main.tf', 25, 3, 33, 4), message: 'the bucket policy allows everyone' }],
  };
  const policyFinding = finding({
    bucket: site,
    ruleId: 's3-bucket-policy-not-public',
    practice: 's3.policy-public',
    severity: 'error',
    message: 'Bucket is public: principal "*" | Action "s3:*"\nsecond line <b>',
    at: range('infra/web (prod)/main.tf', 25, 3, 33, 4),
  });
  const result = runResult({
    buckets: [site, bucket('aws_s3_bucket.elsewhere', 'infra/acl.tf', 7, false)],
    evaluations: [evaluation(site, 's3.policy-public', 'fail', 's3-bucket-policy-not-public'), evaluation(site, 's3.versioning', 'pass')],
    findings: [policyFinding],
  });

  it('opens with the counts', () => {
    const { summary } = formatGithub(result, NO_RULES);
    expect(summary.split('\n')[0]).toBe('### s3lint: 1 error in 1 file');
    const clean = formatGithub(runResult({}), NO_RULES).summary;
    expect(clean.split('\n')[0]).toBe('### s3lint: no findings in 1 file');
  });

  it('links cells and locations to the scanned commit when the repository is known', () => {
    const { summary } = formatGithub(result, NO_RULES, { repositoryUrl: 'https://github.com/acme/infra/', sha: 'abc' });
    const blob = 'https://github.com/acme/infra/blob/abc/infra/web%20%28prod%29/main.tf';
    expect(summary).toContain(`| \`aws_s3_bucket.site\` | [infra/web (prod)/main.tf:3](${blob}#L3) | [public line 25](${blob}#L25-L33) | [✗ line 25](${blob}#L25-L33) | – | – | ✓ | – |`);
    expect(summary).toContain(`| error | [infra/web (prod)/main.tf:25](${blob}#L25-L33) | \`s3-bucket-policy-not-public\` |`);
  });

  it('writes plain locations without repository information', () => {
    const { summary } = formatGithub(result, NO_RULES, { sha: 'abc' });
    expect(summary).not.toContain('](');
    expect(summary).toContain('| `aws_s3_bucket.site` | infra/web (prod)/main.tf:3 | public line 25 | ✗ line 25 | – | – | ✓ | – |');
    expect(summary).toContain('| error | infra/web (prod)/main.tf:25 | `s3-bucket-policy-not-public` |');
  });

  it('re-roots paths on the workspace when s3lint ran in a subfolder', () => {
    const context: ReporterContext = { rules: [], cwd: '/home/runner/work/infra/infra/stacks' };
    const { annotations, summary } = formatGithub(result, context, { ...REPOSITORY, workspace: '/home/runner/work/infra/infra' });
    expect(annotations).toMatch(/^::error file=stacks\/infra\/web \(prod\)\/main\.tf,line=25,/);
    expect(summary).toContain(`(https://github.com/acme/infra/blob/${REPOSITORY.sha}/stacks/infra/web%20%28prod%29/main.tf#L3)`);
    // The labels keep the report's own paths.
    expect(summary).toContain('[infra/web (prod)/main.tf:3]');
  });

  it('escapes pipes, Markdown and line breaks inside table cells', () => {
    const { summary } = formatGithub(result, NO_RULES);
    const row = summary.split('\n').find((line) => line.startsWith('| error |'));
    expect(row).toBe(
      '| error | infra/web (prod)/main.tf:25 | `s3-bucket-policy-not-public` | ' +
        'Bucket is public: principal "\\*" \\| Action "s3:\\*"<br>second line \\<b\\> |',
    );
    // Four cells: no unescaped pipe inside them.
    expect(row?.split(/(?<!\\)\|/).length).toBe(6);
  });

  it('leaves underscores inside words alone but escapes those that could start emphasis', () => {
    expect(markdownText('aws_s3_bucket.logs _x_')).toBe('aws_s3_bucket.logs \\_x\\_');
    expect(inlineCode('a`b|c')).toBe('``a`b\\|c``');
  });

  it('lists buckets outside the scanned code under the table', () => {
    const { summary } = formatGithub(result, NO_RULES);
    expect(summary).toContain('Not in the table: 1 bucket defined outside the scanned code');
    expect(summary).toContain('`aws_s3_bucket.elsewhere` (infra/acl.tf:7)');
    expect(summary).not.toMatch(/^\| `aws_s3_bucket\.elsewhere`/m);
  });

  it('counts findings by practice and severity', () => {
    const { summary } = formatGithub(result, NO_RULES);
    expect(summary).toContain('| `s3.policy-public` | 1 | 0 | 0 |');
    expect(summary).toContain('| **total** | **1** | **0** | **0** |');
  });

  it('stays under the 1 MiB GitHub accepts, saying how many findings it left out', () => {
    const long = 'x'.repeat(400);
    const findings = Array.from({ length: 5000 }, (_, index) => finding({ at: range('main.tf', index + 1), message: `${index} ${long}` }));
    const { summary } = formatGithub(runResult({ findings }), NO_RULES);
    expect(Buffer.byteLength(summary, 'utf8')).toBeLessThan(1024 * 1024);
    const listed = summary.split('\n').filter((line) => line.startsWith('| warning |')).length;
    expect(listed).toBeGreaterThan(100);
    expect(summary).toContain(`…and ${5000 - listed} more findings, left out`);
  });
});
