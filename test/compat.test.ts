/**
 * Other scanners' suppressions (`compat: true`): checkov, trivy/tfsec, KICS and cfn-nag comments and Metadata under
 * testdata/compat/, through the real engine; then the parsing and id mapping directly, and the built CLI.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { collectCompatSuppressions, resolveCompatRules } from '../src/engine/compat.js';
import { lint } from '../src/engine/lint.js';
import type { Finding, RunResult } from '../src/engine/result.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const DIR = 'testdata/compat';
const TODAY = '2026-06-01';
/** The rules these fixtures were written for: new rules in the default preset must not change what they test. */
const FIXTURE_RULES = RULES.filter((rule) =>
  ['s3-bucket-acl-not-public', 's3-bucket-cors-restricted', 's3-bucket-logging-enabled', 's3-bucket-versioning-enabled'].includes(rule.id),
);
const FIXTURE_IDS = FIXTURE_RULES.map((rule) => rule.id);

async function scan(target: string, compat = true) {
  const result = await lint({ paths: [target], cwd: ROOT, siblingContext: false, today: TODAY, rules: FIXTURE_RULES, compat });
  // s3lint never warns about another tool's comments: not unused, not without a reason, not unknown.
  expect(result.errors).toEqual([]);
  return result;
}

/** `<line> <rule> <resource>` of each finding, sorted. */
function keys(findings: readonly Finding[]): string[] {
  return findings.map((finding) => `${finding.location.start.line} ${finding.ruleId} ${finding.resource.id}`).sort();
}

/** The suppression of each suppressed finding, by `<line> <rule> <resource>`. */
function suppressions(findings: readonly Finding[]): Record<string, Finding['suppression']> {
  return Object.fromEntries(findings.map((finding) => [`${finding.location.start.line} ${finding.ruleId} ${finding.resource.id}`, finding.suppression]));
}

describe('without compat: true', () => {
  it('the other scanners’ comments and Metadata silence nothing and say nothing', async () => {
    const result = await scan(DIR, false);
    expect(result.suppressed).toEqual([]);
    expect(result.findings.length).toBeGreaterThan(20);
  });
});

describe('checkov', () => {
  it('a skip inside a Terraform block or on the line above silences the rules naming its check, for the whole resource', async () => {
    const { findings, suppressed } = await scan(`${DIR}/terraform/checkov.tf`);
    expect(suppressions(suppressed)).toEqual({
      '2 s3-bucket-logging-enabled aws_s3_bucket.logs': { kind: 'compat', tool: 'checkov', reason: 'this is the log bucket itself' },
      '9 s3-bucket-versioning-enabled aws_s3_bucket.scratch': { kind: 'compat', tool: 'checkov', reason: '(no reason given: checkov comment)' },
      // After the acl attribute, but checkov's scope is the resource; CKV_AWS_999 is for checkov alone.
      '15 s3-bucket-acl-not-public aws_s3_bucket.site': { kind: 'compat', tool: 'checkov', reason: 'public downloads, reviewed in SEC-7' },
    });
    // Other rules on the same buckets still report, and a check no rule names (CKV_AWS_117) silences nothing.
    expect(keys(findings)).toEqual([
      '13 s3-bucket-logging-enabled aws_s3_bucket.site',
      '13 s3-bucket-versioning-enabled aws_s3_bucket.site',
      '2 s3-bucket-versioning-enabled aws_s3_bucket.logs',
      '20 s3-bucket-logging-enabled aws_s3_bucket.plain',
      '20 s3-bucket-versioning-enabled aws_s3_bucket.plain',
      '9 s3-bucket-logging-enabled aws_s3_bucket.scratch',
    ]);
  });

  it('a YAML comment under a CloudFormation resource, and Metadata.checkov.skip', async () => {
    const { findings, suppressed, evaluations } = await scan(`${DIR}/cloudformation/checkov.yaml`);
    expect(suppressions(suppressed)).toEqual({
      '3 s3-bucket-logging-enabled Logs': { kind: 'compat', tool: 'checkov', reason: 'the log bucket itself' },
      '6 s3-bucket-versioning-enabled Site': { kind: 'compat', tool: 'checkov', reason: 'rebuilt from the repository on every deploy' },
    });
    expect(keys(findings)).toEqual(['14 s3-bucket-acl-not-public Site', '3 s3-bucket-versioning-enabled Logs', '6 s3-bucket-logging-enabled Site']);
    const outcome = (ruleId: string, id: string) => evaluations.find((e) => e.ruleId === ruleId && e.resource.id === id)?.outcome;
    expect(outcome('s3-bucket-logging-enabled', 'Logs')).toBe('suppressed');
    expect(outcome('s3-bucket-versioning-enabled', 'Logs')).toBe('fail');
  });
});

describe('trivy and tfsec', () => {
  it('AVD ids and tfsec long ids above a resource or after an attribute; exp: stops on its day', async () => {
    const { findings, suppressed } = await scan(`${DIR}/terraform/trivy.tf`);
    expect(suppressions(suppressed)).toEqual({
      '2 s3-bucket-logging-enabled aws_s3_bucket.logs': { kind: 'compat', tool: 'trivy', reason: '(no reason given: trivy comment)' },
      // The other words of the comment are its reason.
      '7 s3-bucket-versioning-enabled aws_s3_bucket.cache': { kind: 'compat', tool: 'tfsec', reason: 'build cache, rebuilt every night' },
      '13 s3-bucket-acl-not-public aws_s3_bucket.site': { kind: 'compat', tool: 'tfsec', reason: '(no reason given: tfsec comment)' },
      // Two ignores in one comment, ids in any case.
      '22 s3-bucket-logging-enabled aws_s3_bucket.both': { kind: 'compat', tool: 'trivy', reason: '(no reason given: trivy comment)' },
      '22 s3-bucket-versioning-enabled aws_s3_bucket.both': { kind: 'compat', tool: 'trivy', reason: '(no reason given: trivy comment)' },
    });
    // The attribute comment silences the attribute, not the bucket; exp:2026-01-01 has passed.
    expect(keys(findings)).toContain('11 s3-bucket-versioning-enabled aws_s3_bucket.site');
    expect(keys(findings)).toContain('17 s3-bucket-versioning-enabled aws_s3_bucket.expired');
  });

  it('reads every ignore of a comment, its exp: as the day before (trivy stops ignoring on that day), and drops [params]', () => {
    const [first, second] = collectCompatSuppressions('main.tf', '#trivy:ignore:AVD-AWS-0090[bucket=x]:exp:2027-03-01 tfsec:ignore:aws-s3-enable-versioning\nresource "aws_s3_bucket" "b" {}\n');
    expect(first).toMatchObject({ kind: 'next', targetLine: 2, rules: [{ id: 'AVD-AWS-0090' }], until: '2027-02-28', compat: { tool: 'trivy' } });
    expect(second).toMatchObject({ kind: 'next', targetLine: 2, rules: [{ id: 'aws-s3-enable-versioning' }], compat: { tool: 'tfsec' } });
    expect(second!.until).toBeUndefined();
    // An unreadable date is long past for trivy: nothing.
    expect(collectCompatSuppressions('main.tf', '#trivy:ignore:AVD-AWS-0090:exp:someday\nresource "aws_s3_bucket" "b" {}\n')).toEqual([]);
  });
});

describe('KICS', () => {
  it('ignore-line, ignore-block and ignore-block=<query-id>', async () => {
    const { findings, suppressed } = await scan(`${DIR}/terraform/kics.tf`);
    const kics = { kind: 'compat', tool: 'kics', reason: '(no reason given: kics comment)' };
    expect(suppressions(suppressed)).toEqual({
      // ignore-line above an attribute: every rule, on that line.
      '4 s3-bucket-acl-not-public aws_s3_bucket.site': kics,
      // ignore-block above a resource: every rule, for the resource.
      '8 s3-bucket-logging-enabled aws_s3_bucket.legacy': kics,
      '8 s3-bucket-versioning-enabled aws_s3_bucket.legacy': kics,
      '10 s3-bucket-acl-not-public aws_s3_bucket.legacy': kics,
      // ignore-line above a header: what is reported on the header line, not the attributes below it.
      '14 s3-bucket-logging-enabled aws_s3_bucket.header': kics,
      '14 s3-bucket-versioning-enabled aws_s3_bucket.header': kics,
      // A query id: only the rules whose equivalents name it.
      '30 s3-bucket-cors-restricted aws_s3_bucket.uploads': kics,
    });
    expect(keys(findings)).toContain('16 s3-bucket-acl-not-public aws_s3_bucket.header');
    // `# kics-scan ignore` after the first line of code is not KICS's either: it silences nothing.
    expect(keys(findings)).toContain('34 s3-bucket-versioning-enabled aws_s3_bucket.late');
    expect(keys(findings)).toContain('19 s3-bucket-versioning-enabled aws_s3_bucket.uploads');
  });

  it('file-level ignore and disable=<query-id> at the top of the file', async () => {
    const ignored = await scan(`${DIR}/terraform/kics-ignore.tf`);
    expect(ignored.findings).toEqual([]);
    expect(new Set(ignored.suppressed.map((finding) => finding.ruleId))).toEqual(new Set(['s3-bucket-acl-not-public', 's3-bucket-logging-enabled', 's3-bucket-versioning-enabled']));
    const disabled = await scan(`${DIR}/terraform/kics-disable.tf`);
    expect(keys(disabled.suppressed)).toEqual(['12 s3-bucket-cors-restricted aws_s3_bucket.media']);
    expect(disabled.findings.map((finding) => finding.ruleId)).not.toContain('s3-bucket-cors-restricted');
  });
});

describe('cfn-nag', () => {
  it('Metadata.cfn_nag.rules_to_suppress in YAML and JSON templates, with or without a reason', async () => {
    const yaml = await scan(`${DIR}/cloudformation/cfn-nag.yaml`);
    expect(suppressions(yaml.suppressed)).toEqual({
      '3 s3-bucket-logging-enabled Logs': { kind: 'compat', tool: 'cfn-nag', reason: 'the log bucket itself' },
      '19 s3-bucket-acl-not-public Site': { kind: 'compat', tool: 'cfn-nag', reason: '(no reason given: cfn-nag comment)' },
    });
    expect(keys(yaml.findings)).toEqual(['12 s3-bucket-logging-enabled Site', '12 s3-bucket-versioning-enabled Site', '3 s3-bucket-versioning-enabled Logs']);
    const json = await scan(`${DIR}/cloudformation/cfn-nag.json`);
    expect(suppressions(json.suppressed)).toEqual({ '4 s3-bucket-logging-enabled Logs': { kind: 'compat', tool: 'cfn-nag', reason: 'the log bucket itself' } });
  });
});

describe('resolveCompatRules', () => {
  it('maps ids through meta.equivalents (tfsec through trivy, any case), drops what no rule names, and passes s3lint suppressions through', () => {
    const file = [
      '#checkov:skip=CKV_AWS_18,CKV_AWS_21:one reason for two checks',
      '#checkov:skip=CKV_AWS_117',
      '#tfsec:ignore:AWS-S3-ENABLE-BUCKET-LOGGING',
      '# s3lint-ignore s3-bucket-versioning-enabled: ours',
      'resource "aws_s3_bucket" "b" {}',
    ].join('\n');
    const resolved = resolveCompatRules(collectCompatSuppressions('main.tf', file), RULES);
    expect(resolved.map((suppression) => [suppression.compat?.tool, suppression.rules.map((rule) => rule.id), suppression.reason])).toEqual([
      ['checkov', ['s3-bucket-logging-enabled', 's3-bucket-versioning-enabled'], 'one reason for two checks'],
      ['tfsec', ['s3-bucket-logging-enabled'], '(no reason given: tfsec comment)'],
    ]);
    const ours = { file: 'main.tf', kind: 'next' as const, range: resolved[0]!.range, rules: [], reason: 'x', problems: [] };
    expect(resolveCompatRules([ours], RULES)).toEqual([ours]);
    // KICS ignore-line names no query: every rule given.
    const every = resolveCompatRules(collectCompatSuppressions('main.tf', '# kics-scan ignore-line\nresource "aws_s3_bucket" "b" {}\n'), FIXTURE_RULES);
    expect(every[0]!.rules.map((rule) => rule.id)).toEqual(FIXTURE_IDS);
    expect(every[0]!.compat).toEqual({ tool: 'kics', reach: 'line' });
  });
});

describe('the built CLI with testdata/compat/.s3lint.yaml (compat: true)', () => {
  const CLI = path.join(ROOT, 'dist', 's3lint.js');
  const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

  it.skipIf(!existsSync(CLI))('reports compat suppressions in JSON and as in-source suppressions in SARIF', () => {
    const json = run(DIR, '--format', 'json');
    expect(json.stderr).toBe('');
    const report = JSON.parse(json.stdout) as RunResult;
    expect(report.summary.config).toBe(`${DIR}/.s3lint.yaml`);
    expect(report.errors).toEqual([]);
    expect(new Set(report.suppressed.map((finding) => finding.suppression?.tool))).toEqual(new Set(['checkov', 'trivy', 'tfsec', 'kics', 'cfn-nag']));
    const sarif = JSON.parse(run(DIR, '--format', 'sarif').stdout) as { runs: { results: { suppressions?: { kind: string; justification?: string }[] }[] }[] };
    const inSource = sarif.runs[0]!.results.flatMap((result) => result.suppressions ?? []);
    expect(inSource).toHaveLength(report.suppressed.length);
    expect(inSource).toContainEqual({ kind: 'inSource', justification: 'this is the log bucket itself' });
    expect((JSON.parse(run(DIR, '--no-config', '--format', 'json').stdout) as RunResult).suppressed).toEqual([]);
  });
});
