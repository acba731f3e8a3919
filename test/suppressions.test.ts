/**
 * Inline suppressions through the real engine: `lint()` on a fixture under testdata/suppressions/ collects and
 * applies the suppressions of its files; the unit tests at the end call the functions directly.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cloudFormationResources, parseCloudFormation } from '../parsers/cloudformation/index.js';
import { parseHclFile } from '../parsers/terraform/hcl/to-value.js';
import { terraformResources } from '../parsers/terraform/module.js';
import { RULES } from '../rules/index.js';
import { lint, type LintOptions } from '../src/engine/lint.js';
import { compareFindings, type Evaluation, type Finding, type FindingResource } from '../src/engine/result.js';
import {
  applySuppressions,
  cloudFormationSuppressions,
  collectSuppressions,
  localDate,
  type Suppression,
} from '../src/engine/suppressions.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const DIR = 'testdata/suppressions';
const KNOWN = new Set(RULES.map((rule) => rule.id));
const TODAY = '2026-06-01';
/** The rules these fixtures were written for: new rules in the default preset must not change what they test. */
const FIXTURE_RULES = RULES.filter((rule) =>
  [
    's3-bucket-acl-not-public',
    's3-bucket-encryption-valid',
    's3-bucket-policy-not-public',
    's3-bucket-policy-requires-tls',
    's3-bucket-public-access-block',
    's3-bucket-versioning-enabled',
  ].includes(rule.id),
);

interface ScanOptions {
  today?: string;
  rules?: LintOptions['rules'];
  /** Only these files are judged (as `--changed-since` makes them). */
  judgedFiles?: readonly string[];
}

/**
 * Lints `target` (a file alone, or a folder as one module) through the engine, which applies the suppressions.
 * `result.findings` is what the scan would report without them; `applied` is what the engine reports.
 */
async function scan(target: string, options: ScanOptions = {}) {
  const engine = await lint({
    paths: [target],
    cwd: ROOT,
    siblingContext: false,
    today: options.today ?? TODAY,
    rules: options.rules ?? FIXTURE_RULES,
    ...(options.judgedFiles ? { changedFiles: options.judgedFiles.map((file) => path.join(ROOT, file)) } : {}),
  });
  // The fixtures call a local module that is not expanded: that note is not what these tests are about.
  const isSuppressionDiagnostic = (code: string): boolean => code.startsWith('suppression-');
  expect(engine.errors.filter((diagnostic) => !isSuppressionDiagnostic(diagnostic.code) && diagnostic.code !== 'module-not-expanded')).toEqual([]);
  const unsuppressed = [...engine.findings, ...engine.suppressed.map(({ suppression: _suppression, ...finding }) => finding)].sort(compareFindings);
  const applied = {
    findings: engine.findings,
    suppressed: engine.suppressed,
    evaluations: engine.evaluations,
    diagnostics: engine.errors.filter((diagnostic) => isSuppressionDiagnostic(diagnostic.code)),
  };
  return { result: { ...engine, findings: unsuppressed }, applied, suppressions: suppressionsOf(target) };
}

/** The suppressions the files of `target` declare, as the engine collects them. */
function suppressionsOf(target: string): Suppression[] {
  const absolute = path.join(ROOT, target);
  const files = statSync(absolute).isDirectory()
    ? readdirSync(absolute, { recursive: true, encoding: 'utf8' }).sort().map((name) => path.posix.join(target, name)).filter((file) => statSync(path.join(ROOT, file)).isFile())
    : [target];
  return files.flatMap((file) => {
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    const declared = collectSuppressions(file, text);
    if (file.endsWith('.tf')) return declared;
    const template = parseCloudFormation(file, text).template;
    const nodes = template ? cloudFormationResources(file, template) : [];
    return [...declared, ...nodes.flatMap(cloudFormationSuppressions)];
  });
}

/** `<line> <rule> <resource>` of each finding, sorted. */
function keys(findings: readonly Finding[]): string[] {
  return findings.map((finding) => `${finding.location.start.line} ${finding.ruleId} ${finding.resource.id}`).sort();
}

/** `<line>:<column> <code>` of each diagnostic. */
function warnings(diagnostics: readonly { code: string; severity: string; location?: { start: { line: number; column: number } } }[]): string[] {
  for (const diagnostic of diagnostics) expect(diagnostic.severity).toBe('warning');
  return diagnostics.map((diagnostic) => `${diagnostic.location?.start.line}:${diagnostic.location?.start.column} ${diagnostic.code}`);
}

function outcome(evaluations: readonly Evaluation[], ruleId: string, resourceId: string): string | undefined {
  return evaluations.find((evaluation) => evaluation.ruleId === ruleId && evaluation.resource.id === resourceId)?.outcome;
}

describe('Terraform comments', () => {
  it('a comment above one carrier of an outside bucket does not silence what a sibling carrier adds', async () => {
    const { applied } = await scan(`${DIR}/terraform/external-siblings.tf`);
    expect(applied.findings.map((finding) => `${finding.location.start.line} ${finding.ruleId} ${finding.messageId}`)).toContain(
      '16 s3-bucket-policy-not-public publicPolicyElsewhere',
    );
    expect(applied.suppressed).toEqual([]);
  });

  it('a comment above a resource silences its rules for that resource only, and the finding stays as suppressed', async () => {
    const { result, applied } = await scan(`${DIR}/terraform/resource.tf`);
    const scratch = applied.suppressed.filter((finding) => finding.resource.id === 'aws_s3_bucket.scratch');
    expect(keys(scratch)).toEqual(['5 s3-bucket-versioning-enabled aws_s3_bucket.scratch']);
    expect(scratch[0]!.suppression).toEqual({ kind: 'inline', reason: 'scratch data, recreated every night' });
    // Everything else about the finding is kept, fingerprint included.
    const original = result.findings.find((finding) => finding.fingerprint === scratch[0]!.fingerprint)!;
    expect({ ...scratch[0], suppression: undefined }).toEqual({ ...original, suppression: undefined });
    // Other rules on the same bucket, and the same rule on other buckets, still report.
    expect(keys(applied.findings)).toContain('5 s3-bucket-policy-requires-tls aws_s3_bucket.scratch');
    expect(keys(applied.findings)).toContain('29 s3-bucket-versioning-enabled aws_s3_bucket.site');
    expect(outcome(applied.evaluations, 's3-bucket-versioning-enabled', 'aws_s3_bucket.scratch')).toBe('suppressed');
    expect(outcome(applied.evaluations, 's3-bucket-policy-requires-tls', 'aws_s3_bucket.scratch')).toBe('fail');
    // Nothing is lost: every finding is either reported or suppressed.
    expect(applied.findings.length + applied.suppressed.length).toBe(result.findings.length);
    expect(applied.diagnostics).toEqual([]);
  });

  it('a comment trailing the header line silences the rules it names, two ids sharing one reason', async () => {
    const { applied } = await scan(`${DIR}/terraform/resource.tf`);
    const cache = applied.suppressed.filter((finding) => finding.resource.id === 'aws_s3_bucket.cache');
    expect(keys(cache)).toEqual([
      '17 s3-bucket-policy-requires-tls aws_s3_bucket.cache',
      '17 s3-bucket-versioning-enabled aws_s3_bucket.cache',
    ]);
    for (const finding of cache) expect(finding.suppression).toEqual({ kind: 'inline', reason: 'build cache, public artefacts only' });
  });

  it('a comment above a split resource silences the findings located in it', async () => {
    const { applied } = await scan(`${DIR}/terraform/resource.tf`);
    expect(keys(applied.suppressed)).toContain('38 s3-bucket-public-access-block aws_s3_bucket.site');
    expect(outcome(applied.evaluations, 's3-bucket-public-access-block', 'aws_s3_bucket.site')).toBe('suppressed');
  });

  it('a comment above or after an attribute silences that attribute, not the rest of the resource', async () => {
    const { applied } = await scan(`${DIR}/terraform/attribute.tf`);
    expect(keys(applied.suppressed)).toEqual([
      '10 s3-bucket-acl-not-public aws_s3_bucket.mirror',
      '17 s3-bucket-versioning-enabled aws_s3_bucket.mirror',
      '5 s3-bucket-acl-not-public aws_s3_bucket.downloads',
    ]);
    expect(keys(applied.findings)).toEqual([
      '2 s3-bucket-policy-requires-tls aws_s3_bucket.downloads',
      '2 s3-bucket-public-access-block aws_s3_bucket.downloads',
      '2 s3-bucket-versioning-enabled aws_s3_bucket.downloads',
      '8 s3-bucket-policy-requires-tls aws_s3_bucket.mirror',
      '8 s3-bucket-public-access-block aws_s3_bucket.mirror',
    ]);
    expect(applied.diagnostics).toEqual([]);
  });

  it('a resource-level comment covers findings about the resource in other files of its module; an attribute inside jsonencode covers its statement', async () => {
    const { applied } = await scan(`${DIR}/terraform/module`);
    expect(keys(applied.suppressed)).toEqual([
      '19 s3-bucket-policy-not-public aws_s3_bucket.other',
      '5 s3-bucket-policy-not-public aws_s3_bucket.dataset',
      '5 s3-bucket-versioning-enabled module.scratch.aws_s3_bucket.tmp',
    ]);
    expect(applied.suppressed.find((finding) => finding.resource.id === 'aws_s3_bucket.dataset')!.location.file).toBe(`${DIR}/terraform/module/policy.tf`);
    // The TLS findings of the same policies are not covered.
    expect(keys(applied.findings)).toContain('3 s3-bucket-policy-requires-tls aws_s3_bucket.dataset');
    expect(keys(applied.findings)).toContain('17 s3-bucket-policy-requires-tls aws_s3_bucket.other');
  });

  it('a comment above a module call silences the resources that call creates, and only those', async () => {
    const { applied } = await scan(`${DIR}/terraform/module`);
    const versioning = (findings: Finding[]) => findings.filter((finding) => finding.ruleId === 's3-bucket-versioning-enabled').map((finding) => `${finding.location.file}:${finding.location.start.line} ${finding.resource.id}`);
    expect(versioning(applied.suppressed)).toEqual([`${DIR}/terraform/module/scratch/main.tf:5 module.scratch.aws_s3_bucket.tmp`]);
    expect(versioning(applied.findings)).toEqual([
      `${DIR}/terraform/module/main.tf:2 aws_s3_bucket.dataset`,
      `${DIR}/terraform/module/main.tf:6 aws_s3_bucket.other`,
      `${DIR}/terraform/module/scratch/main.tf:5 module.kept.aws_s3_bucket.tmp`,
    ]);
    expect(applied.suppressed.find((finding) => finding.resource.id === 'module.scratch.aws_s3_bucket.tmp')?.related).toEqual([
      { location: { file: `${DIR}/terraform/module/main.tf`, start: { line: 12, column: 1 }, end: { line: 12, column: 17 } }, message: 'the module call that creates this resource' },
    ]);
    expect(applied.diagnostics).toEqual([]);
  });

  it('s3lint-ignore-file at the top silences the rule in the whole file, as a file suppression', async () => {
    const { applied } = await scan(`${DIR}/terraform/file-level.tf`);
    expect(keys(applied.suppressed)).toEqual([
      '4 s3-bucket-versioning-enabled aws_s3_bucket.one',
      '8 s3-bucket-versioning-enabled aws_s3_bucket.two',
    ]);
    for (const finding of applied.suppressed) expect(finding.suppression).toEqual({ kind: 'file', reason: 'sandbox account, data is disposable' });
    expect(applied.findings.every((finding) => finding.ruleId !== 's3-bucket-versioning-enabled')).toBe(true);
    expect(applied.diagnostics).toEqual([]);
  });

  it('s3lint-ignore-file after code is misplaced: a warning, and it silences nothing', async () => {
    const { result, applied } = await scan(`${DIR}/terraform/misplaced.tf`);
    expect(applied.suppressed).toEqual([]);
    expect(applied.findings).toEqual(result.findings);
    expect(warnings(applied.diagnostics)).toEqual(['5:1 suppression-misplaced']);
    expect(applied.diagnostics[0]!.message).toContain('before the first line of code (line 1)');
  });

  it('[until …] expires: an expired suppression is reported again with a warning; the date itself is still covered', async () => {
    const before = await scan(`${DIR}/terraform/expiry.tf`, { today: '2026-01-01' });
    expect(keys(before.applied.suppressed)).toEqual(['7 s3-bucket-versioning-enabled aws_s3_bucket.pending']);
    expect(keys(before.applied.findings)).toContain('2 s3-bucket-versioning-enabled aws_s3_bucket.old');
    expect(warnings(before.applied.diagnostics)).toEqual(['1:1 suppression-expired']);
    expect(before.applied.diagnostics[0]!.message).toContain('expired on 2024-01-31; the findings it covered are reported again');

    const lastDay = await scan(`${DIR}/terraform/expiry.tf`, { today: '2027-03-31' });
    expect(keys(lastDay.applied.suppressed)).toEqual(['7 s3-bucket-versioning-enabled aws_s3_bucket.pending']);

    const after = await scan(`${DIR}/terraform/expiry.tf`, { today: '2027-04-01' });
    expect(after.applied.suppressed).toEqual([]);
    expect(warnings(after.applied.diagnostics)).toEqual(['1:1 suppression-expired', '6:1 suppression-expired']);
    expect(after.applied.diagnostics[1]!.message).toContain('expired on 2027-03-31');
  });

  it('reports a suppression without a reason, naming an unknown rule, naming `*`, or silencing nothing', async () => {
    const { result, applied } = await scan(`${DIR}/terraform/problems.tf`);
    expect(applied.suppressed).toEqual([]);
    expect(applied.findings).toEqual(result.findings);
    expect(keys(applied.findings)).toContain('2 s3-bucket-versioning-enabled aws_s3_bucket.no_reason');
    expect(warnings(applied.diagnostics)).toEqual([
      '1:1 suppression-without-reason',
      '6:17 suppression-unknown-rule',
      '11:17 suppression-unused',
      '16:17 suppression-unknown-rule',
      '37:1 suppression-unused',
    ]);
    const [noReason, unknown, unused, star, trailing] = applied.diagnostics;
    expect(noReason!.message).toContain('gives no reason, so it silences nothing');
    expect(unknown!.message).toContain('unknown rule s3-bucket-versioning-enabld');
    expect(unknown!.message).toContain('did you mean s3-bucket-versioning-enabled?');
    expect(unused!.message).toContain('s3-bucket-acl-not-public reports nothing on aws_s3_bucket.unused');
    expect(star!.message).toContain('`*`');
    expect(trailing!.message).toContain('no code follows it');
    for (const diagnostic of applied.diagnostics) expect(diagnostic.file).toBe(`${DIR}/terraform/problems.tf`);
  });

  it('does not judge a suppression unused for a rule that did not run, nor in a file outside the judged files', async () => {
    const versioning = RULES.filter((rule) => rule.id === 's3-bucket-versioning-enabled');
    const onlyVersioning = await scan(`${DIR}/terraform/problems.tf`, { rules: versioning });
    // The acl suppression is not judged; one with no code after it can never silence anything, whatever ran.
    expect(warnings(onlyVersioning.applied.diagnostics)).toEqual([
      '1:1 suppression-without-reason',
      '6:17 suppression-unknown-rule',
      '16:17 suppression-unknown-rule',
      '37:1 suppression-unused',
    ]);

    const elsewhere = await scan(`${DIR}/terraform/problems.tf`, { judgedFiles: ['another.tf'] });
    expect(elsewhere.applied.diagnostics.map((diagnostic) => diagnostic.code)).not.toContain('suppression-unused');
  });

  it('finds comments outside strings only: quoted text, templates and heredocs do not count', () => {
    const file = `${DIR}/terraform/problems.tf`;
    const found = collectSuppressions(file, readFileSync(path.join(ROOT, file), 'utf8'));
    expect(found.map((suppression) => suppression.range.start.line)).toEqual([1, 6, 11, 16, 37]);
  });
});

describe('CloudFormation', () => {
  it('YAML comments: above a logical id, above a property, trailing a property, and file-level', async () => {
    const { applied } = await scan(`${DIR}/cloudformation/comments.yaml`);
    expect(keys(applied.suppressed)).toEqual([
      '16 s3-bucket-policy-requires-tls Downloads',
      '20 s3-bucket-acl-not-public Downloads',
      '22 s3-bucket-versioning-enabled Downloads',
      '7 s3-bucket-policy-requires-tls Logs',
      '7 s3-bucket-versioning-enabled Logs',
    ]);
    const reasons = Object.fromEntries(applied.suppressed.map((finding) => [`${finding.location.start.line} ${finding.ruleId}`, finding.suppression]));
    expect(reasons['7 s3-bucket-versioning-enabled']).toEqual({ kind: 'inline', reason: 'logs are copied to the archive account every hour' });
    expect(reasons['7 s3-bucket-policy-requires-tls']?.kind).toBe('file');
    expect(reasons['20 s3-bucket-acl-not-public']).toEqual({ kind: 'inline', reason: 'public downloads, reviewed (SEC-7)' });
    // The public access block finding stays: the suppressions inside quoted and block scalars are text, not comments.
    expect(keys(applied.findings)).toEqual(['16 s3-bucket-public-access-block Downloads']);
    expect(applied.diagnostics).toEqual([]);
  });

  it('YAML: ignores s3lint-ignore inside quoted strings and block scalars', () => {
    const file = `${DIR}/cloudformation/comments.yaml`;
    const found = collectSuppressions(file, readFileSync(path.join(ROOT, file), 'utf8'));
    expect(found.map((suppression) => `${suppression.range.start.line} ${suppression.kind}`)).toEqual(['1 file', '6 next', '19 next', '22 line']);
    expect(found[1]!.targetLine).toBe(7);
  });

  it('Metadata in YAML: a list of ids, expiry, and the same warnings as comments', async () => {
    const { applied } = await scan(`${DIR}/cloudformation/metadata.yaml`);
    expect(keys(applied.suppressed)).toEqual(['3 s3-bucket-policy-requires-tls Assets', '3 s3-bucket-versioning-enabled Assets']);
    for (const finding of applied.suppressed) expect(finding.suppression).toEqual({ kind: 'inline', reason: 'static assets, rebuilt on every deploy' });
    // The public access block entry expired in 2024.
    expect(keys(applied.findings)).toEqual(['3 s3-bucket-public-access-block Assets']);
    expect(warnings(applied.diagnostics)).toEqual(['10:13 suppression-expired', '13:13 suppression-without-reason', '14:17 suppression-unknown-rule']);
    expect(applied.diagnostics[2]!.message).toContain('did you mean s3-bucket-acl-not-public?');
  });

  it('Metadata in JSON templates, which have no comments', async () => {
    const { applied, suppressions } = await scan(`${DIR}/cloudformation/metadata.json`);
    expect(suppressions.map((suppression) => suppression.kind)).toEqual(['metadata', 'metadata']);
    expect(keys(applied.suppressed)).toEqual(['4 s3-bucket-versioning-enabled Reports']);
    expect(applied.suppressed[0]!.suppression).toEqual({ kind: 'inline', reason: 'reports are regenerated from the warehouse' });
    expect(warnings(applied.diagnostics)).toEqual(['10:21 suppression-unused']);
    expect(outcome(applied.evaluations, 's3-bucket-versioning-enabled', 'Reports')).toBe('suppressed');
  });
});

describe('collectSuppressions', () => {
  const one = (text: string, file = 'main.tf'): Suppression => {
    const found = collectSuppressions(file, text);
    expect(found).toHaveLength(1);
    return found[0]!;
  };

  it('records the comment range, each id with its range, the reason, the kind and the target line', () => {
    const text = 'resource "aws_s3_bucket" "a" {\n  # s3lint-ignore  rule-a ,rule-b : a reason  \n\n  # another comment\n  acl = "public-read"\n}\n';
    const suppression = one(text);
    expect(suppression).toMatchObject({
      file: 'main.tf',
      kind: 'next',
      range: { file: 'main.tf', start: { line: 2, column: 3 }, end: { line: 2, column: 45 } },
      reason: 'a reason',
      targetLine: 5,
      targetText: 'acl = "public-read"',
      problems: [],
    });
    expect(suppression.rules).toEqual([
      { id: 'rule-a', range: { file: 'main.tf', start: { line: 2, column: 20 }, end: { line: 2, column: 26 } } },
      { id: 'rule-b', range: { file: 'main.tf', start: { line: 2, column: 28 }, end: { line: 2, column: 34 } } },
    ]);
  });

  it('accepts // comments, a trailing comment targets its own line, and stacked comments share a target', () => {
    const found = collectSuppressions('main.tf', '// s3lint-ignore a: x\n# s3lint-ignore b: y\nresource "t" "n" { // s3lint-ignore c: z\n}\n');
    expect(found.map((suppression) => [suppression.kind, suppression.rules[0]!.id, suppression.targetLine])).toEqual([
      ['next', 'a', 3],
      ['next', 'b', 3],
      ['line', 'c', 3],
    ]);
  });

  it('reads [until …] before or after the colon, and keeps it out of the reason', () => {
    expect(one('# s3lint-ignore a [until 2027-03-31]: why\nx = 1\n')).toMatchObject({ until: '2027-03-31', reason: 'why' });
    expect(one('# s3lint-ignore a: why [until 2027-03-31] really\nx = 1\n')).toMatchObject({ until: '2027-03-31', reason: 'why  really' });
    expect(one('# s3lint-ignore a: [until 2027-03-31]\nx = 1\n')).toMatchObject({ until: '2027-03-31', reason: '' });
    expect(one('# s3lint-ignore a: why [until 2027-02-30]\nx = 1\n').problems).toEqual([expect.objectContaining({ code: 'suppression-malformed' })]);
  });

  it('needs a colon before the reason, and at least one rule id', () => {
    expect(one('# s3lint-ignore a words without colon\nx = 1\n')).toMatchObject({ rules: [expect.objectContaining({ id: 'a' })], reason: '' });
    expect(one('# s3lint-ignore: why\nx = 1\n').problems).toEqual([expect.objectContaining({ code: 'suppression-malformed' })]);
  });

  it('reads only comments that open with the directive', () => {
    expect(collectSuppressions('main.tf', '# see s3lint-ignore a: in the docs\n# s3lint-ignored a: b\nx = 1\n')).toEqual([]);
  });

  it('skips block comments and counts them as comments when looking for the target', () => {
    const found = collectSuppressions('main.tf', '/* # s3lint-ignore a: inside\n*/\n# s3lint-ignore b: why\n/* note */\nx = 1\n');
    expect(found.map((suppression) => [suppression.rules[0]!.id, suppression.targetLine])).toEqual([['b', 5]]);
  });

  it('file-level: a preamble of comments, blank lines and YAML markers is allowed; code before it is not', () => {
    const yaml = '%YAML 1.2\n---\n# header\n\n# s3lint-ignore-file a: why\nResources: {}\n';
    expect(one(yaml, 'template.yaml')).toMatchObject({ kind: 'file', problems: [] });
    expect(one('x = 1 # s3lint-ignore-file a: why\n').problems).toEqual([expect.objectContaining({ code: 'suppression-misplaced' })]);
  });

  it('YAML: `#` inside a plain scalar is text, a quote inside a plain scalar does not open a string', () => {
    const found = collectSuppressions('t.yaml', "A: http://x#s3lint-ignore a: no\nB: it's here # s3lint-ignore b: yes\nC: 1\n");
    expect(found.map((suppression) => [suppression.rules[0]!.id, suppression.kind, suppression.targetLine])).toEqual([['b', 'line', 2]]);
  });

  it('YAML: a quoted scalar after a tag is text; HCL: an escaped `$${` does not open a template', () => {
    expect(collectSuppressions('t.yaml', 'A: !Sub "x # s3lint-ignore a: no"\nB: 1\n')).toEqual([]);
    const hcl = collectSuppressions('main.tf', 'a = "$${x} # s3lint-ignore a: no"\nb = "}" # s3lint-ignore b: yes\n');
    expect(hcl.map((suppression) => suppression.rules[0]!.id)).toEqual(['b']);
  });

  it('YAML: a quoted scalar spanning lines hides what looks like a comment', () => {
    const found = collectSuppressions('t.yaml', 'A: "first\n  # s3lint-ignore a: no\n  last"\n# s3lint-ignore b: yes\nB: 1\n');
    expect(found.map((suppression) => [suppression.rules[0]!.id, suppression.targetLine])).toEqual([['b', 5]]);
  });

  it('does not count a byte order mark in columns, and finds nothing in JSON', () => {
    expect(one('\uFEFF# s3lint-ignore a: why\nx = 1\n').rules[0]!.range.start.column).toBe(17);
    expect(collectSuppressions('template.json', '{ "A": "# s3lint-ignore a: no" }')).toEqual([]);
    expect(collectSuppressions('main.tf.json', '{ "//": "# s3lint-ignore a: no" }')).toEqual([]);
  });
});

describe('applySuppressions', () => {
  const resource: FindingResource = { id: 'aws_s3_bucket.b', type: 'aws_s3_bucket', framework: 'terraform' };
  const at = (line: number) => ({ file: 'main.tf', start: { line, column: 3 }, end: { line, column: 10 } });
  const finding = (line: number): Finding => ({
    ruleId: 's3-bucket-acl-not-public',
    practice: 's3.acl-public',
    severity: 'error',
    messageId: 'publicAcl',
    message: 'public',
    location: at(line),
    resource,
    related: [],
    remediation: '',
    helpUri: '',
    fingerprint: `f${line}`,
  });
  const evaluation: Evaluation = { ruleId: 's3-bucket-acl-not-public', practice: 's3.acl-public', resource, location: at(1), outcome: 'fail' };
  const text = 'resource "aws_s3_bucket" "b" {\n  # s3lint-ignore s3-bucket-acl-not-public: reviewed\n  acl = "public-read"\n  grant = "x"\n}\n';
  const resources = terraformResources([{ file: 'main.tf', body: parseHclFile('main.tf', text).body! }]);
  const apply = (findings: Finding[]) =>
    applySuppressions({
      findings,
      evaluations: [evaluation],
      suppressions: collectSuppressions('main.tf', text),
      resources,
      knownRuleIds: KNOWN,
      activeRuleIds: KNOWN,
      today: TODAY,
    });

  it('keeps an evaluation failing while one of its findings is still reported', () => {
    const partly = apply([finding(3), finding(4)]);
    expect(partly.suppressed.map((entry) => entry.fingerprint)).toEqual(['f3']);
    expect(partly.findings.map((entry) => entry.fingerprint)).toEqual(['f4']);
    expect(partly.evaluations[0]!.outcome).toBe('fail');
    const wholly = apply([finding(3)]);
    expect(wholly.evaluations[0]!.outcome).toBe('suppressed');
    // The input is not modified.
    expect(evaluation.outcome).toBe('fail');
  });

  it('localDate gives the local calendar date', () => {
    expect(localDate(new Date(2027, 2, 31, 23, 59))).toBe('2027-03-31');
  });
});
