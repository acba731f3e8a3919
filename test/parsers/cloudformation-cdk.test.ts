/**
 * CDK output: the templates of a cloud assembly (`cdk.out/`, or any folder with the `cdk.out` version file and a
 * manifest) are scanned, its manifests and asset folders are not; asset and bootstrap parameters stay unknown;
 * each resource carries its construct path. Then the CDK templates of the corpus through the whole pipeline.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { looksLikeCloudFormation } from '../../parsers/cloudformation/detect.js';
import { evaluateTemplate, TemplateEvaluator } from '../../parsers/cloudformation/evaluate.js';
import { cloudFormationResources, parseCloudFormation } from '../../parsers/cloudformation/index.js';
import { evaluateTemplateVariants } from '../../parsers/cloudformation/variants.js';
import { findRule } from '../../rules/index.js';
import { discover } from '../../src/engine/discover.js';
import { lint } from '../../src/engine/lint.js';
import type { ObjectNode, ValueNode } from '../../src/graph/types.js';
import { plain } from '../plain.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DIR = 'testdata/cloudformation/cdk';
const ASSEMBLY = `${DIR}/cdk.out`;
const NESTED = 'DataStackLogsNestedStackLogsNestedStackResource9C8D7E6F.nested.template.json';
const ASSET = 'asset.5f1c0d6e2a7b49c8a3e4f0b1d2c3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1';
const CORPUS = path.resolve(ROOT, '../shared/corpus/awslabs+aws-solutions-constructs');

function parsed(file: string): ObjectNode {
  const result = parseCloudFormation(file, readFileSync(path.join(ROOT, file), 'utf8'));
  expect(result.diagnostics).toEqual([]);
  return result.template!;
}

function at(node: ValueNode | undefined, ...keys: string[]): ValueNode | undefined {
  let current = node;
  for (const key of keys) current = current?.kind === 'object' ? current.entries.get(key)?.value : undefined;
  return current;
}

describe('discovery in a cloud assembly', () => {
  it('finds the stack and nested stack templates, not the manifests, asset manifests or asset folders', async () => {
    const result = await discover([DIR], ROOT);
    expect(result.diagnostics).toEqual([]);
    expect(result.files.map((file) => file.displayPath)).toEqual([
      `${ASSEMBLY}/DataStack.template.json`,
      `${ASSEMBLY}/${NESTED}`,
      `${ASSEMBLY}/LegacyStack.template.json`,
      // A folder of another name is an assembly too when it holds the cdk.out version file and a manifest.
      `${DIR}/snapshot/SnapStack.template.json`,
    ]);
  });

  it('knows it is inside cdk.out when the walk starts there or below', async () => {
    expect((await discover([ASSEMBLY], ROOT)).files.map((file) => path.basename(file.displayPath))).toEqual([
      'DataStack.template.json',
      NESTED,
      'LegacyStack.template.json',
    ]);
    // A file named on the command line is always read.
    const named = await discover([`${ASSEMBLY}/${ASSET}/template.json`], ROOT);
    expect(named.files.map((file) => [file.displayPath, file.explicit])).toEqual([[`${ASSEMBLY}/${ASSET}/template.json`, true]]);
  });

  it('walks asset.* folders and manifests outside a cloud assembly', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 's3lint-cdk-'));
    try {
      mkdirSync(path.join(folder, 'asset.docs'));
      writeFileSync(path.join(folder, 'asset.docs', 'stack.yaml'), 'Resources: {}\n');
      writeFileSync(path.join(folder, 'manifest.json'), '{}\n');
      const result = await discover([folder], folder);
      expect(result.files.map((file) => file.displayPath)).toEqual(['asset.docs/stack.yaml', 'manifest.json']);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('CDK templates', () => {
  it('give each resource the construct path of its Metadata', () => {
    const file = `${ASSEMBLY}/DataStack.template.json`;
    const nodes = cloudFormationResources(file, parsed(file));
    expect(nodes.map((node) => [node.id, node.constructPath])).toEqual([
      ['Uploads1A2B3C4D', 'DataStack/Uploads/Resource'],
      ['UploadsPolicy5E6F7A8B', 'DataStack/Uploads/Policy/Resource'],
      ['ThumbnailerServiceRoleA1B2C3D4', 'DataStack/Thumbnailer/ServiceRole/Resource'],
      ['ThumbnailerE5F6A7B8', 'DataStack/Thumbnailer/Resource'],
      ['LogsNestedStackLogsNestedStackResource9C8D7E6F', 'DataStack/Logs.NestedStack/Logs.NestedStackResource'],
      ['CDKMetadata', 'DataStack/CDKMetadata/Default'],
    ]);
    const nested = `${ASSEMBLY}/${NESTED}`;
    expect(cloudFormationResources(nested, parsed(nested)).map((node) => node.constructPath)).toEqual([
      'DataStack/Logs/AccessLogs/Resource',
      'DataStack/Logs/AccessLogs/Policy/Resource',
    ]);
  });

  it('have no construct path without a string aws:cdk:path', () => {
    const text = 'Resources:\n  A:\n    Type: AWS::S3::Bucket\n  B:\n    Type: AWS::S3::Bucket\n    Metadata:\n      aws:cdk:path: !Sub "${AWS::StackName}/B"\n';
    const nodes = cloudFormationResources('t.yaml', parseCloudFormation('t.yaml', text).template!);
    expect(nodes.map((node) => 'constructPath' in node)).toEqual([false, false]);
  });

  it('keep asset parameters and the bootstrap version unknown', () => {
    const legacy = parsed(`${ASSEMBLY}/LegacyStack.template.json`);
    const code = at(evaluateTemplate(legacy).template, 'Resources', 'Exporter1F2E3D4C', 'Properties', 'Code');
    expect(plain(at(code, 'S3Bucket'))).toEqual({ Ref: 'AssetParameters3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4dS3Bucket1A2B3C4D' });
    expect(Object.keys(plain(at(code, 'S3Key')) as object)).toEqual(['Fn::Join']);
    const stack = parsed(`${ASSEMBLY}/DataStack.template.json`);
    expect(new TemplateEvaluator(stack, {}).parameter('BootstrapVersion')).toBeUndefined();
    const nested = parsed(`${ASSEMBLY}/${NESTED}`);
    expect(new TemplateEvaluator(nested, {}).parameter('referencetoDataStackUploads1A2B3C4DArn')).toBeUndefined();
  });

  it('need one variant: the CDK metadata resource condition is not combined', () => {
    const variants = evaluateTemplateVariants(parsed(`${ASSEMBLY}/DataStack.template.json`));
    expect(variants.map((variant) => variant.assumptions)).toEqual([[]]);
    expect(plain(at(variants[0]!.evaluation.template, 'Resources', 'CDKMetadata', 'Condition'))).toBe('CDKMetadataAvailable');
  });

  it('are judged through lint() like any template, the asset folders never', async () => {
    const result = await lint({ paths: [DIR], cwd: ROOT, rules: [findRule('s3-bucket-versioning-enabled')!] });
    expect(result.errors).toEqual([]);
    expect(result.summary.filesScanned).toBe(4);
    expect(result.findings.map((finding) => `${finding.location.file} ${finding.resource.id} ${finding.location.start.line} ${finding.messageId}`)).toEqual([
      `${ASSEMBLY}/${NESTED} AccessLogs0A1B2C3D 3 missing`,
      `${ASSEMBLY}/LegacyStack.template.json Reports9A8B7C6D 7 notEnabled`,
    ]);
    expect(result.summary.buckets.map((bucket) => bucket.id)).toEqual(['Uploads1A2B3C4D', 'AccessLogs0A1B2C3D', 'Reports9A8B7C6D', 'SiteBucket3B4C5D6E']);
  });
});

describe.skipIf(!existsSync(CORPUS))('CDK templates of the corpus', () => {
  it('are recognised as templates and go through parse, variants and resources without an exception', () => {
    const files: string[] = [];
    const walk = (folder: string): void => {
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        const full = path.join(folder, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith('.template.json')) files.push(full);
      }
    };
    walk(CORPUS);
    expect(files.length).toBeGreaterThan(0);
    const started = performance.now();
    let resources = 0;
    let variants = 0;
    let withAssumptions = 0;
    let parseErrors = 0;
    let notes = 0;
    let unrecognised = 0;
    let withoutResources = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const result = parseCloudFormation(file, text);
      if (result.diagnostics.some((diagnostic) => diagnostic.severity === 'error')) parseErrors++;
      if (result.template === undefined) continue;
      // Integration tests' assertion stacks hold only Parameters and Rules: nothing to scan, rightly not taken for templates.
      if (!result.template.entries.has('Resources')) {
        withoutResources++;
        continue;
      }
      if (!looksLikeCloudFormation(text)) unrecognised++;
      const evaluated = evaluateTemplateVariants(result.template);
      variants += evaluated.length;
      if (evaluated[0]!.assumptions.length > 0) withAssumptions++;
      notes += evaluated[0]!.evaluation.diagnostics.filter((diagnostic) => diagnostic.code === 'conditions-unknown').length;
      for (const variant of evaluated) resources += cloudFormationResources(file, variant.evaluation.template).length;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    expect(parseErrors).toBe(0);
    expect(unrecognised).toBe(0);
    console.log(
      `CDK corpus: ${files.length} templates (${withoutResources} without Resources), ${resources} resources over ${variants} variants ` +
        `(${withAssumptions} templates with assumptions, ${notes} over the cap), ${seconds} s`,
    );
  });
});
