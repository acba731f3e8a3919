/**
 * Template variants (parsers/cloudformation/variants.ts): a Fn::If or resource Condition on a condition the
 * parameter values do not decide is evaluated both ways, each branch at its own lines; dependent conditions
 * follow, contradictory combinations are left out, and the number of combined conditions is capped.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { looksLikeCloudFormation } from '../parsers/cloudformation/detect.js';
import { evaluateTemplate } from '../parsers/cloudformation/evaluate.js';
import { cloudFormationResources, parseCloudFormation } from '../parsers/cloudformation/index.js';
import { evaluateTemplateVariants, type TemplateVariant } from '../parsers/cloudformation/variants.js';
import type { ObjectNode, ValueNode } from '../src/graph/types.js';
import { plain } from './plain.js';

const CORPUS = path.resolve(import.meta.dirname, '../../shared/corpus');

function template(text: string): ObjectNode {
  const parsed = parseCloudFormation('t.yaml', text);
  expect(parsed.diagnostics).toEqual([]);
  return parsed.template!;
}

function at(node: ValueNode | undefined, ...keys: string[]): ValueNode | undefined {
  let current = node;
  for (const key of keys) current = current?.kind === 'object' ? current.entries.get(key)?.value : undefined;
  return current;
}

function resource(variant: TemplateVariant, id: string): ValueNode | undefined {
  return at(variant.evaluation.template, 'Resources', id);
}

function resourceIds(variant: TemplateVariant): string[] {
  const resources = at(variant.evaluation.template, 'Resources');
  return resources?.kind === 'object' ? [...resources.entries.keys()] : [];
}

/** `true,false` for the variant's assumptions, in order, with the names: `IsProd=true Keep=false`. */
function assumed(variant: TemplateVariant): string {
  return variant.assumptions.map((assumption) => `${assumption.condition}=${assumption.value}`).join(' ');
}

/** `line:column` of the first occurrence of `needle` in `text` (1-based), for the range a node must start at. */
function startOf(text: string, needle: string): string {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`no ${needle}`);
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1]!.length + 1}`;
}

function start(node: ValueNode | undefined): string {
  return node === undefined ? 'none' : `${node.range.start.line}:${node.range.start.column}`;
}

const NESTED = [
  'Parameters:',
  '  Env:',
  '    Type: String',
  '  Keep:',
  '    Type: String',
  'Conditions:',
  '  IsProd: !Equals [!Ref Env, prod]',
  '  IsDev: !Equals [dev, !Ref Env]',
  '  KeepVersions: !Equals [!Ref Keep, "yes"]',
  'Resources:',
  '  Data:',
  '    Type: AWS::S3::Bucket',
  '    Properties:',
  '      VersioningConfiguration:',
  '        Status: !If',
  '          - IsProd',
  '          - Enabled',
  '          - !If [KeepVersions, EnabledToo, Suspended]',
  '  DevOnly:',
  '    Type: AWS::S3::Bucket',
  '    Condition: IsDev',
  '',
].join('\n');

describe('combinations of unknown conditions', () => {
  const variants = evaluateTemplateVariants(template(NESTED));
  const status = (variant: TemplateVariant) => at(resource(variant, 'Data'), 'Properties', 'VersioningConfiguration', 'Status');

  it('evaluates every consistent combination, true first, in the order of the Conditions section', () => {
    // IsProd and IsDev both true would need Env to be prod and dev at once: left out.
    expect(variants.map(assumed)).toEqual([
      'IsProd=true IsDev=false KeepVersions=true',
      'IsProd=true IsDev=false KeepVersions=false',
      'IsProd=false IsDev=true KeepVersions=true',
      'IsProd=false IsDev=true KeepVersions=false',
      'IsProd=false IsDev=false KeepVersions=true',
      'IsProd=false IsDev=false KeepVersions=false',
    ]);
  });

  it('replaces each Fn::If, nested ones included, by the chosen branch at the branch itself', () => {
    expect(variants.map((variant) => plain(status(variant)))).toEqual(['Enabled', 'Enabled', 'EnabledToo', 'Suspended', 'EnabledToo', 'Suspended']);
    expect(start(status(variants[0]!))).toBe(startOf(NESTED, 'Enabled\n'));
    expect(start(status(variants[2]!))).toBe(startOf(NESTED, 'EnabledToo'));
    expect(start(status(variants[3]!))).toBe(startOf(NESTED, 'Suspended'));
  });

  it('leaves out a resource whose condition a variant assumes false, marked as such and without a note', () => {
    expect(variants.map(resourceIds)).toEqual([['Data'], ['Data'], ['Data', 'DevOnly'], ['Data', 'DevOnly'], ['Data'], ['Data']]);
    expect(variants[0]!.evaluation.skipped).toEqual([expect.objectContaining({ id: 'DevOnly', condition: 'IsDev', byAssumption: true })]);
    expect(variants.flatMap((variant) => variant.evaluation.diagnostics)).toEqual([]);
    // Kept where the condition is assumed true, without the Condition key.
    expect(at(resource(variants[2]!, 'DevOnly'), 'Condition')).toBeUndefined();
  });

  it('gives a parameter the value a true Fn::Equals on it implies', () => {
    const text = [
      'Parameters:',
      '  Env: { Type: String }',
      'Conditions:',
      '  IsProd: !Equals [!Ref Env, prod]',
      'Resources:',
      '  Archive:',
      '    Type: AWS::S3::Bucket',
      '    Properties:',
      '      BucketName: !If [IsProd, !Sub "${Env}-archive", scratch]',
      '      Tags: [{ Key: env, Value: !Ref Env }]',
      '',
    ].join('\n');
    const [prod, other] = evaluateTemplateVariants(template(text));
    expect(assumed(prod!)).toBe('IsProd=true');
    expect(plain(at(resource(prod!, 'Archive'), 'Properties', 'BucketName'))).toBe('prod-archive');
    expect(plain(at(resource(prod!, 'Archive'), 'Properties', 'Tags'))).toEqual([{ Key: 'env', Value: 'prod' }]);
    // False says only that Env is not prod: it stays unknown.
    expect(plain(at(resource(other!, 'Archive'), 'Properties', 'BucketName'))).toBe('scratch');
    expect(plain(at(resource(other!, 'Archive'), 'Properties', 'Tags'))).toEqual([{ Key: 'env', Value: { Ref: 'Env' } }]);
  });
});

describe('dependent conditions', () => {
  it('assumes only the conditions the others follow from, and evaluates those consistently', () => {
    const text = [
      'Parameters:',
      '  Env: { Type: String }',
      'Conditions:',
      '  IsProd: !Equals [!Ref Env, prod]',
      '  NotProd: !Not [!Condition IsProd]',
      '  ProdEverywhere: !Or [!Condition IsProd, !Condition NotProd]',
      'Resources:',
      '  Logs:',
      '    Type: AWS::S3::Bucket',
      '    Condition: NotProd',
      '    Properties:',
      '      BucketName: !If [IsProd, prod-logs, dev-logs]',
      '      ObjectLockEnabled: !If [ProdEverywhere, true, false]',
      '  Archive:',
      '    Type: AWS::S3::Bucket',
      '    Properties:',
      '      BucketName: !If [NotProd, dev-archive, prod-archive]',
      '',
    ].join('\n');
    const variants = evaluateTemplateVariants(template(text));
    expect(variants.map(assumed)).toEqual(['IsProd=true', 'IsProd=false']);
    const [prod, dev] = variants;
    expect(resourceIds(prod!)).toEqual(['Archive']);
    expect(prod!.evaluation.skipped).toEqual([expect.objectContaining({ id: 'Logs', condition: 'NotProd', byAssumption: true })]);
    expect(plain(at(resource(prod!, 'Archive'), 'Properties', 'BucketName'))).toBe('prod-archive');
    expect(resourceIds(dev!)).toEqual(['Logs', 'Archive']);
    expect(plain(at(resource(dev!, 'Logs'), 'Properties'))).toEqual({ BucketName: 'dev-logs', ObjectLockEnabled: true });
    expect(plain(at(resource(dev!, 'Archive'), 'Properties', 'BucketName'))).toBe('dev-archive');
  });

  it('leaves out a combination where one assumption decides another the other way', () => {
    const text = [
      'Parameters:',
      '  Shared: { Type: String }',
      'Conditions:',
      '  IsShared: !Equals [!Ref Shared, "true"]',
      '  Public: !Or [!Condition IsShared, !Equals [!Ref "AWS::Region", us-east-1]]',
      'Resources:',
      '  Site:',
      '    Type: AWS::S3::Bucket',
      '    Properties:',
      '      AccessControl: !If [Public, PublicRead, Private]',
      '      BucketName: !If [IsShared, shared-site, own-site]',
      '',
    ].join('\n');
    const variants = evaluateTemplateVariants(template(text));
    // Public is not decided by IsShared alone (the Region may make it true), so both are assumed; but Public false
    // with IsShared true is impossible.
    expect(variants.map(assumed)).toEqual(['IsShared=true Public=true', 'IsShared=false Public=true', 'IsShared=false Public=false']);
    expect(variants.map((variant) => plain(at(resource(variant, 'Site'), 'Properties')))).toEqual([
      { AccessControl: 'PublicRead', BucketName: 'shared-site' },
      { AccessControl: 'PublicRead', BucketName: 'own-site' },
      { AccessControl: 'Private', BucketName: 'own-site' },
    ]);
  });
});

describe('which conditions are combined', () => {
  it('gives one variant without assumptions, the same as evaluateTemplate, when no used condition is unknown', () => {
    const text = [
      'Parameters:',
      '  Env: { Type: String, Default: dev }',
      '  Region: { Type: String }',
      'Conditions:',
      '  IsProd: !Equals [!Ref Env, prod]',
      '  Unused: !Equals [!Ref Region, eu-west-1]',
      'Resources:',
      '  Data:',
      '    Type: AWS::S3::Bucket',
      '    Properties:',
      '      BucketName: !If [IsProd, prod-data, dev-data]',
      '  ProdOnly:',
      '    Type: AWS::S3::Bucket',
      '    Condition: IsProd',
      '',
    ].join('\n');
    const parsed = template(text);
    const variants = evaluateTemplateVariants(parsed);
    expect(variants).toHaveLength(1);
    expect(variants[0]!.assumptions).toEqual([]);
    expect(variants[0]!.evaluation).toEqual(evaluateTemplate(parsed));
    // A resource the parameter values switch off keeps its note and is not marked as assumed.
    expect(variants[0]!.evaluation.skipped).toEqual([expect.objectContaining({ id: 'ProdOnly' })]);
    expect(variants[0]!.evaluation.skipped[0]!.byAssumption).toBeUndefined();
    expect(variants[0]!.evaluation.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['condition-false']);
  });

  it('ignores conditions that only Outputs, an undefined name, a ruled-out branch or the CDK metadata resource use', () => {
    const text = [
      'Parameters:',
      '  Env: { Type: String }',
      '  Mode: { Type: String, Default: simple }',
      'Conditions:',
      '  IsProd: !Equals [!Ref Env, prod]',
      '  IsAdvanced: !Equals [!Ref Mode, advanced]',
      '  InEurope: !Equals [!Ref "AWS::Region", eu-west-1]',
      'Resources:',
      '  Data:',
      '    Type: AWS::S3::Bucket',
      '    Properties:',
      '      BucketName: !If [IsAdvanced, !If [IsProd, a, b], !If [Missing, c, d]]',
      '  CDKMetadata:',
      '    Type: AWS::CDK::Metadata',
      '    Condition: InEurope',
      'Outputs:',
      '  Name:',
      '    Value: !If [IsProd, prod, dev]',
      '',
    ].join('\n');
    const variants = evaluateTemplateVariants(template(text));
    expect(variants.map(assumed)).toEqual(['']);
    expect(plain(at(resource(variants[0]!, 'Data'), 'Properties', 'BucketName'))).toEqual({ 'Fn::If': ['Missing', 'c', 'd'] });
    expect(plain(at(resource(variants[0]!, 'CDKMetadata'), 'Condition'))).toBe('InEurope');
  });

  it('beyond the cap, evaluates once without assumptions and says which conditions stay unknown', () => {
    const text = [
      'Parameters:',
      '  A: { Type: String }',
      '  B: { Type: String }',
      '  C: { Type: String }',
      '  D: { Type: String }',
      'Conditions:',
      '  HasA: !Equals [!Ref A, "yes"]',
      '  HasB: !Equals [!Ref B, "yes"]',
      '  HasC: !Equals [!Ref C, "yes"]',
      '  HasD: !Equals [!Ref D, "yes"]',
      'Resources:',
      '  Data:',
      '    Type: AWS::S3::Bucket',
      '    Properties:',
      '      Tags:',
      '        - { Key: a, Value: !If [HasA, 1, 0] }',
      '        - { Key: b, Value: !If [HasB, 1, 0] }',
      '        - { Key: c, Value: !If [HasC, 1, 0] }',
      '        - { Key: d, Value: !If [HasD, 1, 0] }',
      '',
    ].join('\n');
    const parsed = template(text);
    const capped = evaluateTemplateVariants(parsed);
    expect(capped).toHaveLength(1);
    expect(capped[0]!.assumptions).toEqual([]);
    expect(capped[0]!.evaluation.template).toBe(evaluateTemplate(parsed).template);
    expect(capped[0]!.evaluation.diagnostics).toEqual([
      {
        file: 't.yaml',
        code: 'conditions-unknown',
        severity: 'note',
        location: { file: 't.yaml', start: { line: 6, column: 1 }, end: { line: 6, column: 11 } },
        message:
          'Conditions HasA, HasB, HasC and HasD depend on parameters without a value in this run, more than the 3 that ' +
          's3lint combines: the Fn::If branches and conditional resources they choose are not judged separately and ' +
          'stay unresolved (pass the parameter values with --parameters to decide them)',
      },
    ]);
    expect(evaluateTemplateVariants(parsed, {}, { maxUnknownConditions: 4 })).toHaveLength(16);
    // A supplied value decides one condition: three remain, within the default cap.
    const decided = evaluateTemplateVariants(parsed, { D: 'no' });
    expect(decided).toHaveLength(8);
    expect(decided.map((variant) => plain(at(resource(variant, 'Data'), 'Properties', 'Tags')))[7]).toEqual([
      { Key: 'a', Value: 0 },
      { Key: 'b', Value: 0 },
      { Key: 'c', Value: 0 },
      { Key: 'd', Value: 0 },
    ]);
    expect(evaluateTemplateVariants(parsed, { D: 'no', C: 'no' }, { maxUnknownConditions: 1 })[0]!.evaluation.diagnostics[0]!.message).toMatch(
      /^Conditions HasA and HasB depend on parameters without a value in this run, more than the 1 that s3lint combines/,
    );
  });

  it('survives condition cycles and a template without Resources', () => {
    const cycle = [
      'Conditions:',
      '  A: !Not [!Condition B]',
      '  B: !Not [!Condition A]',
      'Resources:',
      '  T:',
      '    Type: AWS::SNS::Topic',
      '    Condition: A',
      '    Properties:',
      '      TopicName: !If [B, b, a]',
      '',
    ].join('\n');
    const variants = evaluateTemplateVariants(template(cycle));
    expect(variants.map(assumed)).toEqual(['B=true', 'B=false']);
    expect(variants.map(resourceIds)).toEqual([[], ['T']]);
    expect(plain(at(resource(variants[1]!, 'T'), 'Properties', 'TopicName'))).toBe('a');
    const empty = parseCloudFormation('t.yaml', 'Conditions:\n  A: !Equals [!Ref P, x]\n').template!;
    expect(evaluateTemplateVariants(empty)).toEqual([{ assumptions: [], evaluation: { template: empty, skipped: [], diagnostics: [] } }]);
  });
});

describe.skipIf(!existsSync(CORPUS))('the CloudFormation templates of the corpus', () => {
  it('evaluate into at most 8 variants each, without an exception', () => {
    const files: string[] = [];
    const walk = (folder: string): void => {
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        const full = path.join(folder, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.(ya?ml|json|template)$/.test(entry.name)) files.push(full);
      }
    };
    for (const name of ['awslabs+aws-cloudformation-templates', 'widdix+aws-cf-templates']) if (existsSync(path.join(CORPUS, name))) walk(path.join(CORPUS, name));
    const counts: number[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const parsed = looksLikeCloudFormation(text) ? parseCloudFormation(file, text).template : undefined;
      if (parsed === undefined) continue;
      const variants = evaluateTemplateVariants(parsed);
      for (const variant of variants) cloudFormationResources(file, variant.evaluation.template);
      counts.push(variants.length);
    }
    expect(counts.length).toBeGreaterThan(0);
    expect(Math.max(...counts)).toBeLessThanOrEqual(8);
  });
});
