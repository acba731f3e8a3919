import { defineRule } from '../src/engine/rule.js';
import { buildBackupView } from '../src/graph/backup.js';

export default defineRule({
  id: 'backup-vault-lock-configured',
  meta: {
    title: 'Backup vaults holding S3 backups are locked',
    description: 'Every AWS Backup vault that receives S3 backups has a vault lock, so recovery points cannot be deleted early.',
    practice: 'backup.vault-lock',
    severity: 'note',
    presets: ['strict'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      noLock: 'Backup vault {{vault}} holds S3 backups but has no vault lock; its recovery points can be deleted before their retention ends',
    },
    remediation: {
      terraform:
        'Add an aws_backup_vault_lock_configuration with backup_vault_name = aws_backup_vault.<name>.name and min_retention_days (set changeable_for_days for compliance mode).',
      cloudformation: 'Add LockConfiguration: { MinRetentionDays: <days> } (and ChangeableForDays for compliance mode) to the AWS::Backup::BackupVault.',
    },
    references: [
      'https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html',
      'https://docs.aws.amazon.com/aws-backup/latest/devguide/s3-backups.html',
    ],
    equivalents: {},
  },
  appliesTo: 'resource',
  resourceTypes: ['aws_backup_vault', 'AWS::Backup::BackupVault'],
  check(resource, context) {
    const vault = context.views.derive(buildBackupView).vaultOf(resource);
    if (!vault || vault.s3.state === 'no' || vault.lock.state === 'locked') return;
    if (vault.s3.state === 'unknown') {
      context.unresolved(vault.s3.at, `whether the vault holds S3 backups: ${vault.s3.reason}`);
      return;
    }
    if (vault.lock.state === 'unknown') {
      context.unresolved(vault.lock.at, vault.lock.reason);
      return;
    }
    context.report({ messageId: 'noLock', at: resource.headerRange, data: { vault: resource.id }, related: vault.s3.related });
  },
});
