import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { parseFastYaml } from '../../parsers/cloudformation/fast-yaml.js';
import { parseCloudFormationYaml } from '../../parsers/cloudformation/yaml.js';
import type { SourceRange, ValueNode } from '../../src/graph/types.js';
import { plain } from '../plain.js';

/** `line:column-line:column`, end exclusive. */
function span(range: SourceRange): string {
  return `${range.start.line}:${range.start.column}-${range.end.line}:${range.end.column}`;
}

/** The fast path's value; it must answer, agree with the `yaml` path and report nothing. */
function fast(text: string): ValueNode {
  const result = parseFastYaml('t.yaml', text);
  expect(result).toBeDefined();
  expect(result).toEqual(parseCloudFormationYaml('t.yaml', text, { fastPath: false }));
  expect(result!.diagnostics).toEqual([]);
  return result!.value!;
}

function node(root: ValueNode, ...path: Array<string | number>): ValueNode {
  let current = root;
  for (const step of path) {
    if (typeof step === 'number' && current.kind === 'list') current = current.items[step]!;
    else if (typeof step === 'string' && current.kind === 'object') current = current.entries.get(step)!.value;
    else throw new Error(`no ${step}`);
  }
  return current;
}

function keySpan(root: ValueNode, ...path: string[]): string {
  const parent = node(root, ...path.slice(0, -1));
  if (parent.kind !== 'object') throw new Error('not an object');
  return span(parent.entries.get(path[path.length - 1]!)!.keyRange);
}

describe('parseFastYaml: plain scalars resolve as YAML 1.2 core schema', () => {
  const cases: Array<[string, unknown]> = [
    ['null', null],
    ['Null', null],
    ['NULL', null],
    ['~', null],
    ['nULL', 'nULL'],
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['tRUE', 'tRUE'],
    ['False', false],
    ['yes', 'yes'],
    ['off', 'off'],
    ['12', 12],
    ['+12', 12],
    ['-12', -12],
    ['017', 17],
    ['0o17', 15],
    ['0o18', '0o18'],
    ['0x1F', 31],
    ['0X1F', '0X1F'],
    ['1.5', 1.5],
    ['.5', 0.5],
    ['5.', 5],
    ['0.10', 0.1],
    ['1e3', 1000],
    ['-1.5E-2', -0.015],
    ['.inf', Infinity],
    ['-.Inf', -Infinity],
    ['+.INF', Infinity],
    ['1_000', '1_000'],
    ['12:30', '12:30'],
    ['2024-01-01', '2024-01-01'],
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/*'],
    ['a#b', 'a#b'],
    ['-x', '-x'],
  ];
  for (const [source, expected] of cases) {
    it(`${source} → ${String(expected)}`, () => {
      expect(node(fast(`v: ${source}\n`), 'v')).toMatchObject({ kind: 'literal', value: expected });
    });
  }

  it('.nan and -0 as `yaml` gives them', () => {
    const root = fast('a: .NaN\nb: -0\n');
    expect(Number.isNaN((node(root, 'a') as { value: number }).value)).toBe(true);
    expect(Object.is((node(root, 'b') as { value: number }).value, -0)).toBe(true);
  });
});

describe('parseFastYaml: layout and positions', () => {
  const TEMPLATE = [
    'Resources:', //                                   1
    '  Policy:', //                                    2
    '    Statement:', //                               3
    '      - Effect: Allow   # why', //                4
    '        Action: [s3:GetObject, "s3:Put*"]', //    5
    '      -   Sid: Second', //                        6
    '          Principal:', //                         7
    '    Empty:', //                                   8
    '    List:', //                                    9
    '    - one', //                                    10
    '    -', //                                        11
    '    - { Ref: X }', //                             12
    '',
  ].join('\n');

  it('gives each node the `yaml` path range', () => {
    const root = fast(TEMPLATE);
    expect(span(root.range)).toBe('1:1-12:17');
    expect(span(node(root, 'Resources', 'Policy', 'Statement').range)).toBe('4:7-7:21');
    expect(span(node(root, 'Resources', 'Policy', 'Statement', 0).range)).toBe('4:9-5:42');
    expect(keySpan(root, 'Resources', 'Policy', 'Statement')).toBe('3:5-3:14');
    expect(span(node(root, 'Resources', 'Policy', 'Statement', 0, 'Effect').range)).toBe('4:17-4:22');
    expect(span(node(root, 'Resources', 'Policy', 'Statement', 0, 'Action').range)).toBe('5:17-5:42');
    expect(span(node(root, 'Resources', 'Policy', 'Statement', 0, 'Action', 1).range)).toBe('5:32-5:41');
    expect(span(node(root, 'Resources', 'Policy', 'Statement', 1).range)).toBe('6:11-7:21');
  });

  it('places empty values after the indicator and the blanks that follow it', () => {
    const root = fast(TEMPLATE);
    expect(node(root, 'Resources', 'Policy', 'Statement', 1, 'Principal')).toEqual({
      kind: 'literal',
      value: null,
      range: { file: 't.yaml', start: { line: 7, column: 21 }, end: { line: 7, column: 21 } },
    });
    expect(span(node(root, 'Resources', 'Policy', 'Empty').range)).toBe('8:11-8:11');
    expect(span(node(root, 'Resources', 'Policy', 'List', 1).range)).toBe('11:6-11:6');
    expect(span(node(fast('a:   # note\nb: 1\n'), 'a').range)).toBe('1:6-1:6');
  });

  it('reads a sequence at its parent key’s column as that key’s value', () => {
    const root = fast(TEMPLATE);
    expect(plain(node(root, 'Resources', 'Policy', 'List'))).toEqual(['one', null, { Ref: 'X' }]);
    expect(span(node(root, 'Resources', 'Policy', 'List').range)).toBe('10:5-12:17');
  });

  it('counts columns without a leading byte order mark and ends lines before CRLF', () => {
    const root = fast('\ufeffa:\r\n  b: "x y"\r\n  c: [1, 2]\r\n');
    expect(span(node(root, 'a', 'b').range)).toBe('2:6-2:11');
    expect(span(node(root, 'a', 'c').range)).toBe('3:6-3:12');
    expect(plain(root)).toEqual({ a: { b: 'x y', c: [1, 2] } });
  });

  it('reads `Key : value` and a leading document marker', () => {
    const root = fast('--- # start\nType : String\n');
    expect(plain(root)).toEqual({ Type: 'String' });
    expect(keySpan(root, 'Type')).toBe('2:1-2:5');
  });
});

describe('parseFastYaml: quoted and multi-line scalars', () => {
  it('unescapes single- and double-quoted scalars', () => {
    const root = fast(`a: 'it''s'\nb: "t\\tab \\x41\\u00e9\\U0001F600 \\"q\\" \\\\ \\/"\nc: ''\n'd k': 1\n`);
    expect(plain(root)).toEqual({ a: "it's", b: 't\tab Aé😀 "q" \\ /', c: '', 'd k': 1 });
    expect(span(node(root, 'a').range)).toBe('1:4-1:11');
    expect(keySpan(root, 'd k')).toBe('4:1-4:6');
  });

  it('folds multi-line plain and quoted scalars as `yaml` does', () => {
    const root = fast('a: one\n  two\n\n  three\nb: "x\n  y \\\n  z"\nc: \'p\n\n  q\'\nd: 1\n');
    expect(plain(root)).toEqual({ a: 'one two\nthree', b: 'x y z', c: 'p\nq', d: 1 });
    expect(span(node(root, 'a').range)).toBe('1:4-4:8');
    expect(span(node(root, 'b').range)).toBe('5:4-7:5');
  });

  it('reads block scalars with each chomping indicator, ranges ending at the last character', () => {
    const text = 'a: |\n  x\n   y\n\nb: >-\n  folded\n  text\n\n  para\nc: |+\n  kept\n\nd: >\n  z\n';
    const root = fast(text);
    expect(plain(root)).toEqual({ a: 'x\n y\n', b: 'folded text\npara', c: 'kept\n\n', d: 'z\n' });
    expect(span(node(root, 'a').range)).toBe('1:4-3:5');
    expect(span(node(root, 'b').range)).toBe('5:4-9:7');
    expect(span(node(root, 'c').range)).toBe('10:4-11:7');
  });
});

describe('parseFastYaml: values on the line below and flow collections over several lines', () => {
  it('reads a scalar or tagged flow collection alone on the line below its key', () => {
    const text = 'Cluster:\n  Fn::ImportValue:\n    !Join [":", [a, b]]\nText:\n  first line\n  second line\n';
    const root = fast(text);
    expect(plain(root)).toEqual({
      Cluster: { 'Fn::ImportValue': { 'Fn::Join': [':', ['a', 'b']] } },
      Text: 'first line second line',
    });
    expect(span(node(root, 'Cluster', 'Fn::ImportValue').range)).toBe('3:5-3:24');
    expect(span(node(root, 'Text').range)).toBe('5:3-6:14');
  });

  it('reads flow collections over lines, with comments, the outermost closing bracket at the key’s column', () => {
    const text = 'Values: [a, b,\n  c]\nMap: {\n  K: v,   # why\n  L: [1,\n    2]\n}\nNext: 1\n';
    const root = fast(text);
    expect(plain(root)).toEqual({ Values: ['a', 'b', 'c'], Map: { K: 'v', L: [1, 2] }, Next: 1 });
    expect(span(node(root, 'Values').range)).toBe('1:9-2:5');
    expect(span(node(root, 'Map').range)).toBe('3:6-7:2');
    expect(span(node(root, 'Map', 'L').range)).toBe('5:6-6:7');
  });
});

describe('parseFastYaml: short-form intrinsics', () => {
  it('wraps tagged scalars, flow and block collections, the tag as the key range', () => {
    const text = [
      'A: !Ref 123',
      'B: !If [C, x, !Ref AWS::NoValue]',
      'D: !Sub',
      '- ${X}-${Y}',
      '- X: !GetAtt R.Arn',
      '  Y: !GetAtt "R.Arn"',
      'E: !Join',
      '  - ""',
      '  - [a, b]',
      'F: !Base64 { Ref: X }',
      '',
    ].join('\n');
    const root = fast(text);
    expect(plain(root)).toEqual({
      A: { Ref: '123' },
      B: { 'Fn::If': ['C', 'x', { Ref: 'AWS::NoValue' }] },
      D: { 'Fn::Sub': ['${X}-${Y}', { X: { 'Fn::GetAtt': ['R', 'Arn'] }, Y: { 'Fn::GetAtt': ['R', 'Arn'] } }] },
      E: { 'Fn::Join': ['', ['a', 'b']] },
      F: { 'Fn::Base64': { Ref: 'X' } },
    });
    expect(span(node(root, 'A').range)).toBe('1:4-1:12');
    const wrapper = node(root, 'D');
    expect(wrapper.kind === 'object' && span(wrapper.entries.get('Fn::Sub')!.keyRange)).toBe('3:4-3:8');
    expect(span(wrapper.range)).toBe('3:4-6:21');
    const getAtt = node(root, 'D', 'Fn::Sub', 1, 'X', 'Fn::GetAtt');
    expect(getAtt.kind === 'list' && getAtt.items.map((item) => span(item.range))).toEqual(['5:14-5:15', '5:16-5:19']);
    const quoted = node(root, 'D', 'Fn::Sub', 1, 'Y', 'Fn::GetAtt');
    expect(quoted.kind === 'list' && quoted.items.map((item) => span(item.range))).toEqual(['6:15-6:16', '6:17-6:20']);
  });

  it('reports unknown tags, wrong argument kinds and duplicate keys exactly as the `yaml` path, in its order', () => {
    const text = 'A: !Foo { k: 1, k: 2 }\nB: !Ref [x]\nA: 3\n';
    const result = parseFastYaml('t.yaml', text);
    expect(result).toEqual(parseCloudFormationYaml('t.yaml', text, { fastPath: false }));
    expect(result!.diagnostics.map((diagnostic) => [diagnostic.code, span(diagnostic.location!)])).toEqual([
      ['unknown-tag', '1:4-1:8'],
      ['duplicate-key', '1:17-1:18'],
      ['invalid-tag', '2:4-2:8'],
      ['duplicate-key', '3:1-3:2'],
    ]);
    expect(result!.diagnostics[1]!.message).toBe(
      'Duplicate key "k" at 1:17 (first defined at 1:11); the last value is used',
    );
    expect(plain(result!.value)).toEqual({ A: 3, B: { Ref: ['x'] } });
  });
});

describe('parseFastYaml declines what it does not handle', () => {
  const declined: Array<[string, string]> = [
    ['an anchor', 'a: &x 1\nb: *x\n'],
    ['a complex key', '? a\n: b\n'],
    ['a directive', '%YAML 1.2\n---\na: 1\n'],
    ['a document end', 'a: 1\n...\n'],
    ['a second document', 'a: 1\n---\nb: 2\n'],
    ['an empty explicit document', '---\n'],
    ['tab indentation', 'a:\n\tb: 1\n'],
    ['an under-indented line in a flow collection', 'a:\n  b: [1,\n  2]\n'],
    ['a comment at the start of a line in a flow collection', 'a: {q: x\n# c\n}\n'],
    ['a plain scalar continued in a flow collection', 'a: [x\n  y]\n'],
    ['a block scalar header alone on its line', 'a:\n  |\n    x\n'],
    ['an indentation indicator', 'a: |2\n   x\n'],
    ['a standard tag', 'a: !!str 1\n'],
    ['a flow collection as a key', '[a]: b\n'],
    ['a nested compact mapping', 'a: b: c\n'],
    ['a bad escape', 'a: "\\q"\n'],
    ['an under-indented continuation', 'a:\n  b: "x\n y"\n'],
    ['a scalar document', 'just text\n'],
    ['an empty block scalar', 'a: |\nb: 1\n'],
    ['a lone carriage return', 'a: 1\rb: 2\n'],
    ['a continuation line starting with a dash', 'a: x\n  - y\n'],
  ];
  for (const [name, text] of declined) {
    it(name, () => {
      expect(parseFastYaml('t.yaml', text)).toBeUndefined();
    });
  }

  it('nesting deeper than 100 levels, or than maxDepth', () => {
    const deep = (levels: number): string =>
      Array.from({ length: levels }, (_, level) => `${' '.repeat(level)}k:`).join('\n') + ' 1\n';
    expect(parseFastYaml('t.yaml', deep(100))).toBeDefined();
    expect(parseFastYaml('t.yaml', deep(101))).toBeUndefined();
    expect(parseFastYaml('t.yaml', deep(5), { maxDepth: 4 })).toBeUndefined();
    expect(parseFastYaml('t.yaml', `a: ${'['.repeat(150)}${']'.repeat(150)}\n`)).toBeUndefined();
  });

  it('comment-only and empty texts as the `yaml` path: no value, no diagnostics', () => {
    expect(parseFastYaml('t.yaml', '')).toEqual({ diagnostics: [] });
    expect(parseFastYaml('t.yaml', '# only a comment\n\n')).toEqual({ diagnostics: [] });
    expect(parseCloudFormationYaml('t.yaml', '# only a comment\n\n', { fastPath: false })).toEqual({ diagnostics: [] });
  });
});

describe('strings the tree keeps', () => {
  /** Whether V8 stores the string at one byte a character: the value serializer writes those with tag `"`. */
  const oneByte = (text: string): boolean => serialize(text)[2] === 0x22;

  it('are one byte a character even when the template holds a character beyond Latin-1', () => {
    const text = 'Description: Buckets \u2014 one per stage\nResources:\n  ApplicationLogsBucket:\n    Type: AWS::S3::Bucket\n    Properties: { BucketName: acme-application-logs-bucket, Tags: [{ Key: owner-team-name, Value: platform-engineering }] }\n';
    const root = fast(text);
    const bucket = node(root, 'Resources', 'ApplicationLogsBucket');
    const properties = node(bucket, 'Properties');
    const tag = node(properties, 'Tags', 0);
    const kept = [
      ...(root.kind === 'object' ? root.entries.keys() : []),
      ...(bucket.kind === 'object' ? bucket.entries.keys() : []),
      plain(node(bucket, 'Type')) as string,
      plain(node(properties, 'BucketName')) as string,
      plain(node(tag, 'Key')) as string,
      plain(node(tag, 'Value')) as string,
    ];
    expect(kept).toContain('acme-application-logs-bucket');
    expect(kept.filter((string) => !oneByte(string))).toEqual([]);
    expect(plain(node(root, 'Description'))).toBe('Buckets \u2014 one per stage');
  });
});
