/**
 * End-to-end: `--shard K/N` and `s3lint merge` through the built CLI (dist/, compiled by `npm test` or
 * `npm run build` before vitest runs), as a CI matrix runs them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = process.env.S3LINT_CLI ?? path.join(ROOT, 'dist', 's3lint.js');
const FIXTURE = 'testdata/shard/monorepo';

function run(args, cwd = ROOT) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const temporary = mkdtempSync(path.join(tmpdir(), 's3lint-merge-cli-'));
const report = (name) => path.join(temporary, name);

/** The JSON report without what differs between runs: durations, and the order of lists that have no order. */
function comparable(text) {
  const result = JSON.parse(text);
  const key = (value) => JSON.stringify([value.ruleId, value.location, value.resource, value.fingerprint ?? value.outcome]);
  const byKey = (a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  return {
    ...result,
    findings: [...result.findings].sort(byKey),
    suppressed: [...result.suppressed].sort(byKey),
    evaluations: [...result.evaluations].sort(byKey),
    summary: { ...result.summary, durationMs: 0, buckets: [...result.summary.buckets].sort((a, b) => (`${a.file}:${a.line}:${a.id}` < `${b.file}:${b.line}:${b.id}` ? -1 : 1)) },
  };
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/s3lint.js is missing: run `npm run build` first');
  for (const index of [1, 2, 3]) {
    const scanned = run([FIXTURE, '--no-config', '--fail-on', 'none', '--shard', `${index}/3`, '--format', 'json', '-o', report(`shard-${index}.json`)]);
    if (scanned.code !== 0) throw new Error(`shard ${index}/3 failed: ${scanned.stderr}`);
  }
});
afterAll(() => rmSync(temporary, { recursive: true, force: true }));

describe('s3lint --shard K/N', () => {
  it('scans one part and writes its report', () => {
    const parts = [1, 2, 3].map((index) => JSON.parse(readFileSync(report(`shard-${index}.json`), 'utf8')));
    expect(parts.map((part) => part.summary.filesDiscovered)).toEqual([4, 4, 3]);
    expect(parts.map((part) => part.summary.failOn)).toEqual(['none', 'none', 'none']);
  });

  it('refuses what is not K/N with 1 ≤ K ≤ N, before reading a file', () => {
    const cases = [
      ['0/3', 's3lint: --shard 0/3: K must be between 1 and 3\n'],
      ['4/3', 's3lint: --shard 4/3: K must be between 1 and 3\n'],
      ['1/0', 's3lint: --shard 1/0: N must be at least 1\n'],
      ['two', 's3lint: --shard "two": expected K/N, this job\'s part K of N parts (for example 2/3)\n'],
    ];
    for (const [value, message] of cases) {
      const { code, stdout, stderr } = run([FIXTURE, '--shard', value]);
      expect(code, value).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toBe(`${message}run \`s3lint --help\` for usage\n`);
    }
    const twice = run([FIXTURE, '--shard', '1/2', '--shard', '2/2']);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toBe('s3lint: --shard may be given once\nrun `s3lint --help` for usage\n');
  });

  it('says an empty shard has nothing to scan and exits 0', () => {
    const { code, stdout } = run([`${FIXTURE}/stacks`, '--no-config', '--shard', '3/3', '--format', 'json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).errors.map((diagnostic) => diagnostic.code)).toEqual(['nothing-to-scan']);
  });
});

describe('s3lint merge', () => {
  const shards = () => [1, 2, 3].map((index) => report(`shard-${index}.json`));

  it('writes the JSON report one scan writes, and exits as that scan would', () => {
    const single = run([FIXTURE, '--no-config', '--format', 'json']);
    const merged = run(['merge', ...shards(), '--format', 'json', '--fail-on', 'error']);
    expect(merged.stderr).toBe('');
    expect(single.code).toBe(1);
    expect(merged.code).toBe(1);
    expect(comparable(merged.stdout)).toEqual(comparable(single.stdout));
  });

  it('writes SARIF to a file with -o, as the scan command does', () => {
    const sarif = report('s3lint.sarif');
    const { code, stdout, stderr } = run(['merge', ...shards(), '--format', 'sarif', '-o', sarif]);
    expect(stderr).toBe('');
    expect(stdout).toBe('');
    // The shards ran with --fail-on none and merge takes the reports' own.
    expect(code).toBe(0);
    const single = JSON.parse(run([FIXTURE, '--no-config', '--format', 'json']).stdout);
    const log = JSON.parse(readFileSync(sarif, 'utf8'));
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].results.map((result) => result.partialFingerprints).length).toBe(single.findings.length + single.suppressed.length);
  });

  it('writes several formats at once, and --fail-on decides the exit code', () => {
    const junit = report('junit.xml');
    const { code, stdout } = run(['merge', ...shards(), '--format', 'text', '--format', `junit:${junit}`, '--fail-on', 'warning']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/testdata\/shard\/monorepo\/services\/api\/main\.tf/);
    expect(readFileSync(junit, 'utf8')).toMatch(/^<\?xml/);
  });

  it('names a report it cannot read or use, with exit code 2', () => {
    const missing = run(['merge', report('shard-1.json'), 'no-such-shard.json']);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toBe('s3lint: no-such-shard.json: cannot read the report: no such file\nrun `s3lint --help` for usage\n');
    const notJson = run(['merge', 'README.md']);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/^s3lint: README\.md: not valid JSON \(/);
    const none = run(['merge']);
    expect(none.code).toBe(2);
  });
});
