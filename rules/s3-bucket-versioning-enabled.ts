import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  id: 's3-bucket-versioning-enabled',
  meta: {
    title: 'Buckets keep object versions',
    description: 'Versioning is Enabled on every bucket (Suspended fails; Object Lock turns it on by itself).',
    practice: 's3.versioning',
    severity: 'warning',
    presets: ['recommended'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      missing: 'Bucket {{bucket}} does not enable versioning',
      notEnabled: 'Bucket {{bucket}} sets versioning to {{status}}; overwritten and deleted objects cannot be recovered',
    },
    remediation: {
      terraform: 'Add an aws_s3_bucket_versioning for the bucket with versioning_configuration { status = "Enabled" }.',
      cloudformation: 'Set VersioningConfiguration: { Status: Enabled } on the bucket.',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html',
      'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-14',
    ],
    equivalents: {
      checkov: ['CKV_AWS_21'],
      trivy: ['AVD-AWS-0090', 'aws-s3-enable-versioning'],
      'cdk-nag': ['NIST.800.53.R5-S3BucketVersioningEnabled'],
      'security-hub': ['S3.14'],
    },
  },
  appliesTo: 'bucket',
  check(bucket, context) {
    // S3 turns versioning on by itself for buckets created with Object Lock.
    if (bucket.objectLockEnabled?.state === 'known' && bucket.objectLockEnabled.value) return;
    if (bucket.versioning.length === 0) {
      if (bucket.bucket) context.report({ messageId: 'missing', at: bucket.subject.headerRange, data: { bucket: bucket.id } });
      return;
    }
    for (const { status } of bucket.versioning) {
      if (status.state === 'unknown') context.unresolved(status.range, `versioning depends on ${status.expression}`);
      else if (status.state === 'absent') context.report({ messageId: 'missing', at: status.range, data: { bucket: bucket.id } });
      else if (status.value !== 'Enabled') {
        context.report({ messageId: 'notEnabled', at: status.range, data: { bucket: bucket.id, status: status.value } });
      }
    }
  },
});
