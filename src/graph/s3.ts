/**
 * BucketView: everything the scanned code says about one bucket, merged once per scan from the bucket resource,
 * its inline blocks (AWS provider v3), the split `aws_s3_bucket_*` resources and the CloudFormation bucket
 * policy. Each setting keeps the resource that supplied it, so findings point at the line that carries it.
 */
import { push } from '../collections.js';
import { buildAccessPointViews, type AccessPointView } from './access-points.js';
import { intrinsicReferences } from '../../parsers/cloudformation/index.js';
import type { Graph } from './graph.js';
import { readPolicy, type AddressResolver, type PolicyResult } from './policy.js';
import { buildProjectView, type ProjectView } from './project.js';
import type { Framework, ObjectEntry, ObjectNode, ResourceNode, SourceRange, ValueNode } from './types.js';
import { asObject, booleanValue, child, dynamicBlocks, isDynamic, objects, stringValue, unknownAt, type Value } from './values.js';

export const PUBLIC_ACCESS_BLOCK_FLAGS = [
  'BlockPublicAcls',
  'IgnorePublicAcls',
  'BlockPublicPolicy',
  'RestrictPublicBuckets',
] as const;
export type PublicAccessBlockFlag = (typeof PUBLIC_ACCESS_BLOCK_FLAGS)[number];

/** The flags as Terraform spells them. */
export const TERRAFORM_FLAG_NAMES: Readonly<Record<PublicAccessBlockFlag, string>> = {
  BlockPublicAcls: 'block_public_acls',
  IgnorePublicAcls: 'ignore_public_acls',
  BlockPublicPolicy: 'block_public_policy',
  RestrictPublicBuckets: 'restrict_public_buckets',
};

export interface PublicAccessBlock {
  source: ResourceNode;
  /** The block itself: the split resource's body or the CloudFormation property. */
  range: SourceRange;
  /** An absent flag defaults to false in both frameworks. */
  flags: Record<PublicAccessBlockFlag, Value<boolean>>;
}

export interface AclSetting {
  source: ResourceNode;
  /** The canned ACL (`acl` / `AccessControl`), when set. */
  canned?: Value<string>;
  grants: { grantee: Value<string>; permission: Value<string>; range: SourceRange }[];
}

export interface VersioningSetting {
  source: ResourceNode;
  /** `Enabled`, `Suspended` or `Disabled` (provider v3's `enabled = false` reads as `Suspended`). */
  status: Value<string>;
  mfaDelete?: Value<string>;
}

export interface EncryptionRule {
  source: ResourceNode;
  range: SourceRange;
  algorithm: Value<string>;
  kmsKey: Value<string>;
  bucketKey: Value<boolean>;
}

export interface BucketPolicyAttachment {
  source: ResourceNode;
  /** The `policy` attribute or `PolicyDocument` property. */
  node: ValueNode;
  /** Its key: where findings about the policy as a whole point. */
  at: SourceRange;
  result: PolicyResult;
}

export type BucketKind = 'general-purpose' | 'directory' | 'table';

export interface BucketView {
  /** The subject of findings: the bucket's address or logical id, or the carrying resource's when the bucket is not in the scanned code. */
  id: string;
  subject: ResourceNode;
  /** The bucket resource; undefined when only settings for a bucket outside the scanned code were found. */
  bucket?: ResourceNode;
  framework: Framework;
  kind: BucketKind;
  name: Value<string>;
  /** Split resources and policies attached to this bucket, by type. */
  parts: Map<string, ResourceNode[]>;
  publicAccessBlocks: PublicAccessBlock[];
  /**
   * Account-level blocks (`aws_s3_account_public_access_block`) declared in the bucket's own module. A block in
   * another module or template of the scan may belong to another account, so it is not assumed to cover this one.
   */
  accountPublicAccessBlocks: PublicAccessBlock[];
  acls: AclSetting[];
  ownership: { source: ResourceNode; value: Value<string> }[];
  versioning: VersioningSetting[];
  objectLockEnabled?: Value<boolean>;
  encryption: EncryptionRule[];
  policies: BucketPolicyAttachment[];
  /** Access points (and Multi-Region Access Points) in the scanned code that serve this bucket. */
  accessPoints: AccessPointView[];
}

export interface AccountView {
  /** `aws_s3_account_public_access_block` resources in the scanned code. */
  publicAccessBlocks: PublicAccessBlock[];
}

/** A resource policy attached to a bucket or an access point: the subject of the policy rules. */
export interface ResourcePolicyView {
  /** The resource that carries the policy. */
  id: string;
  subject: ResourceNode;
  framework: Framework;
  /** What the policy governs. */
  target: { kind: 'bucket'; bucket: BucketView } | { kind: 'access-point'; accessPoint: AccessPointView };
  attachment: BucketPolicyAttachment;
}

export interface S3Views {
  /** General-purpose buckets, and settings for buckets outside the scanned code. */
  buckets: BucketView[];
  /**
   * Directory buckets (S3 Express) and table buckets (S3 Tables): kept apart because most bucket rules cannot
   * apply to them (decision 8); a rule opts in with `bucketKinds`.
   */
  otherBuckets: BucketView[];
  account: AccountView;
  accessPoints: AccessPointView[];
  /** Every bucket and access point policy, one entry per attached document. */
  policies: ResourcePolicyView[];
  /** The scanned project as a whole: where findings about account-wide services attach. */
  project: ProjectView;
  /** The bucket view a value names (a reference, an ARN, a literal name), seen from `from`'s scope. */
  bucketFor(from: ResourceNode, node: ValueNode | undefined): BucketView | undefined;
  /** The view of a bucket resource. */
  bucketOf(resource: ResourceNode): BucketView | undefined;
  /**
   * A view derived from these views and the graph, built once per scan and shared by every rule that asks for it
   * (logging targets, backup coverage, trail coverage). `build` must be a module-level function: it is the cache key.
   */
  derive<T>(build: (views: S3Views, graph: Graph) => T): T;
}

const TERRAFORM_BUCKET = 'aws_s3_bucket';
const CLOUDFORMATION_BUCKET = 'AWS::S3::Bucket';
const OTHER_BUCKET_KINDS: Record<string, BucketKind> = {
  aws_s3_directory_bucket: 'directory',
  'AWS::S3Express::DirectoryBucket': 'directory',
  aws_s3tables_table_bucket: 'table',
  'AWS::S3Tables::TableBucket': 'table',
};

/** Terraform resources that configure a bucket named by their `bucket` attribute. */
export const TERRAFORM_BUCKET_PARTS = new Set([
  'aws_s3_bucket_accelerate_configuration',
  'aws_s3_bucket_acl',
  'aws_s3_bucket_analytics_configuration',
  'aws_s3_bucket_cors_configuration',
  'aws_s3_bucket_intelligent_tiering_configuration',
  'aws_s3_bucket_inventory',
  'aws_s3_bucket_lifecycle_configuration',
  'aws_s3_bucket_logging',
  'aws_s3_bucket_metric',
  'aws_s3_bucket_notification',
  'aws_s3_bucket_object_lock_configuration',
  'aws_s3_bucket_ownership_controls',
  'aws_s3_bucket_policy',
  'aws_s3_bucket_public_access_block',
  'aws_s3_bucket_replication_configuration',
  'aws_s3_bucket_request_payment_configuration',
  'aws_s3_bucket_server_side_encryption_configuration',
  'aws_s3_bucket_versioning',
  'aws_s3_bucket_website_configuration',
]);

/** CloudFormation resources that configure a bucket named by their `Bucket` property. */
const CLOUDFORMATION_BUCKET_PARTS = new Set(['AWS::S3::BucketPolicy']);

export function buildS3Views(graph: Graph): S3Views {
  const linker = new BucketLinker(graph);
  const views = new Map<ResourceNode, BucketView>();
  const otherViews = new Map<ResourceNode, BucketView>();
  for (const node of graph.nodes) {
    if (node.mode !== 'resource') continue;
    const otherKind = OTHER_BUCKET_KINDS[node.type];
    if (node.type === TERRAFORM_BUCKET || node.type === CLOUDFORMATION_BUCKET) {
      views.set(node, emptyView(node, node, 'general-purpose'));
      linker.register(node);
    } else if (otherKind) {
      otherViews.set(node, emptyView(node, node, otherKind));
      linker.register(node);
    }
  }

  // Settings for buckets outside the scanned code, grouped by how they name the bucket.
  const external = new Map<string, BucketView>();
  for (const node of graph.nodes) {
    if (node.mode !== 'resource') continue;
    const isPart = node.framework === 'terraform' ? TERRAFORM_BUCKET_PARTS.has(node.type) : CLOUDFORMATION_BUCKET_PARTS.has(node.type);
    if (!isPart) continue;
    const bucketNode = child(node.body, node.framework === 'terraform' ? 'bucket' : 'Bucket');
    const target = linker.find(node, bucketNode);
    let view: BucketView | undefined;
    if (target) {
      view = views.get(target) ?? otherViews.get(target);
    } else {
      const key = `${graph.scopeOf(node).key}\u0000${bucketNode && !iterates(bucketNode) ? linkText(bucketNode) : node.id}`;
      view = external.get(key);
      if (!view) {
        view = emptyView(node, undefined, 'general-purpose');
        view.name = bucketNode ? stringValue(bucketNode, node.range) : { state: 'absent', range: node.range };
        external.set(key, view);
      }
    }
    if (!view) continue;
    push(view.parts, node.type, node);
  }

  const buckets = [...views.values(), ...external.values()];
  const otherBuckets = [...otherViews.values()];
  const account = buildAccountView(graph);
  for (const view of [...buckets, ...otherBuckets]) {
    fillSettings(view, graph);
    const scope = graph.scopeOf(view.subject);
    view.accountPublicAccessBlocks = account.publicAccessBlocks.filter((block) => graph.scopeOf(block.source) === scope);
  }
  const bucketOf = (resource: ResourceNode): BucketView | undefined => views.get(resource);
  const bucketFor = (from: ResourceNode, node: ValueNode | undefined): BucketView | undefined => {
    const target = linker.find(from, node) ?? linker.findByArn(from, node);
    return target ? views.get(target) : undefined;
  };
  const accessPoints = buildAccessPointViews(graph, bucketFor);
  for (const accessPoint of accessPoints) for (const bucket of accessPoint.buckets) bucket.accessPoints.push(accessPoint);
  const policyViews = (target: ResourcePolicyView['target'], attachments: BucketPolicyAttachment[]): ResourcePolicyView[] =>
    attachments.map((attachment) => ({ id: attachment.source.id, subject: attachment.source, framework: attachment.source.framework, target, attachment }));
  const policies: ResourcePolicyView[] = [
    ...buckets.flatMap((bucket) => policyViews({ kind: 'bucket', bucket }, bucket.policies)),
    ...accessPoints.flatMap((accessPoint) => policyViews({ kind: 'access-point', accessPoint }, accessPoint.policies)),
  ];
  const derived = new Map<unknown, unknown>();
  const result: S3Views = {
    buckets,
    otherBuckets,
    account,
    accessPoints,
    policies,
    project: buildProjectView(graph),
    bucketFor,
    bucketOf,
    derive<T>(build: (views: S3Views, graph: Graph) => T): T {
      if (!derived.has(build)) derived.set(build, build(result, graph));
      return derived.get(build) as T;
    },
  };
  return result;
}

function emptyView(subject: ResourceNode, bucket: ResourceNode | undefined, kind: BucketKind): BucketView {
  return {
    id: subject.id,
    subject,
    bucket,
    framework: subject.framework,
    kind,
    name: bucket ? bucketName(bucket) : { state: 'absent', range: subject.range },
    parts: new Map(),
    publicAccessBlocks: [],
    accountPublicAccessBlocks: [],
    acls: [],
    ownership: [],
    versioning: [],
    encryption: [],
    policies: [],
    accessPoints: [],
  };
}

const NAME_KEYS: Record<string, string> = {
  aws_s3tables_table_bucket: 'name',
  'AWS::S3Tables::TableBucket': 'TableBucketName',
};

function bucketName(bucket: ResourceNode): Value<string> {
  const key = NAME_KEYS[bucket.type] ?? (bucket.framework === 'terraform' ? 'bucket' : 'BucketName');
  return stringValue(child(bucket.body, key), bucket.headerRange);
}

/** How a value names a bucket, for grouping: a literal name, the expression's text, or the intrinsic's shape. */
function linkText(node: ValueNode): string {
  if (node.kind === 'literal') return `name:${String(node.value)}`;
  if (node.kind === 'expression') return `expr:${node.text.replace(/\s+/g, '')}`;
  return `value:${JSON.stringify(plainValue(node))}`;
}

/** A value without positions: two `!Ref BucketName` written on different lines name the same bucket. */
function plainValue(node: ValueNode): unknown {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'expression':
      return { expression: node.text.replace(/\s+/g, '') };
    case 'list':
      return node.items.map(plainValue);
    case 'object':
      return Object.fromEntries([...node.entries].map(([key, entry]) => [key, plainValue(entry.value)]));
  }
}

/** Iteration variables: the same text names a different bucket in every resource that iterates. */
function iterates(node: ValueNode): boolean {
  return node.kind === 'expression' && node.references.some((reference) => /^(each|count)\./.test(reference));
}

/**
 * Finds the bucket a split resource or bucket policy names: by reference (`aws_s3_bucket.x.id`, `.bucket`,
 * `.arn`, `aws_s3_bucket.x[0].id`; `Ref`, `Fn::GetAtt`, `Fn::Sub`), by the same variable or local expression
 * as the bucket's name, or by the literal bucket name anywhere in the scan.
 */
class BucketLinker {
  /** Buckets by literal name; a name may repeat across scopes (the same template judged per combination of conditions). */
  private readonly byName = new Map<string, ResourceNode[]>();
  private readonly byExpression = new Map<string, ResourceNode>();

  constructor(private readonly graph: Graph) {}

  register(bucket: ResourceNode): void {
    const nameNode = child(bucket.body, bucket.framework === 'terraform' ? 'bucket' : 'BucketName');
    if (!nameNode) return;
    if (nameNode.kind === 'literal' && typeof nameNode.value === 'string') {
      push(this.byName, nameNode.value, bucket);
    } else if (!iterates(nameNode)) {
      // A shared variable, local, parameter or `!Sub` name links the bucket's parts within its module or template.
      const key = `${this.graph.scopeOf(bucket).key}\u0000${linkText(nameNode)}`;
      if (!this.byExpression.has(key)) this.byExpression.set(key, bucket);
    }
  }

  find(from: ResourceNode, bucketNode: ValueNode | undefined): ResourceNode | undefined {
    if (!bucketNode) return undefined;
    if (bucketNode.kind === 'literal') {
      return typeof bucketNode.value === 'string' ? this.named(from, bucketNode.value) : undefined;
    }
    // `cond ? aws_s3_directory_bucket.x[0].bucket : aws_s3_bucket.x[0].id` configures whichever exists: prefer the
    // general-purpose bucket, whose rules apply.
    // `for_each = aws_s3_bucket.x` with `bucket = each.value.id`: the iterated collection names the bucket.
    // A value's own bucket reference wins: `aws_s3_bucket.replica[each.key].arn` names `replica`, not the iterated collection.
    const own = this.referencedBuckets(from, bucketNode);
    const forEach = own.length === 0 && iterates(bucketNode) ? child(from.body, 'for_each') : undefined;
    const targets = forEach ? this.referencedBuckets(from, forEach) : own;
    const target = targets.find((node) => !OTHER_BUCKET_KINDS[node.type]) ?? targets[0];
    if (target) return target;
    if (iterates(bucketNode)) return undefined;
    return this.byExpression.get(`${this.graph.scopeOf(from).key}\u0000${linkText(bucketNode)}`);
  }

  /** The bucket of that name in `from`'s own scope, else the first declared. */
  private named(from: ResourceNode, name: string): ResourceNode | undefined {
    const buckets = this.byName.get(name);
    const scope = this.graph.scopeOf(from);
    return buckets?.find((bucket) => this.graph.scopeOf(bucket) === scope) ?? buckets?.[0];
  }

  /** A literal bucket ARN (`arn:aws:s3:::name`, `arn:aws:s3:::name/*`) names the bucket called `name`. */
  findByArn(from: ResourceNode, node: ValueNode | undefined): ResourceNode | undefined {
    if (node?.kind !== 'literal' || typeof node.value !== 'string') return undefined;
    const match = /^arn:[\w-]*:s3:::([^/*?]+)(\/.*)?$/.exec(node.value);
    return match ? this.named(from, match[1]!) : undefined;
  }

  /** Buckets a value refers to, directly or through locals. */
  private referencedBuckets(from: ResourceNode, node: ValueNode, depth = 0): ResourceNode[] {
    const found: ResourceNode[] = [];
    for (const reference of referencedAddresses(node)) {
      const target = this.graph.resolve(from, reference);
      if (target && isBucketType(target.type)) found.push(target);
      // `aws_s3_bucket_policy.this[0].id` is the bucket's name: modules chain split resources through each other.
      if (target && TERRAFORM_BUCKET_PARTS.has(target.type) && target !== from && depth < MAX_SYMBOL_DEPTH) {
        const bucket = child(target.body, 'bucket');
        if (bucket) found.push(...this.referencedBuckets(target, bucket, depth + 1));
      }
      const symbol = reference.startsWith('local.') && depth < MAX_SYMBOL_DEPTH ? this.graph.symbol(from, reference) : undefined;
      if (symbol) found.push(...this.referencedBuckets(from, symbol, depth + 1));
    }
    return found;
  }
}

/** How many locals deep a bucket reference is followed (`local.bucket_id = join("", aws_s3_bucket.this[*].id)`). */
const MAX_SYMBOL_DEPTH = 4;

/**
 * Addresses a value refers to: Terraform expression references (with the instance key when the evaluator knew it,
 * `aws_s3_bucket.b[1]`; `Graph.resolve` reads both forms), CloudFormation `Ref`/`Fn::GetAtt`/`Fn::Sub` targets,
 * also inside `Fn::Join`.
 */
export function referencedAddresses(node: ValueNode | undefined): string[] {
  if (!node) return [];
  if (node.kind === 'expression') return node.references;
  if (node.kind !== 'object') return [];
  const join = node.entries.size === 1 ? node.entries.get('Fn::Join')?.value : undefined;
  if (join) {
    const parts = join.kind === 'list' ? join.items[1] : undefined;
    return parts?.kind === 'list' ? parts.items.flatMap(referencedAddresses) : [];
  }
  return intrinsicReferences(node);
}

/** Bucket resources of every kind: general-purpose, directory and table buckets, in both frameworks. */
export function isBucketType(type: string): boolean {
  return type === TERRAFORM_BUCKET || type === CLOUDFORMATION_BUCKET || OTHER_BUCKET_KINDS[type] !== undefined;
}

function fillSettings(view: BucketView, graph: Graph): void {
  const bucket = view.bucket;
  const parts = (type: string): ResourceNode[] => view.parts.get(type) ?? [];
  if (bucket?.framework === 'terraform') fillTerraformInline(view, bucket, graph);
  if (bucket?.framework === 'cloudformation') fillCloudFormation(view, bucket);

  for (const source of parts('aws_s3_bucket_public_access_block')) {
    view.publicAccessBlocks.push(terraformPublicAccessBlock(source));
  }
  for (const source of parts('aws_s3_bucket_acl')) {
    const policy = asObject(child(source.body, 'access_control_policy'));
    view.acls.push({
      source,
      canned: child(source.body, 'acl') ? stringValue(child(source.body, 'acl'), source.range) : undefined,
      grants: [
        ...objects(child(policy, 'grant')).map((grant) => ({
          grantee: stringValue(child(child(grant, 'grantee'), 'uri'), grant.range),
          permission: stringValue(child(grant, 'permission'), grant.range),
          range: grant.range,
        })),
        ...dynamicBlocks(policy, 'grant').map(unknownGrant),
      ],
    });
  }
  for (const source of parts('aws_s3_bucket_ownership_controls')) {
    view.ownership.push({ source, value: stringValue(child(child(source.body, 'rule'), 'object_ownership'), source.headerRange) });
  }
  for (const source of parts('aws_s3_bucket_versioning')) {
    const configuration = asObject(child(source.body, 'versioning_configuration'));
    const dynamic = dynamicBlocks(source.body, 'versioning_configuration')[0];
    view.versioning.push({
      source,
      status: dynamic ? unknownAt(dynamic) : stringValue(child(configuration, 'status'), configuration?.range ?? source.headerRange),
      mfaDelete: child(configuration, 'mfa_delete') ? stringValue(child(configuration, 'mfa_delete'), source.range) : undefined,
    });
  }
  for (const source of parts('aws_s3_bucket_server_side_encryption_configuration')) {
    view.encryption.push(...terraformEncryptionRules(source, source.body));
  }
  for (const source of parts('aws_s3_bucket_policy')) attachPolicy(view, source, 'policy', graph);
  for (const source of parts('AWS::S3::BucketPolicy')) attachPolicy(view, source, 'PolicyDocument', graph);
}

function fillTerraformInline(view: BucketView, bucket: ResourceNode, graph: Graph): void {
  const body = bucket.body;
  const acl = child(body, 'acl');
  const grants = objects(child(body, 'grant'));
  if (acl || grants.length > 0) {
    view.acls.push({
      source: bucket,
      canned: acl ? stringValue(acl, bucket.range) : undefined,
      grants: grants.map((grant) => ({
        grantee: stringValue(child(grant, 'uri'), grant.range),
        permission: joinedStrings(child(grant, 'permissions'), grant.range),
        range: grant.range,
      })),
    });
  }
  for (const dynamic of dynamicBlocks(body, 'grant')) view.acls.push({ source: bucket, grants: [unknownGrant(dynamic)] });
  for (const dynamic of dynamicBlocks(body, 'versioning')) view.versioning.push({ source: bucket, status: unknownAt(dynamic) });
  const versioning = asObject(child(body, 'versioning'));
  if (versioning) {
    const enabled = booleanValue(child(versioning, 'enabled'), versioning.range);
    const status: Value<string> =
      enabled.state === 'known' ? { state: 'known', value: enabled.value ? 'Enabled' : 'Suspended', range: enabled.range }
      // An inline versioning block without `enabled` leaves versioning off.
      : enabled.state === 'absent' ? { state: 'known', value: 'Suspended', range: versioning.range }
      : enabled;
    view.versioning.push({
      source: bucket,
      status,
      mfaDelete: child(versioning, 'mfa_delete') ? stringValue(child(versioning, 'mfa_delete'), versioning.range) : undefined,
    });
  }
  const lockFlag = child(body, 'object_lock_enabled');
  const legacyLock = child(child(body, 'object_lock_configuration'), 'object_lock_enabled');
  if (lockFlag) view.objectLockEnabled = booleanValue(lockFlag, bucket.range);
  else if (legacyLock) {
    const status = stringValue(legacyLock, bucket.range);
    view.objectLockEnabled = status.state === 'known' ? { state: 'known', value: status.value === 'Enabled', range: status.range } : (status as Value<boolean>);
  }
  const inlineEncryption = asObject(child(body, 'server_side_encryption_configuration'));
  if (inlineEncryption) view.encryption.push(...terraformEncryptionRules(bucket, inlineEncryption));
  for (const dynamic of dynamicBlocks(body, 'server_side_encryption_configuration')) view.encryption.push(unknownEncryption(bucket, dynamic));
  attachPolicy(view, bucket, 'policy', graph);
}

function attachPolicy(view: BucketView, source: ResourceNode, key: string, graph: Graph): void {
  const attachment = policyAttachment(graph, source, key);
  if (attachment) view.policies.push(attachment);
}

/**
 * The policy a resource carries in `key` (`policy`, `PolicyDocument`), read with the resource's module or
 * template for references. Undefined when the key is absent or null (`policy = null`, a common module default).
 */
export function policyAttachment(graph: Graph, source: ResourceNode, key: string, container: ObjectNode = source.body): BucketPolicyAttachment | undefined {
  const entry = container.entries.get(key);
  if (!entry || (entry.value.kind === 'literal' && entry.value.value === null)) return undefined;
  return {
    source,
    node: entry.value,
    at: entry.keyRange,
    result: readPolicy(entry.value, policyResolver(graph, source)),
  };
}

/** Resolves the addresses a policy names from `from`'s module, and from a data source's own module in turn. */
function policyResolver(graph: Graph, from: ResourceNode): AddressResolver {
  return {
    resource: (address) => graph.resolve(from, address),
    symbol: (address) => graph.symbol(from, address),
    of: (node) => policyResolver(graph, node),
  };
}

function unknownGrant(dynamic: ObjectNode): AclSetting['grants'][number] {
  return { grantee: unknownAt(dynamic), permission: unknownAt(dynamic), range: dynamic.range };
}

/** Provider v3 grants list their permissions: `permissions = ["READ", "WRITE"]` reads as `READ, WRITE`. */
function joinedStrings(node: ValueNode | undefined, absentAt: SourceRange): Value<string> {
  if (node?.kind !== 'list') return stringValue(node, absentAt);
  const values = node.items.map((item) => stringValue(item, absentAt));
  if (values.every((value) => value.state === 'known')) {
    return { state: 'known', value: values.map((value) => (value as { value: string }).value).join(', '), range: node.range };
  }
  return unknownAt(node);
}

/** SSE-S3, which S3 applies when no default algorithm is configured. */
function defaultEncryption(source: ResourceNode, range: SourceRange, bucketKey: Value<boolean>): EncryptionRule {
  return { source, range, algorithm: { state: 'known', value: 'AES256', range }, kmsKey: { state: 'absent', range }, bucketKey };
}

function unknownEncryption(source: ResourceNode, node: ValueNode): EncryptionRule {
  return { source, range: node.range, algorithm: unknownAt(node), kmsKey: unknownAt(node), bucketKey: unknownAt(node) };
}

function terraformEncryptionRules(source: ResourceNode, configuration: ObjectNode): EncryptionRule[] {
  const rules = objects(child(configuration, 'rule'));
  const dynamicRules = dynamicBlocks(configuration, 'rule').map((dynamic) => unknownEncryption(source, dynamic));
  if (dynamicRules.length > 0) return [...rules.map((rule) => encryptionRule(source, rule)), ...dynamicRules];
  if (rules.length === 0) {
    const absent: Value<string> = { state: 'absent', range: configuration.range };
    return [{ source, range: configuration.range, algorithm: absent, kmsKey: absent, bucketKey: { state: 'absent', range: configuration.range } }];
  }
  return rules.map((rule) => encryptionRule(source, rule));
}

function encryptionRule(source: ResourceNode, rule: ObjectNode): EncryptionRule {
  if (dynamicBlocks(rule, 'apply_server_side_encryption_by_default').length > 0) return unknownEncryption(source, rule);
  const byDefault = asObject(child(rule, 'apply_server_side_encryption_by_default'));
  // A rule without a default (only bucket_key_enabled) is valid: S3 keeps encrypting with SSE-S3.
  if (!byDefault) return defaultEncryption(source, rule.range, booleanValue(child(rule, 'bucket_key_enabled'), rule.range));
  return {
    source,
    range: rule.range,
    algorithm: stringValue(child(byDefault, 'sse_algorithm'), byDefault?.range ?? rule.range),
    kmsKey: stringValue(child(byDefault, 'kms_master_key_id'), byDefault?.range ?? rule.range),
    bucketKey: booleanValue(child(rule, 'bucket_key_enabled'), rule.range),
  };
}

function terraformPublicAccessBlock(source: ResourceNode): PublicAccessBlock {
  const flags = {} as Record<PublicAccessBlockFlag, Value<boolean>>;
  for (const flag of PUBLIC_ACCESS_BLOCK_FLAGS) {
    flags[flag] = booleanValue(child(source.body, TERRAFORM_FLAG_NAMES[flag]), source.headerRange);
  }
  return { source, range: source.range, flags };
}

function fillCloudFormation(view: BucketView, bucket: ResourceNode): void {
  const body = bucket.body;
  const blockEntry = body.entries.get('PublicAccessBlockConfiguration');
  const block = isDynamic(blockEntry?.value) ? undefined : asObject(blockEntry?.value);
  if (blockEntry) {
    const flags = {} as Record<PublicAccessBlockFlag, Value<boolean>>;
    for (const flag of PUBLIC_ACCESS_BLOCK_FLAGS) {
      flags[flag] = block ? booleanValue(child(block, flag), blockEntry.keyRange) : unknownAt(blockEntry.value);
    }
    view.publicAccessBlocks.push({ source: bucket, range: blockEntry.keyRange, flags });
  }
  const accessControl = child(body, 'AccessControl');
  if (accessControl) view.acls.push({ source: bucket, canned: stringValue(accessControl, bucket.range), grants: [] });
  for (const rule of objects(child(child(body, 'OwnershipControls'), 'Rules'))) {
    view.ownership.push({ source: bucket, value: stringValue(child(rule, 'ObjectOwnership'), rule.range) });
  }
  const versioningEntry = body.entries.get('VersioningConfiguration');
  if (versioningEntry) {
    const status = isDynamic(versioningEntry.value)
      ? unknownAt<string>(versioningEntry.value)
      : stringValue(child(versioningEntry.value, 'Status'), versioningEntry.keyRange);
    view.versioning.push({ source: bucket, status });
  }
  const lock = child(body, 'ObjectLockEnabled');
  if (lock) view.objectLockEnabled = booleanValue(lock, bucket.range);
  const encryptionEntry = body.entries.get('BucketEncryption');
  if (encryptionEntry) view.encryption.push(...cloudFormationEncryptionRules(bucket, encryptionEntry));
}

function cloudFormationEncryptionRules(bucket: ResourceNode, entry: ObjectEntry): EncryptionRule[] {
  const configurations = isDynamic(entry.value) ? entry.value : child(entry.value, 'ServerSideEncryptionConfiguration');
  if (configurations && isDynamic(configurations)) return [unknownEncryption(bucket, configurations)];
  const items = configurations?.kind === 'list' ? configurations.items : configurations ? [configurations] : [];
  if (items.length === 0) {
    const absent: Value<string> = { state: 'absent', range: entry.keyRange };
    return [{ source: bucket, range: entry.keyRange, algorithm: absent, kmsKey: absent, bucketKey: { state: 'absent', range: entry.keyRange } }];
  }
  return items.flatMap((rule): EncryptionRule[] => {
    if (isDynamic(rule)) return [unknownEncryption(bucket, rule)];
    if (rule.kind !== 'object') return [];
    const bucketKey = booleanValue(child(rule, 'BucketKeyEnabled'), rule.range);
    const byDefaultEntry = rule.entries.get('ServerSideEncryptionByDefault');
    const byDefault = asObject(byDefaultEntry?.value);
    if (!byDefaultEntry || !byDefault) return [defaultEncryption(bucket, rule.range, bucketKey)];
    return [{
      source: bucket,
      range: rule.range,
      algorithm: stringValue(child(byDefault, 'SSEAlgorithm'), byDefaultEntry.keyRange),
      kmsKey: stringValue(child(byDefault, 'KMSMasterKeyID'), byDefaultEntry.keyRange),
      bucketKey,
    }];
  });
}

function buildAccountView(graph: Graph): AccountView {
  return {
    publicAccessBlocks: graph
      .ofType('aws_s3_account_public_access_block')
      .filter((node) => node.mode === 'resource')
      .map(terraformPublicAccessBlock),
  };
}

/**
 * The flag's value after combining the blocks that configure it: on only when every block sets it. Each block
 * replaces the whole configuration when applied, and the order Terraform applies two of them in is not known, so
 * one block with the flag off can win. Undefined means off (a block leaves it false or out); `unknown` when no
 * block sets it off but one depends on input.
 */
export function effectiveFlag(blocks: readonly PublicAccessBlock[], flag: PublicAccessBlockFlag): Value<boolean> | undefined {
  let on: Value<boolean> | undefined;
  let unknown: Value<boolean> | undefined;
  for (const block of blocks) {
    const value = block.flags[flag];
    if (value.state === 'unknown') unknown ??= value;
    else if (value.state === 'known' && value.value) on ??= value;
    else return undefined;
  }
  return unknown ?? on;
}
