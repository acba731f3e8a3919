/**
 * s3lint reads CloudFormation YAML with its own fast parser and asks `yaml` only about the files the fast parser
 * declines. That is sound only while the fast parser, whenever it answers, answers exactly what the `yaml` path
 * answers: checked here on the project's YAML fixtures, on the shared corpus when it is present, on seeded mutations
 * of the fixtures (the kinds of damage an editor leaves behind) and on typical templates written for this test.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFastYaml } from '../../parsers/cloudformation/fast-yaml.js';
import { parseCloudFormationYaml } from '../../parsers/cloudformation/yaml.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');

function yamlFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const file = path.join(folder, name);
    if (statSync(file).isDirectory()) return name.startsWith('.') || name === 'node_modules' ? [] : yamlFiles(file);
    if (!/\.(ya?ml|template)$/.test(name)) return [];
    // JSON templates are parsed as JSON, never as YAML.
    return readFileSync(file, 'utf8').trimStart().startsWith('{') ? [] : [file];
  });
}

/** Every field, Map entries in order, and the numbers JSON cannot spell (NaN, ±Infinity, -0). */
function serialize(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item instanceof Map) return { map: [...item.entries()] };
    if (typeof item === 'number' && (!Number.isFinite(item) || Object.is(item, -0))) return `number:${String(item)}`;
    return item;
  });
}

/** Whether the fast path answered; when it did, its answer must be exactly the `yaml` path's. */
function checkAgreement(file: string, text: string): boolean {
  const fast = parseFastYaml(file, text);
  if (fast === undefined) return false;
  const slow = parseCloudFormationYaml(file, text, { fastPath: false });
  const fastText = serialize(fast);
  const slowText = serialize(slow);
  if (fastText !== slowText) {
    expect({ file, text, fast: fastText }).toEqual({ file, text, fast: slowText });
  }
  expect(fast).toEqual(slow);
  return true;
}

/** A small deterministic generator (mulberry32: the same mutations on every run and machine). */
function generator(seed: number): (limit: number) => number {
  let state = seed >>> 0;
  return (limit) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) % Math.max(1, limit);
  };
}

const INSERTIONS = [
  '&a ', '*a', '\t', ' ', '  ', '#', ' #', ': ', ':', '- ', '-', '!Ref ', '!Nope ', '!!str ', '|', '>-', '|2', "'",
  '"', '[', ']', '{', '}', ',', '\\', '\n', '---\n', '...\n', '? ', '%', '@', '0x1F', '.inf', '~', 'True', '1e3',
  '0o17', '+12', '\\x41', '\\u00e9', '\r\n', '!GetAtt A.B', '\ufeff', '!If [a, b]', '{ Ref: X }',
];

function mutate(text: string, next: (limit: number) => number): string {
  const lines = text.split('\n');
  const line = next(lines.length);
  const at = next(text.length + 1);
  switch (next(14)) {
    case 0:
      lines.splice(line, 1);
      return lines.join('\n');
    case 1:
      lines[line] = ' '.repeat(1 + next(3)) + lines[line];
      return lines.join('\n');
    case 2:
      lines[line] = lines[line]!.replace(/^ {1,2}/, '');
      return lines.join('\n');
    case 3: {
      const marks = [...text.matchAll(/['"[\]{}:|>-]/g)];
      if (marks.length === 0) return text;
      const index = marks[next(marks.length)]!.index;
      return text.slice(0, index) + text.slice(index + 1);
    }
    case 4:
      lines.splice(line, 0, lines[line]!);
      return lines.join('\n');
    case 5:
      lines[line] = `\t${lines[line]}`;
      return lines.join('\n');
    case 6:
      return text.replace(/\n/g, '\r\n');
    case 7:
      return `\ufeff${text}`;
    case 8:
      return text.slice(0, at);
    case 9:
    case 10:
    case 11:
      return text.slice(0, at) + INSERTIONS[next(INSERTIONS.length)]! + text.slice(at);
    case 12: {
      const indicators = [...text.matchAll(/: |- /g)];
      if (indicators.length === 0) return text;
      const index = indicators[next(indicators.length)]!.index + 2;
      return text.slice(0, index) + INSERTIONS[next(INSERTIONS.length)]! + text.slice(index);
    }
    default:
      return text.slice(0, at) + text.slice(at + 1 + next(3));
  }
}

/**
 * Random small documents from a grammar of what the fast path reads and what it must decline: multi-line plain,
 * quoted and block scalars, flow collections over several lines, tags, comments, odd keys and indentation.
 */
function randomDocument(next: (limit: number) => number): string {
  const pick = <T,>(items: readonly T[]): T => items[next(items.length)]!;
  const words = ['a', 'b c', 'x:y', 'arn:aws:s3:::b/*', '1', '-2', '0x1F', '1.5', 'true', 'null', '~', '.inf', 'a#b',
    'a,b', '-', '%x', 'a\tb', 'é', '0o7', '12:30'];
  const quoted = ["'a'", "'it''s'", "''", '"a\\tb"', '"\\x41\\u00e9"', '"a\\"b"', '"\\q"', "'x: y'", '"a # b"'];
  const tags = ['!Ref', '!Sub', '!GetAtt', '!If', '!Join', '!Foo', '!Base64', '!Transform', '!!str'];
  const lineBreak = (): string => (next(6) === 0 ? `\n${' '.repeat(next(6))}${next(5) === 0 ? '# c\n  ' : ''}` : '');
  const scalar = (indent: number): string => {
    const continuation = (): string => `\n${next(4) === 0 ? '' : ' '.repeat(Math.max(0, indent + next(3) - 1))}`;
    switch (next(8)) {
      case 0:
      case 1:
        return pick(words);
      case 2:
        return pick(quoted);
      case 3:
        return pick(words) + continuation() + pick(words);
      case 4:
        return `${pick(["'", '"'])}a${continuation()}b${pick(["'", '"'])}`;
      case 5: {
        const width = indent + next(3);
        const line = (): string => ' '.repeat(width + next(2)) + pick(['x', 'y z', '\tq', '']);
        const lines = Array.from({ length: 1 + next(3) }, line);
        return `${pick(['|', '>', '|-', '>-', '|+', '|2'])}\n${lines.join('\n')}`;
      }
      default:
        return `${pick(tags)} ${pick(words)}`;
    }
  };
  const flow = (depth: number): string => {
    if (depth > 2 || next(3) === 0) return next(2) ? pick(['a', 'b c', '1', 'x:y']) : pick(quoted);
    const items = Array.from({ length: next(4) }, () => (next(4) === 0 ? `${pick(tags)} ` : '') + flow(depth + 1));
    if (next(2)) return `[${items.join(`,${pick([' ', ''])}${lineBreak()}`)}${lineBreak()}]`;
    const entries = items.map((item, index) => `${pick(['K', 'Ref', '"q"', `K${index}`])}${pick([': ', ':'])}${item}`);
    return `{${lineBreak()}${entries.join(`, ${lineBreak()}`)}${lineBreak()}}`;
  };
  const block = (indent: number, depth: number): string => {
    const pad = ' '.repeat(indent);
    const value = (inner: number, inSequence: boolean): string => {
      const kind = next(10);
      if (depth > 3 || kind < 4) return ` ${scalar(inner + 1)}${next(8) === 0 ? ' # c' : ''}`;
      if (kind === 4) return ` ${flow(0)}`;
      if (kind === 5) return ` ${pick(tags)}${next(2) ? ` ${flow(0)}` : `\n${block(inner + 2, depth + 1)}`}`;
      if (kind === 6 && next(2)) return '';
      if (kind === 6) return `\n${' '.repeat(inner + pick([0, 1, 2]))}${next(2) ? scalar(inner + 1) : flow(0)}`;
      const child = next(5) === 0 && !inSequence ? inner : inner + pick([2, 2, 4, 1]);
      return `\n${next(8) === 0 ? '\n' : ''}${block(child, depth + 1)}`;
    };
    const count = 1 + next(3);
    const lines: string[] = [];
    for (let index = 0; index < count; index++) {
      const key = pick(['A', 'B', 'A', "'q k'", 'Fn::If', '1', 'Type ']);
      if (next(2)) lines.push(`${pad}${key}:${value(indent, false)}`);
      else if (next(3)) lines.push(`${pad}-${value(indent, true)}`);
      else lines.push(`${pad}- ${pick(['A', 'Effect'])}:${value(indent + 2, false)}`);
    }
    return lines.join('\n');
  };
  const text = `${block(0, 0)}\n`;
  return next(10) === 0 ? text.replace(/\n/g, '\r\n') : text;
}

/** Typical templates, written for this test: each must take the fast path. */
const TYPICAL_TEMPLATES: Record<string, string> = {
  'bucket with policy': `AWSTemplateFormatVersion: "2010-09-09"
Description: Logs bucket # trailing comment
Parameters:
  Env:
    Type: String
    AllowedValues: [dev, prod]
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Logs:
    Type: AWS::S3::Bucket
    DeletionPolicy: Retain
    Properties:
      BucketName: !Sub '\${AWS::StackName}-logs-\${AWS::AccountId}'
      VersioningConfiguration:
        Status: !If [IsProd, Enabled, Suspended]
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: aws:kms
              KMSMasterKeyID: !GetAtt LogsKey.Arn
            BucketKeyEnabled: true
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true }
  LogsPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Logs
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Sid: DenyInsecureTransport
            Effect: Deny
            Principal: '*'
            Action: 's3:*'
            Resource:
              - !GetAtt Logs.Arn
              - !Join ['', [!GetAtt Logs.Arn, '/*']]
            Condition:
              Bool:
                aws:SecureTransport: false
          - Effect: Allow
            Principal:
              Service: logging.s3.amazonaws.com
            Action:
            - s3:PutObject
            Resource: !Sub "arn:\${AWS::Partition}:s3:::\${Logs}/*"
Outputs:
  Arn:
    Value: !GetAtt 'Logs.Arn'
    Export:
      Name: !Sub \${AWS::StackName}-LogsArn
`,
  'block scalars and tagged sequences': `---
# leading comment
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Description: >-
        Folded text
        on two lines
      Code:
        ZipFile: |
          import json

          def handler(event, context):
              return {"ok": True}
      Environment:
        Variables:
          BUCKET: !Select
            - 0
            - !Split [',', !Ref Buckets]
          TABLE: !Sub
          - '\${Name}-table'
          - Name: !Ref AWS::StackName
      Tags:
        - Key: Owner
          Value: ~
        - Key: Retention
          Value: 30
`,
  'crlf and bom':
    '\ufeffResources:\r\n  B:\r\n    Type: AWS::S3::Bucket\r\n    Properties:\r\n' +
    '      Tags:\r\n        - { Key: a, Value: "b\\tc" }\r\n',
};

describe('the fast YAML path and the yaml path', () => {
  const fixtures = [...yamlFiles(path.join(ROOT, 'testdata')), ...yamlFiles(path.join(ROOT, 'examples'))];

  it('agree on every YAML fixture, and the fast path takes at least 90% of them', () => {
    expect(fixtures.length).toBeGreaterThan(50);
    let accepted = 0;
    for (const file of fixtures) if (checkAgreement(file, readFileSync(file, 'utf8'))) accepted++;
    expect(accepted / fixtures.length).toBeGreaterThanOrEqual(0.9);
  });

  it.skipIf(!existsSync(CORPUS))('agree on every YAML template of the shared corpus', () => {
    const files = yamlFiles(CORPUS);
    let accepted = 0;
    for (const file of files) if (checkAgreement(file, readFileSync(file, 'utf8'))) accepted++;
    // Multi-line plain and quoted scalars (long descriptions) are the main reason left to decline.
    expect(accepted / files.length).toBeGreaterThanOrEqual(0.85);
  });

  it('agree on 800 seeded mutations of the fixtures, the fast path declining some and answering others', () => {
    const texts = fixtures.map((file) => readFileSync(file, 'utf8'));
    const next = generator(20261127);
    let accepted = 0;
    const mutations = 800;
    for (let index = 0; index < mutations; index++) {
      let text = texts[next(texts.length)]!;
      const rounds = 1 + next(3);
      for (let round = 0; round < rounds; round++) text = mutate(text, next);
      if (checkAgreement(`mutation-${index}.yaml`, text)) accepted++;
    }
    // Both outcomes must be exercised, or the test proves nothing.
    expect(accepted).toBeGreaterThan(mutations / 5);
    expect(accepted).toBeLessThan(mutations * 0.9);
  });

  it('agree on 3000 random documents, the fast path declining some and answering others', () => {
    const next = generator(7);
    let accepted = 0;
    const documents = 3000;
    for (let index = 0; index < documents; index++) {
      if (checkAgreement(`generated-${index}.yaml`, randomDocument(next))) accepted++;
    }
    expect(accepted).toBeGreaterThan(documents / 5);
    expect(accepted).toBeLessThan(documents * 0.9);
  });

  for (const [name, text] of Object.entries(TYPICAL_TEMPLATES)) {
    it(`take the fast path for a typical template: ${name}`, () => {
      expect(checkAgreement(`${name}.yaml`, text)).toBe(true);
      const slow = parseCloudFormationYaml('t.yaml', text, { fastPath: false });
      expect(slow.diagnostics).toEqual([]);
      // The default path (fast) answers the same.
      expect(parseCloudFormationYaml('t.yaml', text)).toEqual(slow);
    });
  }
});
