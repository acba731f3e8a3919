import { describe, expect, it } from 'vitest';
import { looksLikeCloudFormation } from '../../parsers/cloudformation/detect.js';
import { cloudFormationResources, parseCloudFormation, subVariables } from '../../parsers/cloudformation/index.js';
import { INTRINSIC_TAGS, parseCloudFormationYaml } from '../../parsers/cloudformation/yaml.js';
import type { Diagnostic, ObjectNode, ResourceNode, SourceRange, ValueNode } from '../../src/graph/types.js';
import { plain } from '../plain.js';

/** `line:column-line:column`, end exclusive. */
function span(range: SourceRange | undefined): string {
  if (range === undefined) return 'none';
  return `${range.start.line}:${range.start.column}-${range.end.line}:${range.end.column}`;
}


interface Located {
  keyRange?: SourceRange;
  value: ValueNode;
}

function at(node: ValueNode | undefined, ...path: Array<string | number>): Located {
  if (node === undefined) throw new Error('no value');
  let current: Located = { value: node };
  for (const step of path) {
    const value: ValueNode = current.value;
    if (typeof step === 'number') {
      if (value.kind !== 'list') throw new Error(`not a list at ${step}`);
      const item = value.items[step];
      if (item === undefined) throw new Error(`no item ${step}`);
      current = { value: item };
    } else {
      if (value.kind !== 'object') throw new Error(`not an object at ${step}`);
      const found = value.entries.get(step);
      if (found === undefined) throw new Error(`no key ${step}`);
      current = found;
    }
  }
  return current;
}

function yamlOk(text: string): ValueNode {
  const result = parseCloudFormationYaml('stack/template.yaml', text);
  expect(result.diagnostics).toEqual([]);
  expect(result.value).toBeDefined();
  return result.value!;
}

function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((diagnostic) => diagnostic.code);
}

function templateOk(text: string): ObjectNode {
  const result = parseCloudFormation('stack/template.yaml', text);
  expect(result.diagnostics).toEqual([]);
  expect(result.template).toBeDefined();
  return result.template!;
}

/** Each short form, as written after `Value: `, and the long form CloudFormation reads. */
const SHORT_FORMS: Array<[string, unknown]> = [
  ['!Ref Bucket', { Ref: 'Bucket' }],
  ['!Condition IsProd', { Condition: 'IsProd' }],
  ["!Sub 'arn:${AWS::Partition}:s3:::${Bucket}/*'", { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${Bucket}/*' }],
  ["!Sub ['${Name}-logs', {Name: !Ref Prefix}]", { 'Fn::Sub': ['${Name}-logs', { Name: { Ref: 'Prefix' } }] }],
  ['!GetAtt Bucket.Arn', { 'Fn::GetAtt': ['Bucket', 'Arn'] }],
  ['!GetAtt Db.Endpoint.Address', { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] }],
  ['!GetAtt [Bucket, Arn]', { 'Fn::GetAtt': ['Bucket', 'Arn'] }],
  ['!If [IsProd, a, b]', { 'Fn::If': ['IsProd', 'a', 'b'] }],
  ["!Join ['', [a, b]]", { 'Fn::Join': ['', ['a', 'b']] }],
  ['!Select [0, [a, b]]', { 'Fn::Select': [0, ['a', 'b']] }],
  ["!Split [',', 'a,b']", { 'Fn::Split': [',', 'a,b'] }],
  ['!FindInMap [RegionMap, !Ref AWS::Region, Ami]', { 'Fn::FindInMap': ['RegionMap', { Ref: 'AWS::Region' }, 'Ami'] }],
  ['!Base64 echo hello', { 'Fn::Base64': 'echo hello' }],
  ["!Base64 {'Fn::Sub': '${Name}'}", { 'Fn::Base64': { 'Fn::Sub': '${Name}' } }],
  ["!Cidr ['10.0.0.0/16', 4, 8]", { 'Fn::Cidr': ['10.0.0.0/16', 4, 8] }],
  ['!ImportValue SharedLogs', { 'Fn::ImportValue': 'SharedLogs' }],
  ["!ImportValue {'Fn::Sub': '${Stack}-Logs'}", { 'Fn::ImportValue': { 'Fn::Sub': '${Stack}-Logs' } }],
  ["!GetAZs ''", { 'Fn::GetAZs': '' }],
  ['!GetAZs {Ref: AWS::Region}', { 'Fn::GetAZs': { Ref: 'AWS::Region' } }],
  ['!And [!Condition A, !Condition B]', { 'Fn::And': [{ Condition: 'A' }, { Condition: 'B' }] }],
  ['!Or [!Condition A, !Condition B]', { 'Fn::Or': [{ Condition: 'A' }, { Condition: 'B' }] }],
  ['!Not [!Condition A]', { 'Fn::Not': [{ Condition: 'A' }] }],
  ['!Equals [!Ref Env, prod]', { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] }],
  [
    '!Transform {Name: AWS::Include, Parameters: {Location: s3://bucket/snippet.yaml}}',
    { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://bucket/snippet.yaml' } } },
  ],
  ['!Length [a, b, c]', { 'Fn::Length': ['a', 'b', 'c'] }],
  ['!Length {Ref: Subnets}', { 'Fn::Length': { Ref: 'Subnets' } }],
  ['!ToJsonString {a: 1}', { 'Fn::ToJsonString': { a: 1 } }],
  ['!ToJsonString [1, 2]', { 'Fn::ToJsonString': [1, 2] }],
  [
    "!ForEach [Topics, [A, B], {'Topic${Topics}': {Type: 'AWS::SNS::Topic'}}]",
    { 'Fn::ForEach': ['Topics', ['A', 'B'], { 'Topic${Topics}': { Type: 'AWS::SNS::Topic' } }] },
  ],
  ['!Contains [[a, b], !Ref Env]', { 'Fn::Contains': [['a', 'b'], { Ref: 'Env' }] }],
  ['!EachMemberEquals [[a], a]', { 'Fn::EachMemberEquals': [['a'], 'a'] }],
  ['!EachMemberIn [[a], [a, b]]', { 'Fn::EachMemberIn': [['a'], ['a', 'b']] }],
  ['!RefAll AWS::EC2::VPC::Id', { 'Fn::RefAll': 'AWS::EC2::VPC::Id' }],
  ['!ValueOf [Subnet, VpcId]', { 'Fn::ValueOf': ['Subnet', 'VpcId'] }],
  ['!ValueOfAll [AWS::EC2::Subnet::Id, VpcId]', { 'Fn::ValueOfAll': ['AWS::EC2::Subnet::Id', 'VpcId'] }],
];

describe('CloudFormation YAML short forms', () => {
  it.each(SHORT_FORMS)('Value: %s', (source, expected) => {
    const root = yamlOk(`Value: ${source}\n`);
    const value = at(root, 'Value').value;
    expect(plain(value)).toEqual(expected);
    // The long-form object spans the tag and its argument; its key's range is the tag.
    const tag = source.split(' ')[0]!;
    expect(value.kind).toBe('object');
    const [longForm] = (value as ObjectNode).entries.values();
    expect(span(longForm?.keyRange)).toBe(`1:8-1:${8 + tag.length}`);
    expect(span(value.range)).toBe(`1:8-1:${8 + source.length}`);
  });

  it('covers every tag of the table', () => {
    const tested = new Set(SHORT_FORMS.map(([source]) => source.split(' ')[0]));
    expect([...INTRINSIC_TAGS.keys()].filter((tag) => !tested.has(tag))).toEqual([]);
  });

  it('gives the same tree as the long forms', () => {
    const short = yamlOk(
      [
        'A: !GetAtt Bucket.Arn',
        'B: !If [IsProd, !Ref Logs, !Ref AWS::NoValue]',
        "C: !Join ['', [!Sub 'arn:${AWS::Partition}:s3:::', !Ref Bucket, /*]]",
        'D: !Sub',
        "  - '${Domain}/index.html'",
        '  - Domain: !GetAtt [Site, DomainName]',
        '',
      ].join('\n'),
    );
    const long = yamlOk(
      [
        'A: {Fn::GetAtt: [Bucket, Arn]}',
        'B:',
        '  Fn::If:',
        '    - IsProd',
        '    - Ref: Logs',
        '    - Ref: AWS::NoValue',
        "C: {'Fn::Join': ['', [{'Fn::Sub': 'arn:${AWS::Partition}:s3:::'}, {Ref: Bucket}, /*]]}",
        'D:',
        '  Fn::Sub:',
        "    - '${Domain}/index.html'",
        '    - Domain: {Fn::GetAtt: [Site, DomainName]}',
        '',
      ].join('\n'),
    );
    expect(plain(short)).toEqual(plain(long));
    expect(plain(at(short, 'B').value)).toEqual({
      'Fn::If': ['IsProd', { Ref: 'Logs' }, { Ref: 'AWS::NoValue' }],
    });
    expect(plain(at(short, 'C').value)).toEqual({
      'Fn::Join': ['', [{ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::' }, { Ref: 'Bucket' }, '/*']],
    });
  });

  it('positions the parts of a dotted !GetAtt, plain or quoted', () => {
    const root = yamlOk('A: !GetAtt Bucket.Arn\nB: !GetAtt "Db.Endpoint.Port"\n');
    const plainForm = at(root, 'A', 'Fn::GetAtt');
    expect(span(plainForm.keyRange)).toBe('1:4-1:11');
    expect(span(plainForm.value.range)).toBe('1:12-1:22');
    expect(span(at(root, 'A', 'Fn::GetAtt', 0).value.range)).toBe('1:12-1:18');
    expect(span(at(root, 'A', 'Fn::GetAtt', 1).value.range)).toBe('1:19-1:22');
    expect(span(at(root, 'B', 'Fn::GetAtt', 0).value.range)).toBe('2:13-2:15');
    expect(span(at(root, 'B', 'Fn::GetAtt', 1).value.range)).toBe('2:16-2:29');
    expect(plain(at(root, 'B').value)).toEqual({ 'Fn::GetAtt': ['Db', 'Endpoint.Port'] });
  });

  it('positions block-style tagged nodes from the tag to the end of the last item', () => {
    const root = yamlOk(
      [
        'Resources:', //                      1
        '  Policy:', //                       2
        '    Properties:', //                 3
        '      Bucket: !Ref Logs', //         4
        '      Roles: !If', //                5
        '        - IsProd', //                6
        '        - !Ref Role', //             7
        '        - !Ref AWS::NoValue', //     8
        '      Name: !Sub', //                9
        "        - '${A}-x'", //              10
        '        - A: !Ref Prefix', //        11
        '',
      ].join('\n'),
    );
    const properties = (path: string) => at(root, 'Resources', 'Policy', 'Properties', path);
    expect(span(properties('Bucket').keyRange)).toBe('4:7-4:13');
    expect(span(properties('Bucket').value.range)).toBe('4:15-4:24');
    expect(span(at(properties('Bucket').value, 'Ref').keyRange)).toBe('4:15-4:19');
    expect(span(at(properties('Bucket').value, 'Ref').value.range)).toBe('4:20-4:24');
    const roles = properties('Roles');
    expect(span(roles.value.range)).toBe('5:14-8:28');
    expect(span(at(roles.value, 'Fn::If').keyRange)).toBe('5:14-5:17');
    expect(span(at(roles.value, 'Fn::If').value.range)).toBe('6:9-8:28');
    expect(span(at(roles.value, 'Fn::If', 1).value.range)).toBe('7:11-7:20');
    expect(span(at(roles.value, 'Fn::If', 2, 'Ref').keyRange)).toBe('8:11-8:15');
    expect(span(at(roles.value, 'Fn::If', 2, 'Ref').value.range)).toBe('8:16-8:28');
    const name = properties('Name');
    expect(span(name.value.range)).toBe('9:13-11:25');
    expect(span(at(name.value, 'Fn::Sub', 1, 'A').keyRange)).toBe('11:11-11:12');
    expect(span(at(name.value, 'Fn::Sub', 1, 'A', 'Ref').value.range)).toBe('11:19-11:25');
  });
});

describe('CloudFormation YAML positions and values', () => {
  it('counts CRLF line endings, skips the byte order mark and counts UTF-16 units', () => {
    const root = yamlOk('\uFEFFName: "é😀"\r\nNext: !Ref X\r\nLast: [a, "😀", b]\r\n');
    expect(span(at(root, 'Name').keyRange)).toBe('1:1-1:5');
    expect(span(at(root, 'Name').value.range)).toBe('1:7-1:12');
    expect(plain(at(root, 'Name').value)).toBe('é😀');
    expect(span(at(root, 'Next').keyRange)).toBe('2:1-2:5');
    expect(span(at(root, 'Next', 'Ref').keyRange)).toBe('2:7-2:11');
    expect(span(at(root, 'Next', 'Ref').value.range)).toBe('2:12-2:13');
    expect(span(at(root, 'Last', 2).value.range)).toBe('3:17-3:18');
    expect(span(root.range)).toBe('1:1-3:19');
  });

  it('ends a block scalar at its last character, a block mapping at its last value', () => {
    const root = yamlOk('Script: |\n  echo hi\n  exit 0\n\nNext:\n  a: 1\n  b: [2]\n\nEnd: 3\n');
    expect(span(at(root, 'Script').value.range)).toBe('1:9-3:9');
    expect(plain(at(root, 'Script').value)).toBe('echo hi\nexit 0\n');
    expect(span(at(root, 'Next').value.range)).toBe('6:3-7:9');
    expect(span(at(root, 'End').keyRange)).toBe('9:1-9:4');
  });

  it('gives an empty value null, placed just after the colon', () => {
    const root = yamlOk('Outputs:\nDescription: x\n');
    expect(plain(at(root, 'Outputs').value)).toBeNull();
    expect(span(at(root, 'Outputs').value.range)).toBe('1:9-1:9');
  });

  it('reads scalars with the YAML 1.2 core schema: on/yes/no/off and dates stay strings', () => {
    const root = yamlOk(
      'a: on\nb: yes\nc: no\nd: off\ne: true\nf: 1.5\ng: 2001-12-14\nh: ~\ni: 0o14\nj: "123"\nk: False\nl: .inf\n',
    );
    expect(plain(root)).toEqual({
      a: 'on',
      b: 'yes',
      c: 'no',
      d: 'off',
      e: true,
      f: 1.5,
      g: '2001-12-14',
      h: null,
      i: 12,
      j: '123',
      k: false,
      l: Infinity,
    });
  });

  it('keeps keys as written', () => {
    const root = yamlOk('1.0: a\ntrue: b\n"quoted key": c\n');
    expect([...(root as ObjectNode).entries.keys()]).toEqual(['1.0', 'true', 'quoted key']);
  });

  it('resolves aliases to a copy of the anchored value, with the anchor ranges', () => {
    const root = yamlOk('Tags: &tags\n  - {Key: team, Value: data}\nOther: *tags\n');
    const original = at(root, 'Tags').value;
    const copy = at(root, 'Other').value;
    expect(plain(copy)).toEqual([{ Key: 'team', Value: 'data' }]);
    expect(copy).not.toBe(original);
    expect(span(copy.range)).toBe(span(original.range));
    expect(span(at(copy, 0, 'Value').value.range)).toBe('2:24-2:28');
  });

  it('returns nothing, and no error, for an empty text or a text that is only a comment', () => {
    expect(parseCloudFormationYaml('t.yaml', '')).toEqual({ diagnostics: [] });
    expect(parseCloudFormationYaml('t.yaml', '# nothing here\n')).toEqual({ diagnostics: [] });
  });
});

describe('CloudFormation YAML diagnostics', () => {
  function diagnosticsOf(text: string): Diagnostic[] {
    return parseCloudFormationYaml('t.yaml', text).diagnostics;
  }

  it('reports a mapping item at the wrong column as a syntax error, with no value', () => {
    const result = parseCloudFormationYaml('t.yaml', 'Bucket:\n  Type: x\n Bad: y\n');
    expect(result.value).toBeUndefined();
    expect(result.diagnostics).toHaveLength(1);
    const [diagnostic] = result.diagnostics;
    expect(diagnostic).toMatchObject({ file: 't.yaml', severity: 'error', code: 'parse-error' });
    expect(diagnostic?.message).toBe('YAML syntax error at 3:1: All mapping items must start at the same column');
    expect(span(diagnostic?.location)).toBe('3:1-3:2');
  });

  it('reports tab indentation and an unclosed flow sequence where they are', () => {
    const tab = diagnosticsOf('a:\n\tb: 1\n');
    expect(codes(tab)).toEqual(['parse-error']);
    expect(span(tab[0]?.location)).toBe('2:1-2:2');
    const flow = diagnosticsOf('a: [1, 2\nb: 3\n');
    expect(codes(flow)).toEqual(['parse-error']);
    expect(flow[0]?.message).toMatch(/^YAML syntax error at 2:1: /);
  });

  it('hints at under-indented continuation lines of a quoted string', () => {
    const [diagnostic] = diagnosticsOf("A:\n  B: 'first line\n  second line'\nC: 1\n");
    expect(diagnostic?.code).toBe('parse-error');
    expect(diagnostic?.message).toContain('indented more than its key');
  });

  it('reports a duplicate key at the second key and keeps the last value', () => {
    const result = parseCloudFormationYaml('t.yaml', 'Resources:\n  A:\n    Type: X\n  A:\n    Type: Y\n');
    expect(codes(result.diagnostics)).toEqual(['duplicate-key']);
    expect(result.diagnostics[0]?.severity).toBe('error');
    expect(span(result.diagnostics[0]?.location)).toBe('4:3-4:4');
    expect(result.diagnostics[0]?.message).toContain('2:3');
    expect(plain(at(result.value, 'Resources').value)).toEqual({ A: { Type: 'Y' } });
  });

  it('reports an unknown tag at the tag and keeps the value', () => {
    const result = parseCloudFormationYaml('t.yaml', 'A: 1\nB: !Foo bar\n');
    expect(codes(result.diagnostics)).toEqual(['unknown-tag']);
    expect(result.diagnostics[0]?.severity).toBe('error');
    expect(span(result.diagnostics[0]?.location)).toBe('2:4-2:8');
    expect(result.diagnostics[0]?.message).toContain('!Foo');
    expect(plain(result.value)).toEqual({ A: 1, B: 'bar' });
  });

  it('accepts the standard YAML tags', () => {
    expect(plain(yamlOk('a: !!str 123\nb: ! 5\n'))).toEqual({ a: '123', b: '5' });
  });

  it('reports a tag on a node kind CloudFormation does not accept, and still gives the long form', () => {
    const result = parseCloudFormationYaml('t.yaml', 'A: !Ref [x]\nB: !If x\n');
    expect(codes(result.diagnostics)).toEqual(['invalid-tag', 'invalid-tag']);
    expect(span(result.diagnostics[0]?.location)).toBe('1:4-1:8');
    expect(result.diagnostics[1]?.message).toBe('!If at 2:4 takes a sequence, not a scalar');
    expect(plain(result.value)).toEqual({ A: { Ref: ['x'] }, B: { 'Fn::If': 'x' } });
  });

  it('warns about a second document and scans the first', () => {
    const result = parseCloudFormationYaml('t.yaml', 'A: 1\n---\nB: 2\n');
    expect(codes(result.diagnostics)).toEqual(['multiple-documents']);
    expect(result.diagnostics[0]?.severity).toBe('warning');
    expect(span(result.diagnostics[0]?.location)).toBe('2:1-2:1');
    expect(plain(result.value)).toEqual({ A: 1 });
  });

  it('reports keys that are not scalars and skips their entries', () => {
    const result = parseCloudFormationYaml('t.yaml', 'ok: 1\n? [a, b]\n: list key\n{x: 1}: map key\n');
    expect(codes(result.diagnostics)).toEqual(['invalid-key', 'invalid-key']);
    expect(span(result.diagnostics[0]?.location)).toBe('2:3-2:9');
    expect(span(result.diagnostics[1]?.location)).toBe('4:1-4:7');
    expect(plain(result.value)).toEqual({ ok: 1 });
  });

  it('reports aliases without an anchor before them, or inside their own anchor', () => {
    const unknown = parseCloudFormationYaml('t.yaml', 'a: *nowhere\n');
    expect(codes(unknown.diagnostics)).toEqual(['invalid-alias']);
    expect(span(unknown.diagnostics[0]?.location)).toBe('1:4-1:12');
    const cycle = parseCloudFormationYaml('t.yaml', 'a: &self [1, *self]\n');
    expect(codes(cycle.diagnostics)).toEqual(['invalid-alias']);
    expect(plain(cycle.value)).toEqual({ a: [1, null] });
  });

  it('stops a billion-laughs alias bomb quickly with alias-limit', () => {
    const names = 'abcdefghi';
    let text = `a: &a [${Array(9).fill('"lol"').join(', ')}]\n`;
    for (let level = 1; level < 9; level++) {
      text += `${names[level]}: &${names[level]} [${Array(9).fill(`*${names[level - 1]}`).join(', ')}]\n`;
    }
    const started = Date.now();
    const result = parseCloudFormationYaml('bomb.yaml', text);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.value).toBeUndefined();
    expect(codes(result.diagnostics)).toEqual(['alias-limit']);
    expect(result.diagnostics[0]?.severity).toBe('error');
    // a: 0, b: 9, c: 90, d: 819 expansions; the first *d of e takes the count past 1000.
    expect(span(result.diagnostics[0]?.location)).toBe('5:8-5:10');
  });

  it('lets a few ordinary aliases through and honours a lower maxAliasCount', () => {
    const text = 'x: &t {k: v}\ny: *t\nz: [*t, *t]\n';
    expect(parseCloudFormationYaml('t.yaml', text).diagnostics).toEqual([]);
    expect(codes(parseCloudFormationYaml('t.yaml', text, { maxAliasCount: 2 }).diagnostics)).toEqual(['alias-limit']);
  });

  it('refuses 3,000 levels of flow nesting with nesting-too-deep, without overflowing the stack', () => {
    const result = parseCloudFormationYaml('deep.yaml', '['.repeat(3000) + ']'.repeat(3000));
    expect(result.value).toBeUndefined();
    expect(codes(result.diagnostics)).toEqual(['nesting-too-deep']);
    expect(span(result.diagnostics[0]?.location)).toBe('1:501-1:502');
    const maps = parseCloudFormationYaml('deep.yaml', 'a: '.concat('{b: '.repeat(3000), '1', '}'.repeat(3000)));
    expect(codes(maps.diagnostics)).toEqual(['nesting-too-deep']);
  });

  it('parses nesting up to the cap, and fails cleanly even when the cap is set beyond what yaml can compose', () => {
    const atCap = parseCloudFormationYaml('deep.yaml', '['.repeat(500) + ']'.repeat(500));
    expect(atCap.diagnostics).toEqual([]);
    expect(atCap.value?.kind).toBe('list');
    const tooHigh = parseCloudFormationYaml('deep.yaml', '['.repeat(3000) + ']'.repeat(3000), { maxDepth: 5000 });
    if (tooHigh.value === undefined) expect(codes(tooHigh.diagnostics)).toEqual(['nesting-too-deep']);
    else expect(tooHigh.diagnostics).toEqual([]);
  });

  it('bounds nesting built through aliases', () => {
    const text = 'a: &a [[[1]]]\nb: [[[*a]]]\n';
    expect(parseCloudFormationYaml('t.yaml', text, { maxDepth: 5 }).diagnostics.map((d) => d.code)).toEqual([
      'nesting-too-deep',
    ]);
    expect(parseCloudFormationYaml('t.yaml', text, { maxDepth: 7 }).diagnostics).toEqual([]);
  });
});

describe('parseCloudFormation', () => {
  it('reads JSON templates with the JSON parser, with the same tree as YAML', () => {
    const json = '{\n  "Resources": {\n    "Logs": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": {"Ref": "Name"}}}\n  }\n}\n';
    const yaml = 'Resources:\n  Logs:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Ref Name\n';
    const fromJson = templateOk(json);
    expect(plain(fromJson)).toEqual(plain(templateOk(yaml)));
    expect(span(at(fromJson, 'Resources', 'Logs').keyRange)).toBe('3:5-3:11');
    expect(span(at(fromJson, 'Resources', 'Logs', 'Properties', 'BucketName', 'Ref').value.range)).toBe('3:78-3:84');
  });

  it('takes the JSON path after a byte order mark and leading blank lines', () => {
    const result = parseCloudFormation('t.json', '\uFEFF\n  {"Resources": {"A": {"Type": "AWS::SNS::Topic"}},}');
    expect(codes(result.diagnostics)).toEqual(['parse-error']);
    expect(result.diagnostics[0]?.message).toBe("Unexpected '}' at 2:52, expected a property name in double quotes");
    expect(result.template).toBeUndefined();
  });

  it.each([
    ['an empty text', ''],
    ['a text that is only a comment', '# TODO: write the template\n'],
  ])('reports %s as not a template', (_, text) => {
    const result = parseCloudFormation('empty.yaml', text);
    expect(result.template).toBeUndefined();
    expect(codes(result.diagnostics)).toEqual(['not-a-template']);
    expect(result.diagnostics[0]?.severity).toBe('error');
  });

  it('reports a top-level list or scalar as not a template, where it is', () => {
    const yamlList = parseCloudFormation('list.yaml', '- Type: AWS::S3::Bucket\n');
    expect(codes(yamlList.diagnostics)).toEqual(['not-a-template']);
    expect(span(yamlList.diagnostics[0]?.location)).toBe('1:1-1:24');
    expect(yamlList.diagnostics[0]?.message).toContain('a list');
    expect(codes(parseCloudFormation('s.yaml', 'just text\n').diagnostics)).toEqual(['not-a-template']);
  });

  it('reports a JSON array at the top level as not a template', () => {
    const result = parseCloudFormation('list.json', '[{"Resources": {}}]');
    // The JSON path is for texts starting with `{`: an array goes through YAML, which reads it just as well.
    expect(result.template).toBeUndefined();
    expect(codes(result.diagnostics)).toEqual(['not-a-template']);
    expect(span(result.diagnostics[0]?.location)).toBe('1:1-1:20');
  });

  it('passes on the parser diagnostics and no template for a syntax error', () => {
    const result = parseCloudFormation('t.yaml', 'Resources:\n  A:\n    Type: X\n   B: 1\n');
    expect(result.template).toBeUndefined();
    expect(result.diagnostics.every((d) => d.code === 'parse-error')).toBe(true);
  });

  it('reports unusable resources where they are and keeps the others', () => {
    const result = parseCloudFormation(
      't.yaml',
      [
        'Resources:',
        '  Good:',
        '    Type: AWS::S3::Bucket',
        '  NotAMapping: oops',
        '  NoType:',
        '    Properties: {}',
        '  TypeNotString:',
        '    Type: !Ref T',
        '  AlsoGood:',
        '    Type: AWS::SNS::Topic',
        '',
      ].join('\n'),
    );
    expect(codes(result.diagnostics)).toEqual(['invalid-resource', 'invalid-resource', 'invalid-resource']);
    expect(result.diagnostics.map((d) => span(d.location))).toEqual(['4:3-4:14', '5:3-5:9', '7:3-7:16']);
    expect(result.diagnostics[0]?.message).toBe('Resource NotAMapping at 4:3 must be a mapping, not a string; it is skipped');
    expect(result.diagnostics[1]?.message).toContain('has no Type');
    const resources = cloudFormationResources('t.yaml', result.template!);
    expect(resources.map((r) => [r.id, r.type])).toEqual([
      ['Good', 'AWS::S3::Bucket'],
      ['AlsoGood', 'AWS::SNS::Topic'],
    ]);
  });

  it('reports Resources that is not a mapping, and a template without Resources', () => {
    const list = parseCloudFormation('t.yaml', 'Resources:\n  - Type: AWS::S3::Bucket\n');
    expect(codes(list.diagnostics)).toEqual(['invalid-template']);
    expect(span(list.diagnostics[0]?.location)).toBe('1:1-1:10');
    expect(cloudFormationResources('t.yaml', list.template!)).toEqual([]);
    const none = parseCloudFormation('t.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nParameters: {}\n');
    expect(codes(none.diagnostics)).toEqual(['invalid-template']);
    expect(none.diagnostics[0]?.severity).toBe('warning');
  });

  it('notes Fn::ForEach entries instead of rejecting them', () => {
    const result = parseCloudFormation(
      't.yaml',
      "Transform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::Topics:\n    - Name\n    - [A, B]\n    - 'Topic${Name}':\n        Type: AWS::SNS::Topic\n",
    );
    expect(codes(result.diagnostics)).toEqual(['unsupported-foreach']);
    expect(result.diagnostics[0]?.severity).toBe('note');
    expect(cloudFormationResources('t.yaml', result.template!)).toEqual([]);
  });
});

describe('cloudFormationResources', () => {
  const TEMPLATE = [
    'Parameters:', //                                              1
    '  Env: {Type: String}', //                                    2
    'Resources:', //                                               3
    '  Logs:', //                                                  4
    '    Type: AWS::S3::Bucket', //                                5
    '    DeletionPolicy: Retain', //                               6
    '  Key:', //                                                   7
    '    Type: AWS::KMS::Key', //                                  8
    '  Site:', //                                                  9
    '    Type: AWS::S3::Bucket', //                                10
    '    DependsOn: [Logs, Key]', //                               11
    '    Properties:', //                                          12
    "      BucketName: !Sub '${Env}-site-${AWS::AccountId}-${!Literal}'", // 13
    '      LoggingConfiguration:', //                              14
    '        DestinationBucketName: !Ref Logs', //                 15
    '      BucketEncryption:', //                                  16
    '        ServerSideEncryptionConfiguration:', //               17
    '          - ServerSideEncryptionByDefault:', //               18
    '              KMSMasterKeyID: !GetAtt Key.Arn', //            19
    '      Tags:', //                                              20
    '        - Key: region', //                                    21
    '          Value: !Ref AWS::Region', //                        22
    '        - Key: path', //                                      23
    '          Value: !Sub', //                                    24
    "            - '${Domain}/${Role.Arn}/${AWS::StackName}'", //  25
    '            - Domain: !Ref Zone', //                          26
    '  Policy:', //                                                27
    '    Type: AWS::S3::BucketPolicy', //                          28
    '    DependsOn: Site', //                                      29
    '    Properties:', //                                          30
    '      Bucket: {"Fn::GetAtt": "Other.Arn"}', //                31
    '      PolicyDocument: {"Fn::Join": ["", [{"Fn::GetAtt": ["Site", "Arn"]}, "/*"]]}', // 32
    '',
  ].join('\n');

  function resources(): ResourceNode[] {
    return cloudFormationResources('stack/template.yaml', templateOk(TEMPLATE));
  }

  it('makes one node per resource with its ranges, body and definition', () => {
    const [logs, , site] = resources();
    expect(resources().map((r) => r.id)).toEqual(['Logs', 'Key', 'Site', 'Policy']);
    expect(site).toMatchObject({
      id: 'Site',
      name: 'Site',
      framework: 'cloudformation',
      type: 'AWS::S3::Bucket',
      mode: 'resource',
      file: 'stack/template.yaml',
    });
    expect(span(site?.headerRange)).toBe('9:3-9:7');
    expect(span(site?.range)).toBe('10:5-26:32');
    expect(site?.body).toBe(at(site?.definition, 'Properties').value);
    expect([...(site?.body.entries.keys() ?? [])]).toEqual(['BucketName', 'LoggingConfiguration', 'BucketEncryption', 'Tags']);
    expect(plain(at(site?.definition, 'DependsOn').value)).toEqual(['Logs', 'Key']);
    // Without Properties the body is an empty object at the resource's range.
    expect(logs?.body.entries.size).toBe(0);
    expect(span(logs?.body.range)).toBe('5:5-6:27');
    expect(span(logs?.body.range)).toBe(span(logs?.range));
    expect(plain(at(logs?.definition, 'DeletionPolicy').value)).toBe('Retain');
  });

  it('collects references from Ref, GetAtt, Sub and DependsOn, without pseudo parameters or Sub locals', () => {
    const byId = new Map(resources().map((r) => [r.id, r.references]));
    expect(byId.get('Logs')).toEqual([]);
    expect(byId.get('Site')).toEqual(['Env', 'Key', 'Logs', 'Role', 'Zone']);
    expect(byId.get('Policy')).toEqual(['Other', 'Site']);
  });

  it('reads the same references from a JSON template', () => {
    const json = JSON.stringify({
      Resources: {
        Copy: {
          Type: 'AWS::S3::Bucket',
          DependsOn: 'Zeta',
          Properties: {
            A: { Ref: 'Alpha' },
            B: { 'Fn::Sub': ['${X}-${Beta.Arn}', { X: { 'Fn::GetAtt': ['Gamma', 'Name'] } }] },
            C: { 'Fn::If': ['Cond', { Ref: 'Alpha' }, { Ref: 'AWS::NoValue' }] },
          },
        },
      },
    });
    const result = parseCloudFormation('t.json', json);
    expect(result.diagnostics).toEqual([]);
    expect(cloudFormationResources('t.json', result.template!)[0]?.references).toEqual(['Alpha', 'Beta', 'Gamma', 'Zeta']);
  });

  it('reads ${} variables out of Sub strings', () => {
    expect(subVariables('${A}-${B.Arn}-${!Literal}-${AWS::Region}-$-{x}-${C')).toEqual(['A', 'B', 'AWS::Region']);
    expect(subVariables('no variables')).toEqual([]);
  });
});

describe('looksLikeCloudFormation', () => {
  const positives: Array<[string, string]> = [
    ['YAML with a format version', 'AWSTemplateFormatVersion: "2010-09-09"\nDescription: x\n'],
    ['YAML with Resources only', '# bucket\nResources:\n  Logs:\n    Type: AWS::S3::Bucket\n'],
    ['YAML with a quoted type', "Resources:\n  Logs:\n    Type: 'AWS::S3::Bucket'\n"],
    ['YAML indented under ---', '---\n  AWSTemplateFormatVersion: "2010-09-09"\n  Resources: {}\n'],
    ['YAML after a byte order mark', '\uFEFFResources:\n  T:\n    Type: "AWS::SNS::Topic"\n'],
    ['JSON with a format version', '{\n  "AWSTemplateFormatVersion" : "2010-09-09",\n  "Resources": {}\n}'],
    ['minified JSON with Resources only', '{"Resources":{"Logs":{"Type":"AWS::S3::Bucket"}}}'],
    ['SAM', 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n'],
    ['SAM with a list of transforms and no AWS type', 'Transform:\n  - AWS::Serverless-2016-10-31\nGlobals: {}\n'],
  ];
  it.each(positives)('recognises %s', (_, text) => {
    expect(looksLikeCloudFormation(text)).toBe(true);
  });

  const negatives: Array<[string, string]> = [
    ['package.json', '{\n  "name": "infra",\n  "version": "1.0.0",\n  "scripts": {"build": "tsc"},\n  "dependencies": {"aws-cdk-lib": "^2.0.0"}\n}\n'],
    ['tsconfig.json', '{\n  "compilerOptions": {"target": "ES2022", "strict": true},\n  "include": ["src"]\n}\n'],
    ['an IAM policy', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*"}]}'],
    [
      'a Kubernetes Deployment',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx\n          resources:\n            limits: {cpu: 1}\n',
    ],
    [
      'a Kubernetes ConfigMap holding a template',
      'apiVersion: v1\nkind: ConfigMap\ndata:\n  template.yaml: |\n    AWSTemplateFormatVersion: "2010-09-09"\n    Resources:\n      B:\n        Type: AWS::S3::Bucket\n',
    ],
    [
      'a GitHub workflow',
      'name: deploy\non: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: aws cloudformation deploy --template-file template.yaml\n',
    ],
    ['docker-compose', 'services:\n  web:\n    image: nginx\n    environment:\n      Type: AWS::S3::Bucket\n'],
    ['a Serverless Framework file', 'service: api\nresources:\n  Resources:\n    B:\n      Type: AWS::S3::Bucket\n'],
    ['an empty text', ''],
  ];
  it.each(negatives)('rejects %s', (_, text) => {
    expect(looksLikeCloudFormation(text)).toBe(false);
  });

  it('answers on a 30 MB text without backtracking', () => {
    const line = '  - {name: ContentType, Type: Custom, kind: x, note: "Resources AWSTemplateFormatVersion"}\n';
    const big = 'items:\n' + line.repeat(Math.ceil(30_000_000 / line.length));
    expect(big.length).toBeGreaterThan(30_000_000);
    expect(looksLikeCloudFormation(big)).toBe(false);
    expect(looksLikeCloudFormation(big + 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n')).toBe(true);
  });
});
