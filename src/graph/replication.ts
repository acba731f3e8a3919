/**
 * Replication as the scanned code configures it, from the three shapes `bucketSettings` finds: the
 * `replication_configuration` block on `aws_s3_bucket` (provider v3: `rules`, `account_id`,
 * `delete_marker_replication_status`), the split `aws_s3_bucket_replication_configuration` (provider v4+: `rule`,
 * `account`, `delete_marker_replication { status }`) and CloudFormation's `ReplicationConfiguration`. Built once per
 * scan: which buckets are replication destinations is knowledge about the whole scan.
 */
import type { Graph } from './graph.js';
import { bucketSettings, type SettingShape, type SettingSource } from './bucket-settings.js';
import { configurationCondition, isDynamicBlock, unknownOf, type UnknownValue } from './lifecycle.js';
import type { BucketView, S3Views } from './s3.js';
import type { ObjectNode, ResourceNode, SourceRange, ValueNode } from './types.js';
import { asObject, booleanValue, child, describe, dynamicBlocks, isDynamic, items, stringValue, type Value } from './values.js';

/** Where the destination is, seen from the source: same region and account, elsewhere, or not known statically. */
export type DestinationPlacement = { state: 'same' } | { state: 'elsewhere' } | { state: 'unknown'; reason: string };

export interface ReplicationDestination {
  /** The destination bucket value (an ARN) as written. */
  node?: ValueNode;
  /** Where findings about the destination point: its bucket value, else the destination block. */
  at: SourceRange;
  /** The destination's view when the scan has it: its resource, or settings for a bucket outside the code. */
  bucket?: BucketView;
  /** The destination owner's account (`account`, `account_id`, `Account`). */
  account: Value<string>;
  /** The account names the source's own account (`data.aws_caller_identity.…account_id`, `AWS::AccountId`). */
  ownAccount: boolean;
  placement: DestinationPlacement;
  /** `access_control_translation.owner` / `AccessControlTranslation.Owner`. */
  owner: Value<string>;
  /** S3 Replication Time Control status. */
  replicationTime: Value<string>;
  /** Replication metrics status. */
  metrics: Value<string>;
  replicaKmsKey: Value<string>;
}

/** Which V2 filter a rule uses: none (a V1 rule), a prefix only, tags, or decided at deploy time. */
export type ReplicationFilter = 'none' | 'prefix' | 'tags' | 'unknown';

export interface ReplicationRule {
  range: SourceRange;
  /** The rule's id, or its position: for messages. */
  label: string;
  /** `Enabled` or `Disabled`. */
  status: Value<string>;
  filter: ReplicationFilter;
  /** Delete marker replication status (`Enabled` / `Disabled`). */
  deleteMarkers: Value<string>;
  /** Whether SSE-KMS encrypted objects are replicated (`Enabled` / `Disabled`). */
  kmsEncryptedObjects: Value<string>;
  destination: ReplicationDestination;
}

export interface ReplicationConfiguration {
  /** The source bucket. */
  bucket: BucketView;
  source: ResourceNode;
  shape: SettingShape;
  /** The inline block, the resource header or the property key. */
  at: SourceRange;
  /** Set when the configuration may not exist (a conditional split resource, a dynamic block, `Fn::If`). */
  condition?: UnknownValue;
  role: Value<string>;
  rules: ReplicationRule[];
  /** Rules, or the whole configuration, decided at deploy time. */
  unknown: UnknownValue[];
}

export interface ReplicationViews {
  bySource: Map<BucketView, ReplicationConfiguration[]>;
  /** Buckets some replication rule (whatever its status) writes to. */
  destinations: Set<BucketView>;
}

/** The replication view of the scan. Use through `replicationOf` and `isReplicationDestination`. */
export function buildReplicationViews(views: S3Views, graph: Graph): ReplicationViews {
  const bySource = new Map<BucketView, ReplicationConfiguration[]>();
  const destinations = new Set<BucketView>();
  for (const bucket of views.buckets) {
    const configurations = bucketSettings(bucket, 'replication').map((setting) => new ConfigurationReader(views, graph, bucket, setting).read());
    bySource.set(bucket, configurations);
    for (const configuration of configurations) {
      for (const rule of configuration.rules) if (rule.destination.bucket) destinations.add(rule.destination.bucket);
    }
  }
  return { bySource, destinations };
}

export function replicationOf(views: S3Views, bucket: BucketView): ReplicationConfiguration[] {
  return views.derive(buildReplicationViews).bySource.get(bucket) ?? [];
}

export function isReplicationDestination(views: S3Views, bucket: BucketView): boolean {
  return views.derive(buildReplicationViews).destinations.has(bucket);
}

/** Property names of one shape. */
interface Names {
  role: string;
  rules: string;
  id: string;
  status: string;
  filter: string;
  destination: string;
  bucket: string;
  account: string;
  owner: string[];
  replicaKmsKey: string[];
  replicationTime: string;
  metrics: string;
  sseKms: string[];
}

const TERRAFORM_RESOURCE: Names = {
  role: 'role',
  rules: 'rule',
  id: 'id',
  status: 'status',
  filter: 'filter',
  destination: 'destination',
  bucket: 'bucket',
  account: 'account',
  owner: ['access_control_translation', 'owner'],
  replicaKmsKey: ['encryption_configuration', 'replica_kms_key_id'],
  replicationTime: 'replication_time',
  metrics: 'metrics',
  sseKms: ['source_selection_criteria', 'sse_kms_encrypted_objects', 'status'],
};

const TERRAFORM_INLINE: Names = {
  ...TERRAFORM_RESOURCE,
  rules: 'rules',
  account: 'account_id',
  replicaKmsKey: ['replica_kms_key_id'],
  sseKms: ['source_selection_criteria', 'sse_kms_encrypted_objects', 'enabled'],
};

const CLOUDFORMATION: Names = {
  role: 'Role',
  rules: 'Rules',
  id: 'Id',
  status: 'Status',
  filter: 'Filter',
  destination: 'Destination',
  bucket: 'Bucket',
  account: 'Account',
  owner: ['AccessControlTranslation', 'Owner'],
  replicaKmsKey: ['EncryptionConfiguration', 'ReplicaKmsKeyID'],
  replicationTime: 'ReplicationTime',
  metrics: 'Metrics',
  sseKms: ['SourceSelectionCriteria', 'SseKmsEncryptedObjects', 'Status'],
};

class ConfigurationReader {
  private readonly names: Names;
  private readonly terraform: boolean;
  private readonly source: ResourceNode;
  private readonly shape: SettingShape;

  constructor(
    private readonly views: S3Views,
    private readonly graph: Graph,
    private readonly bucket: BucketView,
    private readonly setting: SettingSource,
  ) {
    this.source = setting.source;
    this.shape = setting.shape;
    this.names = this.shape === 'cloudformation' ? CLOUDFORMATION : this.shape === 'terraform-inline' ? TERRAFORM_INLINE : TERRAFORM_RESOURCE;
    this.terraform = this.shape !== 'cloudformation';
  }

  read(): ReplicationConfiguration {
    const { node, at } = this.setting;
    const configuration: ReplicationConfiguration = {
      bucket: this.bucket,
      source: this.source,
      shape: this.shape,
      at,
      condition: configurationCondition(this.bucket, [this.setting]),
      role: { state: 'absent', range: at },
      rules: [],
      unknown: [],
    };
    if (isDynamic(node) || isDynamicBlock(node)) {
      configuration.unknown.push(unknownOf(node));
      configuration.role = unknownOf(node);
      return configuration;
    }
    const body = asObject(node);
    configuration.role = stringValue(child(body, this.names.role), at);
    const rules = child(body, this.names.rules);
    if (rules && isDynamic(rules)) configuration.unknown.push(unknownOf(rules));
    else {
      items(rules).forEach((rule, index) => {
        if (rule.kind === 'object') configuration.rules.push(this.rule(rule, index));
        else if (isDynamic(rule)) configuration.unknown.push(unknownOf(rule));
      });
    }
    if (this.terraform) for (const block of dynamicBlocks(body, this.names.rules)) configuration.unknown.push(unknownOf(block));
    return configuration;
  }

  private rule(rule: ObjectNode, index: number): ReplicationRule {
    const names = this.names;
    const id = child(rule, names.id);
    const inline = this.shape === 'terraform-inline';
    let kmsEncryptedObjects = setting(rule, names.sseKms, rule.range);
    if (inline) kmsEncryptedObjects = enabledStatus(booleanSetting(rule, names.sseKms, rule.range));
    return {
      range: rule.range,
      label: id?.kind === 'literal' && id.value !== null ? `"${String(id.value)}"` : `#${index + 1}`,
      status: stringValue(child(rule, names.status), rule.range),
      filter: this.filter(rule),
      deleteMarkers: inline
        ? stringValue(child(rule, 'delete_marker_replication_status'), rule.range)
        : setting(rule, this.terraform ? ['delete_marker_replication', 'status'] : ['DeleteMarkerReplication', 'Status'], rule.range),
      kmsEncryptedObjects,
      destination: this.destination(rule),
    };
  }

  private filter(rule: ObjectNode): ReplicationFilter {
    if (this.terraform && dynamicBlocks(rule, 'filter').length > 0) return 'unknown';
    const filter = child(rule, this.names.filter);
    if (!filter) return 'none';
    if (isDynamic(filter)) return 'unknown';
    let tags: ValueNode[];
    if (this.shape === 'terraform-inline') tags = [child(filter, 'tags')].filter((node) => node !== undefined);
    else if (this.terraform) tags = [child(filter, 'tag'), child(child(filter, 'and'), 'tags')].filter((node) => node !== undefined);
    else tags = [child(filter, 'TagFilter'), child(child(filter, 'And'), 'TagFilters')].filter((node) => node !== undefined);
    if (tags.some(isDynamic)) return 'unknown';
    return tags.some(nonEmpty) ? 'tags' : 'prefix';
  }

  private destination(rule: ObjectNode): ReplicationDestination {
    const names = this.names;
    const destination = asObject(child(rule, names.destination));
    const node = child(destination, names.bucket);
    const range = destination?.range ?? rule.range;
    const at = node?.range ?? range;
    const account = stringValue(child(destination, names.account), range);
    const ownAccount = account.state !== 'absent' && namesOwnAccount(child(destination, names.account));
    const bucket = this.destinationBucket(node);
    return {
      node,
      at,
      bucket,
      account,
      ownAccount,
      placement: this.placement(bucket, account.state !== 'absent' && !ownAccount),
      owner: setting(destination, names.owner, range),
      replicationTime: this.statusOf(destination, names.replicationTime, range),
      metrics: this.statusOf(destination, names.metrics, range),
      replicaKmsKey: setting(destination, names.replicaKmsKey, range),
    };
  }

  /** The status of a `replication_time` / `metrics` block; provider v3 defaults it to Enabled. */
  private statusOf(destination: ObjectNode | undefined, key: string, absentAt: SourceRange): Value<string> {
    const status = setting(destination, [key, this.terraform ? 'status' : 'Status'], absentAt);
    const block = asObject(child(destination, key));
    if (this.shape === 'terraform-inline' && block && status.state === 'absent') return { state: 'known', value: 'Enabled', range: block.range };
    return status;
  }

  /** The destination's view: a reference or literal ARN to a bucket in the code, or settings the code has for it. */
  private destinationBucket(node: ValueNode | undefined): BucketView | undefined {
    // `aws_s3_bucket.replica[each.key].arn` names the replica directly; `bucketFor` would read an iteration
    // variable as the `for_each` collection of the configuration, which is the source buckets.
    if (node?.kind === 'expression') {
      for (const reference of node.references) {
        const target = this.graph.resolve(this.source, reference);
        const view = target && this.views.bucketOf(target);
        if (view) return view;
      }
    }
    const found = this.views.bucketFor(this.source, node);
    if (found) return found;
    const name = node?.kind === 'literal' && typeof node.value === 'string' ? /^(?:arn:[\w-]*:s3:::)?([^/*?:]+)$/.exec(node.value)?.[1] : undefined;
    if (!name) return undefined;
    return this.views.buckets.find((view) => !view.bucket && view.name.state === 'known' && view.name.value === name);
  }

  private placement(destination: BucketView | undefined, otherAccount: boolean): DestinationPlacement {
    if (otherAccount) return { state: 'elsewhere' };
    const target = destination?.bucket;
    if (!target) return { state: 'unknown', reason: 'the destination bucket is outside the scanned code' };
    const origin = this.bucket.bucket ?? this.source;
    if (target.framework !== origin.framework || this.graph.scopeOf(target) !== this.graph.scopeOf(origin)) {
      return { state: 'unknown', reason: `${target.id} is declared in another ${target.framework === 'terraform' ? 'module' : 'template'}, whose region is not known statically` };
    }
    // A template deploys to one region and account. In a Terraform module, the same provider configuration
    // (the `provider` meta-argument, or none) means the same region and account.
    if (target.framework === 'cloudformation') return { state: 'same' };
    return providerOf(target) === providerOf(origin) ? { state: 'same' } : { state: 'elsewhere' };
  }
}

/** The `provider` meta-argument as written, `aws` when absent. */
function providerOf(resource: ResourceNode): string {
  const provider = resource.body.entries.get('provider')?.value;
  if (!provider) return 'aws';
  return provider.kind === 'expression' ? provider.text.replace(/\s+/g, '') : describe(provider);
}

/** `data.aws_caller_identity.current.account_id`, `!Ref AWS::AccountId`, `!Sub "${AWS::AccountId}"`. */
function namesOwnAccount(node: ValueNode | undefined): boolean {
  if (!node) return false;
  if (node.kind === 'expression') return /^data\.aws_caller_identity\.[\w-]+(\[[^\]]*\])?\.account_id$/.test(node.text.trim());
  if (node.kind !== 'object' || node.entries.size !== 1) return false;
  const [name, entry] = [...node.entries][0]!;
  const argument = entry.value;
  if (name === 'Ref') return argument.kind === 'literal' && argument.value === 'AWS::AccountId';
  if (name === 'Fn::Sub') return argument.kind === 'literal' && argument.value === '${AWS::AccountId}';
  return false;
}

function nonEmpty(node: ValueNode): boolean {
  if (node.kind === 'object') return node.entries.size > 0;
  if (node.kind === 'list') return node.items.length > 0;
  return node.kind === 'literal' ? node.value !== null : true;
}

/** A string setting at a path of nested blocks or properties; unknown when a step is dynamic. */
function setting(node: ValueNode | undefined, path: string[], absentAt: SourceRange): Value<string> {
  const found = walk(node, path, absentAt);
  return 'state' in found ? found : stringValue(found.node, absentAt);
}

function booleanSetting(node: ValueNode | undefined, path: string[], absentAt: SourceRange): Value<boolean> {
  const found = walk(node, path, absentAt);
  return 'state' in found ? found : booleanValue(found.node, absentAt);
}

function walk(node: ValueNode | undefined, path: string[], absentAt: SourceRange): { node: ValueNode | undefined } | Value<never> {
  let current = node;
  for (const key of path) {
    if (!current) return { state: 'absent', range: absentAt };
    if (isDynamic(current)) return unknownOf(current);
    const object = asObject(current);
    const dynamic = dynamicBlocks(object, key)[0];
    if (dynamic && !object?.entries.has(key)) return unknownOf(dynamic);
    current = child(current, key);
  }
  return { node: current };
}

/** Provider v3's `enabled = true` as a status. */
function enabledStatus(value: Value<boolean>): Value<string> {
  return value.state === 'known' ? { state: 'known', value: value.value ? 'Enabled' : 'Disabled', range: value.range } : value;
}
