import { describe, expect, it } from 'vitest';
import type { ExpressionNode, LiteralNode, ObjectNode, ValueNode } from '../../src/graph/types.js';
import { evaluate, isKnown, mapScope, type Scope } from '../../parsers/terraform/hcl/evaluate.js';
import { parseHclFile } from '../../parsers/terraform/hcl/to-value.js';
import { plain, span } from './hcl-support.js';

/** A scope holding the `locals` and `variable` defaults of `text`, and the attributes of `x`. */
function setup(text: string): { scope: Scope; x: (name: string) => ValueNode } {
  const result = parseHclFile('main.tf', text);
  expect(result.diagnostics).toEqual([]);
  const body = result.body as ObjectNode;
  const values = new Map<string, ValueNode>();
  const blocks = (type: string): ObjectNode[] => {
    const list = body.entries.get(type)?.value;
    return list?.kind === 'list' ? (list.items as ObjectNode[]) : [];
  };
  for (const locals of blocks('locals')) for (const [name, entry] of locals.entries) values.set(`local.${name}`, entry.value);
  for (const variable of blocks('variable')) {
    const fallback = variable.entries.get('default');
    if (fallback) values.set(`var.${variable.block?.labels[0]}`, fallback.value);
  }
  const x = (name: string): ValueNode => {
    const value = body.entries.get(name)?.value;
    if (!value) throw new Error(`no attribute ${name}`);
    return value;
  };
  return { scope: mapScope(values), x };
}

function evaluated(text: string, name = 'x'): ValueNode {
  const { scope, x } = setup(text);
  const node = x(name);
  expect(node.kind).toBe('expression');
  return evaluate(node as ExpressionNode, scope);
}

const DEFINITIONS = `variable "env" {
  default = "prod"
}
variable "unset" {}
locals {
  name    = "logs-\${var.env}"
  enabled = true
  config  = { sse = { algorithm = "aws:kms" }, days = [30, 90] }
  chained = local.name
  loop_a  = local.loop_b
  loop_b  = local.loop_a
}
`;

describe('evaluate', () => {
  it('resolves references the scope knows, following chains of locals', () => {
    const value = evaluated(`${DEFINITIONS}x = local.chained\n`) as LiteralNode;
    expect(value).toMatchObject({ kind: 'literal', value: 'logs-prod' });
    // The value keeps the range of its definition.
    expect(span(value.range)).toBe('6:13-6:30');
  });

  it('follows attribute and index access into known objects and lists', () => {
    expect(plain(evaluated(`${DEFINITIONS}x = local.config.sse.algorithm\n`))).toBe('aws:kms');
    expect(plain(evaluated(`${DEFINITIONS}x = local.config["sse"]["algorithm"]\n`))).toBe('aws:kms');
    expect(plain(evaluated(`${DEFINITIONS}x = local.config.days[1]\n`))).toBe(90);
    expect(plain(evaluated(`${DEFINITIONS}x = local.config.days.0\n`))).toBe(30);
  });

  it('returns the node unchanged when it cannot evaluate', () => {
    const { scope, x } = setup(`${DEFINITIONS}x = var.unset\ny = aws_s3_bucket.b.id\nz = local.config.missing\nw = local.loop_a\nv = upper(local.name)\n`);
    for (const name of ['x', 'y', 'z', 'w', 'v']) {
      const node = x(name) as ExpressionNode;
      expect(evaluate(node, scope)).toBe(node);
    }
  });

  it('renders templates whose parts all become known', () => {
    expect(plain(evaluated(`${DEFINITIONS}x = "arn:aws:s3:::\${local.name}/*"\n`))).toBe('arn:aws:s3:::logs-prod/*');
    expect(plain(evaluated(`${DEFINITIONS}x = "%{ if local.enabled }on%{ else }off%{ endif }-\${local.config.days[0]}"\n`))).toBe('on-30');
    expect(evaluated(`${DEFINITIONS}x = "\${local.name}-\${var.unset}"\n`).kind).toBe('expression');
  });

  it('chooses the branch of a conditional whose condition is known', () => {
    expect(plain(evaluated(`${DEFINITIONS}x = var.env == "prod" ? "aws:kms" : "AES256"\n`))).toBe('aws:kms');
    expect(plain(evaluated(`${DEFINITIONS}x = !local.enabled ? 1 : local.config.days[0] + 5\n`))).toBe(35);
    expect(plain(evaluated(`${DEFINITIONS}x = local.enabled && var.env != "dev" ? "yes" : var.unset\n`))).toBe('yes');
    expect(evaluated(`${DEFINITIONS}x = var.unset ? "a" : "b"\n`).kind).toBe('expression');
  });

  it('encodes jsonencode arguments once they resolve, keeping the decoded tree', () => {
    const value = evaluated(`${DEFINITIONS}x = jsonencode({ Resource = "arn:aws:s3:::\${local.name}/*", Days = local.config.days })\n`) as LiteralNode;
    expect(value.kind).toBe('literal');
    expect(value.value).toBe('{"Days":[30,90],"Resource":"arn:aws:s3:::logs-prod/*"}');
    expect(plain(value.decoded)).toEqual({ Resource: 'arn:aws:s3:::logs-prod/*', Days: [30, 90] });
  });

  it('keeps a partly known jsonencode as an expression with a better decoded tree', () => {
    const value = evaluated(`${DEFINITIONS}x = jsonencode({ A = local.name, B = var.unset })\n`) as ExpressionNode;
    expect(value.kind).toBe('expression');
    expect(plain(value.decoded)).toEqual({ A: 'logs-prod', B: { expression: 'var.unset' } });
    expect(isKnown(value)).toBe(false);
  });

  it('gives up on values that references multiply beyond reason, without throwing', () => {
    let locals = 'locals {\n  s0 = "ab"\n  l0 = [1]\n';
    for (let i = 1; i <= 40; i++) locals += `  s${i} = "\${local.s${i - 1}}\${local.s${i - 1}}"\n  l${i} = [local.l${i - 1}, local.l${i - 1}]\n`;
    const text = `${locals}}\nx = local.s40\ny = jsonencode(local.l40)\nz = local.s3\n`;
    expect(evaluated(text, 'x').kind).toBe('expression');
    expect(evaluated(text, 'y').kind).toBe('expression');
    expect(plain(evaluated(text, 'z'))).toBe('ab'.repeat(8));
  });

  it('evaluates collections around references, leaving unknown items as expressions', () => {
    const { scope, x } = setup(`${DEFINITIONS}x = [local.name, var.unset]\n`);
    const list = x('x');
    expect(list.kind).toBe('list');
    expect(plain(evaluate((list as { items: ExpressionNode[] }).items[0] as ExpressionNode, scope))).toBe('logs-prod');
    const object = evaluated(`${DEFINITIONS}x = { (local.name) = 1, b = var.env }\n`);
    expect(plain(object)).toEqual({ 'logs-prod': 1, b: 'prod' });
  });
});
