/**
 * The configuration file: its schema (kept in step with the rule registry), the upward search, loading and the
 * exact messages for invalid files, precedence of flags over the file over defaults, and `ignore` globs.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { RULES, rulesForPreset } from '../rules/index.js';
import {
  applyConfig,
  findConfigFile,
  isIgnored,
  loadConfig,
  resolveConfigPath,
  type S3lintConfig,
} from '../src/config/config.js';
import { compileGlob, matchesAnyGlob } from '../src/config/glob.js';
import { buildConfigSchema, CONFIG_FILE_NAMES, renderConfigSchema } from '../src/config/schema.js';
import { closestMatch, editDistance } from '../src/config/suggest.js';
import { lint, unknownRuleMessages } from '../src/engine/lint.js';
import { PRESET_NAMES, type AnyRule } from '../src/engine/rule.js';
import type { Diagnostic } from '../src/graph/types.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const SCHEMA_FILE = path.join(ROOT, 's3lint.schema.json');

const temporaryFolders: string[] = [];
afterAll(() => {
  for (const folder of temporaryFolders) rmSync(folder, { recursive: true, force: true });
});

/** A fresh folder with the given files (`/`-separated paths; a path ending in `/` is a folder). */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 's3lint-config-'));
  temporaryFolders.push(root);
  for (const [name, content] of Object.entries(files)) {
    const target = path.join(root, ...name.split('/'));
    if (name.endsWith('/')) {
      mkdirSync(target, { recursive: true });
    } else {
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
  }
  return root;
}

/** Loads one configuration text from a fresh folder; diagnostics show the bare file name. */
async function load(name: string, text: string) {
  const root = tree({ [name]: text, '.git/': '' });
  return loadConfig(path.join(root, name), name);
}

async function messagesOf(name: string, text: string): Promise<string[]> {
  const result = await load(name, text);
  expect(result.config).toBeUndefined();
  return result.diagnostics.map((diagnostic) => diagnostic.message);
}

function at(diagnostic: Diagnostic | undefined): string {
  const location = diagnostic?.location;
  return location === undefined ? 'nowhere' : `${location.start.line}:${location.start.column}-${location.end.line}:${location.end.column}`;
}

// ---------------------------------------------------------------------------------------------------------------

describe('s3lint.schema.json', () => {
  const shipped = readFileSync(SCHEMA_FILE, 'utf8');

  it('is the schema built from the rule registry (S3LINT_UPDATE_SCHEMA=1 npx vitest run test/config.test.ts rewrites it)', () => {
    const expected = renderConfigSchema(RULES);
    if (process.env.S3LINT_UPDATE_SCHEMA === '1' && shipped !== expected) writeFileSync(SCHEMA_FILE, expected);
    expect(readFileSync(SCHEMA_FILE, 'utf8'), 'the schema is stale: a rule was added, removed or renamed').toBe(expected);
  });

  it('restricts rules to the registered rule ids and presets and failOn to their values', () => {
    const schema = JSON.parse(shipped);
    expect(schema.rules).toBeUndefined();
    expect(schema.properties.rules.propertyNames.enum).toEqual(RULES.map((rule) => rule.id));
    expect(Object.keys(schema.properties.rules.properties)).toEqual(RULES.map((rule) => rule.id));
    expect(schema.properties.preset.enum).toEqual([...PRESET_NAMES]);
    expect(schema.properties.failOn.enum).toEqual(['error', 'warning', 'note', 'none']);
  });

  it('is a draft-07 schema with an $id, closed at the top and described for editors', () => {
    const schema = JSON.parse(shipped);
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.$id).toMatch(/^https:\/\/.*\/s3lint\.schema\.json$/);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual(['$schema', 'preset', 'rules', 'ignore', 'varFiles', 'parameters', 'failOn', 'compat']);
    for (const [key, property] of Object.entries<Record<string, unknown>>(schema.properties)) {
      expect(property.description, key).toEqual(expect.any(String));
      if (key !== '$schema') expect(property.title, key).toEqual(expect.any(String));
    }
  });

  it('compiles under ajv strict mode and accepts a full configuration', () => {
    const validate = new Ajv({ strict: true, allowUnionTypes: true }).compile(JSON.parse(shipped));
    const valid = {
      $schema: './node_modules/s3lint/s3lint.schema.json',
      preset: 'strict',
      rules: {
        's3-bucket-versioning-enabled': 'off',
        's3-bucket-policy-requires-tls': { severity: 'error', options: { any: 1 } },
        's3-bucket-acl-not-public': {},
      },
      ignore: ['build/', '**/*.generated.tf'],
      varFiles: ['prod.tfvars'],
      parameters: { Env: 'prod', Count: 3, Enabled: true, Subnets: ['a', 'b'] },
      failOn: 'warning',
      compat: true,
    };
    expect(validate(valid), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ rules: { 's3-bucket-nope': 'off' } })).toBe(false);
  });

  it('is built from whatever rules it is given', () => {
    const fake = { ...RULES[0]!, id: 's3-bucket-new-rule' } as AnyRule;
    const schema = buildConfigSchema([...RULES, fake]) as { properties: { rules: { propertyNames: { enum: string[] } } } };
    expect(schema.properties.rules.propertyNames.enum).toContain('s3-bucket-new-rule');
    expect(renderConfigSchema([...RULES, fake])).not.toBe(readFileSync(SCHEMA_FILE, 'utf8'));
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('findConfigFile', () => {
  it('finds the nearest configuration, upward from a file’s folder or from a folder itself', () => {
    const root = tree({
      '.git/': '',
      '.s3lint.yaml': 'preset: all\n',
      'infra/prod/main.tf': '',
      'infra/prod/.s3lint.yml': 'preset: strict\n',
      'infra/dev/main.tf': '',
    });
    expect(findConfigFile(path.join(root, 'infra/prod/main.tf'), root)).toBe(path.join(root, 'infra/prod/.s3lint.yml'));
    expect(findConfigFile(path.join(root, 'infra/prod'), root)).toBe(path.join(root, 'infra/prod/.s3lint.yml'));
    expect(findConfigFile(path.join(root, 'infra/dev/main.tf'), root)).toBe(path.join(root, '.s3lint.yaml'));
    expect(findConfigFile(path.join(root, 'infra'), root)).toBe(path.join(root, '.s3lint.yaml'));
    expect(findConfigFile(root, root)).toBe(path.join(root, '.s3lint.yaml'));
  });

  it('resolves a relative path against cwd', () => {
    const root = tree({ '.git/': '', 'infra/s3lint.config.json': '{}', 'infra/main.tf': '' });
    expect(findConfigFile('infra/main.tf', root)).toBe(path.join(root, 'infra/s3lint.config.json'));
    expect(findConfigFile('.', path.join(root, 'infra'))).toBe(path.join(root, 'infra/s3lint.config.json'));
  });

  it('prefers .s3lint.yaml, then .s3lint.yml, then s3lint.config.json in one folder', () => {
    expect(CONFIG_FILE_NAMES).toEqual(['.s3lint.yaml', '.s3lint.yml', 's3lint.config.json']);
    const all = tree({ '.git/': '', '.s3lint.yaml': '', '.s3lint.yml': '', 's3lint.config.json': '{}' });
    expect(findConfigFile(all, all)).toBe(path.join(all, '.s3lint.yaml'));
    const two = tree({ '.git/': '', '.s3lint.yml': '', 's3lint.config.json': '{}' });
    expect(findConfigFile(two, two)).toBe(path.join(two, '.s3lint.yml'));
  });

  it('stops at the repository root: the first folder holding .git (a folder, or a file in a worktree)', () => {
    const outer = tree({
      '.s3lint.yaml': 'preset: all\n',
      'repo/.git/': '',
      'repo/modules/bucket/main.tf': '',
      'worktree/.git': 'gitdir: ../repo/.git/worktrees/w\n',
      'worktree/main.tf': '',
    });
    expect(findConfigFile(path.join(outer, 'repo/modules/bucket/main.tf'), outer)).toBeUndefined();
    expect(findConfigFile(path.join(outer, 'worktree/main.tf'), outer)).toBeUndefined();
    // The configuration in the repository root itself is found.
    writeFileSync(path.join(outer, 'repo/.s3lint.yaml'), '');
    expect(findConfigFile(path.join(outer, 'repo/modules/bucket/main.tf'), outer)).toBe(path.join(outer, 'repo/.s3lint.yaml'));
  });

  it('skips a folder that has a configuration file’s name', () => {
    const root = tree({ '.git/': '', '.s3lint.yaml/': '', 's3lint.config.json': '{}' });
    expect(findConfigFile(root, root)).toBe(path.join(root, 's3lint.config.json'));
  });

  it('starts from the parent folder of a path that does not exist', () => {
    const root = tree({ '.git/': '', '.s3lint.yaml': '' });
    expect(findConfigFile('missing.tf', root)).toBe(path.join(root, '.s3lint.yaml'));
  });
});

// ---------------------------------------------------------------------------------------------------------------

const FULL_YAML = `# s3lint
preset: strict
rules:
  s3-bucket-versioning-enabled: off
  s3-bucket-policy-requires-tls: error
  s3-bucket-acl-not-public:
    severity: note
    options:
      allow: [log-delivery-write]
  s3-bucket-encryption-valid: {}
ignore:
  - build/
  - "**/*.generated.tf"
varFiles: [env/prod.tfvars]
parameters:
  Env: prod
  Count: 3
  Enabled: true
  Subnets: [a, b]
failOn: warning
`;

describe('loadConfig: valid files', () => {
  it('reads YAML and normalises the shorthand settings', async () => {
    const root = tree({ '.s3lint.yaml': FULL_YAML });
    const result = await loadConfig(path.join(root, '.s3lint.yaml'), '.s3lint.yaml');
    expect(result.diagnostics).toEqual([]);
    expect(result.config).toEqual({
      file: path.join(root, '.s3lint.yaml'),
      displayFile: '.s3lint.yaml',
      preset: 'strict',
      rules: {
        's3-bucket-versioning-enabled': { severity: 'off' },
        's3-bucket-policy-requires-tls': { severity: 'error' },
        's3-bucket-acl-not-public': { severity: 'note', options: { allow: ['log-delivery-write'] } },
        's3-bucket-encryption-valid': {},
      },
      ignore: ['build/', '**/*.generated.tf'],
      varFiles: ['env/prod.tfvars'],
      parameters: { Env: 'prod', Count: 3, Enabled: true, Subnets: ['a', 'b'] },
      failOn: 'warning',
    } satisfies S3lintConfig);
    expect(resolveConfigPath(result.config!, 'env/prod.tfvars')).toBe(path.join(root, 'env/prod.tfvars'));
  });

  it('reads the same configuration from JSON, with a $schema key for editors', async () => {
    const json = {
      $schema: './node_modules/s3lint/s3lint.schema.json',
      preset: 'strict',
      rules: {
        's3-bucket-versioning-enabled': 'off',
        's3-bucket-policy-requires-tls': 'error',
        's3-bucket-acl-not-public': { severity: 'note', options: { allow: ['log-delivery-write'] } },
        's3-bucket-encryption-valid': {},
      },
      ignore: ['build/', '**/*.generated.tf'],
      varFiles: ['env/prod.tfvars'],
      parameters: { Env: 'prod', Count: 3, Enabled: true, Subnets: ['a', 'b'] },
      failOn: 'warning',
    };
    const yaml = await load('.s3lint.yaml', FULL_YAML);
    const fromJson = await load('s3lint.config.json', JSON.stringify(json, null, 2));
    expect(fromJson.diagnostics).toEqual([]);
    const { file: _a, displayFile: _b, ...jsonConfig } = fromJson.config!;
    const { file: _c, displayFile: _d, ...yamlConfig } = yaml.config!;
    expect(jsonConfig).toEqual(yamlConfig);
  });

  it('reads an empty YAML file (or only comments) as an empty configuration', async () => {
    for (const text of ['', '# nothing yet\n']) {
      const result = await load('.s3lint.yml', text);
      expect(result.diagnostics).toEqual([]);
      expect(result.config).toMatchObject({ rules: {}, ignore: [], varFiles: [], parameters: {} });
      expect(result.config?.preset).toBeUndefined();
      expect(result.config?.failOn).toBeUndefined();
    }
  });

  it('reads YAML 1.2: off, no and yes are strings, not booleans', async () => {
    const result = await load('.s3lint.yaml', 'rules:\n  s3-bucket-versioning-enabled: off\nparameters:\n  A: no\n  B: yes\n  C: true\n');
    expect(result.config?.rules).toEqual({ 's3-bucket-versioning-enabled': { severity: 'off' } });
    expect(result.config?.parameters).toEqual({ A: 'no', B: 'yes', C: true });
  });

  it('ignores a byte order mark', async () => {
    const result = await load('.s3lint.yaml', '\ufeffpreset: all\n');
    expect(result.config?.preset).toBe('all');
  });

  it('treats a YAML tag as data and warns about it, never as code', async () => {
    const result = await load('.s3lint.yaml', 'preset: all\nparameters:\n  Env: !!js/function "function () { throw new Error() }"\n');
    expect(result.config?.parameters).toEqual({ Env: 'function () { throw new Error() }' });
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'config-error', message: expect.stringContaining('Unresolved tag: tag:yaml.org,2002:js/function') }),
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('loadConfig: invalid files give exact messages at the offending key', () => {
  it('an unknown severity', async () => {
    const result = await load('.s3lint.yaml', 'rules:\n  s3-bucket-versioning-enabled: sometimes\n');
    expect(result.config).toBeUndefined();
    expect(result.diagnostics).toEqual([
      {
        file: '.s3lint.yaml',
        message: 'rules.s3-bucket-versioning-enabled: "sometimes" is not one of off, error, warning, note',
        severity: 'error',
        code: 'config-error',
        location: { file: '.s3lint.yaml', start: { line: 2, column: 3 }, end: { line: 2, column: 31 } },
      },
    ]);
  });

  it('an unknown preset and failOn (an enum says more than a type)', async () => {
    expect(await messagesOf('.s3lint.yaml', 'preset: paranoid\nfailOn: 3\n')).toEqual([
      'preset: "paranoid" is not one of recommended, strict, account-baseline, all',
      'failOn: 3 is not one of error, warning, note, none',
    ]);
  });

  it('a value of the wrong type', async () => {
    const result = await load('.s3lint.yaml', 'ignore: dist\nvarFiles: [1, ""]\nparameters:\n  Env: null\n  Subnets: [a, {b: 1}]\n');
    expect(result.diagnostics.map((diagnostic) => `${at(diagnostic)} ${diagnostic.message}`)).toEqual([
      '1:1-1:7 ignore: "dist" should be an array',
      '2:12-2:13 varFiles[0]: 1 should be a string',
      '2:15-2:17 varFiles[1]: "" should not be empty',
      '4:3-4:6 parameters.Env: null should be a string, a number, a boolean or an array',
      '5:16-5:22 parameters.Subnets[1]: {"b":1} should be a string, a number or a boolean',
    ]);
  });

  it('compat that is not a boolean (YAML 1.2: yes is a string)', async () => {
    const result = await load('.s3lint.yaml', 'compat: yes\n');
    expect(result.diagnostics.map((diagnostic) => `${at(diagnostic)} ${diagnostic.message}`)).toEqual(['1:1-1:7 compat: "yes" should be a boolean']);
    expect((await load('.s3lint.yaml', 'compat: true\n')).config?.compat).toBe(true);
  });

  it('an unknown key, with the keys expected and a suggestion when one is close', async () => {
    const result = await load('.s3lint.yaml', 'preset: all\nfoo: 1\nvarfiles: [a.tfvars]\nplugins: [./evil.js]\n');
    expect(result.diagnostics.map((diagnostic) => `${at(diagnostic)} ${diagnostic.message}`)).toEqual([
      '2:1-2:4 unknown key "foo" (expected one of preset, rules, ignore, varFiles, parameters, failOn, compat)',
      '3:1-3:9 unknown key "varfiles", did you mean "varFiles"? (expected one of preset, rules, ignore, varFiles, parameters, failOn, compat)',
      '4:1-4:8 unknown key "plugins" (expected one of preset, rules, ignore, varFiles, parameters, failOn, compat)',
    ]);
  });

  it('an unknown rule, with a suggestion when one is close, and nothing about its value', async () => {
    const result = await load(
      '.s3lint.yaml',
      'rules:\n  s3-bucket-foo: error\n  s3-bucket-versoning-enabled: sometimes\n  mfa-delete: warning\n  s3-bucket-policy: off\n',
    );
    expect(result.diagnostics.map((diagnostic) => `${at(diagnostic)} ${diagnostic.message}`)).toEqual([
      '2:3-2:16 rules: unknown rule "s3-bucket-foo" (run s3lint rules for the list)',
      '3:3-3:30 rules: unknown rule "s3-bucket-versoning-enabled", did you mean "s3-bucket-versioning-enabled"? (run s3lint rules for the list)',
      '4:3-4:13 rules: unknown rule "mfa-delete", did you mean "s3-bucket-mfa-delete-enabled"? (run s3lint rules for the list)',
      // Two rules are as close: no guess.
      '5:3-5:19 rules: unknown rule "s3-bucket-policy" (run s3lint rules for the list)',
    ]);
  });

  it('a rule setting of the wrong shape', async () => {
    const result = await load(
      '.s3lint.yaml',
      [
        'rules:',
        '  s3-bucket-versioning-enabled: 3',
        '  s3-bucket-acl-not-public: [error]',
        '  s3-bucket-encryption-valid:',
        '    severity: high',
        '  s3-bucket-policy-requires-tls:',
        '    severty: error',
        '  s3-bucket-public-access-block:',
        '    options: yes',
        '',
      ].join('\n'),
    );
    expect(result.diagnostics.map((diagnostic) => `${at(diagnostic)} ${diagnostic.message}`)).toEqual([
      '2:3-2:31 rules.s3-bucket-versioning-enabled: 3 should be one of off, error, warning, note, or an object { severity, options }',
      '3:3-3:27 rules.s3-bucket-acl-not-public: ["error"] should be one of off, error, warning, note, or an object { severity, options }',
      '5:5-5:13 rules.s3-bucket-encryption-valid.severity: "high" is not one of off, error, warning, note',
      '7:5-7:12 rules.s3-bucket-policy-requires-tls: unknown key "severty", did you mean "severity"? (expected one of severity, options)',
      '9:5-9:12 rules.s3-bucket-public-access-block.options: "yes" should be an object',
    ]);
  });

  it('rules or the whole file of the wrong type', async () => {
    expect(await messagesOf('.s3lint.yaml', 'rules: [s3-bucket-versioning-enabled]\n')).toEqual([
      'rules: ["s3-bucket-versioning-enabled"] should be an object',
    ]);
    expect(await messagesOf('.s3lint.yaml', '- preset: all\n')).toEqual(['(top level): [{"preset":"all"}] should be an object']);
    expect(await messagesOf('.s3lint.yaml', 'just text\n')).toEqual(['(top level): "just text" should be an object']);
  });

  it('a negated or empty ignore pattern', async () => {
    expect(await messagesOf('.s3lint.yaml', 'ignore: ["!keep.tf", ""]\n')).toEqual([
      'ignore[0]: "!keep.tf" should not start with "!" (negated patterns are not supported; list only what to ignore)',
      'ignore[1]: "" should be a glob pattern, not empty',
    ]);
  });

  it('shortens a long value', async () => {
    const [message] = await messagesOf('.s3lint.yaml', `preset: ${'x'.repeat(100)}\n`);
    expect(message).toBe(`preset: "${'x'.repeat(56)}… is not one of recommended, strict, account-baseline, all`);
  });

  it('malformed YAML, with line and column', async () => {
    const result = await load('.s3lint.yaml', 'preset: all\nrules:\n  s3-bucket-versioning-enabled: [error\nfailOn: note\n');
    expect(result.config).toBeUndefined();
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({
      file: '.s3lint.yaml',
      severity: 'error',
      code: 'config-error',
      location: { start: { line: 4, column: 1 } },
    });
    expect(result.diagnostics[0]!.message).toBe(
      'YAML syntax error at 4:1: Flow sequence in block collection must be sufficiently indented and end with a ]',
    );
  });

  it('duplicate keys and a second document in YAML', async () => {
    const duplicate = await load('.s3lint.yaml', 'preset: all\npreset: strict\n');
    expect(duplicate.diagnostics.map((diagnostic) => `${at(diagnostic)} ${diagnostic.message}`)).toEqual([
      '2:1-2:2 YAML syntax error at 2:1: Map keys must be unique',
    ]);
    const documents = await messagesOf('.s3lint.yaml', 'preset: all\n---\npreset: strict\n');
    expect(documents).toEqual([expect.stringMatching(/^YAML syntax error at 2:1: Source contains multiple documents/)]);
  });

  it('malformed JSON and duplicate keys in JSON, with line and column', async () => {
    const syntax = await load('s3lint.config.json', '{\n  "preset": "all",\n  "failOn": \n}\n');
    expect(syntax.diagnostics.map((diagnostic) => `${at(diagnostic)} ${diagnostic.message}`)).toEqual([
      "4:1-4:2 JSON syntax error: Unexpected '}' at 4:1, expected a value",
    ]);
    const duplicate = await load('s3lint.config.json', '{"preset": "all",\n "preset": "strict"}');
    expect(duplicate.config).toBeUndefined();
    expect(duplicate.diagnostics.map((diagnostic) => `${at(diagnostic)} ${diagnostic.message}`)).toEqual([
      '2:2-2:10 Duplicate key "preset" at 2:2 (first defined at 1:2)',
    ]);
  });

  it('schema errors in JSON point at the key', async () => {
    const result = await load(
      's3lint.config.json',
      '{\n  "rules": {\n    "s3-bucket-versioning-enabled": "sometimes"\n  },\n  "ignore": ["a", 7]\n}\n',
    );
    expect(result.diagnostics.map((diagnostic) => `${diagnostic.file} ${at(diagnostic)} ${diagnostic.message}`)).toEqual([
      's3lint.config.json 3:5-3:35 rules.s3-bucket-versioning-enabled: "sometimes" is not one of off, error, warning, note',
      's3lint.config.json 5:19-5:20 ignore[1]: 7 should be a string',
    ]);
  });

  it('a file that cannot be read', async () => {
    const root = tree({ 'folder.yaml/': '' });
    expect((await loadConfig(path.join(root, 'missing.yaml'), 'missing.yaml')).diagnostics).toEqual([
      { file: 'missing.yaml', message: 'Cannot read the configuration file: no such file', severity: 'error', code: 'config-error' },
    ]);
    expect((await loadConfig(path.join(root, 'folder.yaml'), 'folder.yaml')).diagnostics[0]!.message).toBe(
      'Cannot read the configuration file: it is a folder',
    );
  });

  it('an alias bomb is refused, not expanded', async () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 10; level++) lines.push(`a${level}: &a${level} [${Array(10).fill(`*a${level - 1}`).join(', ')}]`);
    const result = await load('.s3lint.yaml', `parameters:\n  ${lines.join('\n  ')}\n`);
    expect(result.config).toBeUndefined();
    expect(result.diagnostics.map((diagnostic) => diagnostic.message)).toEqual([
      'Cannot read the configuration file: it expands YAML aliases too many times (more than 100)',
    ]);
  });

  it('deep nesting is refused, not a crash', async () => {
    const deepYaml = await load('.s3lint.yaml', `parameters:\n  A: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    expect(deepYaml.diagnostics.map((diagnostic) => diagnostic.message)).toEqual([expect.stringMatching(/^The configuration nests too deeply at 2:\d+$/)]);
    const deepJson = await load('s3lint.config.json', `{"parameters": {"A": ${'['.repeat(5000)}${']'.repeat(5000)}}}`);
    expect(deepJson.diagnostics.map((diagnostic) => diagnostic.message)).toEqual([
      'JSON syntax error: Nesting deeper than 1000 levels at 1:1020; the file is not parsed',
    ]);
  });

  it('a list or mapping used as a YAML key', async () => {
    const result = await load('.s3lint.yaml', 'rules:\n  ? [s3-bucket-acl-not-public]\n  : off\n');
    expect(result.diagnostics.map((diagnostic) => `${at(diagnostic)} ${diagnostic.message}`)).toEqual([
      '2:5-2:31 Only plain keys are allowed: the key at 2:5 is a list',
    ]);
  });

  it('__proto__ is an unknown key like any other', async () => {
    expect(await messagesOf('s3lint.config.json', '{"__proto__": {"preset": "all"}}')).toEqual([
      'unknown key "__proto__" (expected one of preset, rules, ignore, varFiles, parameters, failOn, compat)',
    ]);
    const result = await load('s3lint.config.json', '{"parameters": {"__proto__": "a"}}');
    expect(Object.getPrototypeOf(result.config!.parameters)).toBe(Object.prototype);
    expect(Object.hasOwn(result.config!.parameters, '__proto__')).toBe(true);
  });

  it('loads ajv only when a configuration is read (no static import)', () => {
    for (const name of ['config.ts', 'schema.ts', 'validate.ts', 'glob.ts', 'suggest.ts']) {
      const source = readFileSync(path.join(ROOT, 'src/config', name), 'utf8');
      expect(source, name).not.toMatch(/^import (?!type )[^;]*from 'ajv'/m);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------

function fakeRule(id: string, presets: AnyRule['meta']['presets']): AnyRule {
  return { id, meta: { ...RULES[0]!.meta, presets }, appliesTo: 'bucket', check: () => undefined };
}

const FAKE_RULES = [
  fakeRule('a-recommended', ['recommended', 'strict']),
  fakeRule('b-strict', ['strict']),
  fakeRule('c-baseline', ['account-baseline']),
];

function config(partial: Partial<S3lintConfig>): S3lintConfig {
  return { file: '/repo/.s3lint.yaml', displayFile: '.s3lint.yaml', rules: {}, ignore: [], varFiles: [], parameters: {}, ...partial };
}

const ids = (applied: ReturnType<typeof applyConfig>): string[] => applied.rules.map((entry) => entry.rule.id);

describe('applyConfig', () => {
  it('without a configuration or flags: the recommended preset, failing on errors', () => {
    const applied = applyConfig(RULES, undefined, {});
    expect(applied.preset).toBe('recommended');
    expect(applied.failOn).toBe('error');
    expect(applied.rules).toEqual(rulesForPreset('recommended').map((rule) => ({ rule })));
  });

  it('preset and failOn: flag > file > default', () => {
    expect(applyConfig(FAKE_RULES, config({ preset: 'strict', failOn: 'note' }), {})).toMatchObject({ preset: 'strict', failOn: 'note' });
    const flagged = applyConfig(FAKE_RULES, config({ preset: 'strict', failOn: 'note' }), { preset: 'account-baseline', failOn: 'none' });
    expect(flagged).toMatchObject({ preset: 'account-baseline', failOn: 'none' });
    expect(ids(flagged)).toEqual(['c-baseline']);
    expect(ids(applyConfig(FAKE_RULES, config({ preset: 'strict' }), {}))).toEqual(['a-recommended', 'b-strict']);
    expect(ids(applyConfig(FAKE_RULES, config({}), {}))).toEqual(['a-recommended']);
    expect(ids(applyConfig(FAKE_RULES, config({}), { preset: 'all' }))).toEqual(['a-recommended', 'b-strict', 'c-baseline']);
    expect(applyConfig(FAKE_RULES, config({}), { failOn: 'warning' }).failOn).toBe('warning');
  });

  it('rules: off removes a rule, a severity turns one on even outside the preset, {} turns one on as it is', () => {
    const applied = applyConfig(
      FAKE_RULES,
      config({
        rules: {
          'a-recommended': { severity: 'off' },
          'b-strict': { severity: 'note', options: { depth: 2 } },
          'c-baseline': {},
        },
      }),
      {},
    );
    expect(applied.rules).toEqual([
      { rule: FAKE_RULES[1], severity: 'note', options: { depth: 2 } },
      { rule: FAKE_RULES[2] },
    ]);
  });

  it('rules: a severity changes a rule the preset runs; the rule entries still apply under a --preset flag', () => {
    const file = config({ preset: 'account-baseline', rules: { 'a-recommended': { severity: 'warning' }, 'c-baseline': { severity: 'off' } } });
    expect(applyConfig(FAKE_RULES, file, {}).rules).toEqual([{ rule: FAKE_RULES[0], severity: 'warning' }]);
    expect(applyConfig(FAKE_RULES, file, { preset: 'all' }).rules).toEqual([
      { rule: FAKE_RULES[0], severity: 'warning' },
      { rule: FAKE_RULES[1] },
    ]);
  });

  it('works end to end on a loaded file', async () => {
    const result = await load('.s3lint.yaml', 'rules:\n  s3-bucket-versioning-enabled: off\n  s3-bucket-policy-requires-tls: error\nfailOn: warning\n');
    const applied = applyConfig(RULES, result.config, { failOn: undefined });
    expect(applied.failOn).toBe('warning');
    expect(ids(applied)).not.toContain('s3-bucket-versioning-enabled');
    expect(applied.rules.find((entry) => entry.rule.id === 's3-bucket-policy-requires-tls')?.severity).toBe('error');
    expect(applied.rules.find((entry) => entry.rule.id === 's3-bucket-acl-not-public')?.severity).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('lint(): onlyRules, skipRules and exclude (--rule, --skip-rule, --exclude) over the configuration file', () => {
  const BUCKET = 'resource "aws_s3_bucket" "data" {\n  bucket = "acme-data"\n  acl    = "public-read"\n}\n';
  const project = (configText: string) =>
    tree({ '.git/': '', '.s3lint.yaml': configText, 'infra/main.tf': BUCKET, 'legacy/old.tf': BUCKET.replace('data', 'old'), 'infra/gen/x.tf': BUCKET.replace('data', 'gen') });

  it('onlyRules runs exactly those rules, even one the preset leaves out or the file turns off, keeping the file\'s severity', async () => {
    const root = project('preset: recommended\nrules:\n  s3-bucket-versioning-enabled: off\n  s3-bucket-acl-not-public: warning\n');
    const result = await lint({
      paths: ['infra'],
      cwd: root,
      onlyRules: ['s3-bucket-versioning-enabled', 's3-bucket-acl-not-public', 's3-bucket-inventory-configured'],
    });
    expect(result.summary.rules).toEqual(RULES.map((rule) => rule.id).filter((id) => ['s3-bucket-acl-not-public', 's3-bucket-inventory-configured', 's3-bucket-versioning-enabled'].includes(id)));
    expect(new Set(result.findings.map((finding) => finding.ruleId))).toEqual(new Set(result.summary.rules));
    expect(result.findings.find((finding) => finding.ruleId === 's3-bucket-acl-not-public')?.severity).toBe('warning');
  });

  it('skipRules never runs a rule, whatever the preset, the file or onlyRules say', async () => {
    const root = project('rules:\n  s3-bucket-inventory-configured: error\n');
    const skipped = await lint({ paths: ['infra'], cwd: root, skipRules: ['s3-bucket-inventory-configured', 's3-bucket-acl-not-public'] });
    expect(skipped.summary.rules).not.toContain('s3-bucket-inventory-configured');
    expect(skipped.summary.rules).not.toContain('s3-bucket-acl-not-public');
    expect(skipped.summary.rules).toContain('s3-bucket-versioning-enabled');
    const both = await lint({ paths: ['infra'], cwd: root, onlyRules: ['s3-bucket-acl-not-public', 's3-bucket-versioning-enabled'], skipRules: ['s3-bucket-acl-not-public'] });
    expect(both.summary.rules).toEqual(['s3-bucket-versioning-enabled']);
  });

  it('an unknown id stops the run with an error and a suggestion', async () => {
    const root = project('');
    const result = await lint({ paths: ['infra'], cwd: root, onlyRules: ['s3-bucket-versoning-enabled'], skipRules: ['nothing-like-it'] });
    expect(result.summary.filesScanned).toBe(0);
    expect(result.errors.map((diagnostic) => `${diagnostic.code} ${diagnostic.severity} ${diagnostic.message}`)).toEqual([
      'unknown-rule error --rule: unknown rule "s3-bucket-versoning-enabled", did you mean "s3-bucket-versioning-enabled"? (run s3lint rules for the list)',
      'unknown-rule error --skip-rule: unknown rule "nothing-like-it" (run s3lint rules for the list)',
    ]);
    expect(unknownRuleMessages({ onlyRules: ['s3-bucket-versioning-enabled'] }, RULES)).toEqual([]);
  });

  it('exclude skips files and folders relative to cwd, beside the file\'s ignore; a named file is still read', async () => {
    const root = project('ignore: [legacy/]\n');
    const scanned = async (options: Partial<Parameters<typeof lint>[0]>) =>
      [...new Set((await lint({ paths: ['.'], cwd: root, onlyRules: ['s3-bucket-acl-not-public'], ...options })).findings.map((finding) => finding.location.file))].sort();
    expect(await scanned({})).toEqual(['infra/gen/x.tf', 'infra/main.tf']);
    expect(await scanned({ exclude: ['infra/gen/'] })).toEqual(['infra/main.tf']);
    expect(await scanned({ exclude: ['*.tf'] })).toEqual([]);
    // Relative to the working folder, not to the configuration file: from infra/, `gen` is infra/gen.
    expect([...new Set((await lint({ paths: ['.'], cwd: path.join(root, 'infra'), config: path.join(root, '.s3lint.yaml'), exclude: ['/gen'] })).findings.map((f) => f.location.file))]).toEqual(['main.tf']);
    expect(await scanned({ paths: ['infra/gen/x.tf'], exclude: ['infra/gen/'] })).toEqual(['infra/gen/x.tf']);
  });
});

// ---------------------------------------------------------------------------------------------------------------

function globMatches(pattern: string, file: string, isDirectory = false): boolean {
  const glob = compileGlob(pattern);
  return glob !== undefined && matchesAnyGlob(file, [glob], isDirectory);
}

describe('glob matching', () => {
  it.each([
    // pattern, path, matches
    ['main.tf', 'main.tf', true],
    ['main.tf', 'modules/a/main.tf', true], // no slash: any depth
    ['main.tf', 'main.tf.json', false],
    ['*.tf', 'a.tf', true],
    ['*.tf', 'deep/er/a.tf', true],
    ['*.tf', 'a.tf.json', false],
    ['*.tf', '.hidden.tf', true],
    ['a?.tf', 'ab.tf', true],
    ['a?.tf', 'a/.tf', false],
    ['a?.tf', 'abc.tf', false],
    ['[ab].tf', 'b.tf', true],
    ['[!ab].tf', 'b.tf', false],
    ['[!ab].tf', 'c.tf', true],
    ['[a-c]x.tf', 'bx.tf', true],
    ['[a-c]x.tf', 'dx.tf', false],
    ['[z-a].tf', '[z-a].tf', true], // invalid range: literal
    ['[.tf', '[.tf', true], // unclosed bracket: literal
    ['\\*.tf', '*.tf', true],
    ['\\*.tf', 'a.tf', false],
    ['legacy', 'legacy/main.tf', true], // a folder's contents
    ['legacy', 'modules/legacy/main.tf', true],
    ['legacy', 'legacy-new/main.tf', false],
    ['modules/old', 'modules/old/main.tf', true], // with a slash: anchored
    ['modules/old', 'x/modules/old/main.tf', false],
    ['/main.tf', 'main.tf', true],
    ['/main.tf', 'sub/main.tf', false],
    ['./main.tf', 'sub/main.tf', false],
    ['build/', 'build/out.tf', true],
    ['build/', 'a/build/out.tf', true],
    ['build/', 'build', false], // a file named build
    ['**/*.generated.tf', 'x.generated.tf', true],
    ['**/*.generated.tf', 'a/b/x.generated.tf', true],
    ['**', 'anything/at/all.tf', true],
    ['legacy/**', 'legacy/a/b.tf', true],
    ['legacy/**', 'legacy', false],
    ['legacy/**', 'other/legacy/a.tf', false],
    ['a/**/b.tf', 'a/b.tf', true],
    ['a/**/b.tf', 'a/x/y/b.tf', true],
    ['a/**/b.tf', 'a/x/y/c.tf', false],
    ['a/**/b.tf', 'z/a/x/b.tf', false],
    ['a/*/b.tf', 'a/x/b.tf', true],
    ['a/*/b.tf', 'a/x/y/b.tf', false],
    ['templates/*.yaml', 'templates/site.yaml', true],
    ['templates/*.yaml', 'templates/nested/site.yaml', false],
    ['a**b.tf', 'axxb.tf', true],
    ['(x)+.tf', '(x)+.tf', true],
    ['(x)+.tf', 'xx.tf', false],
    ['Main.tf', 'main.tf', false], // case-sensitive
  ])('%s against %s: %s', (pattern, file, expected) => {
    expect(globMatches(pattern, file)).toBe(expected);
  });

  it('applies folder-only patterns to a folder path itself', () => {
    expect(globMatches('build/', 'build', true)).toBe(true);
    expect(globMatches('build', 'build', true)).toBe(true);
    expect(globMatches('legacy/**', 'legacy', true)).toBe(false);
    expect(globMatches('legacy/**', 'legacy/sub', true)).toBe(true);
  });

  it('compiles nothing for an empty pattern', () => {
    for (const pattern of ['', '/', './', '.', '//']) expect(compileGlob(pattern), pattern).toBeUndefined();
  });
});

describe('isIgnored', () => {
  const ignoring = config({ file: '/repo/infra/.s3lint.yaml', ignore: ['build/', '*.generated.tf', 'legacy/**', '/top.tf'] });

  it('matches paths relative to the configuration’s folder (both display paths)', () => {
    expect(isIgnored('infra/build/a.tf', ignoring, 'infra')).toBe(true);
    expect(isIgnored('infra/modules/x.generated.tf', ignoring, 'infra')).toBe(true);
    expect(isIgnored('infra/legacy/a/b.yaml', ignoring, 'infra')).toBe(true);
    expect(isIgnored('infra/top.tf', ignoring, 'infra')).toBe(true);
    expect(isIgnored('infra/sub/top.tf', ignoring, 'infra')).toBe(false);
    expect(isIgnored('infra/main.tf', ignoring, 'infra')).toBe(false);
    expect(isIgnored('infra/build', ignoring, 'infra', { isDirectory: true })).toBe(true);
    expect(isIgnored('infra/build', ignoring, 'infra')).toBe(false);
  });

  it('works with absolute paths and with the configuration in the working folder', () => {
    expect(isIgnored('/repo/infra/build/a.tf', ignoring, '/repo/infra')).toBe(true);
    expect(isIgnored('/repo/infra/main.tf', ignoring, '/repo/infra')).toBe(false);
    expect(isIgnored('build/a.tf', ignoring, '.')).toBe(true);
    expect(isIgnored('build/a.tf', ignoring, '')).toBe(true);
    // Relative paths are taken from cwd: infra/top.tf is top.tf in /repo/infra, but infra/top.tf in /repo.
    expect(isIgnored('infra/top.tf', ignoring, '/repo/infra', { cwd: '/repo' })).toBe(true);
    expect(isIgnored('infra/top.tf', ignoring, '/repo', { cwd: '/repo' })).toBe(false);
  });

  it('never ignores a path outside the configuration’s folder, or the folder itself', () => {
    expect(isIgnored('other/build/a.tf', ignoring, 'infra')).toBe(false);
    expect(isIgnored('../build/a.tf', ignoring, '.')).toBe(false);
    expect(isIgnored('infra', ignoring, 'infra', { isDirectory: true })).toBe(false);
  });

  it('ignores nothing without patterns', () => {
    expect(isIgnored('build/a.tf', config({}), '.')).toBe(false);
  });
});

describe('suggestions', () => {
  it('measures edits, with transpositions, ignoring case', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('varfiles', 'varFiles')).toBe(0);
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests the one close candidate, or the one that contains the input', () => {
    expect(closestMatch('failon', ['preset', 'failOn'])).toBe('failOn');
    expect(closestMatch('preste', ['preset', 'failOn'])).toBe('preset');
    expect(closestMatch('xyz', ['preset', 'failOn'])).toBeUndefined();
    expect(closestMatch('tls', ['s3-bucket-policy-requires-tls'])).toBeUndefined(); // too short to guess
    expect(closestMatch('encryption-valid', RULES.map((rule) => rule.id))).toBe('s3-bucket-encryption-valid');
    expect(closestMatch('versioning', RULES.map((rule) => rule.id))).toBeUndefined(); // several rules contain it: no guess
  });
});
