/**
 * Lifecycle configuration as the scanned code writes it, one view per bucket, from the three shapes
 * `bucketSettings` finds: `lifecycle_rule` blocks on `aws_s3_bucket` (provider v3, one rule per block), the split
 * `aws_s3_bucket_lifecycle_configuration` (provider v4+) and CloudFormation's `LifecycleConfiguration.Rules`.
 * Rules only need to know whether an enabled rule does something, so each rule is reduced to its status and the
 * presence of the actions the lifecycle rules judge.
 */
import type { Graph } from './graph.js';
import { bucketSettings, type SettingShape } from './bucket-settings.js';
import type { BucketView, S3Views } from './s3.js';
import type { ObjectNode, ResourceNode, SourceRange, ValueNode } from './types.js';
import { asObject, booleanValue, child, describe, dynamicBlocks, isDynamic, items, stringValue, type Value } from './values.js';

/** Whether a rule sets an action: unknown when that depends on a deploy-time value (a dynamic block, `Fn::If`). */
export type Presence = { state: 'present' } | { state: 'absent' } | { state: 'unknown'; range: SourceRange };

const PRESENT: Presence = { state: 'present' };
const ABSENT: Presence = { state: 'absent' };

export type UnknownValue = Extract<Value<never>, { state: 'unknown' }>;

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
  rules: LifecycleRule[];
  /** Rules, or the whole configuration, decided at deploy time. */
  unknown: UnknownValue[];
}

export interface LifecycleView {
  bucket: BucketView;
  configurations: LifecycleConfiguration[];
}

/** Whether an enabled lifecycle rule takes the action: yes, no, or unknown (with where and why). */
export type ActionOutcome = { state: 'yes' } | { state: 'no' } | { state: 'unknown'; range: SourceRange; reason: string };

/** The lifecycle view of every bucket. Use through `lifecycleOf`. */
export function buildLifecycleViews(views: S3Views, _graph: Graph): Map<BucketView, LifecycleView> {
  return new Map(views.buckets.map((bucket) => [bucket, lifecycleView(bucket)]));
}

export function lifecycleOf(views: S3Views, bucket: BucketView): LifecycleView {
  return views.derive(buildLifecycleViews).get(bucket) ?? lifecycleView(bucket);
}

/** Whether some enabled rule of any configuration takes `action`. */
export function enabledRuleTakes(view: LifecycleView, action: LifecycleAction): ActionOutcome {
  let unknown: ActionOutcome | undefined;
  for (const configuration of view.configurations) {
    for (const rule of configuration.rules) {
      const { enabled } = rule;
      const takes = rule[action];
      const off = enabled.state === 'absent' || (enabled.state === 'known' && !enabled.value);
      if (off || takes.state === 'absent') continue;
      if (enabled.state === 'known' && takes.state === 'present') return { state: 'yes' };
      unknown ??=
        enabled.state === 'unknown'
          ? { state: 'unknown', range: enabled.range, reason: `whether the lifecycle rule is enabled depends on ${enabled.expression}` }
          : { state: 'unknown', range: takes.state === 'unknown' ? takes.range : rule.range, reason: 'whether the lifecycle rule takes the action depends on a deploy-time value' };
    }
    for (const value of configuration.unknown) {
      unknown ??= { state: 'unknown', range: value.range, reason: `lifecycle rules depend on ${value.expression}` };
    }
  }
  return unknown ?? { state: 'no' };
}

function lifecycleView(bucket: BucketView): LifecycleView {
  const configurations: LifecycleConfiguration[] = [];
  const settings = bucketSettings(bucket, 'lifecycle');
  const inline = settings.filter((setting) => setting.shape === 'terraform-inline');
  if (inline.length > 0) {
    // Provider v3: every `lifecycle_rule` block is one rule of the bucket's single configuration.
    const configuration: LifecycleConfiguration = { source: inline[0]!.source, shape: 'terraform-inline', at: inline[0]!.at, rules: [], unknown: [] };
    for (const { node } of inline) {
      if (node.kind === 'object' && node.block?.type === 'dynamic') configuration.unknown.push(unknownOf(node));
      else if (node.kind === 'object') configuration.rules.push(inlineRule(node));
    }
    configurations.push(configuration);
  }
  for (const setting of settings) {
    if (setting.shape === 'terraform-resource') {
      const body = asObject(setting.node);
      configurations.push({
        source: setting.source,
        shape: setting.shape,
        at: setting.at,
        rules: items(child(body, 'rule')).flatMap((rule) => (rule.kind === 'object' ? [resourceRule(rule)] : [])),
        unknown: dynamicBlocks(body, 'rule').map((block) => unknownOf(block)),
      });
    } else if (setting.shape === 'cloudformation') {
      configurations.push(cloudFormationConfiguration(setting.source, setting.node, setting.at));
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

function cloudFormationConfiguration(source: ResourceNode, node: ValueNode, at: SourceRange): LifecycleConfiguration {
  const configuration: LifecycleConfiguration = { source, shape: 'cloudformation', at, rules: [], unknown: [] };
  if (isDynamic(node)) {
    configuration.unknown.push(unknownOf(node));
    return configuration;
  }
  const rules = child(node, 'Rules');
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
  return dynamic ? { state: 'unknown', range: dynamic.range } : ABSENT;
}

/** A Terraform attribute: `null` is absent, an expression may evaluate to null. */
function attributePresence(rule: ObjectNode, name: string): Presence {
  const value = rule.entries.get(name)?.value;
  if (!value || (value.kind === 'literal' && value.value === null)) return ABSENT;
  return value.kind === 'expression' ? { state: 'unknown', range: value.range } : PRESENT;
}

/** A CloudFormation property: `Fn::If` may choose `AWS::NoValue`. */
function propertyPresence(rule: ObjectNode, name: string): Presence {
  const value = rule.entries.get(name)?.value;
  if (!value || (value.kind === 'literal' && value.value === null)) return ABSENT;
  return value.kind === 'object' && value.entries.has('Fn::If') && value.entries.size === 1 ? { state: 'unknown', range: value.range } : PRESENT;
}

export function unknownOf(node: ValueNode): UnknownValue {
  return { state: 'unknown', expression: describe(node), range: node.range };
}
