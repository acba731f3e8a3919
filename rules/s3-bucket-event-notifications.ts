import { defineRule } from '../src/engine/rule.js';
import { bucketSettings, type SettingSource } from '../src/graph/bucket-settings.js';
import { settingCondition } from '../src/graph/logging.js';
import type { BucketView } from '../src/graph/s3.js';
import type { SourceRange } from '../src/graph/types.js';
import { booleanValue, child, describe, dynamicBlocks, isDynamic, objects } from '../src/graph/values.js';

export default defineRule({
  id: 's3-bucket-event-notifications',
  meta: {
    title: 'Buckets publish event notifications',
    description: 'Every bucket sends event notifications to EventBridge, SNS, SQS or Lambda.',
    practice: 's3.event-notifications',
    severity: 'note',
    presets: ['strict'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      missing: 'Bucket {{bucket}} publishes no event notifications',
      empty: 'Bucket {{bucket}} has a notification configuration that sends events nowhere',
    },
    remediation: {
      terraform: 'Add an aws_s3_bucket_notification for the bucket with eventbridge = true (or topic, queue or lambda_function blocks for the events you act on).',
      cloudformation: 'Set NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } } on the bucket (or Topic, Queue or Lambda configurations).',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/EventNotifications.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/EventBridge.html',
      'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-11',
    ],
    equivalents: {
      checkov: ['CKV2_AWS_62'],
      'security-hub': ['S3.11'],
    },
  },
  appliesTo: 'bucket',
  check(bucket, context) {
    const settings = bucketSettings(bucket, 'notification');
    if (settings.length === 0) {
      if (bucket.bucket) context.report({ messageId: 'missing', at: bucket.subject.headerRange, data: { bucket: bucket.id } });
      return;
    }
    const verdicts = settings.map((setting) => publishes(bucket, setting));
    if (verdicts.includes(true)) return;
    const unknown = verdicts.find((verdict): verdict is Undecided => typeof verdict === 'object');
    if (unknown) context.unresolved(unknown.range, unknown.reason);
    else context.report({ messageId: 'empty', at: settings[0]!.at, data: { bucket: bucket.id } });
  },
});

interface Undecided {
  range: SourceRange;
  reason: string;
}

const TERRAFORM_DESTINATIONS = ['topic', 'queue', 'lambda_function'];
const CLOUDFORMATION_DESTINATIONS = ['TopicConfigurations', 'QueueConfigurations', 'LambdaConfigurations'];

/** Whether a notification configuration sends events anywhere. */
function publishes(bucket: BucketView, setting: SettingSource): boolean | Undecided {
  const node = setting.node;
  const condition = settingCondition(bucket, setting);
  if (condition) return { range: condition.range, reason: `the notification configuration exists only if ${condition.expression} is not empty` };
  if (isDynamic(node)) return { range: setting.at, reason: `the notification configuration depends on ${describe(node)}` };
  const terraform = setting.shape !== 'cloudformation';
  const eventBridge = booleanValue(
    terraform ? child(node, 'eventbridge') : child(child(node, 'EventBridgeConfiguration'), 'EventBridgeEnabled'),
    setting.at,
  );
  if (eventBridge.state === 'known' && eventBridge.value) return true;
  let undecided: Undecided | undefined =
    eventBridge.state === 'unknown' ? { range: eventBridge.range, reason: `EventBridge delivery depends on ${eventBridge.expression}` } : undefined;
  for (const key of terraform ? TERRAFORM_DESTINATIONS : CLOUDFORMATION_DESTINATIONS) {
    const destinations = child(node, key);
    if (isDynamic(destinations)) undecided ??= { range: destinations!.range, reason: `${key} depends on ${describe(destinations!)}` };
    else if (objects(destinations).length > 0 || (destinations?.kind === 'list' && destinations.items.length > 0)) return true;
    if (terraform && node.kind === 'object') {
      const dynamic = dynamicBlocks(node, key)[0];
      if (dynamic) undecided ??= { range: dynamic.range, reason: `the ${key} blocks depend on for_each` };
    }
  }
  return undecided ?? false;
}
