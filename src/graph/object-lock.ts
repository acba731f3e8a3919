/**
 * Object Lock as the scanned code configures it, one view per bucket, from the three shapes `bucketSettings`
 * finds: the `object_lock_configuration` block on `aws_s3_bucket` (provider v3, deprecated in v4), the split
 * `aws_s3_bucket_object_lock_configuration`, and CloudFormation's `ObjectLockConfiguration`. Whether the bucket is
 * *created* with Object Lock comes from `BucketView.objectLockEnabled`: S3 then turns versioning on by itself.
 */
import type { Graph } from './graph.js';
import { bucketSettings, type SettingShape } from './bucket-settings.js';
import { configurationCondition, isDynamicBlock, unknownOf, type UnknownValue } from './lifecycle.js';
import type { BucketView, S3Views } from './s3.js';
import type { ObjectNode, ResourceNode, SourceRange, ValueNode } from './types.js';
import { asObject, child, dynamicBlocks, isDynamic, keyRange, stringValue, unknownAt, type Value } from './values.js';

export interface DefaultRetention {
  /** The `default_retention` block or `DefaultRetention` key: where findings about the retention as a whole point. */
  at: SourceRange;
  /** `COMPLIANCE` or `GOVERNANCE`. */
  mode: Value<string>;
  days: Value<number>;
  years: Value<number>;
}

export interface ObjectLockConfiguration {
  source: ResourceNode;
  shape: SettingShape;
  /** The block, resource header or property key. */
  at: SourceRange;
  /** Set when the configuration may not exist (a conditional split resource, a dynamic block, `Fn::If`). */
  condition?: UnknownValue;
  /** The default retention: absent when the configuration has no rule, unknown when it is decided at deploy time. */
  retention: { state: 'known'; value: DefaultRetention } | UnknownValue | { state: 'absent'; range: SourceRange };
}

export interface ObjectLockView {
  bucket: BucketView;
  /**
   * Whether Object Lock is on: known true when the bucket is created with it or a configuration turns it on
   * (S3 accepts that for existing, versioned buckets); absent when nothing in the code mentions it.
   */
  enabled: Value<boolean>;
  /** The bucket is created with Object Lock, so S3 enables versioning itself. */
  createdWithLock: boolean;
  configurations: ObjectLockConfiguration[];
}

/** The Object Lock view of every bucket. Use through `objectLockOf`. */
export function buildObjectLockViews(views: S3Views, _graph: Graph): Map<BucketView, ObjectLockView> {
  return new Map(views.buckets.map((bucket) => [bucket, objectLockView(bucket)]));
}

export function objectLockOf(views: S3Views, bucket: BucketView): ObjectLockView {
  return views.derive(buildObjectLockViews).get(bucket) ?? objectLockView(bucket);
}

function objectLockView(bucket: BucketView): ObjectLockView {
  const configurations = bucketSettings(bucket, 'objectLock').map((setting): ObjectLockConfiguration => {
    const { node, at, source, shape } = setting;
    const condition = configurationCondition(bucket, [setting]);
    if (isDynamic(node) || isDynamicBlock(node)) {
      return { source, shape, at, condition, retention: unknownOf(node) };
    }
    const terraform = shape !== 'cloudformation';
    const configuration = asObject(node);
    const ruleKey = terraform ? 'rule' : 'Rule';
    const dynamicRule = dynamicBlocks(configuration, ruleKey)[0];
    const retention = dynamicRule ? unknownOf(dynamicRule) : defaultRetention(child(configuration, ruleKey), terraform, at);
    return { source, shape, at, condition, retention };
  });

  const flag = bucket.objectLockEnabled;
  const createdWithLock = flag?.state === 'known' && flag.value;
  let enabled: Value<boolean> = flag ?? { state: 'absent', range: bucket.subject.headerRange };
  if (!createdWithLock) {
    // A configuration turns Object Lock on (its own enabled flag accepts only "Enabled"), if it exists.
    const certain = configurations.find((configuration) => !configuration.condition);
    const conditional = configurations.find((configuration) => configuration.condition);
    if (certain) enabled = { state: 'known', value: true, range: certain.at };
    else if (conditional?.condition && enabled.state !== 'unknown') enabled = conditional.condition;
  }
  return { bucket, enabled, createdWithLock, configurations };
}

function defaultRetention(rule: ValueNode | undefined, terraform: boolean, absentAt: SourceRange): ObjectLockConfiguration['retention'] {
  if (!rule) return { state: 'absent', range: absentAt };
  if (isDynamic(rule)) return unknownOf(rule);
  const ruleObject = asObject(rule);
  const key = terraform ? 'default_retention' : 'DefaultRetention';
  const dynamicRetention = dynamicBlocks(ruleObject, key)[0];
  if (dynamicRetention) return unknownOf(dynamicRetention);
  const retentionNode = child(ruleObject, key);
  if (!retentionNode) return { state: 'absent', range: ruleObject?.range ?? absentAt };
  if (isDynamic(retentionNode)) return unknownOf(retentionNode);
  const retention = asObject(retentionNode);
  const at = terraform ? blockHeader(retention) ?? retentionNode.range : keyRange(ruleObject, key) ?? retentionNode.range;
  const names = terraform ? { mode: 'mode', days: 'days', years: 'years' } : { mode: 'Mode', days: 'Days', years: 'Years' };
  return {
    state: 'known',
    value: {
      at,
      mode: stringValue(child(retention, names.mode), at),
      days: numberValue(child(retention, names.days), at),
      years: numberValue(child(retention, names.years), at),
    },
  };
}

/** A block's first line. */
function blockHeader(block: ObjectNode | undefined): SourceRange | undefined {
  if (!block) return undefined;
  return { file: block.range.file, start: block.range.start, end: { line: block.range.start.line, column: block.range.start.column + 1 } };
}

/** Integers, accepting numeric strings as both frameworks do. */
export function numberValue(node: ValueNode | undefined, absentAt: SourceRange): Value<number> {
  if (!node || (node.kind === 'literal' && node.value === null)) return { state: 'absent', range: absentAt };
  if (node.kind === 'literal') {
    const value = typeof node.value === 'number' ? node.value : typeof node.value === 'string' && /^-?\d+$/.test(node.value.trim()) ? Number(node.value) : undefined;
    if (value !== undefined) return { state: 'known', value, range: node.range };
  }
  return unknownAt(node);
}
