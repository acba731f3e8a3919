import { defineRule } from '../src/engine/rule.js';
import { buildLoggingView } from '../src/graph/logging.js';
import { TRAIL_TYPES, trailLogBucket } from '../src/graph/trails.js';

export default defineRule({
  id: 'cloudtrail-bucket-logging-enabled',
  meta: {
    title: "A trail's log bucket records access logs",
    description: 'The bucket a CloudTrail trail delivers its logs to has server access logging on.',
    practice: 'cloudtrail.bucket-logging',
    severity: 'warning',
    presets: ['recommended'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      bucketNotLogged: 'Trail {{trail}} delivers its logs to {{bucket}}, which does not record server access logs; reads and deletions of the audit trail go unseen',
    },
    remediation: {
      terraform: 'Add an aws_s3_bucket_logging for the trail bucket, with target_bucket set to a separate access-log bucket.',
      cloudformation: 'Set LoggingConfiguration: { DestinationBucketName: !Ref AccessLogBucket } on the trail bucket, pointing at a separate access-log bucket.',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html',
      'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-7',
    ],
    equivalents: {
      trivy: ['AVD-AWS-0163'],
      'security-hub': ['CloudTrail.7'],
    },
  },
  appliesTo: 'resource',
  resourceTypes: TRAIL_TYPES,
  check(trail, context) {
    const found = trailLogBucket(trail, context);
    if (!found) return;
    const { bucket, at } = found;
    const settings = context.views.derive(buildLoggingView).of(bucket);
    if (settings.length === 0) {
      if (bucket.bucket) {
        context.report({
          messageId: 'bucketNotLogged',
          at,
          data: { trail: trail.id, bucket: bucket.id },
          related: [{ location: bucket.subject.headerRange, message: `log bucket ${bucket.id}` }],
        });
      } else {
        context.unresolved(at, `log bucket ${bucket.id} is not in the scanned code`);
      }
      return;
    }
    // Logging is on when any setting is; a dynamic one alone leaves it open.
    if (settings.some((setting) => setting.state === 'on')) return;
    for (const setting of settings) {
      if (setting.state === 'unknown') context.unresolved(setting.range, `whether log bucket ${bucket.id} records access logs depends on ${setting.expression}`);
    }
  },
});
