import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { looksLikeTerraformPlan, moduleCalls, normalizeReferences, parseTerraformPlan, planScopeInputs, type PlanScope } from '../../parsers/terraform/plan.js';
import { terraformResources } from '../../parsers/terraform/module.js';
import { parseHclFile } from '../../parsers/terraform/hcl/to-value.js';
import { Graph, resourceAddress } from '../../src/graph/graph.js';
import { buildS3Views, type BucketView } from '../../src/graph/s3.js';
import type { ExpressionNode, ResourceNode } from '../../src/graph/types.js';
import { dig, plain, span } from './hcl-support.js';

const FILE = 'testdata/plan/plan.json';
const TEXT = readFileSync(FILE, 'utf8');

function parsePlan(text = TEXT, file = FILE): PlanScope[] {
  const result = parseTerraformPlan(file, text);
  expect(result.diagnostics).toEqual([]);
  return result.scopes;
}

function nodeOf(scopes: PlanScope[], module: string, id: string): ResourceNode {
  const node = scopes.find((scope) => scope.module === module)?.nodes.find((candidate) => candidate.id === id);
  if (!node) throw new Error(`no ${id} in ${module || 'root'}`);
  return node;
}

function expression(node: ResourceNode, ...path: (string | number)[]): ExpressionNode {
  const value = dig(node.body, ...path);
  if (value?.kind !== 'expression') throw new Error(`not an expression at ${path.join('.')}`);
  return value;
}

/** The `.tf` resources of the fixture: the root folder and the `logs` module. */
function sourceLookup(): (module: string, address: string) => ResourceNode | undefined {
  const read = (file: string): Map<string, ResourceNode> => {
    const parsed = parseHclFile(file, readFileSync(file, 'utf8'));
    if (!parsed.body) throw new Error(`cannot parse ${file}`);
    return new Map(terraformResources([{ file, body: parsed.body }]).map((node) => [node.id, node]));
  };
  const root = read('testdata/plan/main.tf');
  const logs = read('testdata/plan/modules/logs/main.tf');
  return (module, address) => {
    const resources = module === '' ? root : moduleCalls(module)?.join('.') === 'logs' ? logs : undefined;
    return resources?.get(resourceAddress(address));
  };
}

describe('looksLikeTerraformPlan', () => {
  it('recognises terraform show -json output, pretty or minified, after a byte order mark and blank lines', () => {
    expect(looksLikeTerraformPlan(TEXT)).toBe(true);
    expect(looksLikeTerraformPlan('{"format_version":"1.2","terraform_version":"1.9.5","planned_values":{}}')).toBe(true);
    expect(looksLikeTerraformPlan('\ufeff\n\n  {"format_version": "1.0", "resource_changes": []}')).toBe(true);
  });

  it('rejects other JSON: CloudFormation, Terraform JSON syntax, provider schemas, arrays', () => {
    expect(looksLikeTerraformPlan('{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}}')).toBe(false);
    expect(looksLikeTerraformPlan('{"resource": {"aws_s3_bucket": {"b": {"bucket": "x"}}}}')).toBe(false);
    expect(looksLikeTerraformPlan('{"format_version": "1.0", "provider_schemas": {}}')).toBe(false);
    expect(looksLikeTerraformPlan('[{"format_version": "1.0", "planned_values": {}}]')).toBe(false);
    expect(looksLikeTerraformPlan('')).toBe(false);
  });
});

describe('parseTerraformPlan: instances, ids and addresses', () => {
  it('gives one scope per module instance and one node per planned instance, with ids local to the module', () => {
    const scopes = parsePlan();
    expect(scopes.map((scope) => [scope.module, scope.nodes.map((node) => node.id)])).toEqual([
      ['', [
        'aws_kms_key.logs',
        'aws_s3_bucket.b',
        'aws_s3_bucket.site["www"]',
        'aws_s3_bucket_public_access_block.site["www"]',
        'aws_s3_bucket_versioning.v',
        'data.aws_caller_identity.current',
        'data.aws_iam_policy_document.read',
      ]],
      ['module.app["web"].module.store', ['aws_s3_bucket.this']],
      ['module.logs[0]', ['aws_s3_bucket.this', 'aws_s3_bucket_server_side_encryption_configuration.this']],
      ['module.logs[1]', ['aws_s3_bucket.this', 'aws_s3_bucket_server_side_encryption_configuration.this']],
    ]);
  });

  it('names the code folder of each module instance whose calls have local sources', () => {
    expect(parsePlan().map((scope) => [scope.module, scope.folder])).toEqual([
      ['', '.'],
      ['module.app["web"].module.store', 'modules/store'],
      ['module.logs[0]', 'modules/logs'],
      ['module.logs[1]', 'modules/logs'],
    ]);
  });

  it('keeps each full address beside its node', () => {
    const scopes = parsePlan();
    const addresses = scopes.flatMap((scope) => scope.nodes.map((node) => scope.addresses.get(node)));
    expect(addresses).toEqual([
      'aws_kms_key.logs',
      'aws_s3_bucket.b',
      'aws_s3_bucket.site["www"]',
      'aws_s3_bucket_public_access_block.site["www"]',
      'aws_s3_bucket_versioning.v',
      'data.aws_caller_identity.current',
      'data.aws_iam_policy_document.read',
      'module.app["web"].module.store.aws_s3_bucket.this',
      'module.logs[0].aws_s3_bucket.this',
      'module.logs[0].aws_s3_bucket_server_side_encryption_configuration.this',
      'module.logs[1].aws_s3_bucket.this',
      'module.logs[1].aws_s3_bucket_server_side_encryption_configuration.this',
    ]);
  });

  it('fills type, name and mode; data sources from the planned values and from the prior state', () => {
    const scopes = parsePlan();
    const caller = nodeOf(scopes, '', 'data.aws_caller_identity.current');
    expect([caller.type, caller.name, caller.mode, caller.framework]).toEqual(['aws_caller_identity', 'current', 'data', 'terraform']);
    const document = nodeOf(scopes, '', 'data.aws_iam_policy_document.read');
    expect([document.type, document.name, document.mode]).toEqual(['aws_iam_policy_document', 'read', 'data']);
    expect(span(document.headerRange)).toBe('667:24-667:59');
    expect(plain(dig(document.body, 'statement', 0, 'actions'))).toEqual(['s3:GetObject']);
    const site = nodeOf(scopes, '', 'aws_s3_bucket.site["www"]');
    expect([site.type, site.name, site.mode]).toEqual(['aws_s3_bucket', 'site', 'resource']);
    expect(site.body.block).toEqual({ type: 'resource', labels: ['aws_s3_bucket', 'site'] });
  });

  it('does not judge an instance that the plan only deletes, nor a data source left in the state by removed code', () => {
    const names = parsePlan().flatMap((scope) => scope.nodes).map((node) => node.name);
    expect(names).not.toContain('old');
    expect(names).not.toContain('removed');
    expect(TEXT).toContain('"address": "data.aws_iam_policy_document.removed"');
  });

  it('reads a plan that lists instances only as resource_changes, from their after value', () => {
    const text = JSON.stringify({
      format_version: '1.2',
      resource_changes: [
        { address: 'module.m.aws_s3_bucket.a', module_address: 'module.m', mode: 'managed', type: 'aws_s3_bucket', name: 'a', change: { actions: ['create'], after: { bucket: 'a' }, after_unknown: { id: true } } },
        { address: 'aws_s3_bucket.gone', mode: 'managed', type: 'aws_s3_bucket', name: 'gone', change: { actions: ['delete'], before: { bucket: 'gone' }, after: null } },
        { address: 'aws_s3_bucket.forgotten', mode: 'managed', type: 'aws_s3_bucket', name: 'forgotten', change: { actions: ['forget'], before: { bucket: 'f' }, after: null } },
      ],
    });
    const scopes = parsePlan(text, 'p.json');
    expect(scopes.map((scope) => [scope.module, scope.nodes.map((node) => node.id)])).toEqual([['module.m', ['aws_s3_bucket.a']]]);
    expect(scopes[0]!.folder).toBeUndefined();
    // No configuration at all: the unknown `id` stays, unknown.
    expect(plain(scopes[0]!.nodes[0]!.body)).toEqual({ bucket: 'a', id: { expression: '(known after apply)' } });
  });

  it('reads the values of terraform show -json on a state file', () => {
    const text = JSON.stringify({
      format_version: '1.0',
      terraform_version: '1.9.5',
      values: { root_module: { resources: [{ address: 'aws_s3_bucket.s', mode: 'managed', type: 'aws_s3_bucket', name: 's', values: { bucket: 's', acl: 'private' } }] } },
    });
    const scopes = parsePlan(text, 'state.json');
    expect(plain(scopes[0]!.nodes[0]!.body)).toEqual({ bucket: 's', acl: 'private' });
  });
});

describe('parseTerraformPlan: values', () => {
  it('reads planned values as positioned nodes, nested blocks as lists of objects and null as a literal', () => {
    const versioning = nodeOf(parsePlan(), '', 'aws_s3_bucket_versioning.v');
    expect(plain(versioning.body)).toEqual({
      expected_bucket_owner: null,
      mfa: null,
      versioning_configuration: [{ mfa_delete: null, status: 'Enabled' }],
      bucket: { expression: 'aws_s3_bucket.b.id' },
    });
    expect(versioning.definition).toBe(versioning.body);
    expect(dig(versioning.body, 'mfa')).toMatchObject({ kind: 'literal', value: null });
  });

  it('reads sensitive values as they are', () => {
    const site = nodeOf(parsePlan(), '', 'aws_s3_bucket.site["www"]');
    expect(plain(dig(site.body, 'tags'))).toEqual({ cost_center: 'cc-42' });
  });

  it('leaves out unknown values the configuration does not write: the provider computes them', () => {
    const bucket = nodeOf(parsePlan(), '', 'aws_s3_bucket.b');
    expect(plain(bucket.body)).toEqual({
      bucket_prefix: 'prod-data-',
      force_destroy: false,
      tags: { env: 'prod' },
      tags_all: { env: 'prod', owner: 'platform' },
      timeouts: null,
    });
    const caller = nodeOf(parsePlan(), '', 'data.aws_caller_identity.current');
    expect(plain(caller.body)).toEqual({});
  });

  it('turns a value unknown after apply into an expression with the configuration references', () => {
    const versioning = nodeOf(parsePlan(), '', 'aws_s3_bucket_versioning.v');
    const bucket = expression(versioning, 'bucket');
    expect(bucket.text).toBe('aws_s3_bucket.b.id');
    expect(bucket.references).toEqual(['aws_s3_bucket.b']);
    // At its `after_unknown` mark in resource_changes.
    expect(span(bucket.range)).toBe('595:21-595:25');
    expect(span(versioning.body.entries.get('bucket')!.keyRange)).toBe('595:11-595:19');
    expect(versioning.references).toEqual(['aws_s3_bucket.b']);
  });

  it('keeps unknown values below a block the configuration does not show (a dynamic block) unknown, without references', () => {
    const scopes = parsePlan();
    for (const module of ['module.logs[0]', 'module.logs[1]']) {
      const encryption = nodeOf(scopes, module, 'aws_s3_bucket_server_side_encryption_configuration.this');
      const key = expression(encryption, 'rule', 0, 'apply_server_side_encryption_by_default', 0, 'kms_master_key_id');
      expect([key.text, key.references]).toEqual(['(known after apply)', []]);
      expect(plain(dig(encryption.body, 'rule', 0, 'apply_server_side_encryption_by_default', 0, 'sse_algorithm'))).toBe('aws:kms');
      expect(expression(encryption, 'bucket').references).toEqual(['aws_s3_bucket.this']);
    }
    const first = nodeOf(scopes, 'module.logs[0]', 'aws_s3_bucket_server_side_encryption_configuration.this');
    expect(span(expression(first, 'rule', 0, 'apply_server_side_encryption_by_default', 0, 'kms_master_key_id').range)).toBe('348:40-348:44');
  });

  it('points ranges into the plan: the header at the address value, the resource at its entry', () => {
    const versioning = nodeOf(parsePlan(), '', 'aws_s3_bucket_versioning.v');
    expect(versioning.file).toBe(FILE);
    expect(span(versioning.headerRange)).toBe('97:22-97:50');
    expect(span(versioning.range)).toBe('96:9-118:10');
    expect(span(versioning.body.range)).toBe('103:21-112:12');
    const configuration = versioning.body.entries.get('versioning_configuration')!;
    expect(span(configuration.keyRange)).toBe('106:13-106:39');
    const status = dig(versioning.body, 'versioning_configuration', 0, 'status')!;
    expect([span(status.range), status.range.file]).toEqual(['109:27-109:36', FILE]);
  });
});

describe('normalizeReferences and moduleCalls', () => {
  it('reduces Terraform reference lists to the addresses the HCL reader gives, keeping resource instances', () => {
    expect(normalizeReferences([
      'aws_s3_bucket.b[0].id',
      'aws_s3_bucket.b[0]',
      'aws_s3_bucket.b',
      'data.template_file.foo["a.b"].vars["baz"]',
      'data.template_file.foo["a.b"]',
      'data.template_file.foo',
      'each.value.id',
      'each.value',
      'var.example[0]',
      'var.example',
      'module.foo["x"].bar',
      'module.foo["x"]',
      'module.foo',
      'count.index',
      'nonsense',
    ])).toEqual([
      'aws_s3_bucket.b',
      'aws_s3_bucket.b[0]',
      'count.index',
      'data.template_file.foo',
      'data.template_file.foo["a.b"]',
      'each.value',
      'module.foo',
      'var.example',
    ]);
  });

  it('reads module call names from instance addresses, keys with dots and brackets included', () => {
    expect(moduleCalls('')).toEqual([]);
    expect(moduleCalls('module.a')).toEqual(['a']);
    expect(moduleCalls('module.a["x.module.y]"].module.b[2]')).toEqual(['a', 'b']);
    expect(moduleCalls('module.a[')).toBeUndefined();
    expect(moduleCalls('aws_s3_bucket.b')).toBeUndefined();
  });
});

describe('parseTerraformPlan: mapping back to the .tf source', () => {
  const scopes = (): PlanScope[] => {
    const result = parseTerraformPlan(FILE, TEXT, { source: sourceLookup() });
    expect(result.diagnostics).toEqual([]);
    return result.scopes;
  };

  it('points the resource and each written attribute at the .tf file', () => {
    const versioning = nodeOf(scopes(), '', 'aws_s3_bucket_versioning.v');
    expect(versioning.file).toBe('testdata/plan/main.tf');
    expect(span(versioning.headerRange)).toBe('8:1-8:40');
    expect(span(versioning.range)).toBe('8:1-13:2');
    expect(versioning.body.block).toEqual({ type: 'resource', labels: ['aws_s3_bucket_versioning', 'v'] });
    const status = versioning.body.entries.get('versioning_configuration')!.value;
    expect(status.range.file).toBe('testdata/plan/main.tf');
    const statusEntry = dig(versioning.body, 'versioning_configuration', 0);
    expect(statusEntry?.kind === 'object' && span(statusEntry.entries.get('status')!.keyRange)).toBe('11:5-11:11');
    expect(span(dig(versioning.body, 'versioning_configuration', 0, 'status')!.range)).toBe('11:14-11:23');
    const bucket = expression(versioning, 'bucket');
    expect([bucket.text, span(bucket.range), bucket.range.file, bucket.references]).toEqual(['aws_s3_bucket.b.id', '9:12-9:30', 'testdata/plan/main.tf', ['aws_s3_bucket.b']]);
  });

  it('keeps the plan position for attributes the source does not write', () => {
    const versioning = nodeOf(scopes(), '', 'aws_s3_bucket_versioning.v');
    const owner = versioning.body.entries.get('expected_bucket_owner')!;
    expect([owner.keyRange.file, span(owner.keyRange), span(owner.value.range)]).toEqual([FILE, '104:13-104:36', '104:38-104:42']);
    const mfaDelete = dig(versioning.body, 'versioning_configuration', 0, 'mfa_delete')!;
    expect([mfaDelete.range.file, span(mfaDelete.range)]).toEqual([FILE, '108:31-108:35']);
  });

  it('reports a value folded from an expression at that expression', () => {
    const root = scopes();
    const bucket = nodeOf(root, '', 'aws_s3_bucket.b');
    expect(span(dig(bucket.body, 'tags', 'env')!.range)).toBe('4:11-4:18');
    // `tags = var.site_tags`: every part of the value comes from that expression.
    const site = nodeOf(root, '', 'aws_s3_bucket.site["www"]');
    const tags = dig(site.body, 'tags');
    expect(tags?.kind === 'object' && span(tags.entries.get('cost_center')!.keyRange)).toBe('18:14-18:27');
    expect(span(dig(site.body, 'tags', 'cost_center')!.range)).toBe('18:14-18:27');
    expect(span(dig(site.body, 'bucket')!.range)).toBe('17:14-17:39');
    // Both for_each instances of the source map to the same block; only one exists here.
    expect(span(site.headerRange)).toBe('15:1-15:32');
  });

  it('maps blocks generated by a dynamic block onto its content, module instances included', () => {
    const root = scopes();
    for (const module of ['module.logs[0]', 'module.logs[1]']) {
      const encryption = nodeOf(root, module, 'aws_s3_bucket_server_side_encryption_configuration.this');
      expect(encryption.file).toBe('testdata/plan/modules/logs/main.tf');
      expect(span(encryption.body.entries.get('rule')!.keyRange)).toBe('12:3-12:17');
      expect(span(dig(encryption.body, 'rule', 0, 'bucket_key_enabled')!.range)).toBe('15:28-15:32');
      expect(span(dig(encryption.body, 'rule', 0, 'apply_server_side_encryption_by_default', 0, 'sse_algorithm')!.range)).toBe('17:29-17:39');
      const key = expression(encryption, 'rule', 0, 'apply_server_side_encryption_by_default', 0, 'kms_master_key_id');
      // The input also names what the caller passed, in the caller's scope: the key the root module creates.
      expect([key.text, span(key.range), key.references]).toEqual(['var.kms_key_arn', '18:29-18:44', ['var.kms_key_arn', 'testdata/plan/plan.json::aws_kms_key.logs']]);
    }
  });

  it('keeps the decoded tree of a jsonencode policy when the plan holds the same document', () => {
    const hcl = [
      'resource "aws_s3_bucket_policy" "p" {',
      '  bucket = "b"',
      '  policy = jsonencode({',
      '    Version   = "2012-10-17"',
      '    Statement = [{ Effect = "Deny", Action = "s3:*", Principal = "*", Resource = "*" }]',
      '  })',
      '}',
    ].join('\n');
    const parsed = parseHclFile('policy.tf', hcl);
    const [resource] = terraformResources([{ file: 'policy.tf', body: parsed.body! }]);
    const planWith = (effect: string): string => JSON.stringify({
      format_version: '1.2',
      planned_values: { root_module: { resources: [{ address: 'aws_s3_bucket_policy.p', mode: 'managed', type: 'aws_s3_bucket_policy', name: 'p', values: {
        bucket: 'b',
        policy: JSON.stringify({ Statement: [{ Action: 's3:*', Effect: effect, Principal: '*', Resource: '*' }], Version: '2012-10-17' }),
      } }] } },
    });
    const same = parseTerraformPlan('p.json', planWith('Deny'), { source: () => resource }).scopes[0]!.nodes[0]!;
    const policy = dig(same.body, 'policy');
    expect(policy?.kind === 'literal' && span(dig(policy.decoded, 'Statement', 0, 'Effect')!.range)).toBe('5:29-5:35');
    expect(span(policy!.range)).toBe('3:12-6:5');
    // A different document (the code changed since the plan): the plan's text, at the attribute.
    const changed = parseTerraformPlan('p.json', planWith('Allow'), { source: () => resource }).scopes[0]!.nodes[0]!;
    const changedPolicy = dig(changed.body, 'policy');
    expect(changedPolicy?.kind === 'literal' && changedPolicy.decoded).toBeUndefined();
    expect(span(changedPolicy!.range)).toBe('3:12-6:5');
  });

  it('still leaves out computed values the source does not write', () => {
    const bucket = nodeOf(scopes(), '', 'aws_s3_bucket.b');
    expect([...bucket.body.entries.keys()]).toEqual(['bucket_prefix', 'force_destroy', 'tags', 'tags_all', 'timeouts']);
  });
});

describe('plan scopes in the resource graph', () => {
  it('links split resources to their bucket by reference when the name is unknown, and by literal name', () => {
    const scopes = parsePlan();
    const graph = Graph.fromScopes(planScopeInputs(FILE, scopes));
    const views = buildS3Views(graph);
    const byId = (id: string, module = ''): BucketView | undefined => views.bucketOf(nodeOf(scopes, module, id));

    const data = byId('aws_s3_bucket.b')!;
    expect(data.parts.get('aws_s3_bucket_versioning')?.map((part) => part.id)).toEqual(['aws_s3_bucket_versioning.v']);
    expect(data.versioning.map((setting) => [setting.status.state, setting.status.state === 'known' && setting.status.value])).toEqual([['known', 'Enabled']]);
    expect(data.name.state).toBe('absent');

    const site = byId('aws_s3_bucket.site["www"]')!;
    expect(site.publicAccessBlocks.map((block) => block.source.id)).toEqual(['aws_s3_bucket_public_access_block.site["www"]']);

    // The same address in two module instances names two buckets.
    for (const module of ['module.logs[0]', 'module.logs[1]']) {
      const logs = byId('aws_s3_bucket.this', module)!;
      expect(graph.scopeOf(logs.encryption[0]!.source).key).toBe(`${FILE}:${module}`);
      expect(logs.encryption.map((rule) => [rule.algorithm.state === 'known' && rule.algorithm.value, rule.kmsKey.state])).toEqual([['aws:kms', 'unknown']]);
    }
    expect(views.buckets.map((bucket) => bucket.bucket !== undefined)).toEqual([true, true, true, true, true]);
  });
});

describe('count instances in the resource graph', () => {
  it('pairs each instance of a split resource with the bucket instance of the same index', () => {
    const instance = (type: string, index: number, values: object) => ({ address: `${type}.many[${index}]`, mode: 'managed', type, name: 'many', index, values });
    const versioning = { versioning_configuration: [{ status: 'Enabled' }] };
    const text = JSON.stringify({
      format_version: '1.2',
      planned_values: { root_module: { resources: [
        instance('aws_s3_bucket', 0, { bucket: 'many-0' }),
        instance('aws_s3_bucket', 1, { bucket: 'many-1' }),
        instance('aws_s3_bucket_versioning', 0, versioning),
        instance('aws_s3_bucket_versioning', 1, versioning),
      ] } },
      resource_changes: [0, 1].map((index) => ({
        address: `aws_s3_bucket_versioning.many[${index}]`, mode: 'managed', type: 'aws_s3_bucket_versioning', name: 'many', index,
        change: { actions: ['create'], after: versioning, after_unknown: { bucket: true, id: true } },
      })),
      configuration: { root_module: { resources: [
        { address: 'aws_s3_bucket.many', mode: 'managed', type: 'aws_s3_bucket', name: 'many', expressions: { bucket: { references: ['count.index'] } } },
        { address: 'aws_s3_bucket_versioning.many', mode: 'managed', type: 'aws_s3_bucket_versioning', name: 'many', expressions: {
          bucket: { references: ['aws_s3_bucket.many', 'count.index'] },
          versioning_configuration: [{ status: { constant_value: 'Enabled' } }],
        } },
      ] } },
    });
    const scopes = parsePlan(text, 'count.json');
    const views = buildS3Views(Graph.fromScopes(planScopeInputs('count.json', scopes)));
    expect(views.buckets.map((bucket) => [bucket.id, bucket.parts.get('aws_s3_bucket_versioning')?.map((part) => part.id)])).toEqual([
      ['aws_s3_bucket.many[0]', ['aws_s3_bucket_versioning.many[0]']],
      ['aws_s3_bucket.many[1]', ['aws_s3_bucket_versioning.many[1]']],
    ]);
    expect(expression(nodeOf(scopes, '', 'aws_s3_bucket_versioning.many[1]'), 'bucket').text).toBe('(known after apply): aws_s3_bucket.many, count.index');
  });
});

describe('parseTerraformPlan: bad input', () => {
  it('reports invalid JSON with its line and column', () => {
    const result = parseTerraformPlan('bad.json', '{\n  "format_version": "1.2",\n  "planned_values": {\n}');
    expect(result.scopes).toEqual([]);
    expect(result.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.severity, diagnostic.file, diagnostic.location && span(diagnostic.location)])).toEqual([
      ['parse-error', 'error', 'bad.json', '4:2-4:2'],
    ]);
  });

  it('reports a file that is not a plan object, or of an unsupported format', () => {
    const array = parseTerraformPlan('a.json', '[1, 2]');
    expect(array.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.severity, span(diagnostic.location!)])).toEqual([['plan-shape', 'error', '1:1-1:7']]);
    const future = parseTerraformPlan('f.json', '{"format_version": "2.0", "planned_values": {}}');
    expect(future.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.message])).toEqual([
      ['plan-format', 'Unsupported plan format_version "2.0": s3lint reads format 1.x; the file is not scanned at 1:20'],
    ]);
    const empty = parseTerraformPlan('e.json', '{"format_version": "1.2"}');
    expect(empty.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.severity])).toEqual([['plan-format', 'error']]);
  });

  it('skips malformed parts with a warning at their position and reads the rest', () => {
    const text = [
      '{"format_version": "1.2", "planned_values": {"root_module": {',
      '  "resources": [',
      '    {"address": "aws_s3_bucket.a", "mode": "managed", "name": "a", "values": {}},',
      '    "not a resource",',
      '    {"address": "aws_s3_bucket.b", "mode": "managed", "type": "aws_s3_bucket", "name": "b", "values": {"bucket": "b"}}',
      '  ],',
      '  "child_modules": {"address": "module.x"}',
      '}}, "resource_changes": 3}',
    ].join('\n');
    const result = parseTerraformPlan('m.json', text);
    expect(result.scopes.map((scope) => scope.nodes.map((node) => node.id))).toEqual([['aws_s3_bucket.b']]);
    expect(result.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.severity, span(diagnostic.location!)])).toEqual([
      ['plan-shape', 'warning', '8:25-8:26'],
      ['plan-shape', 'warning', '3:5-3:81'],
      ['plan-shape', 'warning', '4:5-4:21'],
      ['plan-shape', 'warning', '7:20-7:43'],
    ]);
  });

  it('never throws on any prefix of a plan', () => {
    for (let length = 0; length < TEXT.length; length += 389) {
      const result = parseTerraformPlan('cut.json', TEXT.slice(0, length));
      expect(result.diagnostics.length).toBeGreaterThan(0);
    }
  });

  it('reads a large plan and deeply nested values', () => {
    const resources = Array.from({ length: 20_000 }, (_, index) => ({ address: `aws_s3_bucket.b[${index}]`, mode: 'managed', type: 'aws_s3_bucket', name: 'b', index, values: { bucket: `b-${index}` } }));
    let deep: unknown = 'bottom';
    let deepUnknown: unknown = true;
    for (let level = 0; level < 900; level++) {
      deep = [deep];
      deepUnknown = [deepUnknown];
    }
    const text = JSON.stringify({
      format_version: '1.2',
      planned_values: { root_module: { resources: [...resources, { address: 'aws_s3_bucket.deep', mode: 'managed', type: 'aws_s3_bucket', name: 'deep', values: { nested: deep } }] } },
      resource_changes: [{ address: 'aws_s3_bucket.deep', mode: 'managed', type: 'aws_s3_bucket', name: 'deep', change: { actions: ['create'], after_unknown: { nested: deepUnknown } } }],
    });
    const result = parseTerraformPlan('big.json', text);
    expect(result.diagnostics).toEqual([]);
    const nodes = result.scopes[0]!.nodes;
    expect(nodes.length).toBe(20_001);
    expect(nodes[19_999]!.id).toBe('aws_s3_bucket.b[19999]');
    expect(plain(dig(nodes[19_999]!.body, 'bucket'))).toBe('b-19999');
    // Past the walk's depth bound, values stay as planned.
    let inner = dig(nodes[20_000]!.body, 'nested');
    for (let level = 0; level < 900 && inner?.kind === 'list'; level++) inner = inner.items[0];
    expect(plain(inner)).toBe('bottom');
  });
});
