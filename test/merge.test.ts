/**
 * `s3lint merge`: the reports of the shards of one scan, merged, say what one scan of everything says.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../src/engine/lint.js';
import { mergeReports, parseReport, readReports, ReportMergeError } from '../src/engine/merge.js';
import { compareFindings, exitCodeFor, REPORT_VERSION } from '../src/engine/result.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const FIXTURE = 'testdata/shard/monorepo';
const TODAY = '2026-01-15';

function scan(options = {}) {
  return lint({ paths: [FIXTURE], cwd: ROOT, config: false, today: TODAY, ...options });
}

async function shardedScan(count, options = {}) {
  const reports = [];
  for (let index = 1; index <= count; index++) {
    reports.push({ file: `shard-${index}.json`, result: await scan({ ...options, shard: { index, count } }) });
  }
  return reports;
}

/** What may differ between one scan and merged shards: how long they took, and the order of unordered lists. */
function comparable(result) {
  const byPlace = (a, b) => JSON.stringify([a.ruleId, a.location, a.resource]).localeCompare(JSON.stringify([b.ruleId, b.location, b.resource]));
  // Two instances of one module report at the same place: one scan orders them by module instance, merge by fingerprint.
  const findings = (list) => [...list].sort((a, b) => compareFindings(a, b) || a.fingerprint.localeCompare(b.fingerprint));
  return {
    ...result,
    findings: findings(result.findings),
    suppressed: findings(result.suppressed),
    evaluations: [...result.evaluations].sort(byPlace),
    summary: {
      ...result.summary,
      durationMs: 0,
      buckets: [...result.summary.buckets].sort((a, b) => `${a.file}:${a.line}:${a.id}`.localeCompare(`${b.file}:${b.line}:${b.id}`)),
    },
  };
}

const temporary = mkdtempSync(path.join(tmpdir(), 's3lint-merge-'));
afterAll(() => rmSync(temporary, { recursive: true, force: true }));

describe('merging the shards of one scan', () => {
  for (const count of [2, 3, 4]) {
    it(`gives the report of one scan (recommended preset, ${count} shards)`, async () => {
      const single = await scan();
      const merged = mergeReports(await shardedScan(count));
      expect(single.findings.length).toBeGreaterThan(3);
      expect(single.suppressed.length).toBe(1);
      expect(comparable(merged)).toEqual(comparable(single));
    });
  }

  it('gives the report of one scan when roots in different shards call one module under the same name', async () => {
    const options = { paths: ['testdata/shard/same-name'], cwd: ROOT, config: false, today: TODAY };
    const single = await lint(options);
    const reports = [];
    for (let index = 1; index <= 2; index++) reports.push({ file: `shard-${index}.json`, result: await lint({ ...options, shard: { index, count: 2 } }) });
    const merged = mergeReports(reports);
    // One finding at the module's line, reached through both calls; two evaluations and two buckets, one per root.
    const versioning = single.findings.filter((finding) => finding.ruleId === 's3-bucket-versioning-enabled');
    expect(versioning.map((finding) => finding.related.map((entry) => entry.location.file))).toEqual([['testdata/shard/same-name/envs/a/main.tf', 'testdata/shard/same-name/envs/b/main.tf']]);
    expect(single.summary.buckets.map((bucket) => bucket.calledFrom)).toEqual(['testdata/shard/same-name/envs/a/main.tf', 'testdata/shard/same-name/envs/b/main.tf']);
    expect(comparable(merged)).toEqual(comparable(single));
  });

  it('gives the report of one scan for account-level rules too: a service one shard defines is not missing', async () => {
    const single = await scan({ preset: 'all' });
    const reports = await shardedScan(3, { preset: 'all' });
    // Without the other shards, a shard that lacks the detector reports it missing.
    const missingPerShard = reports.map((report) => report.result.findings.filter((finding) => finding.ruleId === 'guardduty-enabled').length);
    expect(missingPerShard.filter((count) => count > 0).length).toBeGreaterThan(0);
    const merged = mergeReports(reports);
    expect(merged.findings.filter((finding) => finding.ruleId === 'guardduty-enabled')).toEqual([]);
    expect(merged.evaluations.filter((evaluation) => evaluation.ruleId === 'guardduty-enabled').map((evaluation) => evaluation.outcome)).toEqual(['pass']);
    // A service no shard defines is missing once, at the first provider block, as one scan anchors it.
    const macie = merged.findings.filter((finding) => finding.ruleId === 'macie-enabled');
    expect(macie.map((finding) => [finding.location.file, finding.location.start.line])).toEqual([['testdata/shard/monorepo/envs/dev/main.tf', 1]]);
    expect(comparable(merged)).toEqual(comparable(single));
  });

  it('keeps the merged exit code of one scan', async () => {
    const single = await scan();
    const merged = mergeReports(await shardedScan(3));
    expect(exitCodeFor(merged, merged.summary.failOn)).toBe(exitCodeFor(single, single.summary.failOn));
    expect(exitCodeFor(merged, merged.summary.failOn)).toBe(1);
  });
});

describe('what one scan would say where shards see different parts', () => {
  it('reports a broken file of a shared module once, as the error one scan reports', async () => {
    const paths = ['testdata/shard/shared-error'];
    const single = await scan({ paths });
    const reports = await shardedScan(2, { paths });
    const severities = reports.map((report) => report.result.errors.map((diagnostic) => diagnostic.severity));
    // The shard that scans lib/ reports the error; the other loads lib/ for its caller and reports a context warning.
    expect(severities.sort()).toEqual([['error'], ['warning']]);
    const merged = mergeReports(reports);
    expect(merged.errors.map((diagnostic) => [diagnostic.file, diagnostic.severity, diagnostic.code])).toEqual([['testdata/shard/shared-error/lib/broken.tf', 'error', 'parse-error']]);
    expect(comparable(merged)).toEqual(comparable(single));
    expect(exitCodeFor(merged, merged.summary.failOn)).toBe(2);
  });

  for (const count of [2, 3]) {
    it(`judges a module reached through a folder outside the scan only through its caller (${count} shards)`, async () => {
      const options = { paths: ['testdata/shard/chain'], exclude: ['testdata/shard/chain/wrapper/'], preset: 'all' };
      const single = await scan(options);
      const merged = mergeReports(await shardedScan(count, options));
      const leaf = merged.summary.buckets.filter((bucket) => bucket.file === 'testdata/shard/chain/leaf/main.tf').map((bucket) => bucket.id);
      expect(leaf).toEqual(['module.storage.module.leaf.aws_s3_bucket.this']);
      expect(comparable(merged)).toEqual(comparable(single));
    });
  }

  it('says an empty shard has nothing to scan, without failing, and drops that note once merged', async () => {
    const reports = await shardedScan(8);
    const empty = reports.filter((report) => report.result.summary.filesDiscovered === 0);
    expect(empty.map((report) => report.file)).toEqual(['shard-8.json']);
    expect(empty[0].result.errors.map((diagnostic) => [diagnostic.code, diagnostic.severity])).toEqual([['nothing-to-scan', 'note']]);
    expect(exitCodeFor(empty[0].result, empty[0].result.summary.failOn)).toBe(0);
    const merged = mergeReports(reports);
    expect(merged.errors).toEqual([]);
    expect(comparable(merged)).toEqual(comparable(await scan()));
  });

  it('keeps the note when every shard is empty', async () => {
    const reports = await shardedScan(2, { paths: ['testdata/shard/monorepo/stacks/site.yaml'] });
    const merged = mergeReports([reports[1], reports[1]]);
    expect(merged.errors.map((diagnostic) => diagnostic.code)).toEqual(['nothing-to-scan']);
    expect(merged.summary.filesDiscovered).toBe(0);
  });
});

describe('account-level rules across shards', () => {
  const range = (file, line) => ({ file, start: { line, column: 1 }, end: { line, column: 20 } });
  const resource = { id: 'project', type: 'project', framework: 'terraform' };
  /** A shard's report on one account-level rule: the detector missing at its anchor, or another verdict. */
  function shard(anchorFile, verdict) {
    const anchor = range(anchorFile, 1);
    const missing = { ruleId: 'guardduty-enabled', practice: 'guardduty.enabled', severity: 'warning', messageId: 'missing', message: 'No GuardDuty detector is defined', location: anchor, resource, related: [], remediation: '', helpUri: '', fingerprint: `fp-${anchorFile}` };
    const evaluation = { ruleId: 'guardduty-enabled', practice: 'guardduty.enabled', resource, location: anchor, outcome: verdict === 'missing' ? 'fail' : verdict };
    if (verdict === 'unresolved') evaluation.unresolved = [{ location: range(anchorFile, 7), reason: 'whether detector aws_guardduty_detector.main is enabled depends on var.enabled' }];
    const summary = { filesDiscovered: 1, filesScanned: 1, resources: 1, buckets: [], findings: { error: 0, warning: verdict === 'missing' ? 1 : 0, note: 0 }, suppressed: 0, unresolved: 0, errors: 0, rules: ['guardduty-enabled'], preset: 'account-baseline', failOn: 'error', durationMs: 5 };
    return { file: `${anchorFile}.json`, result: { version: 1, tool: { name: 's3lint', version: '0', informationUri: '' }, findings: verdict === 'missing' ? [missing] : [], suppressed: [], errors: [], evaluations: [evaluation], summary } };
  }

  it('is undecided when one shard cannot tell and no shard finds the service', () => {
    const merged = mergeReports([shard('b/main.tf', 'missing'), shard('c/main.tf', 'unresolved'), shard('a/main.tf', 'missing')]);
    expect(merged.findings).toEqual([]);
    expect(merged.evaluations).toEqual([
      {
        ruleId: 'guardduty-enabled',
        practice: 'guardduty.enabled',
        resource,
        location: range('a/main.tf', 1),
        outcome: 'unresolved',
        unresolved: [{ location: range('c/main.tf', 7), reason: 'whether detector aws_guardduty_detector.main is enabled depends on var.enabled' }],
      },
    ]);
    expect(merged.summary.unresolved).toBe(1);
  });

  it('reports the service missing once, at the first anchor, when every shard misses it', () => {
    const merged = mergeReports([shard('b/main.tf', 'missing'), shard('a/main.tf', 'missing')]);
    expect(merged.findings.map((finding) => finding.location.file)).toEqual(['a/main.tf']);
    expect(merged.evaluations.map((evaluation) => [evaluation.location.file, evaluation.outcome])).toEqual([['a/main.tf', 'fail']]);
    expect(merged.summary.findings).toEqual({ error: 0, warning: 1, note: 0 });
  });
});

describe('merging, in itself', () => {
  it('does not depend on the order of the reports', async () => {
    const reports = await shardedScan(3, { preset: 'all' });
    const forward = mergeReports(reports);
    const backward = mergeReports([...reports].reverse());
    expect({ ...backward, summary: { ...backward.summary, durationMs: 0 } }).toEqual({ ...forward, summary: { ...forward.summary, durationMs: 0 } });
  });

  it('sorts findings as one scan does and evaluations by rule, then place', async () => {
    const merged = mergeReports(await shardedScan(3));
    for (let index = 1; index < merged.findings.length; index++) expect(compareFindings(merged.findings[index - 1], merged.findings[index])).toBeLessThanOrEqual(0);
    const rank = (evaluation) => merged.summary.rules.indexOf(evaluation.ruleId);
    for (let index = 1; index < merged.evaluations.length; index++) expect(rank(merged.evaluations[index - 1])).toBeLessThanOrEqual(rank(merged.evaluations[index]));
  });

  it('counts overlapping shards once in its lists, and takes the longest duration', async () => {
    const [first] = await shardedScan(2, { preset: 'all' });
    const slower = { ...first.result, summary: { ...first.result.summary, durationMs: first.result.summary.durationMs + 1000 } };
    const merged = mergeReports([first, { file: 'again.json', result: slower }]);
    const alone = mergeReports([first]);
    expect(first.result.findings.some((finding) => finding.resource.type === 'project')).toBe(true);
    expect(merged.findings).toEqual(first.result.findings);
    expect(merged.suppressed).toEqual(first.result.suppressed);
    expect(merged.evaluations).toEqual(alone.evaluations);
    expect(merged.evaluations.length).toBe(first.result.evaluations.length);
    expect(merged.summary.buckets).toEqual(alone.summary.buckets);
    expect(merged.summary.buckets.length).toBe(first.result.summary.buckets.length);
    expect(merged.summary.findings).toEqual(first.result.summary.findings);
    expect(merged.summary.durationMs).toBe(first.result.summary.durationMs + 1000);
    // Files are counted per report: overlapping shards are not what --shard makes.
    expect(merged.summary.filesDiscovered).toBe(2 * first.result.summary.filesDiscovered);
  });

  it('takes preset and fail-on from the reports, and refuses reports of different settings', async () => {
    const [one, two] = await shardedScan(2);
    const strict = { file: 'strict.json', result: { ...two.result, summary: { ...two.result.summary, preset: 'strict' } } };
    expect(() => mergeReports([one, strict])).toThrow(new ReportMergeError('strict.json: preset strict, but shard-1.json has recommended; merge the reports of one scan'));
    const warning = { file: 'warning.json', result: { ...two.result, summary: { ...two.result.summary, failOn: 'warning' } } };
    expect(() => mergeReports([one, warning])).toThrow(/^warning\.json: fail-on warning, but shard-1\.json has error; merge the reports of one scan, or give --fail-on$/);
    const overridden = mergeReports([one, warning], { failOn: 'none' });
    expect(overridden.summary.failOn).toBe('none');
    expect(exitCodeFor(overridden, overridden.summary.failOn)).toBe(0);
    expect(() => mergeReports([])).toThrow(ReportMergeError);
  });
});

describe('reading reports', () => {
  const write = (name, text) => {
    const file = path.join(temporary, name);
    writeFileSync(file, text);
    return file;
  };

  it('reads the JSON a scan writes', async () => {
    const result = await scan();
    const file = write('report.json', `${JSON.stringify(result, null, 2)}\n`);
    const [read] = await readReports([file], ROOT);
    expect(read).toEqual({ file, result });
  });

  it('names the file of a report it cannot read or use', async () => {
    await expect(readReports(['no-such-report.json'], temporary)).rejects.toThrow(new ReportMergeError('no-such-report.json: cannot read the report: no such file'));
    expect(() => parseReport('broken.json', '{"version": 1,')).toThrow(/^broken\.json: not valid JSON \(.+\); merge reads reports written by s3lint --format json$/);
    expect(() => parseReport('sarif.json', '{"version": "2.1.0", "runs": []}')).toThrow(new ReportMergeError('sarif.json: not an s3lint JSON report (written by s3lint --format json)'));
    expect(() => parseReport('list.json', '[]')).toThrow(new ReportMergeError('list.json: not an s3lint JSON report (written by s3lint --format json)'));
  });

  it('refuses a report of another version, and one with a part missing', async () => {
    const result = await scan();
    expect(() => parseReport('v2.json', JSON.stringify({ ...result, version: 2 }))).toThrow(
      new ReportMergeError(`v2.json: report version 2; this s3lint merges version ${REPORT_VERSION} (merge reports written by the same s3lint version)`),
    );
    const { evaluations: _dropped, ...withoutEvaluations } = result;
    expect(() => parseReport('cut.json', JSON.stringify(withoutEvaluations))).toThrow(new ReportMergeError('cut.json: not an s3lint JSON report: "evaluations" is not a list'));
    const badFinding = { ...result, findings: [{ ...result.findings[0], location: { file: 'x.tf' } }] };
    expect(() => parseReport('bad.json', JSON.stringify(badFinding))).toThrow(new ReportMergeError('bad.json: not an s3lint JSON report: findings[0] lacks its rule, severity, location, resource or fingerprint'));
    const badFailOn = { ...result, summary: { ...result.summary, failOn: 'sometimes' } };
    expect(() => parseReport('fail-on.json', JSON.stringify(badFailOn))).toThrow(new ReportMergeError('fail-on.json: not an s3lint JSON report: "summary" lacks its preset or failOn'));
  });
});
