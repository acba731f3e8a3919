import { defineRule } from '../src/engine/rule.js';
import { s3KmsKeys } from '../src/graph/kms.js';
import { booleanValue, child, stringValue } from '../src/graph/values.js';

/** Only symmetric encryption keys with key material from KMS rotate automatically. */
const ROTATABLE_SPEC = 'SYMMETRIC_DEFAULT';

export default defineRule({
  id: 'kms-key-rotation-enabled',
  meta: {
    title: 'KMS keys that encrypt S3 data rotate',
    description: 'A KMS key used for S3 default encryption, object encryption, replication or inventory reports has automatic rotation enabled.',
    practice: 'kms.key-rotation',
    severity: 'warning',
    presets: ['strict'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      missing: 'KMS key {{key}} encrypts S3 data ({{use}}) but does not enable automatic rotation',
      disabled: 'KMS key {{key}} encrypts S3 data ({{use}}) and turns automatic rotation off',
    },
    remediation: {
      terraform: 'Set enable_key_rotation = true on the aws_kms_key (optionally rotation_period_in_days); rotation keeps old key material for decryption.',
      cloudformation: 'Set EnableKeyRotation: true on the AWS::KMS::Key (optionally RotationPeriodInDays); rotation keeps old key material for decryption.',
    },
    references: [
      'https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html',
    ],
    equivalents: {
      checkov: ['CKV_AWS_7'],
      trivy: ['AVD-AWS-0065'],
      'cfn-nag': ['F19'],
      'security-hub': ['KMS.4'],
    },
  },
  appliesTo: 'resource',
  resourceTypes: ['aws_kms_key', 'AWS::KMS::Key'],
  check(key, context) {
    const uses = context.views.derive(s3KmsKeys).get(key);
    // Keys that encrypt no S3 data belong to other scanners' generic KMS checks.
    if (!uses) return;
    const terraform = key.framework === 'terraform';
    // Asymmetric and HMAC keys, imported key material and custom key stores cannot rotate automatically.
    const spec = stringValue(child(key.body, terraform ? 'customer_master_key_spec' : 'KeySpec'), key.headerRange);
    if (spec.state === 'known' && spec.value !== ROTATABLE_SPEC) return;
    const origin = terraform ? undefined : stringValue(child(key.body, 'Origin'), key.headerRange);
    if (origin?.state === 'known' && origin.value !== 'AWS_KMS') return;
    const customStore = ['custom_key_store_id', 'xks_key_id'].some((name) => terraform && stringValue(child(key.body, name), key.headerRange).state !== 'absent');
    if (customStore) return;

    const rotation = booleanValue(child(key.body, terraform ? 'enable_key_rotation' : 'EnableKeyRotation'), key.headerRange);
    if (rotation.state === 'known' && rotation.value) return;
    if (rotation.state === 'unknown') {
      context.unresolved(rotation.range, `key rotation depends on ${rotation.expression}`);
      return;
    }
    for (const undecided of [spec, origin]) {
      if (undecided?.state === 'unknown') {
        context.unresolved(undecided.range, `whether the key can rotate depends on ${undecided.expression}`);
        return;
      }
    }
    const data = { key: key.id, use: uses.map((use) => use.source.id).filter((id, index, ids) => ids.indexOf(id) === index).join(', ') };
    const related = uses.map((use) => ({ location: use.range, message: `${use.source.id} encrypts S3 data with this key` }));
    if (rotation.state === 'absent') context.report({ messageId: 'missing', at: key.headerRange, data, related });
    else context.report({ messageId: 'disabled', at: rotation.range, data, related });
  },
});
