/**
 * Plugins: the example plugin loads and its rule runs in a real scan; broken plugins and invalid rules give exact
 * `plugin-error` diagnostics.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { lint } from '../src/engine/lint.js';
import { loadPlugins } from '../src/engine/plugins.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const BROKEN = 'export default function plugin(api) {\n  return [\n    { id: "x" ;\n  ];\n}\n';
const EXAMPLE = 'examples/plugin/no-bucket-named-test.js';

let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 's3lint-plugins-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Writes files under a fresh folder of the temp root and returns the folder. */
function folder(name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
  return dir;
}

/** A valid rule as plain JavaScript source, with overrides spliced into the object literal. */
function ruleSource(id: string, extra = ''): string {
  return `{
    id: ${JSON.stringify(id)},
    meta: {
      title: 'A custom rule',
      description: 'Something holds.',
      practice: 's3.versioning',
      severity: 'note',
      frameworks: ['terraform'],
      messages: { found: 'Bucket {{bucket}} was seen' },
    },
    appliesTo: 'bucket',
    check(bucket, context) { context.report({ messageId: 'found', at: bucket.subject.headerRange, data: { bucket: bucket.id } }); },
    ${extra}
  }`;
}

describe('the example plugin', () => {
  it('loads, and its rule reports a bucket named test in a real scan', async () => {
    const loaded = await loadPlugins([EXAMPLE], ROOT);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.rules.map((rule) => rule.id)).toEqual(['no-bucket-named-test']);

    const project = folder('example-project', {
      'main.tf': `resource "aws_s3_bucket" "scratch" {
  bucket = "acme-test-data"
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-testing-data"
}

resource "aws_s3_bucket" "named" {
  bucket = var.name
}
`,
    });
    const result = await lint({ paths: ['.'], cwd: project, rules: [...RULES, ...loaded.rules] });
    expect(result.errors).toEqual([]);
    expect(result.summary.rules).toContain('no-bucket-named-test');
    const custom = result.findings.filter((finding) => finding.ruleId === 'no-bucket-named-test');
    expect(custom).toHaveLength(1);
    expect(custom[0]).toMatchObject({
      practice: 's3.dns-compliant-name',
      severity: 'warning',
      messageId: 'testName',
      message: 'Bucket aws_s3_bucket.scratch is named "acme-test-data"; test buckets belong in a test account',
      location: { file: 'main.tf', start: { line: 2, column: 12 } },
      resource: { id: 'aws_s3_bucket.scratch' },
    });
    expect(custom[0]!.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    const outcome = (bucket: string): string | undefined =>
      result.evaluations.find((e) => e.ruleId === 'no-bucket-named-test' && e.resource.id === bucket)?.outcome;
    expect(outcome('aws_s3_bucket.data')).toBe('pass'); // "testing" is not the word "test"
    expect(outcome('aws_s3_bucket.named')).toBe('unresolved');
  });

  it('accepts plain rule objects in `rules`, and CommonJS, with the optional metadata filled in', async () => {
    const dir = folder('plain', {
      'esm.js': `export const rules = [${ruleSource('plain-esm-rule')}];\n`,
      'common.cjs': `module.exports = { rules: [${ruleSource('plain-cjs-rule')}] };\n`,
    });
    const loaded = await loadPlugins(['esm.js', './common.cjs', path.join(dir, 'esm.js')], dir);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.rules.map((rule) => rule.id)).toEqual(['plain-esm-rule', 'plain-cjs-rule']); // esm.js named twice, loaded once
    expect(loaded.rules[0]!.meta).toMatchObject({ presets: [], remediation: {}, references: [], equivalents: {} });

    const project = folder('plain-project', { 'main.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n' });
    const result = await lint({ paths: ['.'], cwd: project, rules: loaded.rules });
    expect(result.errors).toEqual([]);
    expect(result.findings.map((f) => [f.ruleId, f.message, f.remediation])).toEqual([
      ['plain-cjs-rule', 'Bucket aws_s3_bucket.b was seen', ''],
      ['plain-esm-rule', 'Bucket aws_s3_bucket.b was seen', ''],
    ]);
  });
});

describe('plugins that cannot be used', () => {
  const error = (file: string, message: string) => ({ file, code: 'plugin-error', severity: 'error', message: `plugin ${file}: ${message}` });

  it('a missing file or a folder', async () => {
    const dir = folder('missing', {});
    expect(await loadPlugins(['nope.js', '.'], dir)).toEqual({
      rules: [],
      diagnostics: [
        error('nope.js', `file not found (looked for ${path.join(dir, 'nope.js')})`),
        error('.', `${dir} is not a file; name the plugin's JavaScript file`),
      ],
    });
  });

  it('a syntax error', async () => {
    // Under vitest, import() goes through Vite, which words the error its own way; the exact message Node gives
    // is checked below, through the compiled module in a plain Node process.
    const dir = folder('syntax', { 'broken.js': BROKEN });
    const { rules, diagnostics } = await loadPlugins(['broken.js'], dir);
    expect(rules).toEqual([]);
    expect(diagnostics).toEqual([expect.objectContaining({ file: 'broken.js', code: 'plugin-error', severity: 'error' })]);
    expect(diagnostics[0]!.message).toMatch(/^plugin broken\.js: .*(syntax|Syntax)/);
  });

  it('code that throws, exports nothing useful, or returns the wrong thing', async () => {
    const dir = folder('exports', {
      'throws.js': "throw new Error('boom');\n",
      'none.js': 'export const x = 1;\n',
      'both.js': 'export default () => [];\nexport const rules = [];\n',
      'returns.js': 'export default () => ({ rules: [] });\n',
      'factory-throws.js': "export default () => { throw new TypeError('no api'); };\n",
      'not-array.js': 'export const rules = { id: "x" };\n',
      'async.js': `export default async ({ defineRule }) => [defineRule(${ruleSource('async-rule')})];\n`,
    });
    const files = ['throws.js', 'none.js', 'both.js', 'returns.js', 'factory-throws.js', 'not-array.js', 'async.js'];
    const { rules, diagnostics } = await loadPlugins(files, dir);
    expect(rules.map((rule) => rule.id)).toEqual(['async-rule']);
    expect(diagnostics).toEqual([
      error('throws.js', 'failed while loading: Error: boom'),
      error('none.js', 'exports no rules: export a default function `(api) => rules` or an array named `rules`'),
      error('both.js', 'exports both a default function and `rules`; export one of them'),
      error('returns.js', 'its default export must return an array of rules, returned {"rules":[]}'),
      error('factory-throws.js', 'its default export threw: TypeError: no api'),
      error('not-array.js', '`rules` must be an array of rules, found {"id":"x"}'),
    ]);
  });

  it('invalid rules, each problem named; the valid rules of the same plugin still load', async () => {
    const builtIn = RULES[0]!.id;
    const dir = folder('invalid', {
      'rules.js': `export const rules = [
        ${ruleSource('good-rule')},
        ${ruleSource(builtIn)},
        ${ruleSource('Bad_Id')},
        ${ruleSource('good-rule')},
        { id: 'no-meta', appliesTo: 'account', check: 42 },
        {
          id: 'bad-meta',
          meta: { title: '', practice: 's3.nope', severity: 'fatal', frameworks: [], messages: { 'not an id': '' },
                  presets: ['nightly'], remediation: { pulumi: 'x' }, references: 'https://x', equivalents: { sonar: ['S1'] } },
          appliesTo: 'bucket',
          check() {},
        },
        null,
      ];\n`,
      'other.js': `export const rules = [${ruleSource('good-rule')}];\n`,
    });
    const { rules, diagnostics } = await loadPlugins(['rules.js', 'other.js'], dir);
    expect(rules.map((rule) => rule.id)).toEqual(['good-rule']);
    expect(diagnostics).toEqual([
      error('rules.js', `rule "${builtIn}": id "${builtIn}" is already used by a built-in rule`),
      error('rules.js', 'rule "Bad_Id": id must be a kebab-case string such as "my-bucket-rule", found "Bad_Id"'),
      error('rules.js', 'rule "good-rule": id "good-rule" is already used by plugin rules.js'),
      error('rules.js', 'rule "no-meta": appliesTo must be "bucket", found "account"'),
      error('rules.js', 'rule "no-meta": check must be a function (bucket, context) => void, found 42'),
      error('rules.js', 'rule "no-meta": meta must be an object, found nothing'),
      error('rules.js', 'rule "bad-meta": meta.title must be a non-empty string, found ""'),
      error('rules.js', 'rule "bad-meta": meta.description must be a non-empty string, found nothing'),
      error('rules.js', 'rule "bad-meta": meta.practice must be a key of the practice catalog (such as "s3.versioning"; see api.practices), found "s3.nope"'),
      error('rules.js', 'rule "bad-meta": meta.severity must be one of error, warning, note, found "fatal"'),
      error('rules.js', 'rule "bad-meta": meta.frameworks must be a non-empty array of terraform, cloudformation, found an array'),
      error('rules.js', 'rule "bad-meta": meta.messages key "not an id" must be an identifier such as "publicBucket"'),
      error('rules.js', 'rule "bad-meta": meta.messages.not an id must be a non-empty string, found ""'),
      error('rules.js', 'rule "bad-meta": meta.presets, when given, must be an array of recommended, strict, account-baseline, found an array'),
      error('rules.js', 'rule "bad-meta": meta.remediation, when given, must map terraform and cloudformation to strings, found {"pulumi":"x"}'),
      error('rules.js', 'rule "bad-meta": meta.references, when given, must be an array of URLs, found "https://x"'),
      error(
        'rules.js',
        'rule "bad-meta": meta.equivalents, when given, must map checkov, trivy, kics, cfn-nag, cdk-nag, cfn-guard, security-hub to arrays of ids, found {"sonar":["S1"]}',
      ),
      error('rules.js', 'rule #7: must be an object with id, meta, appliesTo and check, found null'),
      error('other.js', 'rule "good-rule": id "good-rule" is already used by plugin rules.js'),
    ]);
  });
});

/**
 * Vitest routes import() through Vite; users run plain Node. The compiled module (dist/, built by `npm test`
 * before vitest runs) loads the example and a broken plugin in a plain Node process.
 */
describe('in plain Node (compiled)', () => {
  const COMPILED = path.join(ROOT, 'dist', 'src', 'engine', 'plugins.js');

  it('loads the example plugin and reports a syntax error with Node\'s message', () => {
    if (!existsSync(COMPILED)) throw new Error('dist/src/engine/plugins.js is missing: run `npm test` (it compiles first) or `npm run build`');
    const dir = folder('plain-node', { 'broken.js': BROKEN });
    const example = path.join(ROOT, EXAMPLE);
    const script = `
      const { loadPlugins } = await import(${JSON.stringify(pathToFileURL(COMPILED).href)});
      const result = await loadPlugins([${JSON.stringify(example)}, 'broken.js'], ${JSON.stringify(dir)});
      process.stdout.write(JSON.stringify({ ids: result.rules.map((rule) => rule.id), diagnostics: result.diagnostics }));
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: tmpdir(), encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({
      ids: ['no-bucket-named-test'],
      diagnostics: [
        { file: 'broken.js', code: 'plugin-error', severity: 'error', message: "plugin broken.js: cannot be loaded: SyntaxError: Unexpected token ';'" },
      ],
    });
  });
});
