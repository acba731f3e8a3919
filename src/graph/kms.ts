/**
 * KMS keys as S3 sees them: what a key id value names (a customer-managed key, the AWS managed `aws/s3` key, or
 * something not known statically), and which KMS key resources of the scan encrypt S3 data. The rotation rule
 * judges only those keys; the encryption rules ask whether a bucket's key is customer-managed.
 */
import { intrinsicReferences } from '../../parsers/cloudformation/index.js';
import { resourceAddress, type Graph } from './graph.js';
import type { S3Views } from './s3.js';
import type { ResourceNode, SourceRange, ValueNode } from './types.js';
import { child, describe, type Value } from './values.js';

/** What a KMS key id, ARN or alias names. */
export type KeyKind =
  /** No key: S3 uses the AWS managed key `aws/s3`. */
  | 'absent'
  /** An alias under `alias/aws/`: a key AWS manages for a service. */
  | 'aws-managed'
  /** A key resource of the scan, an alias of one, or a literal key id, ARN or alias outside `alias/aws/`. */
  | 'customer'
  /** Depends on an input not known statically, or on a value outside the scanned code. */
  | 'unknown';

export interface KeyReference {
  kind: KeyKind;
  /** KMS key resources of the scan the value may name (through aliases, data sources, locals, conditions). */
  keys: ResourceNode[];
  /** For `unknown`: what the value depends on. */
  expression?: string;
}

const TERRAFORM_KEYS = new Set(['aws_kms_key', 'aws_kms_replica_key', 'aws_kms_external_key', 'aws_kms_replica_external_key']);
const CLOUDFORMATION_KEYS = new Set(['AWS::KMS::Key', 'AWS::KMS::ReplicaKey']);
/** Replica keys share the key material, and so the rotation, of their primary key. */
const PRIMARY_KEY_ATTRIBUTE: Readonly<Record<string, string>> = {
  aws_kms_replica_key: 'primary_key_arn',
  aws_kms_replica_external_key: 'primary_key_arn',
  'AWS::KMS::ReplicaKey': 'PrimaryKeyArn',
};
/** Where an alias or a key data source names its key. */
const KEY_POINTERS: Readonly<Record<string, string>> = {
  aws_kms_alias: 'target_key_id',
  'AWS::KMS::Alias': 'TargetKeyId',
  'data.aws_kms_key': 'key_id',
  'data.aws_kms_alias': 'name',
};
const AWS_MANAGED = /(^|:)alias\/aws\//;
/** How many locals, aliases and data sources deep a key reference is followed. */
const MAX_DEPTH = 6;

const ABSENT: KeyReference = { kind: 'absent', keys: [] };

/** What the key of a setting names, `value` being read from `source` (`kms_master_key_id`, `KMSMasterKeyID`). */
export function keyOfValue(graph: Graph, source: ResourceNode, value: Value<string>): KeyReference {
  if (value.state === 'absent') return ABSENT;
  if (value.state === 'known') return literalKey(graph, source, value.value);
  const node = nodeAt(source.definition, value.range);
  return node ? keyOf(graph, source, node) : { kind: 'unknown', keys: [], expression: value.expression };
}

/** What a key value written in `from` names. */
export function keyOf(graph: Graph, from: ResourceNode, node: ValueNode | undefined, depth = 0): KeyReference {
  if (!node || (node.kind === 'literal' && (node.value === null || node.value === ''))) return ABSENT;
  if (depth > MAX_DEPTH) return unknown(node, []);
  if (node.kind === 'literal') return literalKey(graph, from, String(node.value));
  if (node.kind === 'expression') return terraformKey(graph, from, node, depth);
  if (node.kind === 'object' && node.entries.size === 1) return cloudFormationKey(graph, from, node, depth);
  return unknown(node, []);
}

/** A literal id, ARN or alias; an alias declared in the scan names its key. */
function literalKey(graph: Graph, from: ResourceNode, text: string): KeyReference {
  if (text === '') return ABSENT;
  if (AWS_MANAGED.test(text)) return { kind: 'aws-managed', keys: [] };
  const alias = /(?:^|:)(alias\/.+)$/.exec(text)?.[1];
  const declared = alias ? declaredAlias(graph, from, alias) : undefined;
  return { kind: 'customer', keys: declared ? keyOf(graph, declared, child(declared.body, KEY_POINTERS[declared.type]!), 1).keys : [] };
}

function declaredAlias(graph: Graph, from: ResourceNode, alias: string): ResourceNode | undefined {
  return graph.scopeOf(from).nodes.find((node) => {
    if (node.mode !== 'resource' || (node.type !== 'aws_kms_alias' && node.type !== 'AWS::KMS::Alias')) return false;
    const name = child(node.body, node.type === 'aws_kms_alias' ? 'name' : 'AliasName');
    return name?.kind === 'literal' && name.value === alias;
  });
}

function terraformKey(graph: Graph, from: ResourceNode, node: ValueNode & { kind: 'expression' }, depth: number): KeyReference {
  // `"arn:aws:kms:${var.region}:${var.account}:alias/aws/s3"`: the AWS managed key, whatever the inputs.
  if (AWS_MANAGED.test(node.text)) return { kind: 'aws-managed', keys: [] };
  // `aws_kms_key.k[count.index].arn`: an index picks one of the keys, it does not name another.
  const addresses = node.references.filter((reference) => !/^(count\.|each\.key$)/.test(reference));
  const parts = addresses.map((reference) => terraformAddress(graph, from, resourceAddress(reference), depth));
  return combine(node, parts);
}

function terraformAddress(graph: Graph, from: ResourceNode, address: string, depth: number): KeyReference {
  if (address.startsWith('local.')) {
    const symbol = graph.symbol(from, address);
    return symbol ? keyOf(graph, from, symbol, depth + 1) : { kind: 'unknown', keys: [], expression: address };
  }
  const target = graph.resolve(from, address);
  return target ? resourceKey(graph, target, depth) : { kind: 'unknown', keys: [], expression: address };
}

/** A resource a key value refers to: a key, an alias of one, a key data source, or something else (unknown). */
function resourceKey(graph: Graph, target: ResourceNode, depth: number): KeyReference {
  const kind = target.mode === 'data' ? `data.${target.type}` : target.type;
  if (TERRAFORM_KEYS.has(kind) || CLOUDFORMATION_KEYS.has(kind)) return { kind: 'customer', keys: [target] };
  const pointer = KEY_POINTERS[kind];
  if (!pointer) return { kind: 'unknown', keys: [], expression: target.id };
  const named = keyOf(graph, target, child(target.body, pointer), depth + 1);
  // An alias resource is customer-managed even when its target is not known: `alias/aws/` names are reserved.
  if (target.mode === 'resource') return { kind: 'customer', keys: named.keys };
  return named.kind === 'absent' ? { kind: 'unknown', keys: [], expression: target.id } : named;
}

function cloudFormationKey(graph: Graph, from: ResourceNode, node: ValueNode & { kind: 'object' }, depth: number): KeyReference {
  const [name, entry] = [...node.entries][0]!;
  const argument = entry.value;
  if (name === 'Ref' || name === 'Fn::GetAtt') {
    const target = graph.resolve(from, intrinsicReferences(node)[0] ?? '');
    return target ? resourceKey(graph, target, depth) : unknown(node, []);
  }
  if (name === 'Fn::Sub' || name === 'Fn::Join') {
    const { text, references } = cloudFormationString(name, argument);
    if (text === undefined) return unknown(node, collectKeys(graph, from, argument, depth));
    if (AWS_MANAGED.test(text)) return { kind: 'aws-managed', keys: [] };
    if (references.length === 0) return literalKey(graph, from, text);
    const parts = references.map((id) => {
      const target = graph.resolve(from, id.split('.')[0]!);
      return target ? resourceKey(graph, target, depth) : { kind: 'unknown' as const, keys: [], expression: id };
    });
    return combine(node, parts);
  }
  // Fn::If, Fn::ImportValue, Fn::FindInMap, Fn::Select: decided at deploy time; keep the keys it may name.
  return unknown(node, collectKeys(graph, from, argument, depth));
}

/**
 * The literal text of a `Fn::Sub` template or `Fn::Join` (references replaced by nothing) and the logical ids it
 * refers to, pseudo parameters left out. Undefined text when a part is itself an intrinsic other than `Ref`/`GetAtt`.
 */
function cloudFormationString(name: string, argument: ValueNode): { text?: string; references: string[] } {
  if (name === 'Fn::Sub') {
    const template = argument.kind === 'list' ? argument.items[0] : argument;
    if (template?.kind !== 'literal' || typeof template.value !== 'string') return { references: [] };
    const references = [...template.value.matchAll(/\$\{([^}!][^}]*)\}/g)].map((m) => m[1]!).filter((id) => !id.startsWith('AWS::'));
    return { text: template.value.replace(/\$\{[^}]*\}/g, ''), references };
  }
  if (argument.kind !== 'list' || argument.items[1]?.kind !== 'list') return { references: [] };
  const delimiter = argument.items[0]?.kind === 'literal' ? String(argument.items[0].value) : '';
  const texts: string[] = [];
  const references: string[] = [];
  for (const part of argument.items[1].items) {
    if (part.kind === 'literal') texts.push(String(part.value));
    else if (part.kind === 'object' && part.entries.size === 1 && (part.entries.has('Ref') || part.entries.has('Fn::GetAtt'))) {
      const value = [...part.entries.values()][0]!.value;
      const first = value.kind === 'list' ? value.items[0] : value;
      const id = first?.kind === 'literal' ? String(first.value) : '';
      if (!id.startsWith('AWS::')) references.push(id);
      texts.push('');
    } else return { references: [] };
  }
  return { text: texts.join(delimiter), references };
}

/** Every key resource a value may name, wherever it sits in the value (both branches of a condition). */
function collectKeys(graph: Graph, from: ResourceNode, node: ValueNode, depth: number): ResourceNode[] {
  const found: ResourceNode[] = [];
  const visit = (value: ValueNode): void => {
    if (value.kind === 'list') value.items.forEach(visit);
    else if (value.kind === 'expression') found.push(...keyOf(graph, from, value, depth + 1).keys);
    else if (value.kind === 'object') {
      if (value.entries.size === 1 && (value.entries.has('Ref') || value.entries.has('Fn::GetAtt') || value.entries.has('Fn::Sub'))) {
        found.push(...keyOf(graph, from, value, depth + 1).keys);
      } else for (const entry of value.entries.values()) visit(entry.value);
    }
  };
  visit(node);
  return found;
}

/** Every part customer-managed: customer; every part AWS managed: AWS managed; otherwise unknown. */
function combine(node: ValueNode, parts: KeyReference[]): KeyReference {
  const keys = parts.flatMap((part) => part.keys);
  if (parts.length > 0 && parts.every((part) => part.kind === 'customer')) return { kind: 'customer', keys };
  if (parts.length > 0 && parts.every((part) => part.kind === 'aws-managed')) return { kind: 'aws-managed', keys };
  return unknown(node, keys);
}

function unknown(node: ValueNode, keys: ResourceNode[]): KeyReference {
  return { kind: 'unknown', keys, expression: describe(node) };
}

/** The outermost node of a tree with exactly this range: how a Value read from a resource finds its node again. */
function nodeAt(root: ValueNode, range: SourceRange): ValueNode | undefined {
  const same = (node: ValueNode): boolean =>
    node.range.file === range.file &&
    node.range.start.line === range.start.line &&
    node.range.start.column === range.start.column &&
    node.range.end.line === range.end.line &&
    node.range.end.column === range.end.column;
  // Breadth first (the outermost node wins), with a read index rather than shift(): a list may hold 100,000 items.
  const queue: ValueNode[] = [root];
  for (let next = 0; next < queue.length; next++) {
    const node = queue[next]!;
    if (same(node)) return node;
    if (node.kind === 'list') for (const item of node.items) queue.push(item);
    else if (node.kind === 'object') for (const entry of node.entries.values()) queue.push(entry.value);
  }
  return undefined;
}

// ---- which keys encrypt S3 data ---------------------------------------------------------------------------

/** Resources whose key attributes encrypt S3 data: buckets (default encryption, replication) and objects. */
const S3_KEY_CARRIERS = new Set([
  'aws_s3_bucket',
  'aws_s3_bucket_server_side_encryption_configuration',
  'aws_s3_bucket_replication_configuration',
  'aws_s3_bucket_inventory',
  'aws_s3_object',
  'aws_s3_object_copy',
  'aws_s3_bucket_object',
  'AWS::S3::Bucket',
  'AWS::S3Express::DirectoryBucket',
]);
/**
 * The attributes that name a key for S3 data: default encryption, replica encryption, object encryption and
 * (inside `sse_kms`) the inventory report's key.
 */
const KEY_ATTRIBUTES = new Set(['kms_master_key_id', 'KMSMasterKeyID', 'replica_kms_key_id', 'ReplicaKmsKeyID', 'kms_key_id']);

export interface S3KeyUse {
  /** The resource that uses the key, and the value that names it. */
  source: ResourceNode;
  range: SourceRange;
}

/**
 * The KMS key resources of the scan that encrypt S3 data, each with where S3 uses it. A derived view: build it
 * through `views.derive(s3KmsKeys)`. A replica key counts for its primary key too.
 */
export function s3KmsKeys(_views: S3Views, graph: Graph): Map<ResourceNode, S3KeyUse[]> {
  const uses = new Map<ResourceNode, S3KeyUse[]>();
  const add = (key: ResourceNode, use: S3KeyUse, depth = 0): void => {
    const list = uses.get(key) ?? [];
    if (list.some((existing) => existing.range === use.range)) return;
    list.push(use);
    uses.set(key, list);
    const primaryAttribute = PRIMARY_KEY_ATTRIBUTE[key.type];
    if (primaryAttribute && depth < MAX_DEPTH) {
      for (const primary of keyOf(graph, key, child(key.body, primaryAttribute)).keys) add(primary, use, depth + 1);
    }
  };
  for (const source of graph.nodes) {
    if (source.mode !== 'resource' || !S3_KEY_CARRIERS.has(source.type)) continue;
    for (const value of keyValues(source.body)) {
      for (const key of keyOf(graph, source, value).keys) add(key, { source, range: value.range });
    }
  }
  return uses;
}

/** Values of the key attributes anywhere in a resource body, plus `sse_kms { key_id }` of inventories. */
function keyValues(body: ValueNode): ValueNode[] {
  const found: ValueNode[] = [];
  const visit = (node: ValueNode, parent: string | undefined): void => {
    if (node.kind === 'list') node.items.forEach((item) => visit(item, parent));
    else if (node.kind === 'object') {
      // `dynamic "rule" { content { … } }`: the key named inside still encrypts S3 data.
      for (const [key, entry] of node.entries) {
        if (KEY_ATTRIBUTES.has(key) || (key === 'key_id' && parent === 'sse_kms')) found.push(entry.value);
        else visit(entry.value, key);
      }
    }
  };
  visit(body, undefined);
  return found;
}
