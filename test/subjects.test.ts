/**
 * Subjects beyond buckets: where project-level findings attach, which access points and policies rules see, and
 * that derived views are built once per scan. Tiny inline rules keep the engine honest without any real rule.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lint } from '../src/engine/lint.js';
import { defineRule } from '../src/engine/rule.js';
import type { S3Views } from '../src/graph/s3.js';

let root: string;
const write = (name: string, text: string): void => {
  mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
  writeFileSync(path.join(root, name), text);
};

const projectRule = defineRule({
  id: 'test-project-anchor',
  meta: {
    title: 'test', description: 'test', practice: 'guardduty.enabled', severity: 'note', presets: ['account-baseline'],
    frameworks: ['terraform', 'cloudformation'], messages: { here: 'project {{resources}}' }, remediation: {}, references: [], equivalents: {},
  },
  appliesTo: 'project',
  check(project, context) {
    context.report({ messageId: 'here', at: project.anchor, data: { resources: project.resources.length } });
  },
});

let builds = 0;
function countingView(views: S3Views): number {
  builds++;
  return views.buckets.length;
}

const subjectRule = (appliesTo: 'accessPoint' | 'policy') =>
  defineRule({
    id: `test-${appliesTo}`,
    meta: {
      title: 'test', description: 'test', practice: 's3.access-point-public', severity: 'note', presets: ['strict'],
      frameworks: ['terraform', 'cloudformation'], messages: { seen: 'seen {{what}} ({{buckets}} buckets)' }, remediation: {}, references: [], equivalents: {},
    },
    appliesTo,
    check(subject, context) {
      const buckets = context.views.derive(countingView);
      const what = 'kind' in subject ? `${subject.kind} of ${subject.buckets.map((bucket) => bucket.id).join(',')}` : `policy of ${subject.target.kind}`;
      context.report({ messageId: 'seen', at: subject.subject.headerRange, data: { what, buckets } });
    },
  });

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 's3lint-subjects-'));
  write('with-provider/b.tf', 'resource "aws_s3_bucket" "b" {\n  bucket = "acme-b"\n}\n');
  write('with-provider/providers.tf', 'terraform {}\n\nprovider "aws" {\n  region = "eu-west-1"\n}\n');
  write('no-provider/z.tf', 'resource "aws_s3_bucket" "z" {\n  bucket = "acme-z"\n}\n');
  write('no-provider/nested/a.tf', 'resource "aws_s3_bucket" "a" {\n  bucket = "acme-a"\n}\n');
  write('no-provider/m.tf', 'resource "aws_s3_bucket" "m" {\n  bucket = "acme-m"\n}\n');
  write(
    'points/main.tf',
    [
      'resource "aws_s3_bucket" "data" {\n  bucket = "acme-data"\n}',
      'resource "aws_s3_access_point" "ap" {\n  bucket = aws_s3_bucket.data.id\n  name   = "ap"\n  policy = jsonencode({ Statement = [] })\n}',
      'resource "aws_s3control_multi_region_access_point" "mrap" {\n  details {\n    name = "global"\n    region {\n      bucket = aws_s3_bucket.data.id\n    }\n  }\n}',
      'resource "aws_s3_bucket_policy" "data" {\n  bucket = aws_s3_bucket.data.id\n  policy = jsonencode({ Statement = [] })\n}',
    ].join('\n\n') + '\n',
  );
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the project subject', () => {
  it('attaches to the AWS provider block', async () => {
    const result = await lint({ paths: ['with-provider'], cwd: root, rules: [projectRule] });
    expect(result.findings.map((f) => [f.location.file, f.location.start.line, f.resource.id])).toEqual([['with-provider/providers.tf', 3, 'project']]);
  });

  it('attaches to the first file of the shallowest module when no provider or template is scanned', async () => {
    const result = await lint({ paths: ['no-provider'], cwd: root, rules: [projectRule] });
    expect(result.findings.map((f) => [f.location.file, f.location.start.line, f.message])).toEqual([['no-provider/m.tf', 1, 'project 3']]);
  });

  it('prefers a template, in path order, over a later provider', async () => {
    write('mixed/a-stack.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  B:\n    Type: AWS::S3::Bucket\n');
    write('mixed/z/providers.tf', 'provider "aws" {}\n');
    const result = await lint({ paths: ['mixed'], cwd: root, rules: [projectRule] });
    expect(result.findings.map((f) => [f.location.file, f.location.start.line])).toEqual([['mixed/a-stack.yaml', 1]]);
  });

  it('is judged once however many folders are scanned', async () => {
    const result = await lint({ paths: ['.'], cwd: root, rules: [projectRule] });
    expect(result.findings).toHaveLength(1);
    expect(result.evaluations.filter((evaluation) => evaluation.ruleId === projectRule.id)).toHaveLength(1);
  });
});

describe('access point and policy subjects', () => {
  it('links access points and MRAPs to their buckets and lists every policy once', async () => {
    builds = 0;
    const result = await lint({ paths: ['points'], cwd: root, rules: [subjectRule('accessPoint'), subjectRule('policy')] });
    expect(result.findings.map((f) => `${f.resource.id}: ${f.message}`).sort()).toEqual([
      'aws_s3_access_point.ap: seen access-point of aws_s3_bucket.data (1 buckets)',
      'aws_s3_access_point.ap: seen policy of access-point (1 buckets)',
      'aws_s3_bucket_policy.data: seen policy of bucket (1 buckets)',
      'aws_s3control_multi_region_access_point.mrap: seen multi-region of aws_s3_bucket.data (1 buckets)',
    ]);
    expect(builds).toBe(1);
  });
});

describe('module calls', () => {
  it('expands local modules through their callers and says once per source that a module is not on disk', async () => {
    write('modules/root/main.tf', [
      'module "site" {\n  source  = "terraform-aws-modules/s3-bucket/aws"\n  bucket  = "acme-site"\n  acl     = "public-read"\n}',
      'module "logs" {\n  source = "terraform-aws-modules/s3-bucket/aws"\n  bucket = "acme-logs"\n}',
      'module "local" {\n  source = "../buckets"\n}',
    ].join('\n\n') + '\n');
    write('modules/buckets/main.tf', 'resource "aws_s3_bucket" "b" {\n  bucket = "acme-local"\n}\n');
    const note = [
      'module-not-expanded',
      'note',
      'modules/root/main.tf',
      1,
      'module.site, module.logs (source "terraform-aws-modules/s3-bucket/aws") is not expanded: its code is not on disk (run `terraform init` to download it; s3lint never fetches modules), so the resources it creates are not judged',
    ];
    // The called folder is judged through its caller only, not again as a root of its own.
    const result = await lint({ paths: ['modules'], cwd: root, rules: [] });
    expect(result.errors.map((d) => [d.code, d.severity, d.file, d.location?.start.line, d.message])).toEqual([note]);
    expect(result.summary.buckets.map((bucket) => bucket.id)).toEqual(['module.local.aws_s3_bucket.b']);
    // Scanning the caller alone reads the module's folder from disk.
    const alone = await lint({ paths: ['modules/root'], cwd: root, rules: [] });
    expect(alone.errors.map((d) => [d.code, d.severity, d.file, d.location?.start.line, d.message])).toEqual([note]);
    expect(alone.summary.buckets.map((bucket) => bucket.id)).toEqual(['module.local.aws_s3_bucket.b']);
    // A module folder that nothing scanned calls is a root.
    const module = await lint({ paths: ['modules/buckets'], cwd: root, rules: [] });
    expect(module.summary.buckets.map((bucket) => bucket.id)).toEqual(['aws_s3_bucket.b']);
  });
});
