import { effectiveFlag, PUBLIC_ACCESS_BLOCK_FLAGS, type BucketView, type PublicAccessBlockFlag } from '../src/graph/s3.js';
import type { SourceRange } from '../src/graph/types.js';
import { defineRule, type RelatedLocation } from '../src/engine/rule.js';
import { bucketExposure } from '../src/graph/exposure.js';
import { flagName } from './support/public-access.js';

export default defineRule({
  id: 's3-bucket-public-access-block',
  meta: {
    title: 'Buckets block public access',
    description: 'Every bucket has a public access block with all four flags set to true.',
    practice: 's3.public-access-block',
    severity: 'error',
    severityDetail: 'warning when absent, error when a flag is off',
    presets: ['recommended'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      missing: 'Bucket {{bucket}} has no public access block',
      flagsOff: 'Bucket {{bucket}} has a public access block that leaves {{flags}} off',
    },
    remediation: {
      terraform:
        'Add an aws_s3_bucket_public_access_block for the bucket with block_public_acls, ignore_public_acls, block_public_policy and restrict_public_buckets all set to true.',
      cloudformation:
        'Set PublicAccessBlockConfiguration on the bucket with BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy and RestrictPublicBuckets all true.',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html',
      'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-8',
    ],
    equivalents: {
      checkov: ['CKV2_AWS_6', 'CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56'],
      // tfsec's long ids beside trivy's AVD ids, so that `#tfsec:ignore:` comments map too (compat).
      trivy: [
        'AVD-AWS-0086', 'AVD-AWS-0087', 'AVD-AWS-0091', 'AVD-AWS-0093', 'AVD-AWS-0094',
        'aws-s3-block-public-acls', 'aws-s3-block-public-policy', 'aws-s3-ignore-public-acls', 'aws-s3-no-public-buckets', 'aws-s3-specify-public-access-block',
      ],
      'cdk-nag': ['AwsSolutions-S2'],
      'security-hub': ['S3.8'],
    },
  },
  appliesTo: 'bucket',
  check(bucket, context) {
    if (bucket.publicAccessBlocks.length === 0) {
      // Settings for a bucket outside the scanned code say nothing about its block; an account block with every
      // flag on protects the bucket as well as its own block would.
      if (!bucket.bucket || accountBlocksEverything(bucket)) return;
      // The grants a block would stop are the same root cause: they go with this finding, not beside it.
      const related = bucketExposure(bucket).grants.map((grant) => ({
        location: grant.range,
        message: `${grant.via === 'acl' ? `this ACL grants ${grant.description}` : `this statement allows everyone (${grant.description})`}; a public access block would stop it`,
      }));
      context.report({ messageId: 'missing', at: bucket.subject.headerRange, severity: 'warning', data: { bucket: bucket.id }, related });
      return;
    }
    const off: { flag: PublicAccessBlockFlag; range: SourceRange }[] = [];
    for (const flag of PUBLIC_ACCESS_BLOCK_FLAGS) {
      const value = effectiveFlag(bucket.publicAccessBlocks, flag);
      if (value?.state === 'unknown') {
        context.unresolved(value.range, `${flagName(bucket, flag)} depends on ${value.expression}`);
      } else if (!value) {
        off.push({ flag, range: offRange(bucket, flag) });
      }
    }
    if (off.length === 0) return;
    const related: RelatedLocation[] = off.slice(1).map(({ flag, range }) => ({ location: range, message: `${flagName(bucket, flag)} is off` }));
    context.report({
      messageId: 'flagsOff',
      at: off[0]!.range,
      data: { bucket: bucket.id, flags: off.map(({ flag }) => flagName(bucket, flag)).join(', ') },
      related,
    });
  },
});

/** Where a flag is off: its `false` value, or the block itself when the flag is left out (it defaults to false). */
function offRange(bucket: BucketView, flag: PublicAccessBlockFlag): SourceRange {
  const values = bucket.publicAccessBlocks.map((block) => block.flags[flag]);
  const off = values.find((value) => value.state === 'known' && !value.value) ?? values.find((value) => value.state === 'absent');
  return (off ?? values[0]!).range;
}

function accountBlocksEverything(bucket: BucketView): boolean {
  const blocks = bucket.accountPublicAccessBlocks;
  return blocks.length > 0 && PUBLIC_ACCESS_BLOCK_FLAGS.every((flag) => effectiveFlag(blocks, flag)?.state === 'known');
}
