import { defineRule } from '../src/engine/rule.js';
import { bucketSettings } from '../src/graph/bucket-settings.js';
import { partCondition } from '../src/graph/bucket-settings.js';
import { buildNotificationsElsewhere } from '../src/graph/logging.js';
import type { BucketView } from '../src/graph/s3.js';
import type { ResourceNode, SourceRange, ValueNode } from '../src/graph/types.js';
import { asObject, at, booleanValue, child, describe, dynamicBlocks, isDynamic, items, type Value } from '../src/graph/values.js';
import type { Undecided } from './support/account-services.js';

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
    const notifications: Notification[] = [
      ...bucketSettings(bucket, 'notification').map((setting) => ({ ...setting, form: setting.shape === 'cloudformation' ? ('cloudformation' as const) : ('terraform' as const) })),
      ...(context.views.derive(buildNotificationsElsewhere).get(bucket) ?? []),
    ];
    if (notifications.length === 0) {
      if (bucket.bucket) context.report({ messageId: 'missing', at: bucket.subject.headerRange, data: { bucket: bucket.id } });
      return;
    }
    const verdicts = notifications.map((notification) => publishes(bucket, notification));
    if (verdicts.includes(true)) return;
    const unknown = verdicts.find((verdict): verdict is Undecided => typeof verdict === 'object');
    if (unknown) context.unresolved(unknown.range, unknown.reason);
    else context.report({ messageId: 'empty', at: notifications[0]!.at, data: { bucket: bucket.id } });
  },
});

/** A notification configuration, on the bucket or elsewhere, with the form it is written in. */
interface Notification {
  source: ResourceNode;
  form: keyof typeof FORMS | 'sam';
  node: ValueNode;
  at: SourceRange;
}

/** Where each form says whether EventBridge is on, and lists its destinations. */
const FORMS = {
  terraform: { eventBridge: ['eventbridge'], destinations: ['topic', 'queue', 'lambda_function'] },
  cloudformation: { eventBridge: ['EventBridgeConfiguration', 'EventBridgeEnabled'], destinations: ['TopicConfigurations', 'QueueConfigurations', 'LambdaConfigurations'] },
  // The S3 API's form, which the CDK's custom resource passes on: an `EventBridgeConfiguration`, even empty, turns EventBridge on.
  api: { eventBridge: ['EventBridgeConfiguration'], destinations: ['TopicConfigurations', 'QueueConfigurations', 'LambdaFunctionConfigurations'] },
} as const;

/** Whether a notification configuration sends events anywhere. */
function publishes(bucket: BucketView, notification: Notification): boolean | Undecided {
  // A SAM function's S3 event becomes a Lambda configuration of the bucket.
  if (notification.form === 'sam') return true;
  const { node, at: where } = notification;
  const condition = partCondition(bucket, notification.source);
  if (condition) return { range: condition.range, reason: `the notification configuration exists only if ${condition.expression} is not empty` };
  if (isDynamic(node)) return { range: where, reason: `the notification configuration depends on ${describe(node)}` };
  const form = FORMS[notification.form];
  const flag = at(node, ...form.eventBridge);
  const eventBridge: Value<boolean> = form === FORMS.api && flag ? { state: 'known', value: true, range: flag.range } : booleanValue(flag, where);
  if (eventBridge.state === 'known' && eventBridge.value) return true;
  let undecided: Undecided | undefined =
    eventBridge.state === 'unknown' ? { range: eventBridge.range, reason: `EventBridge delivery depends on ${eventBridge.expression}` } : undefined;
  for (const key of form.destinations) {
    const destinations = child(node, key);
    if (isDynamic(destinations)) undecided ??= { range: destinations!.range, reason: `${key} depends on ${describe(destinations!)}` };
    else if (items(destinations).length > 0) return true;
    const dynamic = dynamicBlocks(asObject(node), key)[0];
    if (dynamic) undecided ??= { range: dynamic.range, reason: `the ${key} blocks depend on for_each` };
  }
  return undecided ?? false;
}
