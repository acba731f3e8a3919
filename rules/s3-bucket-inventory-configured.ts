import { defineRule } from '../src/engine/rule.js';
import { bucketSettings, type SettingSource } from '../src/graph/bucket-settings.js';
import { buildLoggingView, settingCondition } from '../src/graph/logging.js';
import type { BucketView, S3Views } from '../src/graph/s3.js';
import type { ObjectNode, ResourceNode, SourceRange, ValueNode } from '../src/graph/types.js';
import { asObject, at, booleanValue, child, describe, dynamicBlocks, isDynamic, lineRange, stringValue } from '../src/graph/values.js';

/** The optional fields that show whether objects are protected. */
const REQUIRED_FIELDS = ['EncryptionStatus', 'ReplicationStatus'] as const;

export default defineRule({
  id: 's3-bucket-inventory-configured',
  meta: {
    title: 'Buckets keep an inventory of their protection',
    description: 'Every bucket that is not a log target has an enabled S3 Inventory that reports EncryptionStatus and ReplicationStatus, with encrypted reports.',
    practice: 's3.inventory',
    severity: 'note',
    presets: ['strict'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      missing: 'Bucket {{bucket}} has no S3 Inventory: nothing reports which objects are unencrypted or unreplicated',
      disabled: 'The inventory {{inventory}} of bucket {{bucket}} is disabled',
      missingFields: 'The inventory {{inventory}} of bucket {{bucket}} does not report {{fields}}',
      unencryptedDestination: 'The inventory {{inventory}} of bucket {{bucket}} sets no encryption for its reports, which list every object key',
    },
    remediation: {
      terraform:
        'Add an aws_s3_bucket_inventory with optional_fields including "EncryptionStatus" and "ReplicationStatus", and destination { bucket { encryption { sse_kms { key_id = … } } } } (or sse_s3 {}).',
      cloudformation:
        'Add to InventoryConfigurations an entry with Enabled: true and OptionalFields including EncryptionStatus and ReplicationStatus, delivered to a bucket whose default encryption is SSE-KMS.',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/storage-inventory.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/configure-inventory.html',
    ],
    equivalents: {},
  },
  appliesTo: 'bucket',
  check(bucket, context) {
    const settings = bucketSettings(bucket, 'inventory');
    if (settings.length === 0) {
      // A log target holds logs, not data whose protection needs auditing.
      if (bucket.bucket && !context.views.derive(buildLoggingView).isLogTarget(bucket)) {
        context.report({ messageId: 'missing', at: bucket.subject.headerRange, data: { bucket: bucket.id } });
      }
      return;
    }
    const inventories = settings.flatMap((setting) => readInventories(bucket, setting));
    const judged = inventories.map((inventory) => judge(context.views, inventory));
    if (judged.some((verdict) => verdict.problems.length === 0 && verdict.undecided.length === 0)) return;
    const undecided = judged.flatMap((verdict) => verdict.undecided);
    if (undecided.length > 0) {
      for (const { range, reason } of undecided) context.unresolved(range, reason);
      return;
    }
    for (const verdict of judged) {
      for (const problem of verdict.problems) {
        context.report({ messageId: problem.messageId, at: problem.at, data: { bucket: bucket.id, inventory: verdict.name, ...problem.data } });
      }
    }
  },
});

interface Undecided {
  range: SourceRange;
  reason: string;
}

/** One inventory configuration, as either framework writes it. */
type Inventory =
  | { kind: 'unknown'; range: SourceRange; reason: string }
  | {
      kind: 'known';
      source: ResourceNode;
      name: string;
      /** Where a finding about the inventory as a whole points. */
      at: SourceRange;
      enabled: ValueNode | undefined;
      fields: ValueNode | undefined;
      fieldsAt: SourceRange | undefined;
      /** Terraform only: the `destination.bucket` block; CloudFormation's Destination has no encryption property. */
      destination?: { block: ObjectNode | undefined; encryption: ValueNode | undefined; dynamicEncryption: boolean };
      bucketArn: ValueNode | undefined;
    };

function readInventories(bucket: BucketView, setting: SettingSource): Inventory[] {
  const node = setting.node;
  const condition = settingCondition(bucket, setting);
  if (condition) return [{ kind: 'unknown', range: condition.range, reason: `the inventory exists only if ${condition.expression} is not empty` }];
  if (setting.shape === 'terraform-resource') {
    const body = asObject(node)!;
    const destination = asObject(at(body, 'destination', 'bucket'));
    const name = stringValue(child(body, 'name'), setting.at);
    return [{
      kind: 'known',
      source: setting.source,
      name: name.state === 'known' ? name.value : setting.source.id,
      at: setting.at,
      enabled: child(body, 'enabled'),
      fields: child(body, 'optional_fields'),
      fieldsAt: body.entries.get('optional_fields')?.keyRange,
      destination: { block: destination, encryption: child(destination, 'encryption'), dynamicEncryption: dynamicBlocks(destination, 'encryption').length > 0 },
      bucketArn: child(destination, 'bucket_arn'),
    }];
  }
  if (isDynamic(node)) return [{ kind: 'unknown', range: setting.at, reason: `InventoryConfigurations depends on ${describe(node)}` }];
  const items = node.kind === 'list' ? node.items : [node];
  return items.map((item): Inventory => {
    if (isDynamic(item) || item.kind !== 'object') return { kind: 'unknown', range: item.range, reason: `the inventory configuration depends on ${describe(item)}` };
    const id = stringValue(child(item, 'Id'), item.range);
    return {
      kind: 'known',
      source: setting.source,
      name: id.state === 'known' ? id.value : 'without an Id',
      at: lineRange(item.range, 1),
      enabled: child(item, 'Enabled'),
      fields: child(item, 'OptionalFields'),
      fieldsAt: item.entries.get('OptionalFields')?.keyRange,
      bucketArn: child(child(item, 'Destination'), 'BucketArn'),
    };
  });
}

interface Problem {
  messageId: 'disabled' | 'missingFields' | 'unencryptedDestination';
  at: SourceRange;
  data?: Record<string, string>;
}

function judge(views: S3Views, inventory: Inventory): { name: string; problems: Problem[]; undecided: Undecided[] } {
  if (inventory.kind === 'unknown') return { name: '', problems: [], undecided: [{ range: inventory.range, reason: inventory.reason }] };
  const problems: Problem[] = [];
  const undecided: Undecided[] = [];
  // Terraform's `enabled` defaults to true; CloudFormation requires `Enabled`.
  const enabled = booleanValue(inventory.enabled, inventory.at);
  if (enabled.state === 'unknown') undecided.push({ range: enabled.range, reason: `whether the inventory is enabled depends on ${enabled.expression}` });
  if (enabled.state === 'known' && !enabled.value) return { name: inventory.name, problems: [{ messageId: 'disabled', at: enabled.range }], undecided };

  const fields = readFields(inventory.fields);
  if ('unknown' in fields) undecided.push({ range: fields.range, reason: `the optional fields depend on ${fields.unknown}` });
  else {
    const missing = REQUIRED_FIELDS.filter((field) => !fields.values.includes(field));
    if (missing.length > 0) {
      problems.push({ messageId: 'missingFields', at: inventory.fieldsAt ?? inventory.at, data: { fields: missing.join(' and ') } });
    }
  }

  const destination = inventory.destination;
  if (destination?.dynamicEncryption) undecided.push({ range: destination.block!.range, reason: 'the report encryption depends on a dynamic block' });
  else if (destination && !destination.encryption && !destinationEncryptsWithKms(views, inventory.source, inventory.bucketArn)) {
    problems.push({ messageId: 'unencryptedDestination', at: destination.block ? lineRange(destination.block.range, 1) : inventory.at });
  }
  return { name: inventory.name, problems, undecided };
}

function readFields(node: ValueNode | undefined): { values: string[] } | { unknown: string; range: SourceRange } {
  if (!node) return { values: [] };
  if (isDynamic(node)) return { unknown: describe(node), range: node.range };
  const values: string[] = [];
  for (const item of node.kind === 'list' ? node.items : [node]) {
    const value = stringValue(item, item.range);
    if (value.state === 'unknown') return { unknown: value.expression, range: value.range };
    if (value.state === 'known') values.push(value.value);
  }
  return { values };
}

/** A destination bucket in the code whose default encryption is SSE-KMS or DSSE-KMS encrypts the reports with KMS anyway. */
function destinationEncryptsWithKms(views: S3Views, source: ResourceNode, bucketArn: ValueNode | undefined): boolean {
  const destination = views.bucketFor(source, bucketArn);
  return (destination?.encryption ?? []).some((rule) => rule.algorithm.state === 'known' && rule.algorithm.value.startsWith('aws:kms'));
}
