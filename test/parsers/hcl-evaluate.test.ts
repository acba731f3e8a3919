import { describe, expect, it } from 'vitest';
import type { ExpressionNode, ListNode, LiteralNode, ObjectNode, ValueNode } from '../../src/graph/types.js';
import { evaluate, evaluateWithError, evaluationLimits, isKnown, mapScope, type Scope } from '../../parsers/terraform/hcl/evaluate.js';
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
    const { scope, x } = setup(`${DEFINITIONS}x = var.unset\ny = aws_s3_bucket.b.id\nz = local.config.missing\nw = local.loop_a\nv = sha256(local.name)\n`);
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

const MORE = `variable "grant" {
  default = [{ id = "x", permission = "READ" }]
}
variable "owner" {
  default = {}
}
variable "nothing" {
  default = null
}
locals {
  names   = ["a", "b", "c"]
  tags    = { b = "2", a = "1" }
  grants  = [{ id = "x", type = "user" }, { id = "y", type = "group" }, { id = "z", type = "user" }]
  buckets = [{ rules = [{ id = "a" }, { id = "b" }] }, { rules = [{ id = "c" }] }]
  mixed   = [var.unset, { id = "x" }]
  single  = { name = "one" }
}
`;

const PREFIX = DEFINITIONS + MORE;
/** The line of `x = …` after PREFIX. */
const X = PREFIX.split('\n').length;

/** Evaluates `x = <expression>` written after the definitions. */
function value(expression: string): ValueNode {
  return evaluated(`${PREFIX}x = ${expression}\n`);
}

function outcome(expression: string): { node: ExpressionNode; value: ValueNode; error?: string } {
  const { scope, x } = setup(`${PREFIX}x = ${expression}\n`);
  const node = x('x') as ExpressionNode;
  return { node, ...evaluateWithError(node, scope) };
}

/** `line:column-line:column` of the first `needle` on line `line` of `text`. */
function spanOf(text: string, line: number, needle: string): string {
  const column = (text.split('\n')[line - 1] as string).indexOf(needle) + 1;
  expect(column).toBeGreaterThan(0);
  return `${line}:${column}-${line}:${column + needle.length}`;
}

describe('evaluate: try and can', () => {
  it('gives the first argument of try that is not an error', () => {
    expect(plain(value('try(jsondecode(var.grant), var.grant)'))).toEqual([{ id: 'x', permission: 'READ' }]);
    expect(plain(value('try(local.config.missing, local.config.days[5], "c")'))).toBe('c');
    const owner = value('try(var.owner["id"], null)') as LiteralNode;
    expect(owner).toMatchObject({ kind: 'literal', value: null });
    expect(span(owner.range)).toBe(spanOf(`x = try(var.owner["id"], null)`, 1, 'null').replace(/^1:(\d+)-1:/, `${X}:$1-${X}:`));
  });

  it('is unknown when the first argument that is no error is wholly unknown; a known shape with unknown leaves is taken', () => {
    expect(value('try(var.unset, "fallback")').kind).toBe('expression');
    expect(value('try(local.config.missing, var.unset, "c")').kind).toBe('expression');
    const partial = value('try(local.config.missing, [var.unset], "c")');
    expect(partial.kind).toBe('list');
    expect(partial.kind === 'list' && partial.items.map((item) => item.kind)).toEqual(['expression']);
    expect(value('try(local.name, var.unset)')).toMatchObject({ kind: 'literal', value: 'logs-prod' });
  });

  it('is an error when every argument is one', () => {
    const result = outcome('try(local.config.missing, local.names[3])');
    expect(result.value).toBe(result.node);
    expect(result.error).toBe(
      'no expression succeeded: this object has no attribute "missing"; index 3 is out of range for a list of 3 elements',
    );
  });

  it('tells with can whether an expression is an error, and is unknown when it cannot tell', () => {
    expect(plain(value('can(local.config.sse)'))).toBe(true);
    const failing = [
      'local.config.missing',
      'local.config.days[5]',
      'local.config.days["a"]',
      'local.config.sse["missing"]',
      'var.nothing.id',
      'local.name.attr',
      'local.names[*].missing',
      'tonumber("x")',
      'local.name + 1',
      '"a${var.nothing}"',
      'jsondecode(local.names)',
    ];
    for (const expression of failing) expect(plain(value(`can(${expression})`)), expression).toBe(false);
    expect(value('can(var.unset)').kind).toBe('expression');
    expect(value('can([local.name, var.unset])').kind).toBe('expression');
    expect(value('can(var.unset.id)').kind).toBe('expression');
  });
});

describe('evaluate: for expressions', () => {
  it('maps and filters lists, sets and objects', () => {
    expect(plain(value('[for s in local.names : upper(s) if s != "b"]'))).toEqual(['A', 'C']);
    expect(plain(value('[for i, s in local.names : "${i}:${s}"]'))).toEqual(['0:a', '1:b', '2:c']);
    // Objects iterate in key order, sets in their own order with the value as key.
    expect(plain(value('[for k, v in local.tags : "${k}=${v}"]'))).toEqual(['a=1', 'b=2']);
    expect(plain(value('[for k, v in toset(["b", "a", "b"]) : "${k}${v}"]'))).toEqual(['aa', 'bb']);
    expect(plain(value('{for s in local.names : s => length(s)}'))).toEqual({ a: 1, b: 1, c: 1 });
    expect(plain(value('{for g in local.grants : g.type => g.id...}'))).toEqual({ user: ['x', 'z'], group: ['y'] });
    const nested = 'flatten([for g in local.grants : [for p in ["r", "w"] : "${g.id}-${p}"] if g.type == "user"])';
    expect(plain(value(nested))).toEqual(['x-r', 'x-w', 'z-r', 'z-w']);
    expect(plain(value('"%{ for s in local.names }${s},%{ endfor }"'))).toBe('a,b,c,');
  });

  it('gives the result the range of the for, and elements found through references their own', () => {
    const text = `x = {for k, v in local.tags : k => v}`;
    const object = value('{for k, v in local.tags : k => v}') as ObjectNode;
    expect(span(object.range)).toBe(spanOf(text, 1, '{for k, v in local.tags : k => v}').replace(/^1:(\d+)-1:/, `${X}:$1-${X}:`));
    const tagsLine = PREFIX.split('\n').findIndex((line) => line.includes('tags    =')) + 1;
    const entry = object.entries.get('a');
    expect(span(entry?.value.range as never)).toBe(spanOf(PREFIX, tagsLine, '"1"'));
    expect(span(entry?.keyRange as never)).toBe(spanOf(PREFIX, tagsLine, 'a = ').replace(/-(\d+):(\d+)$/, (_, l, c) => `-${l}:${Number(c) - 3}`));
  });

  it('keeps an unknown element unknown, and the whole unknown when the collection, a condition or a key is', () => {
    expect(plain(value('[for s in [local.name, var.unset] : s]'))).toEqual(['logs-prod', { expression: 'var.unset' }]);
    const upper = value('[for s in [local.name, var.unset] : upper(s)]') as ListNode;
    expect(plain(upper)).toEqual(['LOGS-PROD', { expression: 'upper(s)' }]);
    // `s` means nothing outside the for: the unknown element cannot be evaluated again elsewhere.
    expect((upper.items[1] as ExpressionNode).ast).toBeUndefined();
    expect((upper.items[1] as ExpressionNode).references).toEqual([]);
    expect(value('[for s in var.unset : s]').kind).toBe('expression');
    expect(value('[for s in [1, var.unset] : s if s > 0]').kind).toBe('expression');
    expect(value('{for s in [local.name, var.unset] : s => 1}').kind).toBe('expression');
  });

  it('reports duplicate keys and collections that cannot be iterated as errors', () => {
    expect(outcome('{for s in ["a", "a"] : s => 1}').error).toBe('duplicate object key "a" in a for expression (add ... to group the values)');
    expect(outcome('[for s in var.nothing : s]').error).toBe('cannot iterate over null');
    expect(outcome('[for s in local.name : s]').error).toBe('cannot iterate over string');
    // An error in any element wins over an unknown condition in another.
    expect(outcome('[for s in [var.unset, "a"] : s if s + 1 > 0]').error).toBe('cannot convert "a" to a number');
  });
});

describe('evaluate: splats', () => {
  it('applies the steps after [*] to each element, and after .* only the attributes', () => {
    expect(plain(value('local.grants[*].id'))).toEqual(['x', 'y', 'z']);
    expect(plain(value('local.grants.*.type'))).toEqual(['user', 'group', 'user']);
    expect(plain(value('local.grants.*.id[0]'))).toBe('x');
    expect(outcome('local.grants[*].id[0]').error).toBe('a string cannot be indexed');
    expect(plain(value('local.buckets[*].rules[*].id'))).toEqual([['a', 'b'], ['c']]);
    const list = value('local.grants[*].id') as ListNode;
    expect(span(list.range)).toBe(`${X}:5-${X}:23`);
  });

  it('splats a single value as a one-element list and null as an empty list', () => {
    expect(plain(value('local.single[*].name'))).toEqual(['one']);
    expect(plain(value('local.name[*]'))).toEqual(['logs-prod']);
    expect(plain(value('var.nothing[*]'))).toEqual([]);
  });

  it('keeps unknown elements unknown, and fails on what the elements lack', () => {
    expect(plain(value('local.mixed[*].id'))).toEqual([{ expression: 'local.mixed[*].id' }, 'x']);
    expect(value('var.unset[*].id').kind).toBe('expression');
    expect(outcome('local.grants[*].missing').error).toBe('this object has no attribute "missing"');
  });
});

describe('evaluate: iteration symbols', () => {
  const text = [
    'v = { name = "logs", versioning = { enabled = true } }',
    'x = "${each.key}-${each.value.name}"',
    'y = each.value["versioning"].enabled',
    'z = count.index + 1',
    'w = "${path.module}/policy.json"',
    'n = each.value.name',
    'u = each.value.missing',
    '',
  ].join('\n');
  const parsed = parseHclFile('main.tf', text);
  const body = parsed.body as ObjectNode;
  const attribute = (name: string): ExpressionNode => body.entries.get(name)?.value as ExpressionNode;
  const eachValue = body.entries.get('v')?.value as ObjectNode;
  const at = eachValue.range;
  const scope = mapScope(
    new Map<string, ValueNode>([
      ['each.key', { kind: 'literal', value: 'logs', range: at }],
      ['each.value', eachValue],
      ['count.index', { kind: 'literal', value: 2, range: at }],
      ['path.module', { kind: 'literal', value: 'modules/bucket', range: at }],
    ]),
  );

  it('reads each, count and path from the scope, with the steps after their address', () => {
    expect(plain(evaluate(attribute('x'), scope))).toBe('logs-logs');
    expect(plain(evaluate(attribute('y'), scope))).toBe(true);
    expect(plain(evaluate(attribute('z'), scope))).toBe(3);
    expect(plain(evaluate(attribute('w'), scope))).toBe('modules/bucket/policy.json');
    expect(span((evaluate(attribute('n'), scope) as LiteralNode).range)).toBe(spanOf(text, 1, '"logs"'));
    expect(evaluateWithError(attribute('u'), scope).error).toBe('this object has no attribute "missing"');
  });

  it('leaves them unknown when the scope does not define them', () => {
    const empty = mapScope(new Map());
    for (const name of ['x', 'y', 'z', 'w', 'u']) expect(evaluate(attribute(name), empty)).toBe(attribute(name));
  });
});

describe('evaluate: null and operators', () => {
  it('keeps a null value a literal null node at the null it comes from', () => {
    const chosen = value('!local.enabled ? "AES256" : null') as LiteralNode;
    expect(chosen).toMatchObject({ kind: 'literal', value: null });
    expect(span(chosen.range)).toBe(`${X}:33-${X}:37`);
    const merged = value('merge({ a = null }, { b = local.name })') as ObjectNode;
    expect(merged.entries.get('a')?.value).toMatchObject({ kind: 'literal', value: null });
    expect(plain(merged)).toEqual({ a: null, b: 'logs-prod' });
  });

  it('converts operands as Terraform does, and decides logic on a known deciding operand', () => {
    expect(plain(value('"5" + 1'))).toBe(6);
    expect(plain(value('local.config.days == [30, 90]'))).toBe(true);
    expect(plain(value('local.config != null'))).toBe(true);
    expect(plain(value('var.unset && false'))).toBe(false);
    expect(plain(value('var.unset || true'))).toBe(true);
    expect(value('var.unset && true').kind).toBe('expression');
    expect(value('var.unset == null').kind).toBe('expression');
    expect(value('1 / 0').kind).toBe('expression');
  });

  it('reports operands of the wrong kind as errors', () => {
    expect(outcome('local.name + 1').error).toBe('cannot convert "logs-prod" to a number');
    expect(outcome('local.config.days + var.unset').error).toBe('a number is required, not list');
    expect(outcome('var.nothing ? 1 : 2').error).toBe('a condition must not be null');
    expect(outcome('!local.name').error).toBe('a bool is required, not string');
    expect(outcome('-var.nothing').error).toBe('the operand of - must not be null');
    expect(outcome('"a${var.nothing}"').error).toBe('cannot interpolate null into a string');
  });
});

describe('evaluate: limits', () => {
  it('returns unknown for work beyond its budget: nested for expressions and exponential values', () => {
    let locals = `locals {\n  big = [${Array.from({ length: 300 }, (_, i) => i).join(', ')}]\n  l0 = [1]\n`;
    for (let i = 1; i <= 25; i++) locals += `  l${i} = [local.l${i - 1}, local.l${i - 1}]\n`;
    const text = `${locals}}\n` +
      'x = [for a in local.big : [for b in local.big : [for c in local.big : a + b + c]]]\n' +
      'y = length(flatten(local.l25))\n' +
      'z = length(flatten(local.l4))\n';
    const { scope, x } = setup(text);
    for (const name of ['x', 'y']) expect(evaluate(x(name) as ExpressionNode, scope)).toBe(x(name));
    expect(plain(evaluate(x('z') as ExpressionNode, scope))).toBe(16);
  });

  it('shares limits passed to several evaluations', () => {
    const { scope, x } = setup(`${PREFIX}x = [for s in local.names : upper(s)]\n`);
    const node = x('x') as ExpressionNode;
    const limits = evaluationLimits();
    expect(plain(evaluate(node, scope, limits))).toEqual(['A', 'B', 'C']);
    const spent = 500_000 - limits.steps.remaining;
    expect(spent).toBeGreaterThan(0);
    // One step short: the last element is left unknown.
    limits.steps.remaining = spent - 1;
    expect(plain(evaluate(node, scope, limits))).toEqual(['A', 'B', { expression: 'upper(s)' }]);
    limits.steps.remaining = 0;
    expect(evaluate(node, scope, limits)).toBe(node);
  });
});
