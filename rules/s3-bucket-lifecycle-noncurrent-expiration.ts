import { defineRule } from '../src/engine/rule.js';
import { lifecycleAction, lifecycleOf } from '../src/graph/lifecycle.js';
import { objectLockOf } from '../src/graph/object-lock.js';
import type { BucketView, S3Views } from '../src/graph/s3.js';
import type { SourceRange } from '../src/graph/types.js';

export default defineRule({
  id: 's3-bucket-lifecycle-noncurrent-expiration',
  meta: {
    title: 'Versioned buckets expire noncurrent versions',
    description: 'A versioned bucket has an enabled lifecycle rule that expires or transitions noncurrent object versions.',
    practice: 's3.lifecycle-noncurrent',
    severity: 'warning',
    presets: ['recommended'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      noLifecycle: 'Bucket {{bucket}} keeps object versions but has no lifecycle configuration to expire or transition noncurrent versions; they accumulate without bound',
      noNoncurrentRule: 'Bucket {{bucket}} keeps object versions, but no enabled lifecycle rule expires or transitions noncurrent versions; they accumulate without bound',
    },
    remediation: {
      terraform:
        'Add to the aws_s3_bucket_lifecycle_configuration a rule with status = "Enabled" and noncurrent_version_expiration { noncurrent_days = N } (or noncurrent_version_transition).',
      cloudformation:
        'Add to LifecycleConfiguration.Rules a rule with Status: Enabled and NoncurrentVersionExpiration: { NoncurrentDays: N } (or NoncurrentVersionTransitions).',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-configuration-examples.html',
      'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-10',
    ],
    equivalents: {
      'security-hub': ['S3.10'],
    },
  },
  appliesTo: 'bucket',
  check(bucket, context) {
    const versioned = versionedAt(bucket, context.views);
    if (versioned.state === 'no') return;
    const verdict = lifecycleAction(lifecycleOf(context.views, bucket), 'noncurrentVersions');
    if (verdict.state === 'takes') return;
    if (versioned.state === 'unknown') {
      context.unresolved(versioned.range, versioned.reason);
      return;
    }
    if (verdict.state === 'unknown') {
      context.unresolved(verdict.range, verdict.reason);
      return;
    }
    const related = [{ location: versioned.range, message: 'versioning keeps noncurrent versions' }];
    if (verdict.configuration) {
      context.report({ messageId: 'noNoncurrentRule', at: verdict.configuration.at, data: { bucket: bucket.id }, related });
    } else if (bucket.bucket) {
      // Settings for a bucket outside the scanned code say nothing about what it lacks.
      context.report({ messageId: 'noLifecycle', at: bucket.subject.headerRange, data: { bucket: bucket.id }, related });
    }
  },
});

type Versioned = { state: 'yes'; range: SourceRange } | { state: 'no' } | { state: 'unknown'; range: SourceRange; reason: string };

/** Where the bucket turns versioning on: an Enabled status, or Object Lock (which implies it). */
function versionedAt(bucket: BucketView, views: S3Views): Versioned {
  const lock = objectLockOf(views, bucket);
  if (lock.enabled.state === 'known' && lock.enabled.value) return { state: 'yes', range: lock.enabled.range };
  let unknown: Versioned | undefined;
  for (const { status } of bucket.versioning) {
    if (status.state === 'known' && status.value === 'Enabled') return { state: 'yes', range: status.range };
    if (status.state === 'unknown') unknown ??= { state: 'unknown', range: status.range, reason: `versioning depends on ${status.expression}` };
  }
  return unknown ?? { state: 'no' };
}
