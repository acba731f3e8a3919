import { defineRule } from '../src/engine/rule.js';
import { configurationPresence } from '../src/graph/lifecycle.js';
import { buildLoggingView } from '../src/graph/logging.js';
import { isReplicationDestination, replicationOf } from '../src/graph/replication.js';

export default defineRule({
  id: 's3-bucket-replication-configured',
  meta: {
    title: 'Buckets replicate their objects',
    description: 'Buckets that hold primary data replicate it to another bucket; replication destinations and access-log buckets pass.',
    practice: 's3.replication',
    severity: 'note',
    presets: ['strict'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      missing: 'Bucket {{bucket}} has no replication configuration; a copy in another region or account protects its data from regional failure and account compromise',
    },
    remediation: {
      terraform:
        'Add an aws_s3_bucket_replication_configuration for the bucket (role, and a rule with status = "Enabled" and destination { bucket = <replica bucket ARN> }), with versioning Enabled on both buckets.',
      cloudformation:
        'Add ReplicationConfiguration: { Role: <role ARN>, Rules: [{ Status: Enabled, Destination: { Bucket: <replica bucket ARN> } }] } to the bucket, with VersioningConfiguration Enabled on both buckets.',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication.html',
      'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-7',
    ],
    equivalents: {
      checkov: ['CKV_AWS_144'],
      'security-hub': ['S3.7'],
    },
  },
  appliesTo: 'bucket',
  check(bucket, context) {
    // Replicas and log buckets do not hold primary data.
    if (isReplicationDestination(context.views, bucket) || context.views.derive(buildLoggingView).isLogTarget(bucket)) return;
    const presence = configurationPresence(replicationOf(context.views, bucket));
    if (presence.state === 'unknown') context.unresolved(presence.range, `whether the replication configuration exists depends on ${presence.expression}`);
    // Settings for a bucket outside the scanned code say nothing about what it lacks.
    else if (presence.state === 'absent' && bucket.bucket) context.report({ messageId: 'missing', at: bucket.subject.headerRange, data: { bucket: bucket.id } });
  },
});
