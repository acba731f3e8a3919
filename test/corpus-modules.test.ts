/**
 * terraform-aws-modules/s3-bucket, as its examples call it (../shared/corpus; skipped without it): findings land on
 * the module's addresses and lines, with the calling `module` block related, and the settings an example's inputs
 * turn on (versioning, encryption, a TLS-only policy, public access blocks) are judged as on, not unresolved.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/engine/lint.js';

const MODULE = path.resolve(import.meta.dirname, '../../shared/corpus/terraform-aws-modules+terraform-aws-s3-bucket');

describe.skipIf(!existsSync(MODULE))('terraform-aws-modules/s3-bucket examples', () => {
  it('examples/complete: module.s3_bucket is judged through its inputs', async () => {
    const result = await lint({ paths: ['examples/complete'], cwd: MODULE, config: false, preset: 'recommended' });
    const bucket = 'module.s3_bucket.aws_s3_bucket.this[0]';
    const call = { file: 'examples/complete/main.tf', line: 152 };
    const own = result.findings.filter((finding) => finding.resource.id === bucket);
    expect(own.map((finding) => `${finding.ruleId} ${finding.location.file}:${finding.location.start.line}`)).toEqual([
      // force_destroy = true, no bucket_key_enabled, object_ownership = "BucketOwnerPreferred": what the example asks for.
      's3-bucket-force-destroy-disabled main.tf:54',
      's3-bucket-key-enabled main.tf:235',
      's3-bucket-ownership-enforced main.tf:1186',
    ]);
    for (const finding of own) expect(finding.related.map((entry) => ({ file: entry.location.file, line: entry.location.start.line }))).toContainEqual(call);
    const outcome = (ruleId: string): string | undefined =>
      result.evaluations.find((evaluation) => evaluation.ruleId === ruleId && evaluation.resource.id === bucket)?.outcome;
    for (const ruleId of ['s3-bucket-versioning-enabled', 's3-bucket-encryption-valid', 's3-bucket-policy-requires-tls', 's3-bucket-public-access-block', 's3-bucket-policy-not-public', 's3-bucket-logging-enabled']) {
      expect([ruleId, outcome(ruleId)]).toEqual([ruleId, 'pass']);
    }
    expect(result.errors.filter((error) => error.severity === 'error')).toEqual([]);
  });

  it('the whole repository: the root module is judged only through its examples, and nothing crashes', async () => {
    const result = await lint({ paths: ['.'], cwd: MODULE, config: false, preset: 'all' });
    expect(result.errors.filter((error) => error.severity === 'error')).toEqual([]);
    const ids = result.summary.buckets.map((bucket) => bucket.id);
    expect(ids.some((id) => id.startsWith('aws_s3_bucket.'))).toBe(false);
    expect(ids).toContain('module.s3_bucket.aws_s3_bucket.this[0]');
  });
});
