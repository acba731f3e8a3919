/**
 * The SAM transform (parsers/cloudformation/sam.ts): Globals merged as SAM merges them, function and state machine
 * Policies turned into the execution role SAM generates (inline statements, S3 policy templates, managed
 * policies, Fn::If), at the lines that caused them; then the findings real rules give on SAM templates, and the
 * corpus's SAM templates through the whole pipeline.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSamTemplate, transformSam } from '../../parsers/cloudformation/sam.js';
import { evaluateTemplateVariants } from '../../parsers/cloudformation/variants.js';
import { findRule } from '../../rules/index.js';
import { lint } from '../../src/engine/lint.js';
import type { ObjectNode, SourceRange, ValueNode } from '../../src/graph/types.js';
import { plain } from '../plain.js';

import { cloudFormationResources, parseCloudFormation } from '../../parsers/cloudformation/index.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DIR = 'testdata/cloudformation/sam';
const CORPUS = path.resolve(ROOT, '../shared/corpus');

function parsed(name: string): ObjectNode {
  const file = `${DIR}/${name}`;
  const result = parseCloudFormation(file, readFileSync(path.join(ROOT, file), 'utf8'));
  expect(result.diagnostics).toEqual([]);
  return result.template!;
}

function at(node: ValueNode | undefined, ...keys: Array<string | number>): ValueNode | undefined {
  let current = node;
  for (const key of keys) {
    if (typeof key === 'number') current = current?.kind === 'list' ? current.items[key] : undefined;
    else current = current?.kind === 'object' ? current.entries.get(key)?.value : undefined;
  }
  return current;
}

/** `line:column-line:column`, end exclusive. */
function span(range: SourceRange | undefined): string {
  if (range === undefined) return 'none';
  return `${range.start.line}:${range.start.column}-${range.end.line}:${range.end.column}`;
}

function start(node: ValueNode | undefined): string {
  return node === undefined ? 'none' : `${node.range.start.line}:${node.range.start.column}`;
}

describe('Globals', () => {
  const source = parsed('globals.yaml');
  const { template, generated } = transformSam(source);
  const properties = (id: string) => at(template, 'Resources', id, 'Properties');

  it('merges mappings key by key, appends lists after the global items, and lets the resource override the rest', () => {
    expect(plain(properties('Resize'))).toEqual({
      Runtime: 'python3.12',
      Timeout: 30,
      Layers: [{ Ref: 'SharedLayer' }, 'arn:aws:lambda:us-east-1:123456789012:layer:pillow:3'],
      Environment: { Variables: { STAGE: 'dev', BUCKET: { Ref: 'Uploads' } } },
      Tags: { team: 'data' },
      Handler: 'resize.handler',
      CodeUri: 'src/',
    });
    expect(generated).toEqual([]);
  });

  it('keeps each value at the line that wrote it: the resource or the Globals section', () => {
    expect(start(at(properties('Resize'), 'Timeout'))).toBe('28:16');
    expect(start(at(properties('Resize'), 'Runtime'))).toBe('6:14');
    expect(at(properties('Resize'), 'Layers', 0)!.range.start.line).toBe(9);
    expect(at(properties('Resize'), 'Layers', 1)!.range.start.line).toBe(30);
    expect(start(at(properties('Resize'), 'Environment', 'Variables', 'STAGE'))).toBe('33:18');
    expect(start(at(properties('Resize'), 'Environment', 'Variables', 'BUCKET'))).toBe('13:17');
  });

  it('honours IgnoreGlobals, takes an intrinsic as a scalar, and gives a resource without Properties the globals', () => {
    expect(plain(properties('Plain'))).toEqual({
      Runtime: 'python3.12',
      Timeout: 10,
      Tags: { Ref: 'AWS::NoValue' },
      Handler: 'plain.handler',
      CodeUri: 'src/',
    });
    expect(plain(properties('Bare'))).toEqual(plain(at(source, 'Globals', 'Function')));
    // No global section for layers: the resource is the same object.
    expect(at(template, 'Resources', 'SharedLayer')).toBe(at(source, 'Resources', 'SharedLayer'));
  });

  it('removes Globals and the SAM transform, so a second pass changes nothing', () => {
    expect([...template.entries.keys()]).toEqual(['AWSTemplateFormatVersion', 'Description', 'Resources']);
    expect(isSamTemplate(source)).toBe(true);
    expect(isSamTemplate(template)).toBe(false);
    expect(transformSam(template).template).toBe(template);
  });

  it('leaves a template without the SAM transform as it is', () => {
    const plainTemplate = parseCloudFormation('t.yaml', 'Globals:\n  Function:\n    Timeout: 3\nResources:\n  F:\n    Type: AWS::Serverless::Function\n').template!;
    expect(transformSam(plainTemplate)).toEqual({ template: plainTemplate, generated: [] });
  });
});

describe('Policies become the execution role', () => {
  const source = parsed('policies.yaml');
  const { template, generated } = transformSam(source);
  const role = (id: string) => at(template, 'Resources', id);

  it('generates <LogicalId>Role for functions and state machines with policies and without Role', () => {
    expect(generated).toEqual([
      { id: 'IngestRole', from: 'Ingest' },
      { id: 'WorkflowRole', from: 'Workflow' },
      { id: 'ArchiveRole', from: 'Archive' },
    ]);
    // Existing names its role; TablesOnly only has a policy template that grants nothing on S3.
    expect(role('ExistingRole')).toBeUndefined();
    expect(role('TablesOnlyRole')).toBeUndefined();
    expect(plain(at(template, 'Transform'))).toEqual(['AWS::LanguageExtensions']);
  });

  it('names each inline policy by its index and expands the S3 policy templates on their BucketName', () => {
    const join = (...parts: unknown[]) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::', ...parts]] });
    expect(plain(at(role('IngestRole'), 'Type'))).toBe('AWS::IAM::Role');
    expect(plain(at(role('IngestRole'), 'Properties', 'Policies'))).toEqual([
      {
        PolicyName: 'IngestRolePolicy1',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['s3:GetObject', 's3:ListBucket', 's3:GetBucketLocation', 's3:GetObjectVersion', 's3:GetLifecycleConfiguration'],
              Resource: [join({ Ref: 'Uploads' }), join({ Ref: 'Uploads' }, '/*')],
            },
          ],
        },
      },
      { PolicyName: 'IngestRolePolicy2', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } },
      {
        PolicyName: 'IngestRolePolicy3',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: [
                's3:GetObject',
                's3:ListBucket',
                's3:GetBucketLocation',
                's3:GetObjectVersion',
                's3:PutObject',
                's3:PutObjectAcl',
                's3:GetLifecycleConfiguration',
                's3:PutLifecycleConfiguration',
                's3:DeleteObject',
              ],
              Resource: [join('reports-archive'), join('reports-archive', '/*')],
            },
          ],
        },
      },
    ]);
    expect(plain(at(role('IngestRole'), 'Properties', 'ManagedPolicyArns'))).toEqual([
      { 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/AWSLambdaBasicExecutionRole' },
    ]);
    expect(plain(at(role('IngestRole'), 'Properties', 'AssumeRolePolicyDocument', 'Statement', 0, 'Principal'))).toEqual({ Service: ['lambda.amazonaws.com'] });
  });

  it('splits S3FullAccessPolicy into its object and bucket statements', () => {
    const statements = at(role('ArchiveRole'), 'Properties', 'Policies', 0, 'PolicyDocument', 'Statement');
    expect(plain(at(statements, 0, 'Resource'))).toEqual([{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::', '*', '/*']] }]);
    expect((plain(at(statements, 0, 'Action')) as string[]).length).toBe(12);
    expect(plain(at(statements, 1))).toEqual({
      Effect: 'Allow',
      Action: ['s3:ListBucket', 's3:GetBucketLocation', 's3:GetLifecycleConfiguration', 's3:PutLifecycleConfiguration'],
      Resource: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::', '*']] }],
    });
  });

  it('reads a single policy document of a state machine, assumed by Step Functions', () => {
    expect(plain(at(role('WorkflowRole'), 'Properties', 'Policies'))).toEqual([
      {
        PolicyName: 'WorkflowRolePolicy0',
        PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: { 'Fn::Sub': '${Uploads.Arn}/*' } }] },
      },
    ]);
    expect(plain(at(role('WorkflowRole'), 'Properties', 'AssumeRolePolicyDocument', 'Statement', 0, 'Principal'))).toEqual({ Service: ['states.amazonaws.com'] });
  });

  it('points the role at the Policies key, a statement at itself, a template at its item and its ARNs at BucketName', () => {
    const nodes = cloudFormationResources(`${DIR}/policies.yaml`, template);
    const ingestRole = nodes.find((node) => node.id === 'IngestRole')!;
    expect(ingestRole.type).toBe('AWS::IAM::Role');
    expect(span(ingestRole.headerRange)).toBe('14:7-14:15');
    expect(span(ingestRole.range)).toBe('14:7-25:30');
    expect(ingestRole.references).toEqual(['Uploads']);
    const policies = at(ingestRole.body, 'Policies');
    expect(start(at(policies, 0))).toBe('16:11');
    expect(start(at(policies, 0, 'PolicyDocument', 'Statement', 0))).toBe('16:11');
    expect(start(at(policies, 0, 'PolicyDocument', 'Statement', 0, 'Resource', 1))).toBe('17:25');
    expect(start(at(policies, 1, 'PolicyDocument', 'Statement', 0))).toBe('19:15');
    expect(nodes.map((node) => node.id)).toEqual([
      'Uploads',
      'Ingest',
      'IngestRole',
      'Workflow',
      'WorkflowRole',
      'Existing',
      'TablesOnly',
      'Archive',
      'ArchiveRole',
    ]);
  });
});

describe('Fn::If in Policies', () => {
  const { template } = transformSam(parsed('conditional.yaml'));

  it('keeps the condition around each branch, converted, and AWS::NoValue as it is', () => {
    const policies = at(template, 'Resources', 'ExportRole', 'Properties', 'Policies');
    expect(plain(at(policies, 0, 'Fn::If', 0))).toBe('IsProd');
    expect(plain(at(policies, 0, 'Fn::If', 1, 'PolicyName'))).toBe('ExportRolePolicy0');
    expect(plain(at(policies, 0, 'Fn::If', 1, 'PolicyDocument', 'Statement', 0, 'Action'))).toEqual(['s3:PutObject', 's3:PutObjectAcl', 's3:PutLifecycleConfiguration']);
    expect(plain(at(policies, 0, 'Fn::If', 2))).toEqual({ PolicyName: 'ExportRolePolicy0', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } });
    expect(plain(at(template, 'Resources', 'ExportRole', 'Properties', 'ManagedPolicyArns'))).toEqual([
      { 'Fn::If': ['IsProd', { 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/AmazonS3ReadOnlyAccess' }, { Ref: 'AWS::NoValue' }] },
    ]);
    // The generated role carries its function's Condition.
    expect(plain(at(template, 'Resources', 'NightlyRole', 'Condition'))).toBe('IsProd');
  });

  it('gives one role per variant of the unknown condition, the statement at its own line', () => {
    const variants = evaluateTemplateVariants(template);
    expect(variants.map((variant) => variant.assumptions)).toEqual([[{ condition: 'IsProd', value: true }], [{ condition: 'IsProd', value: false }]]);
    const [prod, other] = variants.map((variant) => at(variant.evaluation.template, 'Resources', 'ExportRole', 'Properties'));
    expect(plain(at(prod, 'Policies', 0, 'PolicyDocument', 'Statement', 0, 'Action'))).toEqual(['s3:PutObject', 's3:PutObjectAcl', 's3:PutLifecycleConfiguration']);
    expect(plain(at(prod, 'ManagedPolicyArns'))).toEqual([{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/AmazonS3ReadOnlyAccess' }]);
    expect(plain(at(other, 'Policies'))).toEqual([{ PolicyName: 'ExportRolePolicy0', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }]);
    expect(start(at(other, 'Policies', 0, 'PolicyDocument', 'Statement', 0))).toBe('23:17');
    expect(plain(at(other, 'ManagedPolicyArns'))).toEqual([]);
    expect(variants[1]!.evaluation.skipped.map((skipped) => `${skipped.id} ${skipped.byAssumption}`)).toEqual(['Nightly true', 'NightlyRole true']);
  });
});

describe('findings on SAM templates through lint()', () => {
  const run = (file: string, ruleId: string) =>
    lint({ paths: [`${DIR}/${file}`], cwd: ROOT, rules: [findRule(ruleId)!], siblingContext: false });
  const findings = (result: Awaited<ReturnType<typeof lint>>) =>
    result.findings.map((finding) => `${finding.resource.id} ${finding.location.start.line}:${finding.location.start.column} ${finding.messageId}`);

  it('reports s3:* on every bucket in an inline statement of a function, on its generated role', async () => {
    const result = await run('policies.yaml', 'iam-policy-no-s3-full-access');
    expect(result.errors).toEqual([]);
    expect(findings(result)).toEqual(['IngestRole 19:15 s3Wildcard']);
    expect(result.findings[0]!.message).toBe(
      'IngestRole inline policy "IngestRolePolicy2": statement 1 allows s3:* on "*", which covers every bucket or object; grant only the actions and buckets the identity needs',
    );
    expect(result.evaluations.map((evaluation) => `${evaluation.resource.id} ${evaluation.outcome}`)).toEqual([
      'IngestRole fail',
      'WorkflowRole pass',
      'ArchiveRole pass',
    ]);
  });

  it('judges both branches of a policy Fn::If on an unknown condition', async () => {
    const result = await run('conditional.yaml', 'iam-policy-no-s3-full-access');
    expect(findings(result)).toEqual(['ExportRole 23:17 everyAction']);
    expect(result.evaluations.map((evaluation) => `${evaluation.resource.id} ${evaluation.outcome}`)).toEqual(['ExportRole fail', 'NightlyRole pass']);
  });

  it('counts an S3 event of a function as a notification of its bucket', async () => {
    const result = await run('events.yaml', 's3-bucket-event-notifications');
    expect(result.errors).toEqual([]);
    expect(findings(result)).toEqual(['Quiet 10:3 missing']);
    expect(result.evaluations.map((evaluation) => `${evaluation.resource.id} ${evaluation.outcome}`)).toEqual(['Incoming pass', 'Quiet fail']);
  });

  it('judges the buckets of SAM templates with the default rules without errors', async () => {
    const result = await lint({ paths: [DIR], cwd: ROOT, config: false, siblingContext: false });
    expect(result.errors.filter((diagnostic) => diagnostic.severity !== 'note')).toEqual([]);
    expect(result.summary.filesScanned).toBe(4);
    expect(result.summary.buckets.map((bucket) => bucket.id)).toEqual(['Reports', 'Incoming', 'Quiet', 'Uploads', 'Uploads']);
  });
});

describe.skipIf(!existsSync(CORPUS))('SAM templates of the corpus', () => {
  it('go through parse, transform, variants and resources without an exception', () => {
    const files: string[] = [];
    const walk = (folder: string): void => {
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        const full = path.join(folder, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.(ya?ml|json|template)$/.test(entry.name) && readFileSync(full, 'utf8').includes('AWS::Serverless')) files.push(full);
      }
    };
    walk(CORPUS);
    expect(files.length).toBeGreaterThan(0);
    let sam = 0;
    let roles = 0;
    for (const file of files) {
      const result = parseCloudFormation(file, readFileSync(file, 'utf8'));
      if (result.template === undefined) continue;
      if (isSamTemplate(result.template)) sam++;
      const transformed = transformSam(result.template);
      roles += transformed.generated.length;
      for (const variant of evaluateTemplateVariants(transformed.template)) cloudFormationResources(file, variant.evaluation.template);
    }
    expect(sam).toBeGreaterThan(0);
    console.log(`SAM corpus: ${files.length} files mention AWS::Serverless, ${sam} SAM templates, ${roles} roles generated`);
  });
});
