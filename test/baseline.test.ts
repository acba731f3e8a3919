/**
 * Baselines through real scans: record, move lines and reformat, add a second public statement, fix a finding,
 * and corrupt the file.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyBaseline,
  applyBaselineToResult,
  createBaseline,
  describeResolved,
  formatBaseline,
  loadBaseline,
  parseBaseline,
  type Baseline,
} from '../src/engine/baseline.js';
import { fingerprint, lint } from '../src/engine/lint.js';
import type { Finding, RunResult } from '../src/engine/result.js';
import { RULES } from '../rules/index.js';
import { defineRule } from '../src/engine/rule.js';

let root: string;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 's3lint-baseline-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function scan(folder: string): Promise<RunResult> {
  const result = await lint({ paths: ['.'], cwd: folder, preset: 'all' });
  expect(result.errors).toEqual([]);
  return result;
}

function write(folder: string, source: string): void {
  writeFileSync(path.join(folder, 'main.tf'), source);
}

const statement = (sid: string, action: string): string => `      {
        Sid       = "${sid}"
        Effect    = "Allow"
        Principal = "*"
        Action    = "${action}"
        Resource  = "\${aws_s3_bucket.site.arn}/*"
      },`;

const ORIGINAL = `resource "aws_s3_bucket" "site" {
  bucket = "acme-site"
}

resource "aws_s3_bucket_policy" "site" {
  bucket = aws_s3_bucket.site.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
${statement('PublicRead', 's3:GetObject')}
    ]
  })
}
`;

/** The same configuration with comments, blank lines and other spacing: every finding moves. */
const MOVED = `# The public website bucket.
# Reviewed by the platform team.


resource "aws_s3_bucket" "site" {

  # its name
  bucket      =      "acme-site"

}
/* the policy */

resource "aws_s3_bucket_policy" "site" {
  bucket=aws_s3_bucket.site.id


  policy = jsonencode({
      Version = "2012-10-17"

      Statement = [
        # readable by everyone, on purpose
        {
          Sid = "PublicRead"
          Effect = "Allow"
          Principal = "*"
          Action = "s3:GetObject"
          Resource = "\${aws_s3_bucket.site.arn}/*"
        },
      ]
  })
}
`;

describe('baselines through a real scan', () => {
  let folder: string;
  let first: RunResult;
  let baseline: Baseline;

  beforeAll(async () => {
    folder = path.join(root, 'site');
    mkdirSync(folder);
    write(folder, ORIGINAL);
    first = await scan(folder);
    baseline = createBaseline(first.findings);
  });

  it('records every finding, sorted, with counts and the first message', () => {
    expect(first.findings.length).toBeGreaterThanOrEqual(3);
    const policy = baseline.entries.find((entry) => entry.ruleId === 's3-bucket-policy-not-public');
    expect(policy).toMatchObject({ file: 'main.tf', resource: 'aws_s3_bucket.site', messageId: 'publicPolicy', count: 1 });
    expect(policy?.message).toContain('statement "PublicRead"');
    expect(baseline.entries.reduce((sum, entry) => sum + entry.count, 0)).toBe(first.findings.length);
    const keys = baseline.entries.map((entry) => `${entry.file} ${entry.resource} ${entry.ruleId} ${entry.messageId}`);
    expect(keys).toEqual([...keys].sort());
  });

  it('round-trips through its file: pretty, stable, with a trailing newline', () => {
    const text = formatBaseline(baseline);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "entries": [\n    {\n      "ruleId": ');
    expect(Object.keys(JSON.parse(text).entries[0])).toEqual(['ruleId', 'file', 'resource', 'messageId', 'fingerprint', 'count', 'message']);
    const parsed = parseBaseline(text, '.s3lint-baseline.json');
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.baseline).toEqual(baseline);
    expect(formatBaseline(parsed.baseline!)).toBe(text);
    // Findings in another order give the same bytes.
    expect(formatBaseline(createBaseline([...first.findings].reverse()))).toBe(text);
  });

  it('covers every finding of the run it was written from', () => {
    const match = applyBaseline(first.findings, baseline, '.s3lint-baseline.json');
    expect(match.findings).toEqual([]);
    expect(match.resolved).toEqual([]);
    expect(match.baselined).toHaveLength(first.findings.length);
    for (const finding of match.baselined) {
      expect(finding.suppression).toEqual({ kind: 'baseline', reason: 'in the baseline .s3lint-baseline.json' });
    }
    // The input is not modified.
    expect(first.findings.every((finding) => finding.suppression === undefined)).toBe(true);
  });

  it('survives moved lines, comments and reformatting: no new findings', async () => {
    write(folder, MOVED);
    const moved = await scan(folder);
    const lines = (result: RunResult): number[] => result.findings.map((finding) => finding.location.start.line).sort();
    expect(lines(moved)).not.toEqual(lines(first)); // the test means something: every finding moved
    expect(moved.findings).toHaveLength(first.findings.length);
    const match = applyBaseline(moved.findings, baseline, 'b.json');
    expect(match.findings).toEqual([]);
    expect(match.resolved).toEqual([]);
  });

  it('reports a second public statement on the same bucket as exactly one new finding', async () => {
    // Added above the recorded one: the recorded message picks out the old statement, not the source order.
    write(folder, ORIGINAL.replace(statement('PublicRead', 's3:GetObject'), `${statement('PublicList', 's3:ListBucket')}\n${statement('PublicRead', 's3:GetObject')}`));
    const added = await scan(folder);
    expect(added.findings.filter((f) => f.ruleId === 's3-bucket-policy-not-public')).toHaveLength(2);
    const match = applyBaseline(added.findings, baseline, 'b.json');
    expect(match.findings).toHaveLength(1);
    expect(match.findings[0]).toMatchObject({ ruleId: 's3-bucket-policy-not-public', messageId: 'publicPolicy' });
    expect(match.findings[0]!.message).toContain('statement "PublicList"');
    expect(match.findings[0]!.suppression).toBeUndefined();
    expect(match.baselined).toHaveLength(first.findings.length);
    expect(match.resolved).toEqual([]);
  });

  it('without distinguishing messages, the extra occurrence is the later one in source order', () => {
    const one = first.findings.find((f) => f.ruleId === 's3-bucket-policy-not-public')!;
    const later: Finding = { ...one, message: 'other', location: { ...one.location, start: { line: 40, column: 3 }, end: { line: 45, column: 4 } } };
    const earlier: Finding = { ...one, message: 'other' };
    const match = applyBaseline([later, earlier], createBaseline([earlier]), 'b.json');
    expect(match.findings).toEqual([later]);
    expect(match.baselined.map((f) => f.location.start.line)).toEqual([earlier.location.start.line]);
  });

  it('lists a fixed finding as resolved', async () => {
    write(
      folder,
      `${ORIGINAL}
resource "aws_s3_bucket_versioning" "site" {
  bucket = aws_s3_bucket.site.id
  versioning_configuration {
    status = "Enabled"
  }
}
`,
    );
    const fixed = await scan(folder);
    const match = applyBaseline(fixed.findings, baseline, 'b.json');
    // Turning versioning on brings new practices into play (noncurrent expiry, MFA delete): new findings, not baselined ones.
    expect(match.findings.map((finding) => finding.ruleId)).toEqual(['s3-bucket-lifecycle-noncurrent-expiration', 's3-bucket-mfa-delete-enabled']);
    expect(match.resolved).toHaveLength(1);
    expect(match.resolved[0]).toMatchObject({ ruleId: 's3-bucket-versioning-enabled', resource: 'aws_s3_bucket.site', count: 1 });
    expect(describeResolved(match.resolved[0]!)).toBe(
      `s3-bucket-versioning-enabled (${match.resolved[0]!.messageId}) on aws_s3_bucket.site in main.tf: 1 finding no longer occurs`,
    );
  });

  it('tells statements apart: a removed one is resolved, the other still covered', async () => {
    write(folder, ORIGINAL.replace(statement('PublicRead', 's3:GetObject'), `${statement('PublicRead', 's3:GetObject')}\n${statement('PublicList', 's3:ListBucket')}`));
    const two = createBaseline((await scan(folder)).findings);
    const publicEntries = two.entries.filter((entry) => entry.messageId === 'publicPolicy');
    expect(publicEntries.map((entry) => [entry.discriminator, entry.count])).toEqual([
      ['sid:PublicList', 1],
      ['sid:PublicRead', 1],
    ]);
    write(folder, ORIGINAL);
    const match = applyBaseline((await scan(folder)).findings, two, 'b.json');
    expect(match.findings).toEqual([]);
    expect(match.resolved).toEqual([expect.objectContaining({ messageId: 'publicPolicy', discriminator: 'sid:PublicList', count: 1 })]);
    expect(describeResolved(match.resolved[0]!)).toBe('s3-bucket-policy-not-public (publicPolicy, statement "PublicList") on aws_s3_bucket.site in main.tf: 1 finding no longer occurs');
  });

  it('tells statements without a Sid apart by what they say, wherever they stand', async () => {
    const withoutSid = (action: string) => statement('X', action).replace('        Sid       = "X"\n', '');
    const policyOf = (actions: string[]) => ORIGINAL.replace(statement('PublicRead', 's3:GetObject'), actions.map(withoutSid).join('\n'));
    const publicFingerprints = async (actions: string[]) => {
      write(folder, policyOf(actions));
      return (await scan(folder)).findings.filter((finding) => finding.messageId === 'publicPolicy').map((finding) => finding.fingerprint);
    };
    const before = await publicFingerprints(['s3:GetObject', 's3:ListBucket']);
    expect(new Set(before).size).toBe(2);
    const swapped = await publicFingerprints(['s3:ListBucket', 's3:GetObject']);
    expect([...swapped].sort()).toEqual([...before].sort());
  });

  it('tells CloudFormation statements apart by what their intrinsics say, whatever the quoting', async () => {
    const template = (first: string, second: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Site:
    Type: AWS::S3::Bucket
  SitePolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Site
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: s3:GetObject
            Resource: ${first}
          - Effect: Allow
            Principal: "*"
            Action: s3:GetObject
            Resource: ${second}
`;
    const publicFingerprints = async (text: string) => {
      rmSync(path.join(folder, 'main.tf'), { force: true });
      writeFileSync(path.join(folder, 'site.yaml'), text);
      const result = await lint({ paths: ['.'], cwd: folder, preset: 'all' });
      rmSync(path.join(folder, 'site.yaml'));
      return result.findings.filter((finding) => finding.messageId === 'publicPolicy').map((finding) => finding.fingerprint);
    };
    const before = await publicFingerprints(template(`!Sub '\${Site.Arn}/public/*'`, `!Sub '\${Site.Arn}/downloads/*'`));
    expect(new Set(before).size).toBe(2);
    const requoted = await publicFingerprints(template(`!Sub "\${Site.Arn}/public/*"`, `{ "Fn::Sub": "\${Site.Arn}/downloads/*" }`));
    expect(requoted).toEqual(before);
  });

  it('treats an empty discriminator as none', async () => {
    write(folder, ORIGINAL);
    const rule = defineRule({
      id: 'test-empty-discriminator',
      meta: { title: 't', description: 't', practice: 's3.versioning', severity: 'warning', presets: [], frameworks: ['terraform'], messages: { m: 'm' }, remediation: {}, references: [], equivalents: {} },
      appliesTo: 'bucket',
      check(bucket, context) {
        context.report({ messageId: 'm', at: bucket.subject.headerRange, discriminator: '' });
      },
    });
    const [finding] = (await lint({ paths: ['.'], cwd: folder, rules: [rule] })).findings;
    expect(finding).toBeDefined();
    expect(finding!.discriminator).toBeUndefined();
    expect(finding!.fingerprint).toBe(fingerprint({ ruleId: rule.id, file: 'main.tf', resource: 'aws_s3_bucket.site', messageId: 'm' }));
    expect(parseBaseline(formatBaseline(createBaseline([finding!])), 'b.json').diagnostics).toEqual([]);
  });

  it('still matches, by count, a baseline written before statements were told apart', async () => {
    write(folder, ORIGINAL.replace(statement('PublicRead', 's3:GetObject'), `${statement('PublicRead', 's3:GetObject')}\n${statement('PublicList', 's3:ListBucket')}`));
    const findings = (await scan(folder)).findings;
    // What such a baseline holds: one entry per rule, file, resource and message, with a count.
    const old = createBaseline(findings.map(({ discriminator, ...finding }) => ({ ...finding, fingerprint: fingerprint({ ...finding, file: finding.location.file, resource: finding.resource.id }) })));
    const oldPublic = old.entries.filter((entry) => entry.messageId === 'publicPolicy');
    expect(oldPublic.map((entry) => [entry.discriminator, entry.count])).toEqual([[undefined, 2]]);
    expect(findings.filter((finding) => finding.messageId === 'publicPolicy').every((finding) => finding.fingerprint !== oldPublic[0]!.fingerprint)).toBe(true);
    const match = applyBaseline(findings, old, 'b.json');
    expect(match.findings).toEqual([]);
    expect(match.resolved).toEqual([]);
    // A third public statement is still one new finding.
    write(folder, ORIGINAL.replace(statement('PublicRead', 's3:GetObject'), `${statement('PublicRead', 's3:GetObject')}\n${statement('PublicList', 's3:ListBucket')}\n${statement('PublicAcl', 's3:GetObjectAcl')}`));
    const three = applyBaseline((await scan(folder)).findings, old, 'b.json');
    expect(three.findings.map((finding) => finding.discriminator)).toEqual(['sid:PublicAcl']);
  });

  it('reads back the baseline of findings inside a module, and covers them', async () => {
    const modules = path.resolve(import.meta.dirname, '..', 'testdata', 'terraform-evaluation', 'modules');
    const run = await lint({ paths: ['.'], cwd: modules, preset: 'all', config: false });
    const fromModule = run.findings.filter((finding) => finding.resource.calledFrom !== undefined);
    expect(fromModule.length).toBeGreaterThan(3);
    const parsed = parseBaseline(formatBaseline(createBaseline(run.findings)), 'b.json');
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.baseline!.entries.filter((entry) => entry.calledFrom !== undefined)).toHaveLength(new Set(fromModule.map((finding) => finding.fingerprint)).size);
    const match = applyBaseline(run.findings, parsed.baseline!, 'b.json');
    expect(match.findings).toEqual([]);
    expect(match.resolved).toEqual([]);
  });

  it('applies to a whole RunResult: suppressed list, summary, evaluations, resolved vs unchecked', async () => {
    write(folder, ORIGINAL.replace(statement('PublicRead', 's3:GetObject'), `${statement('PublicList', 's3:ListBucket')}\n${statement('PublicRead', 's3:GetObject')}`));
    const added = await scan(folder);
    const { result, resolved, unchecked } = applyBaselineToResult(added, baseline, 'b.json');
    expect(result.findings).toHaveLength(1);
    expect(result.suppressed).toHaveLength(first.findings.length);
    expect(result.suppressed.every((finding) => finding.suppression?.kind === 'baseline')).toBe(true);
    expect(result.summary.suppressed).toBe(first.findings.length);
    expect(result.summary.findings).toEqual({ error: 1, warning: 0, note: 0 });
    const outcome = (ruleId: string): string | undefined => result.evaluations.find((e) => e.ruleId === ruleId)?.outcome;
    expect(outcome('s3-bucket-policy-not-public')).toBe('fail'); // a new finding remains
    expect(outcome('s3-bucket-versioning-enabled')).toBe('suppressed'); // only baselined findings
    expect(resolved).toEqual([]);
    expect(unchecked).toEqual([]);

    // A run without the versioning rule cannot tell whether that finding is gone.
    const partial = await lint({ paths: ['.'], cwd: folder, rules: RULES.filter((rule) => rule.id !== 's3-bucket-versioning-enabled') });
    const split = applyBaselineToResult(partial, baseline, 'b.json');
    expect(split.resolved).toEqual([]);
    expect(split.unchecked.map((entry) => entry.ruleId)).toEqual(['s3-bucket-versioning-enabled']);
  });
});

describe('invalid baseline files', () => {
  const FILE = '.s3lint-baseline.json';
  const valid = (): Baseline =>
    createBaseline([
      {
        ruleId: 's3-bucket-versioning-enabled',
        practice: 's3.versioning',
        severity: 'warning',
        messageId: 'missing',
        message: 'Bucket aws_s3_bucket.site does not enable versioning',
        location: { file: 'main.tf', start: { line: 1, column: 1 }, end: { line: 1, column: 30 } },
        resource: { id: 'aws_s3_bucket.site', type: 'aws_s3_bucket', framework: 'terraform' },
        related: [],
        remediation: '',
        helpUri: '',
        fingerprint: '',
      },
    ]);

  function only(text: string): { message: string; line?: number } {
    const { baseline, diagnostics } = parseBaseline(text, FILE);
    expect(baseline).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ file: FILE, code: 'baseline-error', severity: 'error' });
    return { message: diagnostics[0]!.message, line: diagnostics[0]!.location?.start.line };
  }

  it('uses the fingerprint the engine computes', () => {
    const text = formatBaseline(withFingerprints(valid()));
    expect(parseBaseline(text, FILE).diagnostics).toEqual([]);
  });

  it('rejects an empty file', () => {
    expect(only('').message).toBe(`invalid baseline ${FILE}: the file is empty; write one with --write-baseline`);
    expect(only(' \n').message).toBe(`invalid baseline ${FILE}: the file is empty; write one with --write-baseline`);
  });

  it('rejects broken JSON with its position', () => {
    const result = only('{\n  "version": 1,\n  "tool": "s3lint"\n  "entries": []\n}\n');
    expect(result.message).toMatch(/^invalid baseline \.s3lint-baseline\.json: not valid JSON \(.+\)$/);
    expect(result.line).toBe(4);
  });

  it('rejects another shape', () => {
    expect(only('[]').message).toBe(`invalid baseline ${FILE}: expected a JSON object with version, tool and entries`);
    expect(only('{"version":1,"tool":"eslint","entries":[]}').message).toBe(`invalid baseline ${FILE}: "tool" must be "s3lint", found "eslint"`);
    expect(only('{"version":2,"tool":"s3lint","entries":[]}').message).toBe(
      `invalid baseline ${FILE}: unsupported version 2; this s3lint reads version 1`,
    );
    expect(only('{"version":1,"tool":"s3lint"}').message).toBe(`invalid baseline ${FILE}: "entries" must be an array, found nothing`);
  });

  it('rejects bad entries, naming each', () => {
    const good = withFingerprints(valid()).entries[0]!;
    const text = JSON.stringify({
      version: 1,
      tool: 's3lint',
      entries: [good, 'x', { ...good, count: 0 }, { ...good, ruleId: '' }, { ...good, count: 1.5, file: 7 }],
    });
    expect(only(text).message).toBe(
      `invalid baseline ${FILE}: entries[1] must be an object, found "x"; ` +
        'entries[2].count must be a whole number of at least 1, found 0; ' +
        'entries[3].ruleId must be a non-empty string, found ""; ' +
        'entries[4].file must be a non-empty string, found 7; ' +
        'entries[4].count must be a whole number of at least 1, found 1.5',
    );
  });

  it('rejects hand-edited fingerprints and duplicate entries', () => {
    const good = withFingerprints(valid()).entries[0]!;
    const renamed = JSON.stringify({ version: 1, tool: 's3lint', entries: [{ ...good, file: 'other.tf' }] });
    expect(only(renamed).message).toBe(
      `invalid baseline ${FILE}: entries[0].fingerprint ${good.fingerprint} does not belong to s3-bucket-versioning-enabled / other.tf / aws_s3_bucket.site / missing ` +
        '(edited by hand, or written by another s3lint version?); regenerate the file with --write-baseline',
    );
    const twice = JSON.stringify({ version: 1, tool: 's3lint', entries: [good, good] });
    expect(only(twice).message).toBe(
      `invalid baseline ${FILE}: entries[1] repeats entries[0] (s3-bucket-versioning-enabled on aws_s3_bucket.site in main.tf); keep one entry with the total count`,
    );
  });

  it('reports a missing file or a folder', async () => {
    expect(await loadBaseline('nope.json', root)).toEqual({
      diagnostics: [
        {
          file: 'nope.json',
          code: 'baseline-error',
          severity: 'error',
          message: 'cannot read baseline nope.json: the file does not exist; create it with --write-baseline',
        },
      ],
    });
    expect((await loadBaseline('.', root)).diagnostics[0]?.message).toBe('cannot read baseline .: it is a folder, not a file');
  });
});

/** Fills the fingerprints as lint() would (the test findings above carry an empty one). */
function withFingerprints(baseline: Baseline): Baseline {
  return {
    ...baseline,
    entries: baseline.entries.map((entry) => ({ ...entry, fingerprint: fingerprint(entry) })),
  };
}
