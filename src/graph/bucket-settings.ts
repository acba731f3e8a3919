/**
 * Where a bucket's configuration blocks are written. A setting can come from three shapes: the AWS provider v3
 * inline block on `aws_s3_bucket`, the split `aws_s3_bucket_*` resource (provider v4+), or the CloudFormation
 * bucket property. Domain views (logging, lifecycle, replication, object lock) read the shape they are given;
 * this module only finds the blocks, so no rule re-derives which resource carries what.
 */
import { blockAddress, resourceAddress } from './graph.js';
import type { BucketView } from './s3.js';
import type { ObjectNode, ResourceNode, SourceRange, ValueNode } from './types.js';
import { describe, isDynamic, objects } from './values.js';

export type BucketSetting =
  | 'website'
  | 'cors'
  | 'logging'
  | 'lifecycle'
  | 'replication'
  | 'notification'
  | 'inventory'
  | 'objectLock';

export type SettingShape = 'terraform-inline' | 'terraform-resource' | 'cloudformation';

export interface SettingSource {
  /** The resource that carries the setting. */
  source: ResourceNode;
  shape: SettingShape;
  /**
   * The setting: the inline block (`logging { … }`, one entry per repeated block such as `lifecycle_rule`), the
   * split resource's body, or the CloudFormation property's value.
   */
  node: ValueNode;
  /** Where a finding about the setting as a whole points: the block or property key, or the resource header. */
  at: SourceRange;
}

interface SettingLocation {
  /** Inline block on the v3 `aws_s3_bucket` (repeated blocks give one source each). */
  inline?: string;
  /** The split Terraform resource type. */
  resource?: string;
  /** The CloudFormation bucket property. */
  property?: string;
}

const LOCATIONS: Record<BucketSetting, SettingLocation> = {
  website: { inline: 'website', resource: 'aws_s3_bucket_website_configuration', property: 'WebsiteConfiguration' },
  cors: { inline: 'cors_rule', resource: 'aws_s3_bucket_cors_configuration', property: 'CorsConfiguration' },
  logging: { inline: 'logging', resource: 'aws_s3_bucket_logging', property: 'LoggingConfiguration' },
  lifecycle: { inline: 'lifecycle_rule', resource: 'aws_s3_bucket_lifecycle_configuration', property: 'LifecycleConfiguration' },
  replication: { inline: 'replication_configuration', resource: 'aws_s3_bucket_replication_configuration', property: 'ReplicationConfiguration' },
  notification: { resource: 'aws_s3_bucket_notification', property: 'NotificationConfiguration' },
  inventory: { resource: 'aws_s3_bucket_inventory', property: 'InventoryConfigurations' },
  objectLock: { inline: 'object_lock_configuration', resource: 'aws_s3_bucket_object_lock_configuration', property: 'ObjectLockConfiguration' },
};

/** Every place the scanned code configures `setting` for the bucket, in source order of the resources. */
export function bucketSettings(bucket: BucketView, setting: BucketSetting): SettingSource[] {
  const location = LOCATIONS[setting];
  const found: SettingSource[] = [];
  const resource = bucket.bucket;
  if (resource?.framework === 'terraform' && location.inline) {
    const entry = resource.body.entries.get(location.inline);
    for (const block of objects(entry?.value)) found.push({ source: resource, shape: 'terraform-inline', node: block, at: headerOf(block) });
    // `dynamic "logging" { … }`: present, content unknown.
    for (const block of objects(resource.body.entries.get('dynamic')?.value)) {
      if (block.block?.labels[0] === location.inline) found.push({ source: resource, shape: 'terraform-inline', node: block, at: headerOf(block) });
    }
  }
  if (resource?.framework === 'cloudformation' && location.property) {
    const entry = resource.body.entries.get(location.property);
    if (entry) found.push({ source: resource, shape: 'cloudformation', node: entry.value, at: entry.keyRange });
  }
  if (location.resource) {
    for (const part of bucket.parts.get(location.resource) ?? []) {
      found.push({ source: part, shape: 'terraform-resource', node: part.body, at: part.headerRange });
    }
  }
  return found;
}

/** A block's first line: where findings about a whole inline block point. */
function headerOf(block: ObjectNode): SourceRange {
  return { file: block.range.file, start: block.range.start, end: { line: block.range.start.line, column: block.range.start.column + 1 } };
}

/** The bucket's tags as known statically: Terraform `tags = { … }`, CloudFormation `Tags: [{Key, Value}]`. */
export function bucketTags(bucket: BucketView): Map<string, ValueNode> {
  const tags = new Map<string, ValueNode>();
  const resource = bucket.bucket;
  if (!resource) return tags;
  if (resource.framework === 'terraform') {
    const node = resource.body.entries.get('tags')?.value;
    if (node?.kind === 'object') for (const [key, entry] of node.entries) tags.set(key, entry.value);
    return tags;
  }
  for (const tag of objects(resource.body.entries.get('Tags')?.value)) {
    const key = tag.entries.get('Key')?.value;
    const value = tag.entries.get('Value')?.value;
    if (key?.kind === 'literal' && value) tags.set(String(key.value), value);
  }
  return tags;
}

/**
 * The condition under which a split Terraform resource for the bucket exists, when it may not exist with it:
 * `count = var.logging ? 1 : 0`, `for_each = var.logging`. A `for_each` over the buckets themselves, or the
 * bucket's own `count`, creates one per bucket. Inline blocks and CloudFormation properties have none.
 */
export function partCondition(bucket: BucketView, part: ResourceNode): { range: SourceRange; expression: string } | undefined {
  if (part === bucket.bucket || part.framework !== 'terraform') return undefined;
  for (const key of ['count', 'for_each']) {
    const value = part.body.entries.get(key)?.value;
    if (!value || !isDynamic(value)) continue;
    const own = bucket.bucket?.body.entries.get(key)?.value;
    if (value.kind === 'expression' && own?.kind === 'expression' && own.text === value.text) continue;
    if (bucket.bucket && value.kind === 'expression' && value.references.some((reference) => resourceAddress(reference) === blockAddress(bucket.bucket!))) continue;
    return { range: value.range, expression: `${key} = ${describe(value)}` };
  }
  return undefined;
}
