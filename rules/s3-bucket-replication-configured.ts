import { defineRule } from '../src/engine/rule.js';
import { isReplicationDestination, replicationOf } from '../src/graph/replication.js';

export default defineRule({
  id: 's3-bucket-replication-configured',
  meta: {
    title: 'Buckets replicate their objects',
    description: 'Buckets that hold primary data replicate it to another bucket; buckets that are themselves replication destinations pass.',
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
    const configurations = replicationOf(context.views, bucket);
    if (configurations.length > 0) {
      // A configuration decided at deploy time (a dynamic block, `Fn::If`) may not exist.
      const dynamic = configurations.every((configuration) => configuration.rules.length === 0 && configuration.unknown.length > 0);
      if (dynamic) {
        const unknown = configurations[0]!.unknown[0]!;
        context.unresolved(unknown.range, `the replication configuration depends on ${unknown.expression}`);
      }
      return;
    }
    // Settings for a bucket outside the scanned code say nothing about what it lacks; replicas are not primary data.
    if (!bucket.bucket || isReplicationDestination(context.views, bucket)) return;
    context.report({ messageId: 'missing', at: bucket.subject.headerRange, data: { bucket: bucket.id } });
  },
});
