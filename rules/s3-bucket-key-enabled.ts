import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  id: 's3-bucket-key-enabled',
  meta: {
    title: 'SSE-KMS buckets use S3 Bucket Keys',
    description: 'A bucket whose default encryption is SSE-KMS enables S3 Bucket Keys; DSSE-KMS, which does not support them, is not judged.',
    practice: 's3.bucket-key',
    severity: 'note',
    presets: ['recommended'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      missing: 'Bucket {{bucket}} encrypts with SSE-KMS without an S3 Bucket Key; each object request makes its own KMS call',
      disabled: 'Bucket {{bucket}} encrypts with SSE-KMS and turns the S3 Bucket Key off; each object request makes its own KMS call',
    },
    remediation: {
      terraform: 'Set bucket_key_enabled = true in the rule block of aws_s3_bucket_server_side_encryption_configuration.',
      cloudformation: 'Set BucketKeyEnabled: true in the ServerSideEncryptionConfiguration rule of BucketEncryption.',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html',
    ],
    equivalents: {},
  },
  appliesTo: 'bucket',
  check(bucket, context) {
    const data = { bucket: bucket.id };
    for (const rule of bucket.encryption) {
      const { algorithm, bucketKey } = rule;
      if (algorithm.state === 'unknown' && !(bucketKey.state === 'known' && bucketKey.value)) {
        context.unresolved(algorithm.range, `the encryption algorithm depends on ${algorithm.expression}`);
        return;
      }
      // SSE-S3 needs no key calls; DSSE-KMS does not support bucket keys (decision 4).
      if (algorithm.state !== 'known' || algorithm.value !== 'aws:kms') continue;
      if (bucketKey.state === 'unknown') {
        context.unresolved(bucketKey.range, `the bucket key setting depends on ${bucketKey.expression}`);
        return;
      }
      if (bucketKey.state === 'absent') {
        context.report({ messageId: 'missing', at: rule.range, data });
        return;
      }
      if (!bucketKey.value) {
        context.report({ messageId: 'disabled', at: bucketKey.range, data });
        return;
      }
    }
  },
});
