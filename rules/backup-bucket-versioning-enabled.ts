import { defineRule } from '../src/engine/rule.js';
import { buildBackupView } from '../src/graph/backup.js';
import type { SourceRange } from '../src/graph/types.js';

export default defineRule({
  id: 'backup-bucket-versioning-enabled',
  meta: {
    title: 'Buckets backed up by AWS Backup are versioned',
    description: 'Every bucket an AWS Backup selection covers has versioning Enabled, which AWS Backup requires for S3.',
    practice: 'backup.s3-requires-versioning',
    severity: 'error',
    presets: ['recommended'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      missing: 'Bucket {{bucket}} is selected by AWS Backup ({{selection}}) but does not enable versioning; its backups will fail',
      notEnabled: 'Bucket {{bucket}} is selected by AWS Backup ({{selection}}) but sets versioning to {{status}}; its backups will fail',
    },
    remediation: {
      terraform: 'Add an aws_s3_bucket_versioning for the bucket with versioning_configuration { status = "Enabled" }, or remove the bucket from the backup selection.',
      cloudformation: 'Set VersioningConfiguration: { Status: Enabled } on the bucket, or remove the bucket from the AWS::Backup::BackupSelection.',
    },
    references: [
      'https://docs.aws.amazon.com/aws-backup/latest/devguide/s3-backups.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html',
    ],
    equivalents: {},
  },
  appliesTo: 'bucket',
  check(bucket, context) {
    const coverage = context.views.derive(buildBackupView).coverage(bucket);
    if (coverage.state === 'not-covered') return;
    // S3 turns versioning on by itself for buckets created with Object Lock.
    const lock = bucket.objectLockEnabled;
    if (lock?.state === 'known' && lock.value) return;

    let problem: { messageId: 'missing' | 'notEnabled'; at: SourceRange; status?: string } | undefined;
    let undecided: { at: SourceRange; reason: string } | undefined;
    if (bucket.versioning.length === 0) {
      // Settings of a bucket outside the scanned code say nothing about what it lacks.
      if (!bucket.bucket) return;
      problem = { messageId: 'missing', at: bucket.subject.headerRange };
    }
    for (const { status } of bucket.versioning) {
      if (status.state === 'known' && status.value === 'Enabled') continue;
      if (status.state === 'unknown') undecided ??= { at: status.range, reason: `versioning depends on ${status.expression}` };
      else if (status.state === 'absent') problem ??= { messageId: 'missing', at: status.range };
      else problem ??= { messageId: 'notEnabled', at: status.range, status: status.value };
    }
    if (!problem) {
      if (undecided) context.unresolved(undecided.at, undecided.reason);
      return;
    }
    if (coverage.state === 'unknown') {
      for (const entry of coverage.undecided) context.unresolved(entry.at, `${entry.selection.id}: ${entry.reason}`);
      return;
    }
    if (lock?.state === 'unknown') {
      context.unresolved(lock.range, `Object Lock, which turns versioning on, depends on ${lock.expression}`);
      return;
    }
    const selection = coverage.coveredBy[0]!.selection.id;
    context.report({
      messageId: problem.messageId,
      at: problem.at,
      data: { bucket: bucket.id, selection, status: problem.status ?? '' },
      related: coverage.coveredBy.map((entry) => ({ location: entry.at, message: `${entry.selection.id} selects bucket ${bucket.id} for AWS Backup` })),
    });
  },
});
