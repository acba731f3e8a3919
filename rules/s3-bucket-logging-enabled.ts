import { defineRule } from '../src/engine/rule.js';
import { bucketExposure } from '../src/graph/exposure.js';
import { buildLoggingView } from '../src/graph/logging.js';

export default defineRule({
  id: 's3-bucket-logging-enabled',
  meta: {
    title: 'Buckets record server access logs',
    description: 'Every bucket that is not itself a log target sends server access logs to another bucket that is not public.',
    practice: 's3.logging',
    severity: 'warning',
    presets: ['recommended'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      missing: 'Bucket {{bucket}} does not record server access logs',
      targetIsSource: 'Bucket {{bucket}} writes its access logs into itself; every log delivery is logged again, and the logs share the fate of the data',
      targetPublic: 'Bucket {{bucket}} sends its access logs to {{target}}, which is public ({{grant}})',
    },
    remediation: {
      terraform:
        'Add an aws_s3_bucket_logging for the bucket with target_bucket set to a dedicated, private log bucket (and a target_prefix per source bucket).',
      cloudformation:
        'Set LoggingConfiguration: { DestinationBucketName: !Ref LogBucket, LogFilePrefix: <source>/ } on the bucket, pointing at a dedicated, private log bucket.',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html',
      'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-9',
    ],
    equivalents: {
      checkov: ['CKV_AWS_18'],
      trivy: ['AVD-AWS-0089', 'aws-s3-enable-bucket-logging'],
      'cfn-nag': ['W35'],
      'cdk-nag': ['AwsSolutions-S1'],
      'security-hub': ['S3.9'],
    },
  },
  appliesTo: 'bucket',
  check(bucket, context) {
    const logging = context.views.derive(buildLoggingView);
    const settings = logging.of(bucket);
    if (settings.length === 0) {
      // Log targets are exempt: logging a log bucket into another one only moves the question one bucket further.
      if (bucket.bucket && !logging.isLogTarget(bucket)) {
        context.report({ messageId: 'missing', at: bucket.subject.headerRange, data: { bucket: bucket.id } });
      }
      return;
    }
    for (const setting of settings) {
      if (setting.state === 'unknown') {
        context.unresolved(setting.range, `whether access logging is on depends on ${setting.expression}`);
        continue;
      }
      const target = setting.target;
      if (target.kind === 'self') {
        context.report({ messageId: 'targetIsSource', at: target.range, data: { bucket: bucket.id } });
      } else if (target.kind === 'bucket') {
        const exposure = bucketExposure(target.bucket);
        if (exposure.verdict === 'public') {
          const effective = exposure.grants.filter((grant) => grant.weight.kind === 'effective');
          context.report({
            messageId: 'targetPublic',
            at: target.range,
            data: { bucket: bucket.id, target: target.bucket.id, grant: effective[0]?.description ?? 'a public grant' },
            related: [
              { location: target.bucket.subject.headerRange, message: `log target ${target.bucket.id}` },
              ...effective.map((grant) => ({ location: grant.range, message: `this ${grant.via === 'acl' ? 'ACL' : 'policy statement'} makes the log target public` })),
            ],
          });
        } else if (exposure.verdict === 'unknown') {
          context.unresolved(target.range, `whether log target ${target.bucket.id} is public is not known statically`);
        }
      } else {
        // Logging is on, but whether the target is another, private bucket is unknown (decision 9).
        context.unresolved(target.range, `log target ${target.name} is not in the scanned code, so whether it is private is unknown`);
      }
    }
  },
});
