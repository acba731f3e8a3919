import { defineRule } from '../src/engine/rule.js';
import type { VersioningSetting } from '../src/graph/s3.js';
import type { ValueNode } from '../src/graph/types.js';
import { asObject, booleanValue, child, stringValue, type Value } from '../src/graph/values.js';

export default defineRule({
  id: 's3-bucket-mfa-delete-enabled',
  meta: {
    title: 'Versioned buckets require MFA to delete versions',
    description: 'Buckets with versioning Enabled also enable MFA delete (Terraform only: CloudFormation cannot set it).',
    practice: 's3.mfa-delete',
    severity: 'note',
    presets: ['strict'],
    frameworks: ['terraform'],
    messages: {
      missing: 'Bucket {{bucket}} enables versioning without MFA delete: object versions can be deleted for good, and versioning suspended, without a second factor',
      disabled: 'Bucket {{bucket}} sets MFA delete to {{value}}: object versions can be deleted for good without a second factor',
    },
    remediation: {
      terraform:
        'Set mfa_delete = "Enabled" in the aws_s3_bucket_versioning versioning_configuration, with mfa = "<root MFA device serial> <code>" (the root user must apply it), or mfa_delete = true in a provider v3 versioning block.',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiFactorAuthenticationDelete.html',
      'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_versioning',
      'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-20',
    ],
    equivalents: {
      trivy: ['AVD-AWS-0170'],
      'security-hub': ['S3.20'],
    },
  },
  appliesTo: 'bucket',
  check(bucket, context) {
    for (const setting of bucket.versioning) {
      const mfa = mfaDelete(setting);
      if (mfa.state === 'known' && mfa.value) continue;
      const { status } = setting;
      if (status.state === 'known' && status.value !== 'Enabled') continue; // unversioned: s3-bucket-versioning-enabled's concern
      if (status.state !== 'known') {
        const reason = status.state === 'unknown' ? `versioning depends on ${status.expression}` : 'the versioning status is missing';
        context.unresolved(status.range, reason);
      } else if (mfa.state === 'unknown') {
        context.unresolved(mfa.range, `MFA delete depends on ${mfa.expression}`);
      } else if (mfa.state === 'known') {
        context.report({ messageId: 'disabled', at: mfa.range, data: { bucket: bucket.id, value: describeFlag(setting) } });
        return;
      } else {
        context.report({ messageId: 'missing', at: status.range, data: { bucket: bucket.id } });
        return;
      }
    }
  },
});

/**
 * MFA delete as a boolean: `mfa_delete = "Enabled"` in `aws_s3_bucket_versioning`, or provider v3's inline
 * `versioning { mfa_delete = true }`.
 */
function mfaDelete(setting: VersioningSetting): Value<boolean> {
  const node = mfaNode(setting);
  const absentAt = setting.status.range;
  if (setting.source.type !== 'aws_s3_bucket_versioning') return booleanValue(node, absentAt);
  const value = stringValue(node, absentAt);
  if (value.state !== 'known') return value;
  return { state: 'known', value: value.value === 'Enabled', range: value.range };
}

function mfaNode(setting: VersioningSetting): ValueNode | undefined {
  const block = setting.source.type === 'aws_s3_bucket_versioning' ? 'versioning_configuration' : 'versioning';
  return child(asObject(child(setting.source.body, block)), 'mfa_delete');
}

function describeFlag(setting: VersioningSetting): string {
  const node = mfaNode(setting);
  return node?.kind === 'literal' ? JSON.stringify(node.value) : 'a disabled value';
}
