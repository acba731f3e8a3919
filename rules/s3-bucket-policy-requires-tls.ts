import { defineRule } from '../src/engine/rule.js';
import { coversEveryS3Action, isEveryone, resourceCoverage, type PolicyStatement } from '../src/graph/policy.js';

export default defineRule({
  id: 's3-bucket-policy-requires-tls',
  meta: {
    title: 'Bucket policies deny requests without TLS',
    description:
      'A bucket policy denies every S3 action when aws:SecureTransport is false, for the bucket and its objects. A bucket without a policy fails too.',
    practice: 's3.tls-only',
    severity: 'warning',
    presets: ['recommended'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      noPolicy: 'Bucket {{bucket}} has no bucket policy denying non-TLS requests',
      noTlsStatement: 'Bucket {{bucket}} has a policy, but no statement denies requests where aws:SecureTransport is false',
      partialTlsStatement: 'Bucket {{bucket}} denies non-TLS requests only for {{covered}}; deny them for the bucket and its objects (both ARNs)',
    },
    remediation: {
      terraform:
        'Add a statement to the bucket policy: effect "Deny", principals type "*" identifiers ["*"], actions ["s3:*"], resources [bucket ARN, "${bucket ARN}/*"], condition { test = "Bool", variable = "aws:SecureTransport", values = ["false"] }.',
      cloudformation:
        'Add to the AWS::S3::BucketPolicy a statement: Effect Deny, Principal "*", Action "s3:*", Resource [!GetAtt Bucket.Arn, !Sub "${Bucket.Arn}/*"], Condition { Bool: { aws:SecureTransport: false } }.',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit',
      'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-5',
    ],
    equivalents: {
      'cdk-nag': ['AwsSolutions-S10'],
      'security-hub': ['S3.5'],
    },
  },
  appliesTo: 'bucket',
  check(bucket, context) {
    if (bucket.policies.length === 0) {
      if (bucket.bucket) context.report({ messageId: 'noPolicy', at: bucket.subject.headerRange, data: { bucket: bucket.id } });
      return;
    }
    let covered = { bucket: false, objects: false };
    let undecided: { range: typeof bucket.subject.range; reason: string } | undefined;
    for (const policy of bucket.policies) {
      if ('unresolved' in policy.result) {
        undecided ??= { range: policy.result.range, reason: policy.result.unresolved };
        continue;
      }
      if (!policy.result.document.complete) undecided ??= { range: policy.result.document.range, reason: 'part of the policy is not known statically' };
      for (const statement of policy.result.document.statements) {
        if (!deniesInsecureTransport(statement)) continue;
        for (const resource of statement.resources ?? []) {
          const coverage = resourceCoverage(resource);
          covered = { bucket: covered.bucket || coverage.bucket, objects: covered.objects || coverage.objects };
        }
      }
    }
    if (covered.bucket && covered.objects) return;
    if (undecided) {
      context.unresolved(undecided.range, undecided.reason);
      return;
    }
    const policy = bucket.policies[0]!;
    if (covered.bucket || covered.objects) {
      context.report({
        messageId: 'partialTlsStatement',
        at: policy.at,
        data: { bucket: bucket.id, covered: covered.bucket ? 'the bucket, not its objects' : 'its objects, not the bucket' },
      });
    } else {
      context.report({ messageId: 'noTlsStatement', at: policy.at, data: { bucket: bucket.id } });
    }
  },
});

/** Deny, to everyone, of every S3 action, when aws:SecureTransport is false (Bool or BoolIfExists). */
function deniesInsecureTransport(statement: PolicyStatement): boolean {
  if (statement.effect !== 'Deny') return false;
  if (!statement.principals?.some(isEveryone)) return false;
  if (!coversEveryS3Action(statement)) return false;
  return statement.conditions.some(
    (condition) =>
      /^bool(ifexists)?$/i.test(condition.operator) &&
      condition.key.toLowerCase() === 'aws:securetransport' &&
      condition.values.some((value) => value.value?.toLowerCase() === 'false'),
  );
}
