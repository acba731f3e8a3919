import { defineRule } from '../src/engine/rule.js';

/** The algorithms S3 accepts for default encryption; DSSE-KMS is at least as strong as SSE-KMS (decision 4). */
const VALID_ALGORITHMS = new Set(['AES256', 'aws:kms', 'aws:kms:dsse']);
const KMS_ALGORITHMS = new Set(['aws:kms', 'aws:kms:dsse']);

export default defineRule({
  id: 's3-bucket-encryption-valid',
  meta: {
    title: 'Default encryption settings are valid',
    description:
      'Where default encryption is configured, it names AES256, aws:kms or aws:kms:dsse, and a KMS key only with a KMS algorithm. An absent configuration passes: S3 encrypts new objects with SSE-S3 by default.',
    practice: 's3.encryption',
    severity: 'error',
    presets: ['recommended'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      invalidAlgorithm: 'Bucket {{bucket}} sets default encryption to {{algorithm}}, which S3 does not accept (use AES256, aws:kms or aws:kms:dsse)',
      missingAlgorithm: 'Bucket {{bucket}} has a default encryption rule without an algorithm',
      keyWithoutKms: 'Bucket {{bucket}} names a KMS key but encrypts with {{algorithm}}; S3 rejects a KMS key unless the algorithm is aws:kms or aws:kms:dsse',
    },
    remediation: {
      terraform:
        'In apply_server_side_encryption_by_default set sse_algorithm to "aws:kms" (with kms_master_key_id) or "AES256"; remove kms_master_key_id when using AES256.',
      cloudformation:
        'In ServerSideEncryptionByDefault set SSEAlgorithm to aws:kms (with KMSMasterKeyID) or AES256; remove KMSMasterKeyID when using AES256.',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/API/API_ServerSideEncryptionByDefault.html',
    ],
    equivalents: {
      checkov: ['CKV_AWS_19'],
      trivy: ['AVD-AWS-0088', 'aws-s3-enable-bucket-encryption'],
      'cfn-nag': ['W41'],
      'security-hub': ['S3.4'],
    },
  },
  appliesTo: 'bucket',
  check(bucket, context) {
    for (const rule of bucket.encryption) {
      const { algorithm, kmsKey } = rule;
      if (algorithm.state === 'unknown') {
        context.unresolved(algorithm.range, `the encryption algorithm depends on ${algorithm.expression}`);
      } else if (algorithm.state === 'absent') {
        context.report({ messageId: 'missingAlgorithm', at: algorithm.range, data: { bucket: bucket.id } });
      } else if (!VALID_ALGORITHMS.has(algorithm.value)) {
        context.report({ messageId: 'invalidAlgorithm', at: algorithm.range, data: { bucket: bucket.id, algorithm: JSON.stringify(algorithm.value) } });
      } else if (!KMS_ALGORITHMS.has(algorithm.value) && kmsKey.state === 'unknown') {
        context.unresolved(kmsKey.range, `whether a KMS key is set depends on ${kmsKey.expression}`);
      } else if (!KMS_ALGORITHMS.has(algorithm.value) && kmsKey.state === 'known' && kmsKey.value !== '') {
        context.report({
          messageId: 'keyWithoutKms',
          at: kmsKey.range,
          data: { bucket: bucket.id, algorithm: algorithm.value },
          related: [{ location: algorithm.range, message: `the algorithm is ${algorithm.value}` }],
        });
      }
    }
  },
});
