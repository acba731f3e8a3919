import { defineRule } from '../src/engine/rule.js';
import { keyOfValue } from '../src/graph/kms.js';
import type { BucketView } from '../src/graph/s3.js';
import type { SourceRange } from '../src/graph/types.js';
import { child, stringValue } from '../src/graph/values.js';

const KMS_ALGORITHMS = new Set(['aws:kms', 'aws:kms:dsse']);

export default defineRule({
  id: 's3-object-encrypted',
  meta: {
    title: 'Objects created by the code are encrypted with KMS',
    description: 'Objects written by Terraform are encrypted with SSE-KMS or DSSE-KMS, by their own settings or by their bucket\'s default encryption.',
    practice: 's3.object-encryption',
    severity: 'note',
    presets: ['strict'],
    frameworks: ['terraform'],
    messages: {
      sseS3: 'Object {{object}} asks for {{algorithm}} (SSE-S3), which overrides its bucket\'s default; use aws:kms with a key you manage',
      bucketDefault: 'Object {{object}} sets no encryption and its bucket {{bucket}} defaults to {{algorithm}}; set server_side_encryption = "aws:kms" or give the bucket SSE-KMS default encryption',
    },
    remediation: {
      terraform:
        'Set server_side_encryption = "aws:kms" and kms_key_id = aws_kms_key.<name>.arn on the object, or give its bucket SSE-KMS default encryption with aws_s3_bucket_server_side_encryption_configuration.',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html',
      'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_object',
    ],
    equivalents: {
      checkov: ['CKV_AWS_186', 'CKV_AWS_181'],
    },
  },
  appliesTo: 'resource',
  resourceTypes: ['aws_s3_object', 'aws_s3_object_copy', 'aws_s3_bucket_object'],
  check(object, context) {
    const data = { object: object.id };
    const algorithm = stringValue(child(object.body, 'server_side_encryption'), object.headerRange);
    const key = stringValue(child(object.body, 'kms_key_id'), object.headerRange);
    if (algorithm.state === 'known' && KMS_ALGORITHMS.has(algorithm.value)) return;
    // The provider encrypts with the named key, which S3 accepts only with SSE-KMS.
    const named = keyOfValue(context.graph, object, key);
    if (named.kind === 'customer' || named.kind === 'aws-managed') return;
    if (algorithm.state === 'unknown') {
      context.unresolved(algorithm.range, `the object's encryption depends on ${algorithm.expression}`);
      return;
    }
    if (named.kind === 'unknown') {
      context.unresolved(key.range, `whether the object has a KMS key depends on ${named.expression ?? 'input'}`);
      return;
    }
    if (algorithm.state === 'known') {
      // An explicit algorithm wins over the bucket's default encryption.
      context.report({ messageId: 'sseS3', at: algorithm.range, data: { ...data, algorithm: algorithm.value } });
      return;
    }
    const bucketNode = child(object.body, 'bucket');
    const bucket = context.views.bucketFor(object, bucketNode);
    if (!bucket) {
      context.unresolved(bucketNode?.range ?? object.headerRange, 'the object\'s bucket is not in the scanned code, so its default encryption is unknown');
      return;
    }
    const verdict = defaultEncryption(bucket);
    if (verdict.kind === 'unknown') context.unresolved(verdict.range, `the bucket's default encryption depends on ${verdict.expression}`);
    else if (verdict.kind === 'other') {
      context.report({
        messageId: 'bucketDefault',
        at: object.headerRange,
        data: { ...data, bucket: bucket.id, algorithm: verdict.algorithm },
        related: [
          verdict.range
            ? { location: verdict.range, message: `the bucket's default encryption is ${verdict.algorithm}` }
            : { location: bucket.subject.headerRange, message: 'the bucket configures no default encryption, so S3 uses SSE-S3' },
        ],
      });
    }
  },
});

type DefaultEncryption =
  | { kind: 'kms' }
  | { kind: 'other'; algorithm: string; range?: SourceRange }
  | { kind: 'unknown'; range: SourceRange; expression: string };

/** What a new object without its own settings gets: the bucket's default encryption, SSE-S3 when none is set. */
function defaultEncryption(bucket: BucketView): DefaultEncryption {
  if (bucket.encryption.length === 0) return { kind: 'other', algorithm: 'SSE-S3 (AES256)' };
  for (const { algorithm } of bucket.encryption) {
    if (algorithm.state === 'unknown') return { kind: 'unknown', range: algorithm.range, expression: algorithm.expression };
    if (algorithm.state === 'absent' || !KMS_ALGORITHMS.has(algorithm.value)) {
      return { kind: 'other', algorithm: algorithm.state === 'known' ? algorithm.value : 'SSE-S3 (AES256)', range: algorithm.range };
    }
  }
  return { kind: 'kms' };
}
