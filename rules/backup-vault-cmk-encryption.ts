import { defineRule } from '../src/engine/rule.js';
import { vaultKey } from '../src/graph/backup.js';

export default defineRule({
  id: 'backup-vault-cmk-encryption',
  meta: {
    title: 'Backup vaults use a customer-managed KMS key',
    description: 'Every AWS Backup vault names a customer-managed KMS key, not the AWS-managed aws/backup key.',
    practice: 'backup.vault-encryption',
    severity: 'warning',
    presets: ['strict'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      defaultKey: 'Backup vault {{vault}} names no KMS key, so AWS Backup encrypts it with the AWS-managed key aws/backup',
      awsManagedKey: 'Backup vault {{vault}} is encrypted with the AWS-managed key {{key}}; use a customer-managed KMS key',
    },
    remediation: {
      terraform: 'Set kms_key_arn on the aws_backup_vault to the ARN of a customer-managed key (aws_kms_key.<name>.arn) with rotation enabled.',
      cloudformation: 'Set EncryptionKeyArn on the AWS::Backup::BackupVault to a customer-managed key ARN (!GetAtt <Key>.Arn) with rotation enabled.',
    },
    references: [
      'https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html',
      'https://docs.aws.amazon.com/aws-backup/latest/devguide/create-a-vault.html',
    ],
    equivalents: { checkov: ['CKV_AWS_166'] },
  },
  appliesTo: 'resource',
  resourceTypes: ['aws_backup_vault', 'AWS::Backup::BackupVault'],
  check(vault, context) {
    const key = vaultKey(context.graph, vault);
    switch (key.state) {
      case 'customer':
        return;
      case 'unknown':
        context.unresolved(key.at, key.reason);
        return;
      case 'default':
        context.report({ messageId: 'defaultKey', at: vault.headerRange, data: { vault: vault.id } });
        return;
      case 'aws-managed':
        context.report({
          messageId: 'awsManagedKey',
          at: key.at,
          data: { vault: vault.id, key: key.key },
          related: key.via ? [{ location: key.via, message: 'the key is looked up by its AWS-managed alias here' }] : [],
        });
    }
  },
});
