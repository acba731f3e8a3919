import { describe, expect, it } from 'vitest';
import type { ExpressionNode, ListNode, LiteralNode, ObjectNode } from '../../src/graph/types.js';
import { evaluate, mapScope } from '../../parsers/terraform/hcl/evaluate.js';
import { parseTerraformJsonFile } from '../../parsers/terraform/hcl/tf-json.js';
import { parseHclFile } from '../../parsers/terraform/hcl/to-value.js';
import { dig, plain, span } from './hcl-support.js';

function parse(text: string): ObjectNode {
  const result = parseTerraformJsonFile('main.tf.json', text);
  expect(result.diagnostics).toEqual([]);
  if (!result.body) throw new Error('no body');
  return result.body;
}

const CONFIG = `{
  "//": "generated",
  "resource": {
    "aws_s3_bucket": {
      "site": {
        "bucket": "site-\${var.env}",
        "versioning": { "enabled": true },
        "lifecycle_rule": [{ "id": "a" }, { "id": "b" }]
      },
      "logs": { "bucket": "logs" }
    },
    "aws_s3_bucket_policy": {
      "p": {
        "bucket": "\${aws_s3_bucket.site.id}",
        "policy": "\${jsonencode({ Statement = [{ Effect = \\"Deny\\" }] })}"
      }
    }
  },
  "data": { "aws_iam_policy_document": { "d": { "statement": [{ "effect": "Allow" }] } } },
  "variable": { "env": { "default": "prod" } },
  "locals": [{ "a": 1 }, { "b": "$\${literal}" }],
  "provider": { "aws": [{ "region": "eu-west-1" }, { "alias": "us", "region": "us-east-1" }] },
  "module": { "m": { "source": "./m" } },
  "terraform": { "required_version": ">= 1.5" }
}
`;

describe('Terraform JSON syntax', () => {
  it('normalises top-level blocks to the same shape as the native syntax', () => {
    const body = parse(CONFIG);
    const resources = body.entries.get('resource')?.value as ListNode;
    expect(resources.items.map((item) => (item as ObjectNode).block)).toEqual([
      { type: 'resource', labels: ['aws_s3_bucket', 'site'] },
      { type: 'resource', labels: ['aws_s3_bucket', 'logs'] },
      { type: 'resource', labels: ['aws_s3_bucket_policy', 'p'] },
    ]);
    expect((dig(body, 'data', 0) as ObjectNode).block).toEqual({ type: 'data', labels: ['aws_iam_policy_document', 'd'] });
    expect((dig(body, 'variable', 0) as ObjectNode).block).toEqual({ type: 'variable', labels: ['env'] });
    expect((dig(body, 'module', 0) as ObjectNode).block).toEqual({ type: 'module', labels: ['m'] });
    expect((dig(body, 'terraform', 0) as ObjectNode).block).toEqual({ type: 'terraform', labels: [] });
    expect(body.entries.has('//')).toBe(false);
  });

  it('accepts arrays at any label level for repeated blocks', () => {
    const body = parse(CONFIG);
    expect(plain(body.entries.get('locals')?.value)).toEqual([{ a: 1 }, { b: '${literal}' }]);
    const providers = body.entries.get('provider')?.value as ListNode;
    expect(providers.items.map((item) => (item as ObjectNode).block?.labels)).toEqual([['aws'], ['aws']]);
    expect(plain(providers)).toEqual([{ region: 'eu-west-1' }, { alias: 'us', region: 'us-east-1' }]);
  });

  it('keeps nested blocks as the objects and lists written, with their positions', () => {
    const site = dig(parse(CONFIG), 'resource', 0) as ObjectNode;
    expect(plain(dig(site, 'versioning'))).toEqual({ enabled: true });
    expect(plain(dig(site, 'lifecycle_rule'))).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(span(site.range)).toBe('5:15-9:8');
    expect(span(site.entries.get('versioning')?.keyRange as never)).toBe('7:9-7:21');
  });

  it('turns template strings into expressions with references', () => {
    const body = parse(CONFIG);
    const bucket = dig(body, 'resource', 0, 'bucket') as ExpressionNode;
    expect(bucket).toMatchObject({ kind: 'expression', text: 'site-${var.env}', references: ['var.env'] });
    expect(span(bucket.range)).toBe('6:19-6:36');
    const reference = dig(body, 'resource', 2, 'bucket') as ExpressionNode;
    expect(reference).toMatchObject({ kind: 'expression', text: 'aws_s3_bucket.site.id', references: ['aws_s3_bucket.site'] });
  });

  it('folds jsonencode inside a template string, pointing every position at the string', () => {
    const policy = dig(parse(CONFIG), 'resource', 2, 'policy') as LiteralNode;
    expect(policy.value).toBe('{"Statement":[{"Effect":"Deny"}]}');
    expect(span(policy.range)).toBe('15:19-15:75');
    expect(span(dig(policy.decoded, 'Statement', 0, 'Effect')?.range as never)).toBe('15:19-15:75');
  });

  it('evaluates template strings against a scope', () => {
    const bucket = dig(parse(CONFIG), 'resource', 0, 'bucket') as ExpressionNode;
    const scope = mapScope(new Map([['var.env', { kind: 'literal', value: 'dev', range: bucket.range } satisfies LiteralNode]]));
    expect(plain(evaluate(bucket, scope))).toBe('site-dev');
  });

  it('agrees with the native syntax on the same configuration', () => {
    const native = parseHclFile(
      'main.tf',
      'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n  tags = { a = "1" }\n}\nlocals {\n  n = 1\n}\n',
    ).body as ObjectNode;
    const json = parse('{"resource":{"aws_s3_bucket":{"b":{"bucket":"x","tags":{"a":"1"}}}},"locals":{"n":1}}');
    expect(plain(json)).toEqual(plain(native));
    expect((dig(json, 'resource', 0) as ObjectNode).block).toEqual((dig(native, 'resource', 0) as ObjectNode).block);
  });

  it('reports invalid JSON, a non-object root and broken templates as diagnostics', () => {
    expect(parseTerraformJsonFile('a.tf.json', '{"resource": ').diagnostics[0]?.code).toBe('parse-error');
    const array = parseTerraformJsonFile('a.tf.json', '[]');
    expect(array.body).toBeUndefined();
    expect(array.diagnostics[0]?.message).toContain('object at its root');
    const broken = parseTerraformJsonFile('a.tf.json', '{"locals": {"a": "${var.x"}}');
    expect(broken.diagnostics[0]).toMatchObject({ code: 'parse-error', location: { start: { line: 1, column: 18 } } });
    expect(plain(dig(broken.body, 'locals', 0, 'a'))).toBe('${var.x');
  });
});
