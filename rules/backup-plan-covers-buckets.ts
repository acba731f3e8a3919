import { defineRule } from '../src/engine/rule.js';
import { buildBackupView } from '../src/graph/backup.js';

export default defineRule({
  id: 'backup-plan-covers-buckets',
  meta: {
    title: 'Buckets are backed up by AWS Backup',
    description: 'Every bucket is selected by an AWS Backup selection, by ARN, reference, wildcard or tag.',
    practice: 'backup.plan-coverage',
    severity: 'note',
    presets: ['strict'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      notCovered: 'Bucket {{bucket}} is not selected by any AWS Backup selection in the scanned code',
    },
    remediation: {
      terraform:
        'Add the bucket to an aws_backup_selection of a backup plan: resources = [aws_s3_bucket.<name>.arn], or a selection_tag / condition that matches a tag the bucket sets.',
      cloudformation:
        'Add the bucket to an AWS::Backup::BackupSelection: BackupSelection.Resources: [!GetAtt <Bucket>.Arn], or a ListOfTags / Conditions entry that matches a tag the bucket sets.',
    },
    references: [
      'https://docs.aws.amazon.com/aws-backup/latest/devguide/s3-backups.html',
      'https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html',
    ],
    equivalents: {},
  },
  appliesTo: 'bucket',
  check(bucket, context) {
    // A bucket outside the scanned code may be backed up by plans outside it too.
    if (!bucket.bucket) return;
    const coverage = context.views.derive(buildBackupView).coverage(bucket);
    if (coverage.state === 'covered') return;
    if (coverage.state === 'unknown') {
      for (const undecided of coverage.undecided) context.unresolved(undecided.at, `${undecided.selection.id}: ${undecided.reason}`);
      return;
    }
    context.report({ messageId: 'notCovered', at: bucket.subject.headerRange, data: { bucket: bucket.id } });
  },
});
