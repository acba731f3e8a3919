import { defineRule } from '../src/engine/rule.js';
import { bucketSettings, type SettingSource } from '../src/graph/bucket-settings.js';
import { partCondition } from '../src/graph/bucket-settings.js';
import type { BucketView } from '../src/graph/s3.js';
import type { SourceRange, ValueNode } from '../src/graph/types.js';
import { asObject, booleanValue, child, describe, isDynamic, items, lineRange, stringValue } from '../src/graph/values.js';
import type { Undecided } from './support/account-services.js';

/** The optional fields that show whether objects are protected. */
const REQUIRED_FIELDS = ['EncryptionStatus', 'ReplicationStatus'] as const;

export default defineRule({
  id: 's3-bucket-inventory-configured',
  meta: {
    title: 'Buckets keep an inventory of their protection',
    description: 'Every bucket has an enabled S3 Inventory that reports EncryptionStatus and ReplicationStatus.',
    practice: 's3.inventory',
    severity: 'note',
    presets: ['strict'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      missing: 'Bucket {{bucket}} has no S3 Inventory, so nothing reports which of its objects are unencrypted or unreplicated',
      disabled: 'The inventory {{inventory}} of bucket {{bucket}} is disabled, so it reports nothing',
      missingFields: 'The inventory {{inventory}} of bucket {{bucket}} does not report {{fields}}, so it cannot show which objects lack that protection',
    },
    remediation: {
      terraform:
        'Add an aws_s3_bucket_inventory for the bucket with optional_fields including "EncryptionStatus" and "ReplicationStatus", delivered to a separate reports bucket.',
      cloudformation:
        'Add to the bucket\'s InventoryConfigurations an entry with Enabled: true and OptionalFields including EncryptionStatus and ReplicationStatus, delivered to a separate reports bucket.',
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
      if (bucket.bucket) context.report({ messageId: 'missing', at: bucket.subject.headerRange, data: { bucket: bucket.id } });
      return;
    }
    // One inventory that reports both fields is enough: others (a daily size report, say) are not judged then.
    const verdicts = settings.flatMap((setting) => readInventories(bucket, setting)).map(judge);
    if (verdicts.some((verdict) => 'problem' in verdict && verdict.problem === undefined)) return;
    const undecided = verdicts.filter((verdict): verdict is Undecided => 'reason' in verdict);
    if (undecided.length > 0) {
      for (const { range, reason } of undecided) context.unresolved(range, reason);
      return;
    }
    for (const verdict of verdicts) {
      if (!('problem' in verdict) || !verdict.problem) continue;
      const { messageId, at, fields } = verdict.problem;
      context.report({ messageId, at, data: { bucket: bucket.id, inventory: verdict.name, fields: fields ?? '' } });
    }
  },
});

/** One inventory configuration, as either framework writes it. */
interface Inventory {
  name: string;
  /** Where a finding about the inventory as a whole points. */
  at: SourceRange;
  enabled: ValueNode | undefined;
  fields: ValueNode | undefined;
  fieldsAt: SourceRange | undefined;
}

function readInventories(bucket: BucketView, setting: SettingSource): (Inventory | Undecided)[] {
  const node = setting.node;
  const condition = partCondition(bucket, setting.source);
  if (condition) return [{ range: condition.range, reason: `the inventory exists only if ${condition.expression} is not empty` }];
  if (setting.shape === 'terraform-resource') {
    const body = asObject(node)!;
    const name = stringValue(child(body, 'name'), setting.at);
    return [{
      name: name.state === 'known' ? name.value : setting.source.id,
      at: setting.at,
      enabled: child(body, 'enabled'),
      fields: child(body, 'optional_fields'),
      fieldsAt: body.entries.get('optional_fields')?.keyRange,
    }];
  }
  if (isDynamic(node)) return [{ range: setting.at, reason: `InventoryConfigurations depends on ${describe(node)}` }];
  return items(node).map((item) => {
    if (item.kind !== 'object' || isDynamic(item)) return { range: item.range, reason: `the inventory configuration depends on ${describe(item)}` };
    const id = stringValue(child(item, 'Id'), item.range);
    return {
      name: id.state === 'known' ? id.value : 'without an Id',
      at: lineRange(item.range, 1),
      enabled: child(item, 'Enabled'),
      fields: child(item, 'OptionalFields'),
      fieldsAt: item.entries.get('OptionalFields')?.keyRange,
    };
  });
}

interface Problem {
  messageId: 'disabled' | 'missingFields';
  at: SourceRange;
  fields?: string;
}

/** An inventory's problem (undefined when it does the job), or what keeps it from being judged. */
function judge(inventory: Inventory | Undecided): { name: string; problem: Problem | undefined } | Undecided {
  if ('reason' in inventory) return inventory;
  // Terraform's `enabled` defaults to true; CloudFormation requires `Enabled`.
  const enabled = booleanValue(inventory.enabled, inventory.at);
  if (enabled.state === 'unknown') return { range: enabled.range, reason: `whether the inventory is enabled depends on ${enabled.expression}` };
  if (enabled.state === 'known' && !enabled.value) return { name: inventory.name, problem: { messageId: 'disabled', at: enabled.range } };
  const fields = readFields(inventory.fields);
  if ('reason' in fields) return fields;
  const missing = REQUIRED_FIELDS.filter((field) => !fields.values.includes(field));
  if (missing.length === 0) return { name: inventory.name, problem: undefined };
  return { name: inventory.name, problem: { messageId: 'missingFields', at: inventory.fieldsAt ?? inventory.at, fields: missing.join(' and ') } };
}

function readFields(node: ValueNode | undefined): { values: string[] } | Undecided {
  if (isDynamic(node)) return { range: node!.range, reason: `the optional fields depend on ${describe(node!)}` };
  const values: string[] = [];
  for (const item of items(node)) {
    const value = stringValue(item, item.range);
    if (value.state === 'unknown') return { range: value.range, reason: `the optional fields depend on ${value.expression}` };
    if (value.state === 'known') values.push(value.value);
  }
  return { values };
}
