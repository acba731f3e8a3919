import { defineRule } from '../src/engine/rule.js';
import { configurationPresence, lifecycleOf } from '../src/graph/lifecycle.js';

export default defineRule({
  id: 's3-bucket-lifecycle-configured',
  meta: {
    title: 'Buckets have a lifecycle configuration',
    description: 'Every bucket has a lifecycle configuration that decides how long objects and their old versions are kept.',
    practice: 's3.lifecycle',
    severity: 'note',
    presets: ['strict'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      missing: 'Bucket {{bucket}} has no lifecycle configuration; objects, old versions and incomplete uploads are kept (and billed) until someone deletes them',
    },
    remediation: {
      terraform:
        'Add an aws_s3_bucket_lifecycle_configuration for the bucket with at least one rule (status = "Enabled") that expires or transitions objects and noncurrent versions.',
      cloudformation:
        'Add LifecycleConfiguration: { Rules: [{ Status: Enabled, ... }] } to the bucket, expiring or transitioning objects and noncurrent versions.',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lifecycle-mgmt.html',
      'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-13',
    ],
    equivalents: {
      checkov: ['CKV2_AWS_61'],
      'security-hub': ['S3.13'],
    },
  },
  appliesTo: 'bucket',
  check(bucket, context) {
    const presence = configurationPresence(lifecycleOf(context.views, bucket).configurations);
    if (presence.state === 'unknown') context.unresolved(presence.range, `whether the lifecycle configuration exists depends on ${presence.expression}`);
    // Settings for a bucket outside the scanned code say nothing about what it lacks.
    else if (presence.state === 'absent' && bucket.bucket) context.report({ messageId: 'missing', at: bucket.subject.headerRange, data: { bucket: bucket.id } });
  },
});
