/**
 * CloudFormation evaluation (parsers/cloudformation/evaluate.ts): each intrinsic folded with its value and range,
 * what stays unknown, conditions and switched-off resources; then end to end through `lint()` with real rules,
 * and the `--parameters` file forms.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateTemplate, mayNeedEvaluation, TemplateEvaluator } from '../parsers/cloudformation/evaluate.js';
import { parseCloudFormation } from '../parsers/cloudformation/index.js';
import { findRule } from '../rules/index.js';
import { lint } from '../src/engine/lint.js';
import { loadParameterFile, parseParameterFile } from '../src/config/parameters.js';
import type { ObjectNode, SourceRange, ValueNode } from '../src/graph/types.js';
import { plain } from './plain.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const DIR = 'testdata/evaluation/cloudformation';
const INTRINSICS = `${DIR}/intrinsics.yaml`;


function template(file: string): ObjectNode {
  const parsed = parseCloudFormation(file, readFileSync(path.join(ROOT, file), 'utf8'));
  expect(parsed.diagnostics).toEqual([]);
  return parsed.template!;
}

function entry(node: ValueNode | undefined, key: string): ValueNode | undefined {
  return node?.kind === 'object' ? node.entries.get(key)?.value : undefined;
}

function items(node: ValueNode | undefined): ValueNode[] {
  return node?.kind === 'list' ? node.items : [];
}

/** `line:column-line:column`, end exclusive. */
function span(range: SourceRange | undefined): string {
  if (range === undefined) return 'none';
  return `${range.start.line}:${range.start.column}-${range.end.line}:${range.end.column}`;
}

/** The span of the text after `key: ` on the line of the intrinsics fixture that holds that Metadata key. */
function valueSpan(key: string): string {
  const lines = readFileSync(path.join(ROOT, INTRINSICS), 'utf8').split('\n');
  const index = lines.findIndex((line) => line.startsWith(`      ${key}: `));
  if (index < 0) throw new Error(`no line for ${key}`);
  const start = `      ${key}: `.length + 1;
  return `${index + 1}:${start}-${index + 1}:${lines[index]!.length + 1}`;
}

function evaluated(parameters: Record<string, unknown> = {}) {
  const result = evaluateTemplate(template(INTRINSICS), parameters);
  const resources = entry(result.template, 'Resources') as ObjectNode;
  const metadata = entry(entry(resources, 'Values'), 'Metadata') as ObjectNode;
  return { result, resources, metadata, value: (key: string) => entry(metadata, key) };
}

describe('folding intrinsics with the template defaults', () => {
  const { result, resources, metadata, value } = evaluated();

  it('replaces a Ref to a parameter by its default, at the Ref', () => {
    expect(plain(value('Param'))).toBe('dev');
    expect(span(value('Param')!.range)).toBe(valueSpan('Param'));
    // CommaDelimitedList: a list, each member space-trimmed; Number: a number.
    expect(plain(value('List'))).toEqual(['subnet-a', 'subnet-b']);
    expect(span(value('List')!.range)).toBe(valueSpan('List'));
    expect(items(value('List')).map((item) => span(item.range))).toEqual([valueSpan('List'), valueSpan('List')]);
    expect(plain(value('Number'))).toBe(30);
  });

  it('keeps unknown what has no value here: no default, SSM types, pseudo parameters, resources', () => {
    expect(plain(value('NoDefault'))).toEqual({ Ref: 'Region' });
    expect(plain(value('Ssm'))).toEqual({ Ref: 'Secret' });
    expect(plain(value('Pseudo'))).toEqual({ Ref: 'AWS::AccountId' });
    expect(plain(value('Resource'))).toEqual({ Ref: 'Other' });
    expect(plain(value('GetAtt'))).toEqual({ 'Fn::GetAtt': ['Other', 'Arn'] });
  });

  it('folds Fn::Sub in both forms, and substitutes what it can of a partly unknown one', () => {
    expect(plain(value('Sub'))).toBe('dev-logs-${Literal}');
    expect(span(value('Sub')!.range)).toBe(valueSpan('Sub'));
    expect(plain(value('SubList'))).toBe('acme-dev');
    expect(span(value('SubList')!.range)).toBe(valueSpan('SubList'));
    expect(plain(value('SubPartial'))).toEqual({ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::dev-${Other}/*' });
    expect(plain(value('SubPartialList'))).toEqual({ 'Fn::Sub': ['dev/dev/${Arn}', { Arn: { 'Fn::GetAtt': ['Other', 'Arn'] } }] });
  });

  it('folds Fn::Join, Fn::Select and Fn::Split on known arguments', () => {
    expect(plain(value('Join'))).toBe('acme-dev-7');
    expect(span(value('Join')!.range)).toBe(valueSpan('Join'));
    expect(plain(value('JoinList'))).toBe('subnet-a,subnet-b');
    expect(plain(value('JoinUnknown'))).toEqual({ 'Fn::Join': ['', ['arn:aws:s3:::', { Ref: 'AWS::AccountId' }]] });
    expect(plain(value('Select'))).toBe('subnet-b');
    expect(span(value('Select')!.range)).toBe(valueSpan('Select'));
    // An item of a literal list keeps its own range.
    expect(plain(value('SelectLiteral'))).toBe('first');
    const line = valueSpan('SelectLiteral').split(':')[0];
    expect(span(value('SelectLiteral')!.range)).toMatch(new RegExp(`^${line}:\\d+-${line}:\\d+$`));
    expect(value('SelectLiteral')!.range.end.column - value('SelectLiteral')!.range.start.column).toBe('first'.length);
    expect(plain(value('Split'))).toEqual(['a', 'b', 'c']);
    expect(span(value('Split')!.range)).toBe(valueSpan('Split'));
    expect(plain(value('SelectSplit'))).toBe('c');
  });

  it('reads Mappings through Fn::FindInMap, placing the value at the call', () => {
    expect(plain(value('FindInMap'))).toBe('acme-dev-data');
    expect(span(value('FindInMap')!.range)).toBe(valueSpan('FindInMap'));
    expect(plain(value('FindInMapList'))).toEqual(['a', 'b']);
    expect(span(items(value('FindInMapList'))[0]?.range)).toBe(valueSpan('FindInMapList'));
    expect(plain(value('FindInMapUnknown'))).toEqual({ 'Fn::FindInMap': ['Buckets', { Ref: 'AWS::Region' }, 'Name'] });
    expect(plain(value('FindInMapDefault'))).toBe('acme-other');
  });

  it('chooses the branch of Fn::If with a known condition, and removes AWS::NoValue entries and items', () => {
    expect(plain(value('If'))).toBe('dev-value');
    expect(metadata.entries.has('Gone')).toBe(false);
    expect(metadata.entries.has('NoValue')).toBe(false);
    expect(plain(value('Items'))).toEqual(['one', 'four']);
    // Unknown condition: both branches folded, AWS::NoValue kept as the branch it is.
    expect(plain(value('IfUnknown'))).toEqual({ 'Fn::If': ['GivenRegion', 'dev', { Ref: 'AWS::NoValue' }] });
  });

  it('evaluates conditions with three values: one false decides Fn::And, one true Fn::Or', () => {
    expect(plain(value('Or'))).toBe('yes');
    expect(plain(value('And'))).toBe('no');
    expect(plain(value('OrUnknown'))).toEqual({ 'Fn::If': ['ProdOrEast', 'yes', 'no'] });
  });

  it('leaves out resources whose Condition is false, with a note for S3 resources only, and drops a true Condition', () => {
    expect([...resources.entries.keys()]).toEqual(['Values', 'Other', 'DevOnly', 'MaybeOnly']);
    expect(result.skipped.map((skipped) => skipped.id)).toEqual(['ProdOnly', 'ProdOnlyTopic']);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ file: INTRINSICS, code: 'condition-false', severity: 'note', location: result.skipped[0]!.keyRange }),
    ]);
    expect(result.diagnostics[0]!.message).toMatch(/^Resource ProdOnly is not scanned: its Condition IsProd is false/);
    expect(entry(entry(resources, 'DevOnly'), 'Condition')).toBeUndefined();
    expect(plain(entry(entry(resources, 'MaybeOnly'), 'Condition'))).toBe('GivenRegion');
  });
});

describe('folding with supplied parameter values', () => {
  const { result, resources, value } = evaluated({ Env: 'prod', Region: 'eu-west-1', Subnets: ['subnet-x'], Days: '45', Secret: 'plain' });

  it('uses supplied values over defaults, coerced to the parameter type', () => {
    expect(plain(value('Param'))).toBe('prod');
    expect(plain(value('List'))).toEqual(['subnet-x']);
    expect(plain(value('Number'))).toBe(45);
    expect(plain(value('NoDefault'))).toBe('eu-west-1');
    // An SSM parameter holds the name of the value, never the value.
    expect(plain(value('Ssm'))).toEqual({ Ref: 'Secret' });
    expect(plain(value('FindInMap'))).toBe('acme-prod-data');
    expect(plain(value('IfUnknown'))).toBe('prod');
    expect(plain(value('Gone'))).toBe('kept');
  });

  it('switches resources by the supplied values', () => {
    expect([...resources.entries.keys()]).toEqual(['Values', 'Other', 'ProdOnly', 'MaybeOnly', 'ProdOnlyTopic']);
    expect(result.skipped.map((skipped) => skipped.id)).toEqual(['DevOnly']);
    expect(entry(entry(resources, 'MaybeOnly'), 'Condition')).toBeUndefined();
  });

  it('reads list parameters given as a comma-delimited string, and ignores dynamic references', () => {
    const { value: list } = evaluated({ Subnets: 'a,b , c', Env: '{{resolve:ssm:/acme/env}}' });
    expect(plain(list('List'))).toEqual(['a', 'b', 'c']);
    expect(plain(list('Param'))).toEqual({ Ref: 'Env' });
  });
});

describe('the evaluator', () => {
  it('copies nothing when nothing folds', () => {
    const parsed = parseCloudFormation('t.yaml', 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Ref Name\n');
    expect(evaluateTemplate(parsed.template!).template).toBe(parsed.template);
  });

  it('survives a condition cycle and undefined conditions as unknown', () => {
    const text = [
      'Conditions:',
      '  A: !Not [!Condition B]',
      '  B: !Not [!Condition A]',
      'Resources:',
      '  T:',
      '    Type: AWS::SNS::Topic',
      '    Condition: A',
      '  U:',
      '    Type: AWS::SNS::Topic',
      '    Condition: Missing',
      '',
    ].join('\n');
    const parsed = parseCloudFormation('t.yaml', text);
    const evaluator = new TemplateEvaluator(parsed.template!, {});
    expect(evaluator.condition('A')).toBeUndefined();
    expect(evaluator.condition('Missing')).toBeUndefined();
    expect(evaluateTemplate(parsed.template!).skipped).toEqual([]);
  });

  it('compares Fn::Equals operands as CloudFormation does, as strings', () => {
    const text = [
      'Parameters:',
      '  Count: { Type: Number, Default: 3 }',
      '  Flag: { Type: String, Default: "true" }',
      'Conditions:',
      '  Three: !Equals [!Ref Count, "3"]',
      '  On: !Equals [true, !Ref Flag]',
      '  Empty: !Equals ["", !Ref Flag]',
      'Resources: {}',
      '',
    ].join('\n');
    const evaluator = new TemplateEvaluator(parseCloudFormation('t.yaml', text).template!, {});
    expect([evaluator.condition('Three'), evaluator.condition('On'), evaluator.condition('Empty')]).toEqual([true, true, false]);
  });

  it('escapes a substituted value that looks like a variable', () => {
    const text = 'Parameters:\n  P: { Type: String, Default: "${x}" }\nResources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Sub "${P}-${AWS::Region}"\n';
    const result = evaluateTemplate(parseCloudFormation('t.yaml', text).template!);
    const name = entry(entry(entry(entry(result.template, 'Resources'), 'T'), 'Properties'), 'TopicName');
    expect(plain(name)).toEqual({ 'Fn::Sub': '${!x}-${AWS::Region}' });
  });

  it('folds JSON templates the same way', () => {
    const text = JSON.stringify({
      Parameters: { Status: { Type: 'String', Default: 'Suspended' } },
      Resources: { B: { Type: 'AWS::S3::Bucket', Properties: { VersioningConfiguration: { Status: { Ref: 'Status' } } } } },
    }, null, 2);
    const result = evaluateTemplate(parseCloudFormation('t.json', text).template!);
    const status = entry(entry(entry(entry(entry(result.template, 'Resources'), 'B'), 'Properties'), 'VersioningConfiguration'), 'Status');
    expect(plain(status)).toBe('Suspended');
    expect(span(status!.range)).toBe('13:21-15:12');
  });

  it('is skipped for templates that mention nothing it folds', () => {
    expect(mayNeedEvaluation('Resources:\n  B:\n    Type: AWS::S3::Bucket\n')).toBe(false);
    expect(mayNeedEvaluation('Resources:\n  B:\n    Properties: { BucketName: !Sub "${AWS::StackName}" }\n')).toBe(true);
  });
});

describe('through lint() with real rules', () => {
  const versioning = findRule('s3-bucket-versioning-enabled')!;
  const publicAccessBlock = findRule('s3-bucket-public-access-block')!;
  const run = (file: string, rules = [versioning], parameters?: Record<string, unknown>) =>
    lint({ paths: [`${DIR}/${file}`], cwd: ROOT, rules, siblingContext: false, ...(parameters ? { parameters } : {}) });
  const findings = (result: Awaited<ReturnType<typeof lint>>) =>
    result.findings.map((finding) => `${finding.resource.id} ${finding.location.start.line} ${finding.messageId}`);

  it('judges a parameter default, skips a switched-off bucket and follows Fn::If', async () => {
    const result = await run('versioning.yaml');
    expect(findings(result)).toEqual(['Data 18 notEnabled', 'Reports 30 notEnabled']);
    expect(result.findings[0]!.message).toBe('Bucket Data sets versioning to Suspended; overwritten and deleted objects cannot be recovered');
    expect(result.summary.buckets.map((bucket) => bucket.id)).toEqual(['Data', 'Reports']);
    expect(result.errors).toEqual([expect.objectContaining({ code: 'condition-false', severity: 'note', location: expect.objectContaining({ start: { line: 20, column: 3 } }) })]);
    expect(result.evaluations.filter((evaluation) => evaluation.outcome === 'unresolved')).toEqual([]);
  });

  it('judges the supplied parameter values', async () => {
    const result = await run('versioning.yaml', [versioning], { VersioningStatus: 'Enabled', Environment: 'prod' });
    expect(findings(result)).toEqual(['ProdArchive 25 notEnabled']);
    expect(result.errors).toEqual([]);
  });

  it('merges --parameters-style values over the configuration file parameters', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 's3lint-parameters-'));
    const config = path.join(folder, '.s3lint.yaml');
    writeFileSync(config, 'parameters:\n  VersioningStatus: Enabled\n  Environment: prod\n');
    try {
      const scan = (parameters?: Record<string, unknown>) =>
        lint({ paths: [`${DIR}/versioning.yaml`], cwd: ROOT, config, ...(parameters ? { parameters } : {}) });
      const versioningFindings = async (parameters?: Record<string, unknown>) =>
        findings(await scan(parameters)).filter((line) => line.endsWith('notEnabled'));
      expect(await versioningFindings()).toEqual(['ProdArchive 25 notEnabled']);
      // Environment from the options, VersioningStatus still from the configuration file.
      expect(await versioningFindings({ Environment: 'dev' })).toEqual(['Reports 30 notEnabled']);
      expect(await versioningFindings({ VersioningStatus: 'Suspended' })).toEqual(['Data 18 notEnabled', 'ProdArchive 25 notEnabled']);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('removes a public access block that AWS::NoValue replaces', async () => {
    const open = await run('public-access.yaml', [publicAccessBlock]);
    expect(findings(open)).toEqual(['Site 12 missing']);
    const closed = await run('public-access.yaml', [publicAccessBlock], { PublicSite: 'false' });
    expect(findings(closed)).toEqual([]);
    expect(closed.evaluations.map((evaluation) => evaluation.outcome)).toEqual(['pass']);
  });

  it('does not call a suppression on a switched-off resource unused', async () => {
    const off = await lint({ paths: [`${DIR}/switched-off.yaml`], cwd: ROOT, rules: [versioning], siblingContext: false });
    expect(off.errors.map((diagnostic) => diagnostic.code)).toEqual(['condition-false']);
    const on = await lint({ paths: [`${DIR}/switched-off.yaml`], cwd: ROOT, rules: [versioning], siblingContext: false, parameters: { Environment: 'prod' } });
    expect(on.errors).toEqual([]);
    expect(on.findings).toEqual([]);
    expect(on.suppressed.map((finding) => `${finding.resource.id} ${finding.location.start.line}`)).toEqual(['ProdArchive 16']);
  });
});

describe('--parameters files', () => {
  it('reads the AWS CLI list form, skipping UsePreviousValue entries', () => {
    expect(loadParameterFile(`${DIR}/params-cli.json`, ROOT)).toEqual({ parameters: { VersioningStatus: 'Enabled', Environment: 'prod' } });
    expect(parseParameterFile('p.json', '["Env=prod", "Name=a=b"]')).toEqual({ parameters: { Env: 'prod', Name: 'a=b' } });
  });

  it('reads the CodePipeline template configuration form', () => {
    expect(loadParameterFile(`${DIR}/params-pipeline.json`, ROOT)).toEqual({
      parameters: { VersioningStatus: 'Enabled', Environment: 'prod', PublicSite: 'false' },
    });
    expect(parseParameterFile('p.json', '{ "Parameters": { "Subnets": ["a", "b"], "Count": 3 } }')).toEqual({
      parameters: { Subnets: ['a', 'b'], Count: 3 },
    });
  });

  it('says what is wrong with a missing or malformed file', () => {
    expect(loadParameterFile('no-such.json', ROOT)).toEqual({ error: '--parameters no-such.json: cannot read the file: no such file' });
    expect(parseParameterFile('p.json', '{ "Parameters": ')).toEqual({ error: expect.stringMatching(/^--parameters p\.json: not valid JSON: Unexpected end of input at 1:17/) });
    expect(parseParameterFile('p.json', '{ "Env": "prod" }')).toEqual({
      error: '--parameters p.json 1:1: expected [{ "ParameterKey": …, "ParameterValue": … }] or { "Parameters": { … } }',
    });
    expect(parseParameterFile('p.json', '[{ "ParameterValue": "x" }]')).toEqual({ error: '--parameters p.json 1:2: entry 0 has no "ParameterKey" string' });
    expect(parseParameterFile('p.json', '{ "Parameters": { "A": { "x": 1 } } }')).toEqual({
      error: '--parameters p.json 1:24: the value of A must be a string, a number, a boolean or a list of them',
    });
  });
});
