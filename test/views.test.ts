/** Cross-resource knowledge that a single fixture file cannot show: scopes, folders and linking across files. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lint } from '../src/engine/lint.js';

let root: string;
const write = (name: string, text: string): void => {
  mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
  writeFileSync(path.join(root, name), text);
};

const ACCOUNT_BLOCK = `resource "aws_s3_account_public_access_block" "this" {
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}
`;
const PUBLIC_BUCKET = (name: string) => `resource "aws_s3_bucket" "${name}" {
  bucket = "acme-${name}"
  acl    = "public-read"
}
`;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 's3lint-views-'));
  write('landing-zone/account.tf', ACCOUNT_BLOCK);
  write('landing-zone/buckets.tf', PUBLIC_BUCKET('covered'));
  write('workload/main.tf', PUBLIC_BUCKET('uncovered'));
  write('split/bucket.tf', 'resource "aws_s3_bucket" "data" {\n  bucket = "acme-split-data"\n}\n');
  write('split/versioning.tf', 'resource "aws_s3_bucket_versioning" "data" {\n  bucket = aws_s3_bucket.data.id\n  versioning_configuration {\n    status = "Enabled"\n  }\n}\n');
  write('twin-a/main.tf', 'resource "aws_s3_bucket" "this" {\n  bucket = "acme-twin-a"\n}\n');
  write('twin-b/main.tf', 'resource "aws_s3_bucket" "this" {\n  bucket = "acme-twin-b"\n}\nresource "aws_s3_bucket_versioning" "this" {\n  bucket = aws_s3_bucket.this.id\n  versioning_configuration {\n    status = "Enabled"\n  }\n}\n');
  symlinkSync(path.join(root, 'split'), path.join(root, 'split-link'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('scopes', () => {
  it('applies an account-level block only to the buckets of its own module', async () => {
    const result = await lint({ paths: ['landing-zone', 'workload'], cwd: root, preset: 'all' });
    const acl = result.findings.filter((finding) => finding.ruleId === 's3-bucket-acl-not-public');
    expect(acl.map((finding) => [finding.resource.id, finding.severity, finding.messageId])).toEqual([
      ['aws_s3_bucket.covered', 'warning', 'publicAclBlocked'],
      ['aws_s3_bucket.uncovered', 'error', 'publicAcl'],
    ]);
    expect(acl[0]!.related[0]!.location.file).toBe('landing-zone/account.tf');
  });

  it('links a split resource to its bucket in another file of the same folder', async () => {
    const result = await lint({ paths: ['split'], cwd: root });
    expect(result.findings.filter((finding) => finding.ruleId === 's3-bucket-versioning-enabled')).toEqual([]);
  });

  it('keeps same-named resources of different folders apart', async () => {
    const result = await lint({ paths: ['twin-a', 'twin-b'], cwd: root });
    const versioning = result.findings.filter((finding) => finding.ruleId === 's3-bucket-versioning-enabled');
    expect(versioning.map((finding) => finding.location.file)).toEqual(['twin-a/main.tf']);
  });

  it('reads a file reached twice (through a linked folder) once', async () => {
    const once = await lint({ paths: ['split'], cwd: root });
    const twice = await lint({ paths: ['split', 'split-link'], cwd: root });
    expect(twice.findings).toHaveLength(once.findings.length);
    expect(twice.summary.filesScanned).toBe(once.summary.filesScanned);
  });

  it('says when there is nothing to scan', async () => {
    write('empty-folder/README.md', '# nothing here\n');
    const result = await lint({ paths: ['empty-folder'], cwd: root });
    expect(result.errors).toEqual([expect.objectContaining({ code: 'nothing-to-scan', severity: 'note' })]);
  });
});
