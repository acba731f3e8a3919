import { defineRule } from '../src/engine/rule.js';
import { keyOfValue } from '../src/graph/kms.js';
import { buildLoggingView } from '../src/graph/logging.js';

/** SSE-KMS and DSSE-KMS (decision 4: DSSE-KMS is at least as strong). */
const KMS_ALGORITHMS = new Set(['aws:kms', 'aws:kms:dsse']);

export default defineRule({
  id: 's3-bucket-encryption-kms-cmk',
  meta: {
    title: 'Default encryption uses a customer-managed KMS key',
    description: 'Default encryption is SSE-KMS or DSSE-KMS with a customer-managed KMS key, not SSE-S3 or the AWS managed aws/s3 key.',
    practice: 's3.encryption-kms',
    severity: 'warning',
    presets: ['strict'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      sseS3Default: 'Bucket {{bucket}} configures no default encryption, so S3 uses SSE-S3; use SSE-KMS with a customer-managed key',
      notKms: 'Bucket {{bucket}} encrypts with {{algorithm}}; use aws:kms or aws:kms:dsse with a customer-managed key',
      awsManagedKey: 'Bucket {{bucket}} encrypts with the AWS managed key aws/s3 ({{key}}); name a customer-managed key to control its policy and rotation',
    },
    remediation: {
      terraform:
        'In aws_s3_bucket_server_side_encryption_configuration set apply_server_side_encryption_by_default { sse_algorithm = "aws:kms", kms_master_key_id = aws_kms_key.<name>.arn } with a key you manage.',
      cloudformation:
        'Set BucketEncryption.ServerSideEncryptionConfiguration[].ServerSideEncryptionByDefault to { SSEAlgorithm: aws:kms, KMSMasterKeyID: !GetAtt <Key>.Arn } with a key you manage.',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html',
      'https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-mgmt',
      'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-17',
    ],
    equivalents: {
      checkov: ['CKV_AWS_145'],
      trivy: ['AVD-AWS-0132', 'aws-s3-encryption-customer-key'],
      'cdk-nag': ['NIST.800.53.R5-S3DefaultEncryptionKMS'],
      'security-hub': ['S3.17'],
    },
  },
  appliesTo: 'bucket',
  check(bucket, context) {
    // Application and Classic Load Balancers deliver access logs only to buckets that encrypt with SSE-S3.
    if (context.views.derive(buildLoggingView).serviceLogs(bucket).some((delivery) => delivery.service === 'load-balancer')) return;
    const data = { bucket: bucket.id };
    if (bucket.encryption.length === 0) {
      // Settings for a bucket outside the scanned code say nothing about its encryption.
      if (bucket.bucket) context.report({ messageId: 'sseS3Default', at: bucket.subject.headerRange, data });
      return;
    }
    for (const rule of bucket.encryption) {
      const { algorithm, kmsKey } = rule;
      if (algorithm.state === 'unknown') {
        context.unresolved(algorithm.range, `the encryption algorithm depends on ${algorithm.expression}`);
        return;
      }
      if (algorithm.state === 'absent' || !KMS_ALGORITHMS.has(algorithm.value)) {
        const name = algorithm.state === 'known' ? algorithm.value : 'no algorithm (SSE-S3)';
        context.report({ messageId: 'notKms', at: algorithm.range, data: { ...data, algorithm: name } });
        return;
      }
      const key = keyOfValue(context.graph, rule.source, kmsKey);
      if (key.kind === 'unknown') {
        context.unresolved(kmsKey.range, `whether the KMS key is customer-managed depends on ${key.expression ?? 'input'}`);
        return;
      }
      if (key.kind === 'absent' || key.kind === 'aws-managed') {
        const at = kmsKey.state === 'absent' ? algorithm.range : kmsKey.range;
        context.report({ messageId: 'awsManagedKey', at, data: { ...data, key: kmsKey.state === 'known' ? kmsKey.value : kmsKey.state === 'absent' ? 'no key is named' : kmsKey.expression } });
        return;
      }
    }
  },
});
