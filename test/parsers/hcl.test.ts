import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import type { ExpressionNode, ListNode, LiteralNode, ObjectNode, ValueNode } from '../../src/graph/types.js';
import type { BinaryExpr, ConditionalExpr, Expression, TemplateExpr, TraversalExpr } from '../../parsers/terraform/hcl/ast.js';
import { parseConfig, parseExpressionText } from '../../parsers/terraform/hcl/parser.js';
import { isHclAst, parseHclFile } from '../../parsers/terraform/hcl/to-value.js';
import { allRanges, dig, plain, span } from './hcl-support.js';

function parse(text: string): ObjectNode {
  const result = parseHclFile('main.tf', text);
  expect(result.diagnostics).toEqual([]);
  if (!result.body) throw new Error('no body');
  return result.body;
}

/** The value of attribute `x` in a one-attribute file. */
function valueOf(expression: string): ValueNode {
  const value = parse(`x = ${expression}\n`).entries.get('x')?.value;
  if (!value) throw new Error('no value');
  return value;
}

function expressionOf(expression: string): ExpressionNode {
  const value = valueOf(expression);
  expect(value.kind).toBe('expression');
  return value as ExpressionNode;
}

function astOf(expression: string): Expression {
  const parsed = parseExpressionText(expression);
  expect(parsed.problem).toBeUndefined();
  return parsed.value as Expression;
}

function firstError(text: string) {
  const result = parseHclFile('bad.tf', text);
  expect(result.body).toBeUndefined();
  expect(result.diagnostics).toHaveLength(1);
  const diagnostic = result.diagnostics[0];
  if (!diagnostic?.location) throw new Error('diagnostic without location');
  return { code: diagnostic.code, at: `${diagnostic.location.start.line}:${diagnostic.location.start.column}`, message: diagnostic.message };
}

function block(body: ObjectNode, type: string, index = 0): ObjectNode {
  const node = dig(body, type, index);
  if (node?.kind !== 'object') throw new Error(`no ${type} block`);
  return node;
}

const BUCKET = `resource "aws_s3_bucket" "site" {
  bucket = "my-site"
  tags = {
    Name = "site"
  }
}
`;

describe('HCL structure and positions', () => {
  it('gives a labelled top-level block its type, labels and whole range', () => {
    const body = parse(BUCKET);
    const list = body.entries.get('resource');
    expect(list?.keyRange && span(list.keyRange)).toBe('1:1-1:9');
    expect(list?.value.kind).toBe('list');
    const resource = block(body, 'resource');
    expect(resource.block).toEqual({ type: 'resource', labels: ['aws_s3_bucket', 'site'] });
    expect(span(resource.range)).toBe('1:1-6:2');
    expect(span(body.range)).toBe('1:1-7:1');
    expect(resource.range.file).toBe('main.tf');
  });

  it('positions attribute names, values and keys inside objects exactly', () => {
    const resource = block(parse(BUCKET), 'resource');
    const bucket = resource.entries.get('bucket');
    expect(bucket && span(bucket.keyRange)).toBe('2:3-2:9');
    expect(bucket && span(bucket.value.range)).toBe('2:12-2:21');
    expect(plain(bucket?.value)).toBe('my-site');
    const tags = resource.entries.get('tags')?.value as ObjectNode;
    expect(span(tags.range)).toBe('3:10-5:4');
    const name = tags.entries.get('Name');
    expect(name && span(name.keyRange)).toBe('4:5-4:9');
    expect(name && span(name.value.range)).toBe('4:12-4:18');
  });

  it('accumulates repeated blocks in order in one list spanning them all', () => {
    const body = parse(`resource "aws_s3_bucket_lifecycle_configuration" "l" {
  rule {
    id = "one"
    expiration {
      days = 30
    }
  }

  rule {
    id = "two"
  }
}
resource "aws_s3_bucket" "b" {}
`);
    const resources = body.entries.get('resource')?.value as ListNode;
    expect(resources.items.map((item) => (item as ObjectNode).block?.labels)).toEqual([
      ['aws_s3_bucket_lifecycle_configuration', 'l'],
      ['aws_s3_bucket', 'b'],
    ]);
    expect(span(resources.range)).toBe('1:1-13:32');
    const rules = dig(body, 'resource', 0, 'rule') as ListNode;
    expect(rules.items).toHaveLength(2);
    expect(span(rules.range)).toBe('2:3-11:4');
    expect(plain(dig(rules, 0, 'id'))).toBe('one');
    expect(plain(dig(rules, 1, 'id'))).toBe('two');
    expect((dig(rules, 0, 'expiration', 0) as ObjectNode).block).toEqual({ type: 'expiration', labels: [] });
    expect(plain(dig(rules, 0, 'expiration', 0, 'days'))).toBe(30);
    expect(span((dig(rules, 0, 'expiration', 0) as ObjectNode).range)).toBe('4:5-6:6');
  });

  it('parses one-line blocks, empty blocks and bare identifier labels', () => {
    const body = parse(`resource aws_s3_bucket b { bucket = "x" }
versioning { enabled = true }
empty {}
`);
    expect(block(body, 'resource').block).toEqual({ type: 'resource', labels: ['aws_s3_bucket', 'b'] });
    expect(plain(block(body, 'resource'))).toEqual({ bucket: 'x' });
    expect(span(block(body, 'versioning').range)).toBe('2:1-2:30');
    expect(span(block(body, 'versioning').entries.get('enabled')?.keyRange as never)).toBe('2:14-2:21');
    expect(plain(block(body, 'empty'))).toEqual({});
  });

  it('gives identical positions for CRLF and LF line endings', () => {
    const lf = `locals {\n  policy = jsonencode({\n    Statement = [{ Effect = "Deny" }]\n  })\n  doc = <<-EOT\n    a\n    EOT\n}\n`;
    const crlf = lf.replaceAll('\n', '\r\n');
    expect(allRanges(parse(crlf))).toEqual(allRanges(parse(lf)));
    expect(plain(dig(parse(crlf), 'locals', 0, 'doc'))).toBe('a\r\n');
  });

  it('counts a tab as one column', () => {
    const body = parse('locals {\n\tname\t= "x"\n}\n');
    const entry = block(body, 'locals').entries.get('name');
    expect(entry && span(entry.keyRange)).toBe('2:2-2:6');
    expect(entry && span(entry.value.range)).toBe('2:9-2:12');
  });

  it('ignores a byte order mark without shifting columns', () => {
    const withBom = parse('\uFEFFa = 1\nb = "x"\n');
    expect(allRanges(withBom)).toEqual(allRanges(parse('a = 1\nb = "x"\n')));
    expect(span(withBom.entries.get('a')?.keyRange as never)).toBe('1:1-1:2');
  });

  it('skips comments of all three kinds', () => {
    const body = parse(`# leading comment
resource "aws_s3_bucket" "b" { # after the brace
  // a line comment
  bucket = "x" /* inline */ # trailing
  /* a block comment
     over lines */
  acl = /* inside */ "private"
}
`);
    expect(plain(block(body, 'resource'))).toEqual({ bucket: 'x', acl: 'private' });
    expect(span(block(body, 'resource').entries.get('acl')?.value.range as never)).toBe('7:22-7:31');
  });

  it('counts columns in UTF-16 code units after non-ASCII text', () => {
    const body = parse('a = "héllo 😀"\nb = { "ключ" = "✓", c = 1 }\n');
    expect(plain(body.entries.get('a')?.value)).toBe('héllo 😀');
    expect(span(body.entries.get('a')?.value.range as never)).toBe('1:5-1:15');
    const b = body.entries.get('b')?.value as ObjectNode;
    expect(plain(b)).toEqual({ ключ: '✓', c: 1 });
    expect(span(b.entries.get('c')?.keyRange as never)).toBe('2:21-2:22');
  });

  it('accepts unicode identifiers and dashes in names', () => {
    expect(plain(parse('café = 1\nmy-attr = 2\n'))).toEqual({ café: 1, 'my-attr': 2 });
  });

  it('handles an empty file and a file of comments', () => {
    expect(plain(parse(''))).toEqual({});
    expect(plain(parse('# only a comment'))).toEqual({});
    expect(plain(parse('/* only */'))).toEqual({});
  });
});

describe('strings the tree keeps', () => {
  /** Whether V8 stores the string at one byte a character: the value serializer writes those with tag `"`. */
  const oneByte = (text: string): boolean => serialize(text)[2] === 0x22;

  it('are one byte a character even when the file holds a character beyond Latin-1', () => {
    const text = '# Buckets \u2014 one per environment\nresource "aws_s3_bucket" "application_logs_bucket" {\n  bucket = "acme-application-logs-bucket"\n  tags   = { owner_team_name = "platform-engineering" }\n  policy = data.aws_iam_policy_document.application_logs.json\n  acl    = <<-EOT\n    private-access-for-everyone\n  EOT\n}\n';
    expect(oneByte(text)).toBe(false);
    const block = parse(text).entries.get('resource')!.value as ListNode;
    const bucket = block.items[0] as ObjectNode;
    const kept = [
      ...bucket.block!.labels,
      ...bucket.entries.keys(),
      (bucket.entries.get('bucket')!.value as LiteralNode).value as string,
      ...(bucket.entries.get('tags')!.value as ObjectNode).entries.keys(),
      ((bucket.entries.get('tags')!.value as ObjectNode).entries.get('owner_team_name')!.value as LiteralNode).value as string,
      (bucket.entries.get('policy')!.value as ExpressionNode).text,
      ...(bucket.entries.get('policy')!.value as ExpressionNode).references,
      (bucket.entries.get('acl')!.value as LiteralNode).value as string,
    ];
    expect(kept).toContain('application_logs_bucket');
    expect(kept.filter((string) => !oneByte(string))).toEqual([]);
  });

  it('keep a character beyond Latin-1 that they hold', () => {
    const name = (parse('x = "logs \u2014 2026"\n').entries.get('x')!.value as LiteralNode).value;
    expect(name).toBe('logs \u2014 2026');
  });
});

describe('heredocs', () => {
  it('keeps a plain heredoc as a literal string with its positions', () => {
    const body = parse(`x = <<EOF
  line one
line two
EOF
y = 1
`);
    expect(plain(body.entries.get('x')?.value)).toBe('  line one\nline two\n');
    expect(span(body.entries.get('x')?.value.range as never)).toBe('1:5-4:4');
    expect(span(body.entries.get('y')?.keyRange as never)).toBe('5:1-5:2');
  });

  it('strips the smallest indentation with <<- and ignores blank lines for it', () => {
    expect(plain(valueOf('<<-EOT\n    a\n\n      b\n    EOT'))).toBe('a\n\n  b\n');
    expect(plain(valueOf('<<-EOT\n\t\tx\n\t\t  y\n\tEOT'))).toBe('x\n  y\n');
  });

  it('makes a heredoc with interpolation an expression with its references', () => {
    const node = expressionOf('<<-EOT\n    arn:${var.partition}:s3:::${aws_s3_bucket.b.id}/*\n    EOT');
    expect(node.references).toEqual(['var.partition', 'aws_s3_bucket.b']);
    expect(node.text).toBe('<<-EOT\n    arn:${var.partition}:s3:::${aws_s3_bucket.b.id}/*\n    EOT');
  });

  it('keeps a JSON policy in a heredoc as its exact text', () => {
    const policy = '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Deny", "Principal": "*"}]\n}\n';
    const body = parse(`resource "aws_s3_bucket_policy" "p" {\n  policy = <<POLICY\n${policy}POLICY\n}\n`);
    const value = dig(body, 'resource', 0, 'policy') as LiteralNode;
    expect(value.value).toBe(policy);
    expect(span(value.range)).toBe('2:12-7:7');
  });

  it('applies escapes of template sequences but not backslash escapes', () => {
    expect(plain(valueOf('<<EOT\n$${a} %%{b} \\n\nEOT'))).toBe('${a} %{b} \\n\n');
  });

  it('allows spaces around the closing marker and nested heredocs', () => {
    expect(plain(valueOf('<<EOT\nx\n   EOT   '))).toBe('x\n');
    expect(plain(valueOf('[<<A\none\nA\n, <<B\ntwo\nB\n]'))).toEqual(['one\n', 'two\n']);
  });

  it('does not take the marker inside a longer line as the end', () => {
    expect(plain(valueOf('<<EOT\nEOTX\n EOT x\nEOT'))).toBe('EOTX\n EOT x\n');
  });
});

describe('expressions', () => {
  it('folds literals', () => {
    expect(plain(valueOf('42'))).toBe(42);
    expect(plain(valueOf('1.5'))).toBe(1.5);
    expect(plain(valueOf('1e3'))).toBe(1000);
    expect(plain(valueOf('2.5E-1'))).toBe(0.25);
    expect(plain(valueOf('true'))).toBe(true);
    expect(plain(valueOf('false'))).toBe(false);
    expect(plain(valueOf('null'))).toBe(null);
    expect(plain(valueOf('-1'))).toBe(-1);
    expect(span(valueOf('- 1.5').range)).toBe('1:5-1:10');
    expect(plain(valueOf('!true'))).toBe(false);
    expect(plain(valueOf('(7)'))).toBe(7);
  });

  it('decodes escapes in quoted strings', () => {
    expect(plain(valueOf('"a\\nb\\tc\\r\\"q\\" \\\\ \\u00e9 \\U0001F600 $${x} %%{y} $ % $x"'))).toBe(
      'a\nb\tc\r"q" \\ é 😀 ${x} %{y} $ % $x',
    );
  });

  it('folds templates whose interpolations are literal, and unwraps a lone interpolation', () => {
    expect(plain(valueOf('"a-${"b"}-${1.50}-${true}"'))).toBe('a-b-1.5-true');
    expect(plain(valueOf('"${true}"'))).toBe(true);
    expect(plain(valueOf('"${[1, "a"]}"'))).toEqual([1, 'a']);
    expect(plain(valueOf('""'))).toBe('');
  });

  it('applies strip markers to the neighbouring literal text', () => {
    expect(plain(valueOf('"a  ${~ "b" ~}  c"'))).toBe('abc');
    const template = astOf('"%{ if x ~}  hello  %{~ endif }"') as TemplateExpr;
    expect(template.parts).toMatchObject([
      { type: 'TemplateIf', then: [{ type: 'TemplateLiteral', value: 'hello' }], else: [] },
    ]);
  });

  it('parses template directives', () => {
    const node = expressionOf('"%{ for i, s in var.list }${i}:${s}%{ if s != local.skip },%{ else };%{ endif }%{ endfor }"');
    expect(node.references).toEqual(['var.list', 'local.skip']);
    const template = astOf('"%{for s in l}[${s}]%{endfor}"') as TemplateExpr;
    expect(template.parts[0]).toMatchObject({
      type: 'TemplateFor',
      valueVar: 's',
      body: [{ type: 'TemplateLiteral', value: '[' }, { type: 'Interpolation' }, { type: 'TemplateLiteral', value: ']' }],
    });
  });

  it('makes tuples lists with positioned items', () => {
    const list = valueOf('[1, "two",\n  null, [3],\n]') as ListNode;
    expect(plain(list)).toEqual([1, 'two', null, [3]]);
    expect(span(list.range)).toBe('1:5-3:2');
    expect(span(list.items[2]?.range as never)).toBe('2:3-2:7');
  });

  it('makes objects with static keys of every kind into object nodes', () => {
    const object = valueOf('{\n  a = 1\n  "b.c" : 2, d = 3,\n  4 = "four"\n  "${"e"}" = 5\n  (true) = 6\n}') as ObjectNode;
    expect(plain(object)).toEqual({ a: 1, 'b.c': 2, d: 3, 4: 'four', e: 5, true: 6 });
    expect(span(object.entries.get('b.c')?.keyRange as never)).toBe('3:3-3:8');
  });

  it('leaves objects with computed keys as expressions', () => {
    const node = expressionOf('{ (var.key) = 1, other = local.v }');
    expect(node.references).toEqual(['var.key', 'local.v']);
  });

  it('parses function calls with expansion and provider namespaces', () => {
    const node = expressionOf('concat(var.a, [for x in var.b : x]...)');
    expect(node.references).toEqual(['var.a', 'var.b']);
    expect(astOf('concat(a, b...)')).toMatchObject({ type: 'FunctionCall', name: 'concat', expandFinal: true });
    expect(astOf('provider::aws::arn_parse(var.arn).region')).toMatchObject({
      type: 'Traversal',
      source: { type: 'FunctionCall', name: 'provider::aws::arn_parse', args: [{ type: 'Traversal' }] },
      steps: [{ kind: 'attr', name: 'region' }],
    });
    expect(astOf('f(\n  1,\n  2,\n)')).toMatchObject({ type: 'FunctionCall', args: [{ value: 1 }, { value: 2 }] });
  });

  it('parses every traversal step', () => {
    const traversal = astOf('a.b[0]["k"].c.0[*].d.*.e') as TraversalExpr;
    expect(traversal.source).toMatchObject({ type: 'Variable', name: 'a' });
    expect(traversal.steps.map((step) => (step.kind === 'index' ? `index${step.legacy ? '(legacy)' : ''}` : step.kind === 'splat' ? (step.full ? '[*]' : '.*') : step.name))).toEqual([
      'b', 'index', 'index', 'c', 'index(legacy)', '[*]', 'd', '.*', 'e',
    ]);
  });

  it('turns references into addresses', () => {
    const refs = (text: string): string[] => expressionOf(text).references;
    expect(refs('aws_s3_bucket.logs.id')).toEqual(['aws_s3_bucket.logs']);
    expect(refs('aws_s3_bucket.logs[0].arn')).toEqual(['aws_s3_bucket.logs']);
    expect(refs('aws_s3_bucket.logs["k"].arn')).toEqual(['aws_s3_bucket.logs']);
    expect(refs('aws_s3_bucket.logs.0.arn')).toEqual(['aws_s3_bucket.logs']);
    expect(refs('aws_s3_bucket.logs[*].arn')).toEqual(['aws_s3_bucket.logs']);
    expect(refs('data.aws_iam_policy_document.p.json')).toEqual(['data.aws_iam_policy_document.p']);
    expect(refs('module.m.bucket_id')).toEqual(['module.m']);
    expect(refs('"${var.x}-${local.y.z}"')).toEqual(['var.x', 'local.y']);
    expect(refs('each.value.name')).toEqual(['each.value']);
    expect(refs('count.index')).toEqual(['count.index']);
    expect(refs('"${path.module}/policy.json"')).toEqual(['path.module']);
    expect(refs('local.m[var.k]')).toEqual(['local.m', 'var.k']);
    expect(refs('file("x")')).toEqual([]);
  });

  it('excludes for-expression iterators from references', () => {
    const node = expressionOf('{ for k, v in var.buckets : k => "${v.name}-${local.suffix}"... if v.enabled }');
    expect(node.references).toEqual(['var.buckets', 'local.suffix']);
    expect(astOf('{ for k, v in m : k => v... if v }')).toMatchObject({ type: 'For', object: true, group: true, keyVar: 'k', valueVar: 'v' });
    expect(astOf('[for v in m : v if v]')).toMatchObject({ type: 'For', object: false, valueVar: 'v', condition: { type: 'Variable' } });
    // The collection is outside the iterator's scope.
    expect(expressionOf('[for v in v : v]').references).toEqual(['v']);
  });

  it('applies HCL operator precedence and associativity', () => {
    const describeTree = (expression: Expression): string => {
      switch (expression.type) {
        case 'Binary':
          return `(${describeTree(expression.left)} ${expression.operator} ${describeTree(expression.right)})`;
        case 'Unary':
          return `${expression.operator}${describeTree(expression.operand)}`;
        case 'Conditional':
          return `(${describeTree(expression.condition)} ? ${describeTree(expression.trueResult)} : ${describeTree(expression.falseResult)})`;
        case 'Variable':
          return expression.name;
        case 'Literal':
          return expression.raw;
        default:
          return expression.type;
      }
    };
    expect(describeTree(astOf('a || b && c == d + e * f'))).toBe('(a || (b && (c == (d + (e * f)))))');
    expect(describeTree(astOf('a - b - c'))).toBe('((a - b) - c)');
    expect(describeTree(astOf('a * b + c / d % e'))).toBe('((a * b) + ((c / d) % e))');
    expect(describeTree(astOf('-a + !b'))).toBe('(-a + !b)');
    expect(describeTree(astOf('a < b == c >= d'))).toBe('((a < b) == (c >= d))');
    expect(describeTree(astOf('a ? b : c ? d : e'))).toBe('(a ? b : (c ? d : e))');
    expect(describeTree(astOf('a != b ? 1 : 2'))).toBe('((a != b) ? 1 : 2)');
    const binary = astOf('1 + 2') as BinaryExpr;
    expect([binary.start, binary.end]).toEqual([0, 5]);
    expect((astOf('x ? y : z') as ConditionalExpr).type).toBe('Conditional');
  });

  it('gives an expression node its exact text, range, references and syntax tree', () => {
    const body = parse('x = var.enabled ? "AES256" : "aws:kms"\n');
    const node = body.entries.get('x')?.value as ExpressionNode;
    expect(node.text).toBe('var.enabled ? "AES256" : "aws:kms"');
    expect(span(node.range)).toBe('1:5-1:39');
    expect(node.references).toEqual(['var.enabled']);
    expect(isHclAst(node.ast) && node.ast.expression.type).toBe('Conditional');
  });

  it('allows newlines inside brackets and parentheses but not between items of a body', () => {
    expect(plain(valueOf('(\n  1\n)'))).toBe(1);
    expect(expressionOf('[\n  for x in y :\n  x\n]').references).toEqual(['y']);
    expect(expressionOf('{\n  for k, v in m :\n  k => v\n}').references).toEqual(['m']);
  });
});

describe('jsonencode', () => {
  const POLICY = `resource "aws_s3_bucket_policy" "p" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecure"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })
}
`;

  it('encodes a fully known argument as Terraform does, keeping the decoded tree with its positions', () => {
    const policy = dig(parse(POLICY), 'resource', 0, 'policy') as LiteralNode;
    expect(policy.kind).toBe('literal');
    expect(policy.value).toBe(
      '{"Statement":[{"Action":"s3:*","Condition":{"Bool":{"aws:SecureTransport":"false"}},"Effect":"Deny","Principal":"*","Sid":"DenyInsecure"}],"Version":"2012-10-17"}',
    );
    expect(span(policy.range)).toBe('2:12-13:5');
    const statement = dig(policy.decoded, 'Statement', 0) as ObjectNode;
    expect(span(statement.range)).toBe('5:7-11:8');
    expect(span(statement.entries.get('Effect')?.keyRange as never)).toBe('7:9-7:15');
    expect(span(dig(statement, 'Effect')?.range as never)).toBe('7:21-7:27');
    expect(span(dig(statement, 'Condition', 'Bool')?.range as never)).toBe('10:30-10:65');
  });

  it('keeps a partly known argument as an expression with the partly folded tree', () => {
    const node = valueOf('jsonencode({ Resource = "${aws_s3_bucket.b.arn}/*", Effect = "Allow" })') as ExpressionNode;
    expect(node.kind).toBe('expression');
    expect(node.references).toEqual(['aws_s3_bucket.b']);
    expect(plain(node.decoded)).toEqual({ Resource: { expression: '"${aws_s3_bucket.b.arn}/*"' }, Effect: 'Allow' });
  });

  it('escapes and formats like Go: sorted keys, HTML escapes, plain decimal numbers', () => {
    expect((valueOf('jsonencode({ b = "<a&b>", a = [1e3, 0.5, -2, true, null], "é" = "\\u2028" })') as LiteralNode).value).toBe(
      '{"a":[1000,0.5,-2,true,null],"b":"\\u003ca\\u0026b\\u003e","é":"\\u2028"}',
    );
    expect((valueOf('jsonencode("x")') as LiteralNode).value).toBe('"x"');
  });
});

describe('syntax errors', () => {
  it('reports a parse-error diagnostic with the line and column, never a throw', () => {
    expect(firstError('a = \n')).toMatchObject({ code: 'parse-error', at: '1:5' });
    expect(firstError('resource "x" "y" {\n  a = 1\n')).toMatchObject({ at: '1:18', message: expect.stringContaining('Unclosed configuration block') });
    expect(firstError('a = "abc\n')).toMatchObject({ at: '1:9' });
    expect(firstError('a = 1, b = 2\n')).toMatchObject({ at: '1:6', message: expect.stringContaining('Unexpected comma') });
    expect(firstError('x {\n  a = [1 2]\n}\n')).toMatchObject({ at: '2:10', message: expect.stringContaining('Missing item separator') });
    expect(firstError("a = 'x'\n")).toMatchObject({ at: '1:5', message: expect.stringContaining('single quotes') });
    expect(firstError('a = 1\na = 2\n')).toMatchObject({ at: '2:1', message: expect.stringContaining('Attribute redefined') });
    expect(firstError('a = "\\q"\n')).toMatchObject({ at: '1:6', message: expect.stringContaining('Invalid escape sequence') });
    expect(firstError('b { a = 1\n}\n')).toMatchObject({ at: '1:10', message: expect.stringContaining('single-argument block') });
    expect(firstError('a = <<EOT\nfoo\nEOT')).toMatchObject({ message: expect.stringContaining('Unterminated template') });
    expect(firstError('a = { for = 1 }\n')).toMatchObject({ message: expect.stringContaining("Invalid 'for' expression") });
    expect(firstError('a = x.0.1\n')).toMatchObject({ at: '1:7', message: expect.stringContaining('legacy index') });
    expect(firstError('"a" = 1\n')).toMatchObject({ at: '1:1', message: expect.stringContaining('must not be quoted') });
    expect(firstError('a = "${x"\n')).toMatchObject({ message: expect.stringContaining('Unclosed template interpolation') });
    expect(firstError('a = "%{ if x }y"\n')).toMatchObject({ message: expect.stringContaining('Unexpected end of template') });
    expect(firstError('a = 1 /* open\n')).toMatchObject({ at: '1:7', message: expect.stringContaining('Unterminated comment') });
    expect(firstError('a = 1 ~ 2\n')).toMatchObject({ at: '1:7' });
    expect(firstError('a = 1\rb = 2\n')).toMatchObject({ at: '1:6' });
    expect(firstError('block "label" = {}\n')).toMatchObject({ message: expect.stringContaining('Invalid block definition') });
    expect(firstError('resource "a" "b" "${x}" {}\n')).toMatchObject({ message: expect.stringContaining('Template sequences are not allowed') });
  });

  it('never throws on truncated or scrambled input', () => {
    const source = `${BUCKET}locals {\n  p = jsonencode({ a = [for x in var.y : "\${x}-%{if x}y%{endif}"] })\n  h = <<-EOT\n    \${a.b[*].c}\n    EOT\n}\n`;
    for (let cut = 0; cut <= source.length; cut++) {
      expect(() => parseHclFile('cut.tf', source.slice(0, cut))).not.toThrow();
    }
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const pieces = ['{', '}', '[', ']', '(', ')', '"', '${', '%{', '~}', '<<EOT\n', 'EOT\n', '\n', ' ', 'a', '=', '.', '*', '1', ',', '#', '/*', '*/', '\\', ':', '?', 'for', 'in', 'if', '=>', '...'];
    for (let i = 0; i < 2000; i++) {
      let text = '';
      const length = 1 + Math.floor(random() * 30);
      for (let j = 0; j < length; j++) text += pieces[Math.floor(random() * pieces.length)];
      expect(() => parseHclFile('fuzz.tf', text)).not.toThrow();
    }
  });
});

describe('nesting depth', () => {
  const deep = 3000;
  const cases: Record<string, string> = {
    tuples: `x = ${'['.repeat(deep)}${']'.repeat(deep)}\n`,
    parentheses: `x = ${'('.repeat(deep)}1${')'.repeat(deep)}\n`,
    objects: `x = ${'{a = '.repeat(deep)}1${'}'.repeat(deep)}\n`,
    blocks: `${'a {\n'.repeat(deep)}${'}\n'.repeat(deep)}`,
    templates: `x = ${'"${'.repeat(deep)}1${'}"'.repeat(deep)}\n`,
    negation: `x = ${'-'.repeat(deep)}1\n`,
    not: `x = ${'!'.repeat(deep)}true\n`,
    conditionals: `x = ${'a ? b : '.repeat(deep)}c\n`,
    'binary chain': `x = 1${' + 1'.repeat(deep)}\n`,
    'function calls': `x = ${'f('.repeat(deep)}1${')'.repeat(deep)}\n`,
    directives: `x = "${'%{ if a }'.repeat(deep)}${'%{ endif }'.repeat(deep)}"\n`,
    'for expressions': `x = ${'[for a in '.repeat(deep)}b${' : a]'.repeat(deep)}\n`,
  };

  for (const [name, text] of Object.entries(cases)) {
    it(`reports 3,000 levels of ${name} as nesting-too-deep`, () => {
      const result = parseHclFile('deep.tf', text);
      expect(result.body).toBeUndefined();
      expect(result.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['nesting-too-deep']);
      expect(result.diagnostics[0]?.location?.start.line).toBeGreaterThanOrEqual(1);
    });
  }

  it('parses every construct nested up to the limit without overflowing the stack', () => {
    const upTo = (make: (n: number) => string): void => {
      // The deepest accepted nesting must parse cleanly; one more level is the diagnostic.
      let n = 1;
      while (parseHclFile('deep.tf', make(n + 1)).body) n++;
      expect(parseHclFile('deep.tf', make(n)).diagnostics).toEqual([]);
      expect(parseHclFile('deep.tf', make(n + 1)).diagnostics[0]?.code).toBe('nesting-too-deep');
    };
    upTo((n) => `x = ${'"${'.repeat(n)}v${'}"'.repeat(n)}\n`);
    upTo((n) => `x = ${'jsonencode({a = ['.repeat(n)}v${']})'.repeat(n)}\n`);
    upTo((n) => `x = ${'[for a in '.repeat(n)}b${' : a]'.repeat(n)}\n`);
  });

  it('stops nested jsonencode from multiplying the size of its input', () => {
    const chain = (depth: number): string => `${'jsonencode('.repeat(depth)}"a<b"${')'.repeat(depth)}`;
    const small = valueOf(chain(3)) as LiteralNode;
    const encode = (value: string): string => JSON.stringify(value).replaceAll('<', '\\u003c');
    expect(small.value).toBe(encode(encode(encode('a<b'))));
    // Each level doubles the escaping: past the budget the value stays an expression instead of exhausting memory.
    const deep = parseHclFile('deep.tf', `x = "${`\${${chain(60)}}`.repeat(200)}"\n`);
    expect(deep.diagnostics).toEqual([]);
    expect(deep.body?.entries.get('x')?.value.kind).toBe('expression');
  });

  it('accepts nesting below the limit', () => {
    const result = parseHclFile('ok.tf', `x = ${'['.repeat(400)}${']'.repeat(400)}\n${'a {\n'.repeat(200)}${'}\n'.repeat(200)}`);
    expect(result.diagnostics).toEqual([]);
    expect(parseConfig(`x = ${'{a = '.repeat(450)}1${'}'.repeat(450)}\n`).problem).toBeUndefined();
  });
});
