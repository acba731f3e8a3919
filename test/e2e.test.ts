/**
 * End-to-end: the built CLI (dist/, compiled by `npm test` before vitest runs) as a user runs it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES, rulesForPreset } from '../rules/index.js';
import type { RunResult } from '../src/engine/result.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'dist', 's3lint.js');

function run(args: string[], cwd = ROOT, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The text report with the run's duration, the only part that changes between runs, replaced. */
function stableText(text: string): string {
  return text.replace(/· \d+\.\d\d s/g, '· <duration>');
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/s3lint.js is missing: run `npm test` (it builds first) or `npm run build`');
});

describe('s3lint testdata/examples (the quick start)', () => {
  it('prints the findings and exits 1 because some are errors', () => {
    const { code, stdout, stderr } = run(['testdata/examples']);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const golden = path.join(ROOT, 'test', 'golden', 'examples.txt');
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, stableText(stdout));
    expect(stableText(stdout)).toBe(readFileSync(golden, 'utf8'));
  });

  it('writes the JSON contract with a practice on every finding', () => {
    const { code, stdout } = run(['testdata/examples', '--format', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as RunResult;
    expect(Object.keys(report)).toEqual(['version', 'tool', 'findings', 'suppressed', 'errors', 'evaluations', 'summary']);
    expect(report.tool.name).toBe('s3lint');
    expect(report.errors).toEqual([]);
    expect(report.findings.length).toBeGreaterThan(5);
    for (const finding of report.findings) {
      expect(finding.practice).toMatch(/^s3\./);
      expect(finding.helpUri).toMatch(/^https:\/\/.+\/rules\/.+\.md$/);
      expect(finding.fingerprint).toMatch(/^[0-9a-f]{32}$/);
      expect(finding.location.file).toMatch(/^testdata\/examples\//);
    }
    const uploads = report.findings.find((f) => f.ruleId === 's3-bucket-policy-not-public' && f.resource.id === 'aws_s3_bucket.uploads');
    expect(uploads?.location).toEqual({
      file: 'testdata/examples/terraform/storage.tf',
      start: { line: 25, column: 3 },
      end: { line: 33, column: 4 },
    });
    expect(report.summary.buckets.map((b) => b.id).sort()).toEqual(
      ['Artifacts', 'Website', 'aws_s3_bucket.logs', 'aws_s3_bucket.reports', 'aws_s3_bucket.uploads'],
    );
    // The well-protected log bucket passes every bucket rule of the default preset.
    const logs = report.evaluations.filter((e) => e.resource.id === 'aws_s3_bucket.logs');
    expect(logs.map((e) => e.ruleId)).toEqual(rulesForPreset('recommended').filter((rule) => rule.appliesTo === 'bucket' && rule.meta.frameworks.includes('terraform')).map((rule) => rule.id));
    expect(new Set(logs.map((e) => e.outcome))).toEqual(new Set(['pass']));
  });

  it('writes the report to --output and nothing to stdout', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 's3lint-out-'));
    try {
      const output = path.join(folder, 'reports', 'report.json');
      const { code, stdout } = run(['testdata/examples', '--format', 'json', '--output', output]);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect((JSON.parse(readFileSync(output, 'utf8')) as RunResult).findings.length).toBeGreaterThan(5);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('respects --fail-on and --quiet', () => {
    expect(run(['testdata/examples', '--fail-on', 'none']).code).toBe(0);
    const quiet = run(['testdata/examples', '--quiet']);
    expect(quiet.stdout).toContain(' error ');
    expect(quiet.stdout).not.toMatch(/\d+:\d+\s+warning/);
  });

  it('colours only when asked or on a terminal', () => {
    expect(run(['testdata/examples']).stdout).not.toContain('\u001b[');
    expect(run(['testdata/examples', '--color']).stdout).toContain('\u001b[31m');
  });

  it('accepts single files of both frameworks at once', () => {
    const { code, stdout } = run(['testdata/examples/terraform/legacy.tf', 'testdata/examples/cloudformation/site.yaml', '--format', 'json']);
    expect(code).toBe(1);
    const files = new Set((JSON.parse(stdout) as RunResult).findings.map((f) => f.location.file));
    expect([...files].sort()).toEqual(['testdata/examples/cloudformation/site.yaml', 'testdata/examples/terraform/legacy.tf']);
  });
});

describe('exit codes and usage', () => {
  it('exits 0 with one summary line when nothing is wrong', () => {
    const { code, stdout } = run(['testdata/s3-bucket-versioning-enabled/cloudformation/pass.yaml', '--preset', 'all', '--fail-on', 'error']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^(✓|⚠|✖) /m);
  });

  it('exits 2 on an unknown option or a missing path, without a stack trace', () => {
    const unknown = run(['--bogus-option']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('bogus-option');
    const missing = run(['does/not/exist']);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toContain('does/not/exist');
    expect(missing.stdout + missing.stderr).not.toMatch(/\n\s+at /);
  });

  it('explains a rule and lists the rules', () => {
    const explain = run(['explain', 's3-bucket-versioning-enabled']);
    expect(explain.code).toBe(0);
    expect(explain.stdout).toContain('# s3-bucket-versioning-enabled');
    const unknown = run(['explain', 'no-such-rule']);
    expect(unknown.code).toBe(2);
    const rules = run(['rules']);
    expect(rules.stdout.trim().split('\n')).toHaveLength(RULES.length);
    const table = JSON.parse(run(['rules', '--format', 'json']).stdout) as Record<string, unknown>[];
    expect(table.map((row) => row.id)).toEqual(RULES.map((rule) => rule.id));
    expect(Object.keys(table[0]!)).toEqual(['id', 'practice', 'severity', 'presets', 'frameworks', 'title', 'enabled']);
    expect(table.filter((row) => row.enabled).length).toBe(rulesForPreset('recommended').length);
  });
});

describe('bad input beside good input', () => {
  let folder: string;

  beforeAll(() => {
    folder = mkdtempSync(path.join(tmpdir(), 's3lint-bad-'));
    const write = (name: string, content: string | Buffer) => {
      mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
      writeFileSync(path.join(folder, name), content);
    };
    write('good/main.tf', 'resource "aws_s3_bucket" "open" {\n  bucket = "acme-open"\n  acl    = "public-read"\n}\n');
    write('good/site.yaml', 'Resources:\n  Site:\n    Type: AWS::S3::Bucket\n    Properties:\n      AccessControl: PublicRead\n');
    write('broken/main.tf', 'resource "aws_s3_bucket" "b" {\n  bucket = \n}\n');
    write('deep/main.tf', `locals {\n  x = ${'['.repeat(3000)}${']'.repeat(3000)}\n}\n`);
    write('utf8/main.tf', Buffer.concat([Buffer.from('locals {\n  x = "'), Buffer.from([0xff, 0xfe]), Buffer.from('"\n}\n')]));
    write('binary/main.tf', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02]));
    write('bomb/template.yaml', [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      ...'bcdefghi'.split('').map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
      'Resources: {}',
    ].join('\n'));
    write('duplicate/template.yaml', 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n  B:\n    Type: AWS::S3::Bucket\n');
    write('huge/main.tf', `# padding\n${'#'.repeat(100)}\n`.repeat(300_000));
    write('empty.tf', '');
    symlinkSync(path.join(folder, 'nowhere.tf'), path.join(folder, 'dangling.tf'));
  });

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('reports every bad file once, keeps the good files findings, and exits 2', () => {
    const { code, stdout, stderr } = run(['.', 'empty.tf', 'dangling.tf', '--format', 'json'], folder);
    expect(stderr).toBe('');
    expect(code).toBe(2);
    const report = JSON.parse(stdout) as RunResult;
    const byFile = new Map(report.errors.map((diagnostic) => [diagnostic.file, diagnostic]));
    expect(byFile.get('broken/main.tf')).toMatchObject({ code: 'parse-error', severity: 'error', location: { start: { line: 2, column: 12 } } });
    expect(byFile.get('deep/main.tf')).toMatchObject({ code: 'nesting-too-deep', severity: 'error' });
    expect(byFile.get('utf8/main.tf')).toMatchObject({ code: 'invalid-utf8', location: { start: { line: 2, column: 8 } } });
    expect(byFile.get('binary/main.tf')).toMatchObject({ code: 'binary-file' });
    expect(byFile.get('bomb/template.yaml')).toMatchObject({ code: 'alias-limit' });
    expect(byFile.get('duplicate/template.yaml')).toMatchObject({ code: 'duplicate-key', location: { start: { line: 4, column: 3 } } });
    expect(byFile.get('huge/main.tf')).toMatchObject({ code: 'file-too-large' });
    expect(byFile.get('empty.tf')).toMatchObject({ code: 'empty-file', severity: 'note' });
    expect(byFile.get('dangling.tf')).toMatchObject({ code: 'read-error' });
    for (const diagnostic of report.errors) expect(diagnostic.message).not.toMatch(/\n\s+at /);
    expect(report.findings.map((f) => `${f.location.file} ${f.ruleId}`)).toEqual(
      expect.arrayContaining(['good/main.tf s3-bucket-acl-not-public', 'good/site.yaml s3-bucket-acl-not-public']),
    );
  });

  it('says the same in the text report, file by file', () => {
    const { code, stdout } = run(['.'], folder);
    expect(code).toBe(2);
    expect(stdout).toMatch(/broken\/main\.tf\n\s+2:12\s+error\s+/);
    expect(stdout).toContain('good/main.tf');
  });
});

describe('pull-request and pre-commit use', () => {
  let repo: string;
  const git = (...args: string[]) => {
    const result = spawnSync('git', args, { cwd: repo, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(result.stderr);
  };

  beforeAll(() => {
    repo = mkdtempSync(path.join(tmpdir(), 's3lint-git-'));
    mkdirSync(path.join(repo, 'infra'));
    writeFileSync(path.join(repo, 'infra', 'buckets.tf'), [
      'resource "aws_s3_bucket" "data" {', '  bucket = "acme-data"', '}', '',
      'resource "aws_s3_bucket" "logs" {', '  bucket = "acme-logs"', '}', '',
    ].join('\n'));
    writeFileSync(path.join(repo, 'infra', 'data.tf'), [
      'resource "aws_s3_bucket_versioning" "data" {', '  bucket = aws_s3_bucket.data.id',
      '  versioning_configuration {', '    status = "Enabled"', '  }', '}', '',
    ].join('\n'));
    git('init', '-q', '-b', 'main');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', '.');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'base');
  });

  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it('scans a named .tf file with its siblings as context, reporting only on buckets it touches', () => {
    const { code, stdout } = run(['infra/data.tf', '--format', 'json', '--preset', 'all'], repo);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as RunResult;
    // The versioning in data.tf found its bucket in buckets.tf: no "missing versioning" for aws_s3_bucket.data,
    // and nothing about aws_s3_bucket.logs, which data.tf does not touch.
    expect(report.summary.buckets.map((b) => b.id)).toEqual(['aws_s3_bucket.data']);
    expect(report.findings.some((f) => f.ruleId === 's3-bucket-versioning-enabled')).toBe(false);
    expect(report.findings.every((f) => f.resource.id === 'aws_s3_bucket.data')).toBe(true);
  });

  it('--changed-since reports only on buckets whose files changed', () => {
    writeFileSync(path.join(repo, 'infra', 'data.tf'), readFileSync(path.join(repo, 'infra', 'data.tf'), 'utf8').replace('Enabled', 'Suspended'));
    const { code, stdout } = run(['.', '--changed-since', 'main', '--format', 'json'], repo);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as RunResult;
    expect(new Set(report.findings.map((f) => f.resource.id))).toEqual(new Set(['aws_s3_bucket.data']));
    expect(report.findings.map((f) => f.messageId)).toContain('notEnabled');
  });

  it('--changed-since with an unknown ref is a usage error', () => {
    const { code, stderr } = run(['.', '--changed-since', 'no-such-ref'], repo);
    expect(code).toBe(2);
    expect(stderr).toContain('git merge-base no-such-ref HEAD failed');
  });

  it('writes several reports from one scan and the GitHub step summary', () => {
    const out = mkdtempSync(path.join(tmpdir(), 's3lint-outs-'));
    try {
      const summary = path.join(out, 'summary.md');
      const { code, stdout } = run(
        ['testdata/examples', '--format', 'github', '--format', `sarif:${out}/r/s3lint.sarif`, '--format', `junit:${out}/r/junit.xml`, '--format', `json:${out}/r/report.json`],
        ROOT,
        { GITHUB_STEP_SUMMARY: summary },
      );
      expect(code).toBe(1);
      expect(stdout).toMatch(/^::error file=testdata\/examples\//m);
      expect(JSON.parse(readFileSync(`${out}/r/s3lint.sarif`, 'utf8')).version).toBe('2.1.0');
      expect(readFileSync(`${out}/r/junit.xml`, 'utf8')).toContain('<testsuites');
      expect((JSON.parse(readFileSync(`${out}/r/report.json`, 'utf8')) as RunResult).findings.length).toBeGreaterThan(5);
      expect(readFileSync(summary, 'utf8')).toContain('aws_s3_bucket.uploads');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('refuses two formats on standard output', () => {
    const { code, stderr } = run(['testdata/examples', '--format', 'json', '--format', 'sarif']);
    expect(code).toBe(2);
    expect(stderr).toContain('only one format can go to standard output');
  });
});

describe('living with the linter: config, baseline, plugins', () => {
  let folder: string;

  beforeAll(() => {
    folder = mkdtempSync(path.join(tmpdir(), 's3lint-config-'));
    mkdirSync(path.join(folder, '.git'));
    mkdirSync(path.join(folder, 'infra'));
    writeFileSync(path.join(folder, 'infra', 'main.tf'), [
      'resource "aws_s3_bucket" "test_data" {',
      '  bucket = "acme-test-data"',
      '  acl    = "public-read"',
      '}',
      '',
    ].join('\n'));
  });

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('finds the nearest config file upward, and the command line overrides it', () => {
    writeFileSync(path.join(folder, '.s3lint.yaml'), 'rules:\n  s3-bucket-versioning-enabled: off\n  s3-bucket-acl-not-public: warning\nfailOn: warning\n');
    try {
      const configured = run(['infra', '--format', 'json'], folder);
      const report = JSON.parse(configured.stdout) as RunResult;
      expect(report.summary.config).toBe('.s3lint.yaml');
      expect(report.summary.rules).not.toContain('s3-bucket-versioning-enabled');
      expect(report.findings.find((f) => f.ruleId === 's3-bucket-acl-not-public')?.severity).toBe('warning');
      expect(configured.code).toBe(1); // failOn: warning
      expect(run(['infra', '--fail-on', 'error'], folder).code).toBe(0);
      expect(run(['infra', '--no-config', '--format', 'json'], folder).stdout).toContain('s3-bucket-versioning-enabled');
      const rules = run(['rules'], folder).stdout;
      expect(rules).toMatch(/^off\s+s3-bucket-versioning-enabled/m);
      expect(rules).toMatch(/^on\s+s3-bucket-acl-not-public\s+warning/m);
    } finally {
      rmSync(path.join(folder, '.s3lint.yaml'));
    }
  });

  it('stops with exit 2 and the exact key path on an invalid config', () => {
    writeFileSync(path.join(folder, '.s3lint.yaml'), 'rules:\n  s3-bucket-versioning-enabled: sometimes\n');
    try {
      const { code, stdout } = run(['infra'], folder);
      expect(code).toBe(2);
      expect(stdout).toContain('rules.s3-bucket-versioning-enabled: "sometimes" is not one of off, error, warning, note');
      expect(stdout).toMatch(/\.s3lint\.yaml\n\s+2:3\s+error/);
    } finally {
      rmSync(path.join(folder, '.s3lint.yaml'));
    }
  });

  it('records a baseline and then reports only new findings', () => {
    const baseline = path.join(folder, '.s3lint-baseline.json');
    expect(run(['infra', '--write-baseline', baseline], folder).code).toBe(1);
    const again = run(['infra', '--baseline', baseline, '--format', 'json'], folder);
    expect(again.code).toBe(0);
    const report = JSON.parse(again.stdout) as RunResult;
    expect(report.findings).toEqual([]);
    expect(report.suppressed.length).toBeGreaterThan(0);
    expect(report.suppressed.every((f) => f.suppression?.kind === 'baseline')).toBe(true);
  });

  it('loads custom rules from --plugin and never from a config file', () => {
    const plugin = path.join(ROOT, 'examples', 'plugin', 'no-bucket-named-test.js');
    const { stdout } = run(['infra', '--plugin', plugin, '--format', 'json'], folder);
    const report = JSON.parse(stdout) as RunResult;
    expect(report.findings.map((f) => f.ruleId)).toContain('no-bucket-named-test');
    writeFileSync(path.join(folder, '.s3lint.yaml'), `plugins: [${JSON.stringify(plugin)}]\n`);
    try {
      const refused = run(['infra'], folder);
      expect(refused.code).toBe(2);
      expect(refused.stdout).toContain('unknown key "plugins"');
    } finally {
      rmSync(path.join(folder, '.s3lint.yaml'));
    }
  });
});

describe('choosing rules and files: --rule, --skip-rule, --exclude', () => {
  const json = (...args: string[]) => {
    const { code, stdout, stderr } = run(['testdata/examples', '--no-config', '--format', 'json', ...args]);
    expect(stderr).toBe('');
    return { code, report: JSON.parse(stdout) as RunResult };
  };

  it('--rule runs only the rules named, whatever the preset; a path may follow it', () => {
    const { code, stdout } = run(['--rule', 's3-bucket-inventory-configured', '--rule', 's3-bucket-versioning-enabled', 'testdata/examples', '--no-config', '--format', 'json']);
    expect(code).toBe(0); // neither rule reports errors
    const report = JSON.parse(stdout) as RunResult;
    expect(report.summary.rules).toEqual(['s3-bucket-inventory-configured', 's3-bucket-versioning-enabled']);
    expect(new Set(report.findings.map((f) => f.ruleId))).toEqual(new Set(['s3-bucket-inventory-configured', 's3-bucket-versioning-enabled']));
  });

  it('--skip-rule never runs a rule', () => {
    const { report } = json('--skip-rule', 's3-bucket-policy-not-public', '--skip-rule', 's3-bucket-acl-not-public');
    expect(report.summary.rules).not.toContain('s3-bucket-policy-not-public');
    expect(report.summary.rules).not.toContain('s3-bucket-acl-not-public');
    expect(report.findings.some((f) => f.ruleId === 's3-bucket-policy-not-public' || f.ruleId === 's3-bucket-acl-not-public')).toBe(false);
  });

  it('an unknown rule id is a usage error with a suggestion', () => {
    const { code, stdout, stderr } = run(['testdata/examples', '--rule', 's3-bucket-versoning-enabled']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      's3lint: --rule: unknown rule "s3-bucket-versoning-enabled", did you mean "s3-bucket-versioning-enabled"? (run s3lint rules for the list)\nrun `s3lint --help` for usage\n',
    );
    expect(run(['testdata/examples', '--skip-rule', 'no-such-rule']).code).toBe(2);
  });

  it('--exclude skips files and folders by glob, relative to the working folder', () => {
    const { report } = json('--exclude', 'testdata/examples/cloudformation/', '--exclude', '**/legacy.tf');
    expect([...new Set(report.findings.map((f) => f.location.file))]).toEqual(['testdata/examples/terraform/storage.tf']);
    const negated = run(['testdata/examples', '--exclude', '!keep.tf']);
    expect(negated.code).toBe(2);
    expect(negated.stderr).toContain('negated patterns are not supported');
  });
});

describe('CloudFormation parameter values: --parameters', () => {
  const template = 'testdata/evaluation/cloudformation/versioning.yaml';
  const scan = (...args: string[]) => {
    const { code, stdout, stderr } = run([template, '--no-config', '--format', 'json', ...args]);
    expect(stderr).toBe('');
    const report = JSON.parse(stdout) as RunResult;
    const versioning = report.findings
      .filter((finding) => finding.ruleId === 's3-bucket-versioning-enabled')
      .map((finding) => `${finding.resource.id} ${finding.location.start.line} ${finding.messageId}`);
    return { code, report, versioning };
  };

  it('judges the template defaults, and says which resource a false condition leaves out', () => {
    const { report, versioning } = scan();
    expect(versioning).toEqual(['Data 18 notEnabled', 'Reports 30 notEnabled']);
    expect(report.errors).toEqual([
      expect.objectContaining({ file: template, code: 'condition-false', severity: 'note', location: expect.objectContaining({ start: { line: 20, column: 3 } }) }),
    ]);
  });

  it('reads the AWS CLI form [{ParameterKey, ParameterValue}]', () => {
    const { report, versioning } = scan('--parameters', 'testdata/evaluation/cloudformation/params-cli.json');
    expect(versioning).toEqual(['ProdArchive 25 notEnabled']);
    expect(report.errors).toEqual([]);
  });

  it('reads the CodePipeline form {Parameters: {…}}, relative to the working folder', () => {
    const folder = path.join(ROOT, 'testdata', 'evaluation');
    const { code, stdout, stderr } = run(
      ['cloudformation/versioning.yaml', '--no-config', '--format', 'json', '--parameters', 'cloudformation/params-pipeline.json'],
      folder,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as RunResult;
    expect(report.findings.filter((f) => f.ruleId === 's3-bucket-versioning-enabled').map((f) => f.resource.id)).toEqual(['ProdArchive']);
  });

  it('stops with exit 2 on a missing or malformed file', () => {
    const missing = run([template, '--parameters', 'no-such-params.json']);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toBe('s3lint: --parameters no-such-params.json: cannot read the file: no such file\nrun `s3lint --help` for usage\n');
    const folder = mkdtempSync(path.join(tmpdir(), 's3lint-params-'));
    try {
      writeFileSync(path.join(folder, 'params.json'), '{ "Env": "prod" }\n');
      const wrong = run([path.join(ROOT, template), '--parameters', 'params.json'], folder);
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toContain('s3lint: --parameters params.json 1:1: expected [{ "ParameterKey": …, "ParameterValue": … }] or { "Parameters": { … } }');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('the bin as shipped', () => {
  it('is one bundled file that reports a Terraform syntax error through hcl2json, whose worker sits beside it', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 's3lint-bin-'));
    try {
      writeFileSync(path.join(folder, 'broken.tf'), 'resource "aws_s3_bucket" "b" {\n  bucket = "acme"\n');
      const { code, stdout } = run([folder, '--format', 'json']);
      expect(code).toBe(2);
      const report = JSON.parse(stdout) as RunResult;
      expect(report.errors.map((error) => [error.code, error.location?.start.line])).toEqual([['parse-error', 1]]);
      expect(readFileSync(CLI, 'utf8')).not.toMatch(/from ["']\.\.?\//); // no relative imports: everything is inside
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('ends quietly with the scan’s exit code when the reader of its output stops early', () => {
    const result = spawnSync('/bin/sh', ['-c', `"${process.execPath}" "${CLI}" testdata/examples --format json | head -c 10 > /dev/null; echo "status=$?"`], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(result.stderr).not.toMatch(/EPIPE|Unhandled/);
  });
});
