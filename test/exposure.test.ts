/**
 * The per-bucket exposure verdict of the JSON report (summary.buckets[].exposure), as S3 decides access from the
 * account, bucket and access point blocks, Object Ownership, ACLs and policies, with the reasons behind it.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lint } from '../src/engine/lint.js';
import type { BucketSummary } from '../src/engine/result.js';

const ROOT = path.resolve(import.meta.dirname, '..');
let buckets: Map<string, BucketSummary>;

beforeAll(async () => {
  const result = await lint({ paths: ['testdata/exposure'], cwd: ROOT, rules: [] });
  expect(result.errors).toEqual([]);
  buckets = new Map(result.summary.buckets.map((bucket) => [bucket.id, bucket]));
});

function verdict(id: string): [string, string[]] {
  const bucket = buckets.get(id);
  if (!bucket) throw new Error(`no bucket ${id}`);
  return [bucket.exposure, bucket.exposureReasons.map((reason) => `${reason.location.start.line}: ${reason.message}`)];
}

describe('exposure verdicts', () => {
  it.each([
    ['aws_s3_bucket.open_policy', 'public', ['17: the bucket policy allows everyone (the principal is "*"), and nothing blocks it']],
    ['aws_s3_bucket.blocked_policy', 'private', ['36: the bucket policy allows everyone (the principal is "*"), but BlockPublicPolicy on the bucket stops it']],
    ['aws_s3_bucket.enforced_acl', 'private', ['42: the ACL grants everyone (read), but Object Ownership BucketOwnerEnforced (ACLs disabled) stops it']],
    ['aws_s3_bucket.org_only', 'private', []],
    ['aws_s3_bucket.vpce_only', 'private', []],
    ['aws_s3_bucket.any_ip', 'public', ['93: the bucket policy allows everyone (the principal is "*"), and nothing blocks it']],
    ['aws_s3_bucket.not_principal', 'public', ['110: the bucket policy allows everyone (NotPrincipal with Allow grants everyone else), and nothing blocks it']],
    [
      'aws_s3_bucket.partner',
      'cross-account',
      [
        '127: statement "Partner" of the policy attached by aws_s3_bucket_policy.partner grants account 444455556666',
        '131: statement "SisterAccount" of the policy attached by aws_s3_bucket_policy.partner grants account 777788889999',
      ],
    ],
    ['aws_s3_bucket.locked_out', 'private', []],
    ['aws_s3_bucket.input_reader', 'unknown', ['158: the principal depends on var.reader']],
    ['aws_s3_bucket.through_access_point', 'public', ['176: an access point policy allows everyone (the principal is "*"), and nothing blocks it']],
    ['aws_s3_bucket.legacy', 'private', ['11: the ACL grants everyone (read), but IgnorePublicAcls on the account stops it']],
    ['Assets', 'public', ['11: the bucket policy allows everyone (the principal is "*"), and nothing blocks it']],
    ['Shared', 'cross-account', ['31: statement "Auditor" of the policy attached by SharedPolicy grants account 444455556666']],
  ])('%s is %s', (id, exposure, reasons) => {
    expect(verdict(id)).toEqual([exposure, reasons]);
  });
});
