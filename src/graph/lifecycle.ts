/**
 * Lifecycle configuration as the scanned code writes it, one view per bucket, from the three shapes
 * `bucketSettings` finds: `lifecycle_rule` blocks on `aws_s3_bucket` (provider v3, one rule per block), the split
 * `aws_s3_bucket_lifecycle_configuration` (provider v4+) and CloudFormation's `LifecycleConfiguration.Rules`.
 * Rules only need to know whether an enabled rule does something, so each rule is reduced to its status and the
 * presence of the actions the lifecycle rules judge.
 *
 * Also the helpers the bucket-setting views share (lifecycle, replication, Object Lock): whether a configuration
 * exists only under a condition, and how a value decided at deploy time is described.
 */
import type { Graph } from './graph.js';
import { bucketSettings, type SettingShape, type SettingSource } from './bucket-settings.js';
import { partCondition } from './bucket-settings.js';
import type { BucketView, S3Views } from './s3.js';
import type { ObjectNode, ResourceNode, SourceRange, ValueNode } from './types.js';
import { asObject, booleanValue, child, describe, dynamicBlocks, isDynamic, items, stringValue, type Value } from './values.js';

export type UnknownValue = Extract<Value<never>, { state: 'unknown' }>;

/** Whether something is there: unknown when that depends on a deploy-time value (a dynamic block, `Fn::If`, `count`). */
export type Presence = { state: 'present' } | { state: 'absent' } | UnknownValue;

const PRESENT: Presence = { state: 'present' };
const ABSENT: Presence = { state: 'absent' };

export type LifecycleAction = 'noncurrentVersions' | 'abortMultipartUploads';

export interface LifecycleRule {
  range: SourceRange;
  enabled: Value<boolean>;
  /** Expires or transitions noncurrent object versions. */
  noncurrentVersions: Presence;
  /** Aborts incomplete multipart uploads. */
  abortMultipartUploads: Presence;
}

export interface LifecycleConfiguration {
  source: ResourceNode;
  shape: SettingShape;
  /** The first `lifecycle_rule` block, the resource header or the property key. */
  at: SourceRange;
  /** Set when the configuration may not exist (see `configurationCondition`). */
  condition?: UnknownValue;
  rules: LifecycleRule[];
  /** Rules decided at deploy time. */
  unknown: UnknownValue[];
}

export interface LifecycleView {
  bucket: BucketView;
  configurations: LifecycleConfiguration[];
}

/** Whether an enabled lifecycle rule takes an action: it does, it does not (with the configuration, if any), or unknown. */
export type ActionVerdict =
  | { state: 'takes' }
  | { state: 'missing'; configuration?: LifecycleConfiguration }
  | { state: 'unknown'; range: SourceRange; reason: string };

/** The lifecycle view of every bucket. Use through `lifecycleOf`. */
export function buildLifecycleViews(views: S3Views, _graph: Graph): Map<BucketView, LifecycleView> {
  return new Map(views.buckets.map((bucket) => [bucket, lifecycleView(bucket)]));
}

export function lifecycleOf(views: S3Views, bucket: BucketView): LifecycleView {
  return views.derive(buildLifecycleViews).get(bucket) ?? lifecycleView(bucket);
}

/** Whether some enabled rule of a configuration that certainly exists takes `action`. */
export function lifecycleAction(view: LifecycleView, action: LifecycleAction): ActionVerdict {
  let unknown: ActionVerdict | undefined;
  for (const configuration of view.configurations) {
    for (const rule of configuration.rules) {
      const { enabled } = rule;
      const takes = rule[action];
      const off = enabled.state === 'absent' || (enabled.state === 'known' && !enabled.value);
      if (off || takes.state === 'absent') continue;
      if (enabled.state === 'unknown') unknown ??= { state: 'unknown', range: enabled.range, reason: `whether the lifecycle rule is enabled depends on ${enabled.expression}` };
      else if (takes.state === 'unknown') unknown ??= { state: 'unknown', range: takes.range, reason: `whether the lifecycle rule takes the action depends on ${takes.expression}` };
      else if (!configuration.condition) return { state: 'takes' };
      else unknown ??= { state: 'unknown', range: configuration.condition.range, reason: `whether the lifecycle configuration exists depends on ${configuration.condition.expression}` };
    }
    for (const value of configuration.unknown) {
      unknown ??= { state: 'unknown', range: value.range, reason: `lifecycle rules depend on ${value.expression}` };
    }
  }
  // A configuration that may not exist, without the action, leaves the action missing either way.
  return unknown ?? { state: 'missing', configuration: view.configurations[0] };
}

/** Whether the code configures a setting: some configuration exists for sure, only conditional ones, or none. */
export function configurationPresence(configurations: readonly { condition?: UnknownValue }[]): Presence {
  let condition: UnknownValue | undefined;
  for (const configuration of configurations) {
    if (!configuration.condition) return PRESENT;
    condition ??= configuration.condition;
  }
  return condition ?? ABSENT;
}

/**
 * The condition under which a configuration exists, or undefined when it exists whenever its bucket does: a split
 * resource with its own `count`/`for_each`, inline blocks that are all `dynamic`, or a CloudFormation property
 * behind `Fn::If` (which may choose `AWS::NoValue`).
 */
export function configurationCondition(bucket: BucketView, settings: readonly SettingSource[]): UnknownValue | undefined {
  const [first] = settings;
  if (!first) return undefined;
  if (first.shape === 'terraform-resource') {
    const condition = partCondition(bucket, first.source);
    return condition && { state: 'unknown', expression: condition.expression, range: condition.range };
  }
  if (first.shape === 'terraform-inline') return settings.every(({ node }) => isDynamicBlock(node)) ? unknownOf(first.node) : undefined;
  return mayBeNoValue(first.node) ? unknownOf(first.node) : undefined;
}

function lifecycleView(bucket: BucketView): LifecycleView {
  const configurations: LifecycleConfiguration[] = [];
  const settings = bucketSettings(bucket, 'lifecycle');
  const inline = settings.filter((setting) => setting.shape === 'terraform-inline');
  if (inline.length > 0) {
    // Provider v3: every `lifecycle_rule` block is one rule of the bucket's single configuration.
    configurations.push({
      source: inline[0]!.source,
      shape: 'terraform-inline',
      at: inline[0]!.at,
      condition: configurationCondition(bucket, inline),
      rules: inline.flatMap(({ node }) => (node.kind === 'object' && !isDynamicBlock(node) ? [inlineRule(node)] : [])),
      unknown: inline.flatMap(({ node }) => (isDynamicBlock(node) ? [unknownOf(node)] : [])),
    });
  }
  for (const setting of settings) {
    if (setting.shape === 'terraform-resource') {
      const body = asObject(setting.node);
      configurations.push({
        source: setting.source,
        shape: setting.shape,
        at: setting.at,
        condition: configurationCondition(bucket, [setting]),
        rules: items(child(body, 'rule')).flatMap((rule) => (rule.kind === 'object' ? [resourceRule(rule)] : [])),
        unknown: dynamicBlocks(body, 'rule').map(unknownOf),
      });
    } else if (setting.shape === 'cloudformation') {
      configurations.push(cloudFormationConfiguration(bucket, setting));
    }
  }
  return { bucket, configurations };
}

/** Provider v3 `lifecycle_rule { enabled = true … }`. */
function inlineRule(rule: ObjectNode): LifecycleRule {
  return {
    range: rule.range,
    enabled: booleanValue(child(rule, 'enabled'), rule.range),
    noncurrentVersions: anyPresent(blockPresence(rule, 'noncurrent_version_expiration'), blockPresence(rule, 'noncurrent_version_transition')),
    abortMultipartUploads: attributePresence(rule, 'abort_incomplete_multipart_upload_days'),
  };
}

/** `aws_s3_bucket_lifecycle_configuration` `rule { status = "Enabled" … }`. */
function resourceRule(rule: ObjectNode): LifecycleRule {
  return {
    range: rule.range,
    enabled: statusValue(stringValue(child(rule, 'status'), rule.range)),
    noncurrentVersions: anyPresent(blockPresence(rule, 'noncurrent_version_expiration'), blockPresence(rule, 'noncurrent_version_transition')),
    abortMultipartUploads: blockPresence(rule, 'abort_incomplete_multipart_upload'),
  };
}

const CLOUDFORMATION_NONCURRENT = [
  'NoncurrentVersionExpiration',
  'NoncurrentVersionExpirationInDays',
  'NoncurrentVersionTransitions',
  'NoncurrentVersionTransition',
];

function cloudFormationConfiguration(bucket: BucketView, setting: SettingSource): LifecycleConfiguration {
  const configuration: LifecycleConfiguration = {
    source: setting.source,
    shape: 'cloudformation',
    at: setting.at,
    condition: configurationCondition(bucket, [setting]),
    rules: [],
    unknown: [],
  };
  // `LifecycleConfiguration: !If […]` or `Rules: !If […]`: the rules are decided at deploy time.
  const rules = isDynamic(setting.node) ? setting.node : child(setting.node, 'Rules');
  if (rules && isDynamic(rules)) {
    configuration.unknown.push(unknownOf(rules));
    return configuration;
  }
  for (const rule of items(rules)) {
    if (isDynamic(rule)) configuration.unknown.push(unknownOf(rule));
    else if (rule.kind === 'object') {
      configuration.rules.push({
        range: rule.range,
        enabled: statusValue(stringValue(child(rule, 'Status'), rule.range)),
        noncurrentVersions: anyPresent(...CLOUDFORMATION_NONCURRENT.map((key) => propertyPresence(rule, key))),
        abortMultipartUploads: propertyPresence(rule, 'AbortIncompleteMultipartUpload'),
      });
    }
  }
  return configuration;
}

/** `Enabled` is on; any other known status is off. */
function statusValue(status: Value<string>): Value<boolean> {
  return status.state === 'known' ? { state: 'known', value: status.value === 'Enabled', range: status.range } : status;
}

function anyPresent(...presences: Presence[]): Presence {
  return presences.find((presence) => presence.state === 'present') ?? presences.find((presence) => presence.state === 'unknown') ?? ABSENT;
}

/** A nested Terraform block: present when written, unknown when it is a `dynamic` block. */
function blockPresence(rule: ObjectNode, name: string): Presence {
  if (rule.entries.has(name)) return PRESENT;
  const dynamic = dynamicBlocks(rule, name)[0];
  return dynamic ? unknownOf(dynamic) : ABSENT;
}

/** A Terraform attribute: `null` is absent, an expression may evaluate to null. */
function attributePresence(rule: ObjectNode, name: string): Presence {
  const value = rule.entries.get(name)?.value;
  if (!value || (value.kind === 'literal' && value.value === null)) return ABSENT;
  return value.kind === 'expression' ? unknownOf(value) : PRESENT;
}

/** A CloudFormation property, present unless `Fn::If` may choose `AWS::NoValue`. */
function propertyPresence(rule: ObjectNode, name: string): Presence {
  const value = rule.entries.get(name)?.value;
  if (!value || (value.kind === 'literal' && value.value === null)) return ABSENT;
  return mayBeNoValue(value) ? unknownOf(value) : PRESENT;
}

/** `Fn::If` with a `!Ref AWS::NoValue` branch (nested ones included): the value may remove its property. */
function mayBeNoValue(node: ValueNode): boolean {
  const branches = node.kind === 'object' && node.entries.size === 1 ? child(node, 'Fn::If') : undefined;
  if (branches?.kind !== 'list') return false;
  return branches.items.slice(1).some((branch) => {
    const ref = child(branch, 'Ref');
    return (branch.kind === 'object' && ref?.kind === 'literal' && ref.value === 'AWS::NoValue') || mayBeNoValue(branch);
  });
}

/** `dynamic "lifecycle_rule" { … }`: a Terraform block whose instances depend on `for_each`. */
export function isDynamicBlock(node: ValueNode): node is ObjectNode {
  return node.kind === 'object' && node.block?.type === 'dynamic';
}

/** A deploy-time value; a dynamic block reads as `dynamic "rule" (for_each = var.rules)`. */
export function unknownOf(node: ValueNode): UnknownValue {
  if (isDynamicBlock(node)) {
    const forEach = child(node, 'for_each');
    const expression = `dynamic "${node.block?.labels[0] ?? ''}"${forEach ? ` (for_each = ${describe(forEach)})` : ''}`;
    return { state: 'unknown', expression, range: node.range };
  }
  return { state: 'unknown', expression: describe(node), range: node.range };
}
