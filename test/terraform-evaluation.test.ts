/**
 * How s3lint reads real Terraform: variable values (defaults, tfvars, --var-file, --var, the configuration's
 * varFiles), module calls expanded with their inputs (local and `terraform init` downloaded), count and for_each
 * instances, dynamic blocks, and plan JSON. Each test scans a small project in testdata/terraform-evaluation.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint, type LintOptions } from '../src/engine/lint.js';
import type { RunResult } from '../src/engine/result.js';
import { Graph } from '../src/graph/graph.js';
import type { ExpressionNode, ResourceNode, ValueNode } from '../src/graph/types.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const DIR = 'testdata/terraform-evaluation';

async function scan(folder: string, rules: string[], options: Partial<LintOptions> = {}): Promise<RunResult> {
  return lint({ paths: [`${DIR}/${folder}`], cwd: ROOT, config: false, onlyRules: rules, ...options });
}

/** `<rule> <message id> <resource> <file>:<line>:<column>` with the related locations' `<file>:<line>`, paths from DIR. */
function findings(result: RunResult): string[] {
  const short = (file: string): string => file.replace(`${DIR}/`, '');
  return result.findings.map((finding) => {
    const related = finding.related.map((entry) => `${short(entry.location.file)}:${entry.location.start.line}`);
    const at = `${short(finding.location.file)}:${finding.location.start.line}:${finding.location.start.column}`;
    return `${finding.ruleId} ${finding.messageId} ${finding.resource.id} ${at}${related.length > 0 ? ` <- ${related.join(' ')}` : ''}`;
  });
}

function outcome(result: RunResult, ruleId: string, resourceId: string): string | undefined {
  return result.evaluations.find((evaluation) => evaluation.ruleId === ruleId && evaluation.resource.id === resourceId)?.outcome;
}

describe('variable values', () => {
  const rules = ['s3-bucket-versioning-enabled', 's3-bucket-force-destroy-disabled'];

  it('a default is the value, terraform.tfvars and *.auto.tfvars.json override it, and findings point where the module uses it', async () => {
    const result = await scan('variables', rules);
    expect(findings(result)).toEqual([
      's3-bucket-force-destroy-disabled forceDestroy aws_s3_bucket.data variables/main.tf:3:19',
      's3-bucket-versioning-enabled notEnabled aws_s3_bucket.data variables/main.tf:9:14',
      's3-bucket-versioning-enabled notEnabled aws_s3_bucket.other variables/main.tf:20:14',
    ]);
    expect(result.errors).toEqual([]);
  });

  it('--var-file values override the auto-loaded files, and --var overrides them all', async () => {
    const withFile = await scan('variables', rules, { varFiles: [`${DIR}/variables/prod.tfvars`] });
    expect(outcome(withFile, 's3-bucket-versioning-enabled', 'aws_s3_bucket.data')).toBe('pass');
    const withVar = await scan('variables', rules, {
      varFiles: [`${DIR}/variables/prod.tfvars`],
      variables: [['versioning_status', 'Suspended'], ['force_destroy', 'false'], ['unset', 'Enabled']],
    });
    expect(findings(withVar)).toEqual(['s3-bucket-versioning-enabled notEnabled aws_s3_bucket.data variables/main.tf:9:14']);
  });

  it('the configuration file names var files relative to itself; a missing var file is an error', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 's3lint-varfiles-'));
    writeFileSync(path.join(folder, 'main.tf'), 'variable "status" {}\n\nresource "aws_s3_bucket" "b" {\n  bucket = "acme-b"\n}\n\nresource "aws_s3_bucket_versioning" "b" {\n  bucket = aws_s3_bucket.b.id\n  versioning_configuration {\n    status = var.status\n  }\n}\n');
    writeFileSync(path.join(folder, 'values.tfvars'), 'status = "Enabled"\n');
    writeFileSync(path.join(folder, '.s3lint.yaml'), 'varFiles: [values.tfvars]\n');
    const configured = await lint({ paths: ['.'], cwd: folder, onlyRules: ['s3-bucket-versioning-enabled'] });
    expect(outcome(configured, 's3-bucket-versioning-enabled', 'aws_s3_bucket.b')).toBe('pass');
    const unconfigured = await lint({ paths: ['.'], cwd: folder, config: false, onlyRules: ['s3-bucket-versioning-enabled'] });
    expect(outcome(unconfigured, 's3-bucket-versioning-enabled', 'aws_s3_bucket.b')).toBe('unresolved');
    const missing = await lint({ paths: ['.'], cwd: folder, config: false, varFiles: ['nope.tfvars'], onlyRules: ['s3-bucket-versioning-enabled'] });
    expect(missing.errors.map((error) => [error.severity, error.code, error.message])).toEqual([['error', 'read-error', 'variables file: cannot read nope.tfvars: no such file']]);
  });
});

describe('modules', () => {
  it('expands local modules with their inputs, for_each and count, nested calls, and outputs used by the caller', async () => {
    const result = await scan('modules', ['s3-bucket-versioning-enabled', 's3-bucket-encryption-valid', 's3-bucket-policy-not-public']);
    expect(findings(result)).toEqual([
      's3-bucket-versioning-enabled missing module.logs.aws_s3_bucket.this modules/bucket/main.tf:10:1 <- modules/root/main.tf:1',
      's3-bucket-versioning-enabled missing module.per_team["blue"].aws_s3_bucket.this modules/bucket/main.tf:10:1 <- modules/root/main.tf:7',
      // The policy outside the module names the bucket through the module's output.
      's3-bucket-policy-not-public publicPolicy module.logs.aws_s3_bucket.this modules/root/main.tf:27:18 <- modules/root/main.tf:23 modules/root/main.tf:1',
    ]);
    // The nested module's encryption reaches the bucket of its caller's instance: no bucket of its own.
    expect(result.summary.buckets.map((bucket) => bucket.id)).toEqual([
      'module.logs.aws_s3_bucket.this',
      'module.per_team["red"].aws_s3_bucket.this',
      'module.per_team["blue"].aws_s3_bucket.this',
    ]);
    expect(outcome(result, 's3-bucket-encryption-valid', 'module.per_team["red"].aws_s3_bucket.this')).toBe('pass');
    // `count = 0`: nothing is created, and the suppression above it has nothing to silence (no warning).
    expect(result.errors).toEqual([]);
  });

  it('expands modules that terraform init downloaded, and notes the ones that are not on disk', async () => {
    const result = await scan('installed', ['s3-bucket-versioning-enabled', 's3-bucket-force-destroy-disabled']);
    expect(findings(result)).toEqual([
      's3-bucket-force-destroy-disabled forceDestroy module.archive.aws_s3_bucket.this installed/.terraform/modules/archive/main.tf:7:19 <- installed/main.tf:1',
      's3-bucket-versioning-enabled notEnabled module.archive.aws_s3_bucket.this installed/.terraform/modules/archive/modules/lock/main.tf:8:14 <- installed/main.tf:1',
    ]);
    expect(result.errors.map((error) => [error.code, error.severity, error.location?.start.line, error.message])).toEqual([
      [
        'module-not-expanded',
        'note',
        8,
        'module.elsewhere (source "git::https://example.com/not-downloaded.git") is not expanded: its code is not on disk (run `terraform init` to download it; s3lint never fetches modules), so the resources it creates are not judged',
      ],
    ]);
  });
});

describe('count, for_each and dynamic blocks', () => {
  it('expands known for_each into keyed instances, pairs split resources with the same key, and expands dynamic blocks', async () => {
    const result = await scan('iteration', ['s3-bucket-versioning-enabled', 's3-bucket-encryption-valid']);
    expect(findings(result)).toEqual(['s3-bucket-versioning-enabled notEnabled aws_s3_bucket.b["data"] iteration/main.tf:22:60']);
    expect(outcome(result, 's3-bucket-versioning-enabled', 'aws_s3_bucket.b["logs"]')).toBe('pass');
    expect(outcome(result, 's3-bucket-encryption-valid', 'aws_s3_bucket.legacy')).toBe('pass');
    // A dynamic block over an input nobody gives stays unknown.
    expect(result.evaluations.find((evaluation) => evaluation.ruleId === 's3-bucket-versioning-enabled' && evaluation.resource.id === 'aws_s3_bucket.legacy')).toMatchObject({
      outcome: 'unresolved',
      unresolved: [{ location: { start: { line: 40 } } }],
    });
  });
});

describe('plan JSON', () => {
  it('judges the planned values, named by address, at the lines of the configuration beside the plan', async () => {
    const result = await lint({ paths: ['testdata/plan/plan.json'], cwd: ROOT, config: false, onlyRules: ['s3-bucket-versioning-enabled'] });
    expect(result.findings.map((finding) => `${finding.resource.id} ${finding.location.file}:${finding.location.start.line}`)).toEqual([
      'aws_s3_bucket.site["www"] testdata/plan/main.tf:15',
      'module.logs[0].aws_s3_bucket.this testdata/plan/modules/logs/main.tf:5',
      'module.logs[1].aws_s3_bucket.this testdata/plan/modules/logs/main.tf:5',
      'module.app["web"].module.store.aws_s3_bucket.this testdata/plan/plan.json:138',
    ]);
    // The versioning resource whose bucket is known only after apply still reaches its bucket.
    expect(outcome(result, 's3-bucket-versioning-enabled', 'aws_s3_bucket.b')).toBe('pass');
    expect(result.errors).toEqual([]);
  });

  it('a module input that passes the caller’s bucket, unknown until apply, links the module’s settings to it', async () => {
    const result = await lint({ paths: ['testdata/plan-module-input/plan.json'], cwd: ROOT, config: false, onlyRules: ['s3-bucket-public-access-block'] });
    expect(result.summary.buckets.map((bucket) => bucket.id)).toEqual(['aws_s3_bucket.reports']);
    expect(outcome(result, 's3-bucket-public-access-block', 'aws_s3_bucket.reports')).toBe('pass');
  });

  it('a plan module whose source is the parent folder ("..") points into that folder, as Terraform reads it', async () => {
    const plan = {
      format_version: '1.2',
      planned_values: { root_module: { child_modules: [{ address: 'module.shared', resources: [
        { address: 'module.shared.aws_s3_bucket.this', mode: 'managed', type: 'aws_s3_bucket', name: 'this', values: { bucket: 'acme-shared', force_destroy: true } },
      ] }] } },
      resource_changes: [
        { address: 'module.shared.aws_s3_bucket.this', module_address: 'module.shared', mode: 'managed', type: 'aws_s3_bucket', name: 'this', change: { actions: ['create'], before: null, after: { bucket: 'acme-shared', force_destroy: true }, after_unknown: {} } },
      ],
      configuration: { root_module: { module_calls: { shared: { source: '..', module: { resources: [
        { address: 'aws_s3_bucket.this', mode: 'managed', type: 'aws_s3_bucket', name: 'this', expressions: { bucket: { constant_value: 'acme-shared' }, force_destroy: { constant_value: true } } },
      ] } } } } },
    };
    const folder = project({
      'main.tf': 'resource "aws_s3_bucket" "this" {\n  bucket        = "acme-shared"\n  force_destroy = true\n}\n',
      'live/plan.json': JSON.stringify(plan, null, 2),
    });
    const result = await lint({ paths: ['live/plan.json'], cwd: folder, config: false, onlyRules: ['s3-bucket-force-destroy-disabled'] });
    expect(result.findings.map((finding) => `${finding.resource.id} ${finding.location.file}:${finding.location.start.line}`)).toEqual(['module.shared.aws_s3_bucket.this main.tf:3']);
  });

  it('a plan stands for its root folder: scanning both judges the plan only', async () => {
    const result = await lint({ paths: ['testdata/plan'], cwd: ROOT, config: false, onlyRules: ['s3-bucket-versioning-enabled'] });
    expect(result.summary.buckets.map((bucket) => bucket.id)).toEqual([
      'aws_s3_bucket.b',
      'aws_s3_bucket.site["www"]',
      'module.app["web"].module.store.aws_s3_bucket.this',
      'module.logs[0].aws_s3_bucket.this',
      'module.logs[1].aws_s3_bucket.this',
    ]);
  });
});

describe('the built graph', () => {
  it('keeps no syntax tree: nothing evaluates once it is built, and each tree keeps its file text', async () => {
    const { nodes, symbols } = await expandedRoot(`variable "kms_key" {}
locals {
  shared = { sse_algorithm = "aws:kms", kms_master_key_id = var.kms_key }
}
resource "aws_s3_bucket_server_side_encryption_configuration" "a" {
  bucket = aws_s3_bucket.a.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = local.shared.sse_algorithm
      kms_master_key_id = local.shared.kms_master_key_id
    }
  }
}
resource "aws_s3_bucket_policy" "a" {
  bucket = aws_s3_bucket.a.id
  policy = jsonencode({ Statement = [{ Effect = "Deny", Principal = "*", Action = "s3:*", Resource = var.kms_key }] })
}
`);
    const graph = Graph.fromScopes([{ key: '.', framework: 'terraform', nodes, symbols }]);
    const values = [...graph.nodes.map((node) => node.body), ...symbols.values()];
    const trees = (): number => values.flatMap(expressionsIn).filter((expression) => expression.ast !== undefined).length;
    expect(symbols.has('local.shared')).toBe(true);
    expect(trees()).toBeGreaterThanOrEqual(3);
    graph.releaseSyntaxTrees();
    expect(trees()).toBe(0);
    // What rules read of an unknown value stays.
    const policy = graph.nodes.find((node) => node.id === 'aws_s3_bucket_policy.a')!.body.entries.get('policy')!.value as ExpressionNode;
    expect(expressionsIn(policy.decoded!).map((expression) => expression.text)).toEqual(['var.kms_key']);
  });
});

describe('evaluating the folders', () => {
  it('lets go of each root folder once it is expanded, and keeps the module folders the roots share', async () => {
    const { terraformProject } = await import('../src/engine/terraform-project.js');
    const { parseHclFile } = await import('../parsers/terraform/hcl/to-value.js');
    const file = (name: string, text: string) => ({ file: name, body: parseHclFile(name, text).body! });
    const caller = (name: string) => file(`${name}/main.tf`, 'module "store" {\n  source = "../store"\n}\n');
    const folders = new Map([
      ['dev', [caller('dev')]],
      ['prod', [caller('prod')]],
      ['store', [file('store/main.tf', 'resource "aws_s3_bucket" "this" {}\n')]],
    ]);
    const project = await terraformProject({
      cwd: ROOT,
      folders,
      variableFiles: new Map(),
      extraVariableFiles: [],
      variables: [],
      loadFile: () => Promise.reject(new Error('no file is read from disk')),
    });
    expect(project.scopes.flatMap((scope) => scope.nodes.map((node) => `${scope.key} ${node.id}`))).toEqual([
      'dev module.store module.store.aws_s3_bucket.this',
      'prod module.store module.store.aws_s3_bucket.this',
    ]);
    expect([...folders.keys()]).toEqual(['store']);
  });
});

/** Every expression node inside a value, `jsonencode` trees included. */
function expressionsIn(node: ValueNode): ExpressionNode[] {
  const decoded = node.kind === 'literal' || node.kind === 'expression' ? (node.decoded ? expressionsIn(node.decoded) : []) : [];
  if (node.kind === 'expression') return [node, ...decoded];
  if (node.kind === 'list') return node.items.flatMap(expressionsIn);
  if (node.kind === 'object') return [...node.entries.values()].flatMap((entry) => expressionsIn(entry.value));
  return decoded;
}

/** The resource instances one root module file expands into (no module code on disk). */
async function expandedNodes(text: string): Promise<ResourceNode[]> {
  return (await expandedRoot(text)).nodes;
}

/** The root module instance of one file: its resources and its named values. */
async function expandedRoot(text: string): Promise<{ nodes: ResourceNode[]; symbols: Map<string, ValueNode> }> {
  const { expandRoot, BlockTracker } = await import('../parsers/terraform/instances.js');
  const { parseHclFile } = await import('../parsers/terraform/hcl/to-value.js');
  const body = parseHclFile('main.tf', text).body!;
  const resolver = { folderOf: () => undefined, files: () => undefined };
  const [root] = expandRoot('.', [{ file: 'main.tf', body }], new Map(), resolver, new BlockTracker()).instances;
  return root!;
}

/** The `id` of each `rule` block of a lifecycle configuration instance. */
function lifecycleRuleIds(nodes: readonly ResourceNode[], id: string): unknown[] {
  const rules = nodes.find((node) => node.id === id)!.body.entries.get('rule')!.value;
  return rules.kind === 'list' ? rules.items.map((rule) => (rule.kind === 'object' && rule.entries.get('id')?.value.kind === 'literal' ? rule.entries.get('id')!.value.value : '?')) : [];
}

/** Writes a small project into a fresh temporary folder. */
function project(files: Record<string, string>): string {
  const folder = mkdtempSync(path.join(os.tmpdir(), 's3lint-eval-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
    writeFileSync(path.join(folder, name), text);
  }
  return folder;
}

const PUBLIC_POLICY = 'jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "*" }] })';

describe('names across module boundaries', () => {
  it('an output built from a local names the module’s bucket, not the caller’s bucket behind a local of the same name', async () => {
    const cwd = project({
      'main.tf': `resource "aws_s3_bucket" "other" {\n  bucket = "acme-other"\n}\n\nlocals {\n  bucket_id = aws_s3_bucket.other.id\n}\n\nmodule "m" {\n  source  = "./mod"\n  enabled = true\n}\n\nresource "aws_s3_bucket_policy" "p" {\n  bucket = module.m.id\n  policy = ${PUBLIC_POLICY}\n}\n`,
      'mod/main.tf': `variable "enabled" {}\n\nresource "aws_s3_bucket" "this" {\n  bucket = "acme-module"\n}\n\nlocals {\n  bucket_id = aws_s3_bucket.this.id\n}\n\noutput "id" {\n  value = var.enabled ? local.bucket_id : ""\n}\n`,
    });
    const result = await lint({ paths: ['.'], cwd, config: false, onlyRules: ['s3-bucket-policy-not-public'] });
    expect(result.summary.buckets.map((bucket) => `${bucket.id} ${bucket.exposure}`)).toEqual(['aws_s3_bucket.other private', 'module.m.aws_s3_bucket.this public']);
  });

  it('an input built from the caller’s local names the caller’s bucket', async () => {
    const cwd = project({
      'main.tf': `variable "flag" {}\n\nresource "aws_s3_bucket" "caller" {\n  bucket = "acme-caller"\n}\n\nlocals {\n  bucket_id = aws_s3_bucket.caller.id\n}\n\nmodule "m" {\n  source = "./mod"\n  bucket = var.flag ? local.bucket_id : null\n}\n`,
      'mod/main.tf': `variable "bucket" {}\n\nresource "aws_s3_bucket" "this" {\n  bucket = "acme-module"\n}\n\nlocals {\n  bucket_id = aws_s3_bucket.this.id\n}\n\nresource "aws_s3_bucket_policy" "p" {\n  bucket = var.bucket\n  policy = ${PUBLIC_POLICY}\n}\n`,
    });
    const result = await lint({ paths: ['.'], cwd, config: false, onlyRules: ['s3-bucket-policy-not-public'] });
    expect(result.summary.buckets.map((bucket) => `${bucket.id} ${bucket.exposure}`)).toEqual(['aws_s3_bucket.caller public', 'module.m.aws_s3_bucket.this private']);
  });

  it('null passed to a module input stays null unless the variable says nullable = false', async () => {
    const files = (nullable: string) => ({
      'main.tf': 'module "b" {\n  source = "./mod"\n  block  = null\n}\n',
      'mod/main.tf': `variable "block" {\n  default = true${nullable}\n}\n\nresource "aws_s3_bucket" "b" {\n  bucket = "acme-b"\n}\n\nresource "aws_s3_bucket_public_access_block" "b" {\n  bucket                  = aws_s3_bucket.b.id\n  block_public_acls       = var.block\n  block_public_policy     = var.block\n  ignore_public_acls      = var.block\n  restrict_public_buckets = var.block\n}\n`,
    });
    const nullable = await lint({ paths: ['.'], cwd: project(files('')), config: false, onlyRules: ['s3-bucket-public-access-block'] });
    expect(outcome(nullable, 's3-bucket-public-access-block', 'module.b.aws_s3_bucket.b')).toBe('fail');
    const notNullable = await lint({ paths: ['.'], cwd: project(files('\n  nullable = false')), config: false, onlyRules: ['s3-bucket-public-access-block'] });
    expect(outcome(notNullable, 's3-bucket-public-access-block', 'module.b.aws_s3_bucket.b')).toBe('pass');
  });
});

describe('module instances', () => {
  const MODULE = 'variable "name" {}\n\n# s3lint-ignore s3-bucket-versioning-enabled: archive buckets keep no versions\nresource "aws_s3_bucket" "this" {\n  bucket = var.name\n}\n\nresource "aws_s3_bucket_versioning" "this" {\n  bucket = aws_s3_bucket.this.id\n  versioning_configuration {\n    status = "Suspended"\n  }\n}\n';

  it('a comment above a block inside a module covers every instance of it', async () => {
    const cwd = project({ 'main.tf': 'module "b" {\n  source   = "./mod"\n  for_each = toset(["logs", "data"])\n  name     = each.key\n}\n', 'mod/main.tf': MODULE });
    const result = await lint({ paths: ['.'], cwd, config: false, onlyRules: ['s3-bucket-versioning-enabled'] });
    expect(result.findings).toEqual([]);
    expect(result.suppressed.map((finding) => finding.resource.id).sort()).toEqual(['module.b["data"].aws_s3_bucket.this', 'module.b["logs"].aws_s3_bucket.this']);
  });

  it('a module called only with count = 0 is never judged, not even as a root of its own', async () => {
    const cwd = project({ 'main.tf': 'module "b" {\n  source = "./mod"\n  count  = 0\n  name   = "acme-never"\n}\n', 'mod/main.tf': MODULE });
    const result = await lint({ paths: ['.'], cwd, config: false, onlyRules: ['s3-bucket-versioning-enabled'] });
    expect(result.summary.buckets).toEqual([]);
  });

  it('--var gives count a number, as Terraform converts it', async () => {
    const cwd = project({ 'main.tf': 'variable "n" {}\n\nresource "aws_s3_bucket" "b" {\n  count  = var.n\n  bucket = "acme-${count.index}"\n}\n' });
    const result = await lint({ paths: ['.'], cwd, config: false, variables: [['n', '2']], onlyRules: ['s3-bucket-versioning-enabled'] });
    expect(result.summary.buckets.map((bucket) => bucket.id)).toEqual(['aws_s3_bucket.b[0]', 'aws_s3_bucket.b[1]']);
  });

  it('stops a module fan-out with a note instead of running out of memory', async () => {
    const files: Record<string, string> = { 'main.tf': 'module "c" {\n  source = "./m0"\n}\n' };
    for (let level = 0; level < 8; level++) {
      const child = level < 7 ? `module "c" {\n  source = "../m${level + 1}"\n  count  = 8\n}\n\noutput "o" {\n  value = module.c[*].o\n}\n` : 'output "o" {\n  value = "leaf"\n}\n';
      files[`m${level}/main.tf`] = `resource "aws_s3_bucket" "b" {\n  bucket = "acme-${level}"\n}\n\n${child}`;
    }
    const result = await lint({ paths: ['.'], cwd: project(files), config: false, onlyRules: ['s3-bucket-versioning-enabled'] });
    expect(result.errors.some((error) => error.code === 'module-not-expanded' && error.message.includes('more than 512 module instances'))).toBe(true);
  });
});

describe('variable types', () => {
  it('fills the optional attributes an object type declares, with their defaults or null, nested ones included', async () => {
    const cwd = project({
      'main.tf': 'module "b" {\n  source = "./mod"\n  cfg    = { rules = [{ id = "expire" }] }\n}\n',
      'mod/main.tf': [
        'variable "cfg" {',
        '  type = object({',
        '    versioning = optional(bool, true)',
        '    owner      = optional(string)',
        '    rules      = optional(list(object({ id = string, enabled = optional(bool, true) })), [])',
        '  })',
        '}',
        '',
        'resource "aws_s3_bucket" "b" {',
        '  bucket = "acme-typed"',
        '}',
        '',
        'resource "aws_s3_bucket_versioning" "b" {',
        '  bucket = aws_s3_bucket.b.id',
        '  versioning_configuration {',
        '    status = try(var.cfg.versioning, false) && var.cfg.owner == null && var.cfg.rules[0].enabled ? "Enabled" : "Suspended"',
        '  }',
        '}',
        '',
      ].join('\n'),
    });
    const result = await lint({ paths: ['.'], cwd, config: false, onlyRules: ['s3-bucket-versioning-enabled'] });
    expect(outcome(result, 's3-bucket-versioning-enabled', 'module.b.aws_s3_bucket.b')).toBe('pass');
  });
});

describe('instance keys in references', () => {
  it('a literal or known index names that instance, not the first one', async () => {
    const cwd = project({
      'main.tf': [
        'resource "aws_s3_bucket" "b" {',
        '  count  = 2',
        '  bucket = "acme-${count.index}"',
        '}',
        '',
        'resource "aws_s3_bucket" "c" {',
        '  for_each = toset(["data", "logs"])',
        '  bucket   = "acme-${each.key}"',
        '}',
        '',
        'locals {',
        '  which = "logs"',
        '}',
        '',
        'resource "aws_s3_bucket_policy" "b" {',
        '  bucket = aws_s3_bucket.b[1].id',
        `  policy = ${PUBLIC_POLICY}`,
        '}',
        '',
        'resource "aws_s3_bucket_policy" "c" {',
        '  bucket = aws_s3_bucket.c[local.which].id',
        `  policy = ${PUBLIC_POLICY}`,
        '}',
        '',
      ].join('\n'),
    });
    const result = await lint({ paths: ['.'], cwd, config: false, onlyRules: ['s3-bucket-policy-not-public'] });
    expect(result.summary.buckets.map((bucket) => `${bucket.id} ${bucket.exposure}`)).toEqual([
      'aws_s3_bucket.b[0] private',
      'aws_s3_bucket.b[1] public',
      'aws_s3_bucket.c["data"] private',
      'aws_s3_bucket.c["logs"] public',
    ]);
  });
});

describe('dynamic blocks in instances', () => {
  it('each instance gets its own generated blocks, beside the static ones, and a known empty collection generates none', async () => {
    const text = [
      'resource "aws_s3_bucket_lifecycle_configuration" "l" {',
      '  for_each = toset(["a", "b"])',
      '  bucket   = "acme-${each.key}"',
      '  rule {',
      '    id     = "static"',
      '    status = "Enabled"',
      '  }',
      '  dynamic "rule" {',
      '    for_each = ["generated"]',
      '    content {',
      '      id     = rule.value',
      '      status = "Enabled"',
      '    }',
      '  }',
      '}',
      '',
      'resource "aws_s3_bucket" "b" {',
      '  bucket = "acme-b"',
      '  dynamic "versioning" {',
      '    for_each = []',
      '    content {',
      '      enabled = true',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n');
    const nodes = await expandedNodes(text);
    expect(lifecycleRuleIds(nodes, 'aws_s3_bucket_lifecycle_configuration.l["a"]')).toEqual(['static', 'generated']);
    expect(lifecycleRuleIds(nodes, 'aws_s3_bucket_lifecycle_configuration.l["b"]')).toEqual(['static', 'generated']);
    const bucket = nodes.find((node) => node.id === 'aws_s3_bucket.b')!;
    expect([...bucket.body.entries.keys()]).toEqual(['bucket']);
  });
});

describe('dynamic blocks over sets', () => {
  it('key each generated block by its value, as Terraform does, also when the set arrives through a local or variable', async () => {
    const text = [
      'variable "prefixes" {',
      '  default = ["logs/", "tmp/"]',
      '}',
      'locals {',
      '  prefixes = toset(var.prefixes)',
      '}',
      'resource "aws_s3_bucket_lifecycle_configuration" "l" {',
      '  bucket = "acme-b"',
      '  dynamic "rule" {',
      '    for_each = local.prefixes',
      '    content {',
      '      id     = "expire-${rule.key}"',
      '      status = "Enabled"',
      '    }',
      '  }',
      '  dynamic "rule" {',
      '    for_each = ["list"]',
      '    iterator = item',
      '    content {',
      '      id     = "by-index-${item.key}"',
      '      status = "Enabled"',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n');
    expect(lifecycleRuleIds(await expandedNodes(text), 'aws_s3_bucket_lifecycle_configuration.l')).toEqual(['expire-logs/', 'expire-tmp/', 'by-index-0']);
  });
});

describe('a named caller file', () => {
  it('brings the buckets its module calls create into focus, as pre-commit names changed files', async () => {
    const result = await lint({ paths: [`${DIR}/modules/root/main.tf`], cwd: ROOT, config: false, onlyRules: ['s3-bucket-versioning-enabled'] });
    expect(result.summary.buckets.map((bucket) => bucket.id)).toEqual([
      'module.logs.aws_s3_bucket.this',
      'module.per_team["red"].aws_s3_bucket.this',
      'module.per_team["blue"].aws_s3_bucket.this',
    ]);
    expect(result.findings.map((finding) => finding.resource.id)).toEqual(['module.logs.aws_s3_bucket.this', 'module.per_team["blue"].aws_s3_bucket.this']);
  });
});

describe('auto-loaded variable files', () => {
  it('reads terraform.tfvars, then terraform.tfvars.json, then *.auto.tfvars(.json) in name order; other .tfvars only when named', async () => {
    const cwd = project({
      'main.tf': 'variable "status" {\n  default = "Suspended"\n}\n\nresource "aws_s3_bucket" "b" {\n  bucket = "acme-b"\n}\n\nresource "aws_s3_bucket_versioning" "b" {\n  bucket = aws_s3_bucket.b.id\n  versioning_configuration {\n    status = var.status\n  }\n}\n',
      'terraform.tfvars': 'status = "Disabled"\n',
      'terraform.tfvars.json': '{ "status": "Suspended" }\n',
      'a.auto.tfvars': 'status = "Suspended"\n',
      'b.auto.tfvars': 'status = "Enabled"\n',
      'prod.tfvars': 'status = "Suspended"\n',
    });
    const result = await lint({ paths: ['.'], cwd, config: false, onlyRules: ['s3-bucket-versioning-enabled'] });
    expect(outcome(result, 's3-bucket-versioning-enabled', 'aws_s3_bucket.b')).toBe('pass');
    const named = await lint({ paths: ['.'], cwd, config: false, varFiles: ['prod.tfvars'], onlyRules: ['s3-bucket-versioning-enabled'] });
    expect(outcome(named, 's3-bucket-versioning-enabled', 'aws_s3_bucket.b')).toBe('fail');
  });
});
