import { defineRule, type RuleContext } from '../src/engine/rule.js';
import { objectLockOf, type DefaultRetention } from '../src/graph/object-lock.js';

const MODES = new Set(['COMPLIANCE', 'GOVERNANCE']);

export default defineRule({
  id: 's3-bucket-object-lock-valid',
  meta: {
    title: 'Buckets use Object Lock, with a valid configuration',
    description:
      'Buckets enable Object Lock for write-once-read-many protection, and an Object Lock configuration keeps versioning on and sets a default retention with a mode and one positive period.',
    practice: 's3.object-lock',
    severity: 'warning',
    presets: ['strict'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      missing: 'Bucket {{bucket}} does not enable Object Lock, so any object version can be deleted by whoever holds the permission (turn it on with GOVERNANCE mode, or COMPLIANCE for regulated data)',
      versioningOff: 'Bucket {{bucket}} uses Object Lock but sets versioning to {{status}}; S3 rejects suspending versioning on an Object Lock bucket',
      versioningMissing:
        'Bucket {{bucket}} is not created with Object Lock, and turning Object Lock on for an existing bucket requires versioning Enabled, which the bucket does not set',
      zeroRetention: 'Bucket {{bucket}} sets a default retention ({{mode}}) of {{value}} {{unit}}; S3 requires a positive period',
      retentionWithoutMode: 'Bucket {{bucket}} sets a default retention without a mode; S3 requires COMPLIANCE or GOVERNANCE',
      invalidMode: 'Bucket {{bucket}} sets the default retention mode to {{mode}}; S3 accepts only COMPLIANCE or GOVERNANCE',
      retentionPeriod: 'Bucket {{bucket}} sets a default retention ({{mode}}) with {{problem}}; S3 requires exactly one of days or years',
    },
    remediation: {
      terraform:
        'Set object_lock_enabled = true on the aws_s3_bucket and add an aws_s3_bucket_object_lock_configuration with rule { default_retention { mode = "GOVERNANCE" (or "COMPLIANCE"), days = N } }; keep versioning Enabled.',
      cloudformation:
        'Set ObjectLockEnabled: true and ObjectLockConfiguration: { ObjectLockEnabled: Enabled, Rule: { DefaultRetention: { Mode: GOVERNANCE (or COMPLIANCE), Days: N } } }; keep VersioningConfiguration Enabled.',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-configure.html',
      'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-15',
    ],
    equivalents: {
      checkov: ['CKV_AWS_143'],
      'security-hub': ['S3.15'],
    },
  },
  appliesTo: 'bucket',
  check(bucket, context) {
    const lock = objectLockOf(context.views, bucket);
    const { enabled } = lock;
    if (enabled.state === 'unknown') {
      context.unresolved(enabled.range, `whether Object Lock is on depends on ${enabled.expression}`);
      return;
    }
    if (enabled.state === 'absent' || !enabled.value) {
      // Settings for a bucket outside the scanned code say nothing about what that bucket enables.
      if (bucket.bucket) context.report({ messageId: 'missing', at: enabled.range, data: { bucket: bucket.id } });
      return;
    }

    // Versioning: S3 turns it on for buckets created with Object Lock; only an explicit other status is wrong.
    const explicitOff = bucket.versioning.find(({ status }) => status.state === 'known' && status.value !== 'Enabled');
    const versioningUnknown = bucket.versioning.find(({ status }) => status.state === 'unknown');
    const versioningEnabled = bucket.versioning.some(({ status }) => status.state === 'known' && status.value === 'Enabled');
    if (explicitOff?.status.state === 'known') {
      context.report({
        messageId: 'versioningOff',
        at: explicitOff.status.range,
        data: { bucket: bucket.id, status: explicitOff.status.value },
        severity: 'error',
        related: [{ location: enabled.range, message: 'Object Lock is turned on here' }],
      });
    } else if (versioningUnknown?.status.state === 'unknown') {
      context.unresolved(versioningUnknown.status.range, `versioning depends on ${versioningUnknown.status.expression}`);
    } else if (!lock.createdWithLock && !versioningEnabled && bucket.bucket && lock.configurations[0]) {
      context.report({
        messageId: 'versioningMissing',
        at: lock.configurations[0].at,
        data: { bucket: bucket.id },
        severity: 'error',
        related: [{ location: bucket.subject.headerRange, message: 'the bucket, without versioning' }],
      });
    }

    for (const configuration of lock.configurations) {
      const retention = configuration.retention;
      if (retention.state === 'unknown') context.unresolved(retention.range, `the default retention depends on ${retention.expression}`);
      else if (retention.state === 'known') checkRetention(retention.value, bucket.id, context);
    }
  },
});

type Context = RuleContext<'zeroRetention' | 'retentionWithoutMode' | 'invalidMode' | 'retentionPeriod'>;

function checkRetention(retention: DefaultRetention, bucket: string, context: Context): void {
  const { mode, days, years } = retention;
  const modeName = mode.state === 'known' ? `${mode.value} mode` : mode.state === 'absent' ? 'no mode' : 'mode not known statically';
  if (mode.state === 'absent') {
    context.report({ messageId: 'retentionWithoutMode', at: retention.at, data: { bucket }, severity: 'error' });
  } else if (mode.state === 'unknown') {
    context.unresolved(mode.range, `the retention mode depends on ${mode.expression}`);
  } else if (!MODES.has(mode.value)) {
    context.report({ messageId: 'invalidMode', at: mode.range, data: { bucket, mode: JSON.stringify(mode.value) }, severity: 'error' });
  }

  if (days.state === 'absent' && years.state === 'absent') {
    context.report({ messageId: 'retentionPeriod', at: retention.at, data: { bucket, mode: modeName, problem: 'neither days nor years' }, severity: 'error' });
    return;
  }
  // A period set from an input may be null (`try(var.retention.days, null)`), so only known values conflict.
  const unknown = [days, years].find((period) => period.state === 'unknown');
  if (unknown?.state === 'unknown') {
    context.unresolved(unknown.range, `the retention period depends on ${unknown.expression}`);
    return;
  }
  if (days.state === 'known' && years.state === 'known') {
    context.report({ messageId: 'retentionPeriod', at: years.range, data: { bucket, mode: modeName, problem: 'both days and years' }, severity: 'error' });
    return;
  }
  const [period, unit] = days.state === 'known' ? [days, 'days'] : [years, 'years'];
  if (period.state === 'known' && period.value <= 0) {
    context.report({ messageId: 'zeroRetention', at: period.range, data: { bucket, mode: modeName, value: period.value, unit }, severity: 'error' });
  }
}
