import { defineRule } from '../src/engine/rule.js';
import { objectLockOf } from '../src/graph/object-lock.js';

export default defineRule({
  id: 's3-bucket-object-lock-retention',
  meta: {
    title: 'Object Lock buckets set a default retention',
    description: 'A bucket with Object Lock sets a default retention, so every new object version is locked without each upload asking for it.',
    practice: 's3.object-lock-retention',
    severity: 'note',
    presets: ['strict'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      noDefaultRetention:
        'Bucket {{bucket}} turns on Object Lock without a default retention, so objects are locked only when an upload asks for it; set one in GOVERNANCE mode, or COMPLIANCE for regulated data',
    },
    remediation: {
      terraform:
        'Add an aws_s3_bucket_object_lock_configuration for the bucket with rule { default_retention { mode = "GOVERNANCE" (or "COMPLIANCE" for regulated data), days = N } }.',
      cloudformation:
        'Add ObjectLockConfiguration: { ObjectLockEnabled: Enabled, Rule: { DefaultRetention: { Mode: GOVERNANCE (or COMPLIANCE for regulated data), Days: N } } } to the bucket.',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html#object-lock-retention-modes',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-configure.html',
    ],
    equivalents: {},
  },
  appliesTo: 'bucket',
  check(bucket, context) {
    const lock = objectLockOf(context.views, bucket);
    const { enabled } = lock;
    // Only buckets known to use Object Lock: whether a bucket should is s3-bucket-object-lock-valid's question.
    if (enabled.state !== 'known' || !enabled.value) {
      if (enabled.state === 'unknown') context.unresolved(enabled.range, `whether Object Lock is on depends on ${enabled.expression}`);
      return;
    }
    let unknown: { range: typeof enabled.range; reason: string } | undefined;
    for (const { retention, condition } of lock.configurations) {
      if (retention.state === 'unknown') unknown ??= { range: retention.range, reason: `the default retention depends on ${retention.expression}` };
      else if (retention.state === 'known' && condition) {
        unknown ??= { range: condition.range, reason: `whether the configuration with the default retention exists depends on ${condition.expression}` };
      } else if (retention.state === 'known') return;
    }
    if (unknown) {
      context.unresolved(unknown.range, unknown.reason);
      return;
    }
    const configuration = lock.configurations[0];
    context.report({
      messageId: 'noDefaultRetention',
      at: configuration?.at ?? bucket.subject.headerRange,
      data: { bucket: bucket.id },
      related: configuration ? [] : [{ location: enabled.range, message: 'Object Lock is turned on here' }],
    });
  },
});
