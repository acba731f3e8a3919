/**
 * IdentityView: what the scanned code says about IAM identities and S3 — the policies an IAM resource carries, the
 * user an access key belongs to, and which policies give a user S3 permissions (its own, attached, through groups).
 * Built once per scan through `views.derive(buildIdentityView)`.
 */
import { push } from '../collections.js';
import { intrinsicReferences } from '../../parsers/cloudformation/index.js';
import { resourceAddress, type Graph, unqualified } from './graph.js';
import { UNKNOWN_PART, policyString, wildcardMatches, type PolicyStatement, type PolicyString } from './policy.js';
import { policyAttachment, type BucketPolicyAttachment, type S3Views } from './s3.js';
import type { ResourceNode, SourceRange, ValueNode } from './types.js';
import { child, describe, dynamicBlocks, isDynamic, items, objects } from './values.js';

/** Something the scanned code does not say statically. */
export interface Undecided {
  range: SourceRange;
  reason: string;
}

/** One identity policy document an IAM resource carries, with a label for messages (`aws_iam_role.app inline policy "s3"`). */
export interface IdentityPolicy {
  label: string;
  attachment: BucketPolicyAttachment;
}

/** A place that gives a user S3 permissions. */
export interface S3Grant {
  /** The resource that carries or attaches the permission. */
  source: ResourceNode;
  /** The statement or managed policy ARN that grants it. */
  at: SourceRange;
  /** What it grants, for messages: `s3:GetObject`, `AmazonS3FullAccess`. */
  what: string;
}

export interface UserS3Access {
  grants: S3Grant[];
  /** Policies, groups or attachments whose content or target is not known statically. */
  unknown: Undecided[];
}

export type UserLookup = { user: ResourceNode } | { unresolved: Undecided };

export interface IdentityView {
  /** The IAM user an access key (`aws_iam_access_key`, `AWS::IAM::AccessKey`) belongs to, or why it cannot be told. */
  userOfAccessKey(key: ResourceNode): UserLookup;
  /** What the scanned code grants a user on S3, through its own, attached and group policies. */
  s3AccessOf(user: ResourceNode): UserS3Access;
}

// --- policies an IAM resource carries ------------------------------------------------------------------------

/** Terraform resources whose `policy` attribute is an identity policy. */
const TERRAFORM_POLICY_TYPES = new Set(['aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy']);
/** CloudFormation resources whose `PolicyDocument` is an identity policy. */
const CLOUDFORMATION_POLICY_TYPES = new Set([
  'AWS::IAM::Policy',
  'AWS::IAM::ManagedPolicy',
  'AWS::IAM::RolePolicy',
  'AWS::IAM::UserPolicy',
  'AWS::IAM::GroupPolicy',
]);
/** CloudFormation identities with inline `Policies: [{ PolicyName, PolicyDocument }]`. */
const CLOUDFORMATION_INLINE_TYPES = new Set(['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group']);

/**
 * The identity policy documents a resource carries: `policy` of the Terraform policy resources, `inline_policy`
 * blocks of `aws_iam_role`, `PolicyDocument` and `Policies[].PolicyDocument` in CloudFormation. Dynamic blocks and
 * intrinsic lists are unknown.
 */
export function identityPolicies(graph: Graph, node: ResourceNode): { policies: IdentityPolicy[]; unknown: Undecided[] } {
  const policies: IdentityPolicy[] = [];
  const unknown: Undecided[] = [];
  const add = (key: string, container = node.body, label = node.id): void => {
    const attachment = policyAttachment(graph, node, key, container);
    if (attachment) policies.push({ label, attachment });
  };
  if (TERRAFORM_POLICY_TYPES.has(node.type)) add('policy');
  else if (CLOUDFORMATION_POLICY_TYPES.has(node.type)) add('PolicyDocument');
  else if (node.type === 'aws_iam_role') {
    for (const block of objects(child(node.body, 'inline_policy'))) add('policy', block, inlineLabel(node, child(block, 'name')));
    for (const block of dynamicBlocks(node.body, 'inline_policy')) {
      unknown.push({ range: block.range, reason: 'the inline policies come from a dynamic block' });
    }
  } else if (CLOUDFORMATION_INLINE_TYPES.has(node.type)) {
    for (const list of alternatives(child(node.body, 'Policies'))) {
      if (isDynamic(list)) {
        unknown.push({ range: list.range, reason: `the inline policies depend on ${describe(list)}` });
        continue;
      }
      for (const item of items(list).flatMap(alternatives)) {
        if (item.kind === 'object' && !isDynamic(item)) add('PolicyDocument', item, inlineLabel(node, child(item, 'PolicyName')));
        else unknown.push({ range: item.range, reason: `an inline policy depends on ${describe(item)}` });
      }
    }
  }
  return { policies, unknown };
}

/**
 * The values a CloudFormation value may take: both branches of `Fn::If` (a template deploys either, so what either
 * grants counts), nothing for `!Ref AWS::NoValue`, else the value itself.
 */
function alternatives(node: ValueNode | undefined): ValueNode[] {
  if (!node) return [];
  const [name, entry] = node.kind === 'object' && node.entries.size === 1 ? [...node.entries][0]! : [];
  const argument = entry?.value;
  if (name === 'Ref' && argument?.kind === 'literal' && argument.value === 'AWS::NoValue') return [];
  if (name === 'Fn::If' && argument?.kind === 'list' && argument.items.length === 3) return argument.items.slice(1).flatMap(alternatives);
  return [node];
}

function inlineLabel(node: ResourceNode, name: ValueNode | undefined): string {
  return name?.kind === 'literal' && typeof name.value === 'string' ? `${node.id} inline policy "${name.value}"` : `${node.id} inline policy`;
}

// --- what a statement grants on S3 ---------------------------------------------------------------------------

/** Bucket and object ARNs no prefix or suffix pattern covers by chance: a pattern matching all four names every bucket. */
const BUCKET_PROBES = ['a', 'zz9-0.q'];
const OBJECT_PROBES = ['a/0', 'zz9-0.q/x/y.z'];

/** ARN partitions differ (`aws-cn`, `aws-us-gov`); what matters is the rest of the ARN. */
function withStandardPartition(value: string): string {
  return value.replace(/^arn:aws-[\w-]+:/i, 'arn:aws:');
}

/** Whether a Resource pattern names every bucket or every object: `*`, `arn:aws:s3:::*`, `arn:*:s3:::*` followed by `/*`. */
export function coversEveryBucket(pattern: string): boolean {
  const normalised = withStandardPartition(pattern);
  const every = (names: string[]): boolean => names.every((name) => wildcardMatches(normalised, `arn:aws:s3:::${name}`));
  return every(BUCKET_PROBES) || every(OBJECT_PROBES);
}

/** Whether a Resource pattern (unknown parts as wildcards) could name some bucket or object. */
function couldNameS3(pattern: string): boolean {
  const normalised = withStandardPartition(pattern);
  return [...BUCKET_PROBES, ...OBJECT_PROBES].some((name) => wildcardMatches(normalised, `arn:aws:s3:::${name}`));
}

/** A string wholly from an input (a variable, parameter or condition): it could hold anything, `*` included. */
export function wholeInput(value: PolicyString): boolean {
  return value.value === undefined && value.fromInput && value.pattern === UNKNOWN_PART;
}

type Verdict = { grants: true; what: string } | { grants: false } | { grants: 'unknown'; undecided: Undecided };

/** Whether an Allow statement of an identity policy gives some S3 permission (any S3 action on anything that may be S3). */
export function grantsS3(statement: PolicyStatement): Verdict {
  if (statement.effect === 'Deny') return { grants: false };
  const action = s3Action(statement);
  if (action.grants !== true) return action;
  const resource = s3Resource(statement);
  if (resource.grants !== true) return resource;
  if (statement.effect === undefined) {
    return { grants: 'unknown', undecided: { range: statement.range, reason: 'the statement effect is not known statically' } };
  }
  return action;
}

function s3Action(statement: PolicyStatement): Verdict {
  if (statement.actions) {
    const known = statement.actions.find((action) => action.value !== undefined && isS3Action(action.value));
    if (known) return { grants: true, what: known.value! };
    const open = statement.actions.find((action) => action.value === undefined && action.fromInput && wildcardMatches(action.pattern, 's3:GetObject'));
    if (open) return { grants: 'unknown', undecided: { range: open.range, reason: `the action depends on ${open.text}` } };
    return { grants: false };
  }
  if (statement.notActions) {
    // NotAction allows every action it does not name: S3 stays allowed unless it names all of S3.
    if (statement.notActions.some((action) => action.value !== undefined && wildcardMatches(action.value, 's3:*'))) return { grants: false };
    const open = statement.notActions.find((action) => action.value === undefined && action.fromInput);
    if (open) return { grants: 'unknown', undecided: { range: open.range, reason: `NotAction depends on ${open.text}` } };
    return { grants: true, what: 'every S3 action (NotAction)' };
  }
  return { grants: false };
}

function isS3Action(value: string): boolean {
  return /^s3:/i.test(value) || wildcardMatches(value, 's3:GetObject') || wildcardMatches(value, 's3:ListBucket');
}

function s3Resource(statement: PolicyStatement): Verdict {
  if (statement.resources) {
    if (statement.resources.some((resource) => couldNameS3(resource.pattern))) return { grants: true, what: '' };
    const open = statement.resources.find(wholeInput);
    if (open) return { grants: 'unknown', undecided: { range: open.range, reason: `the resource depends on ${open.text}` } };
    return { grants: false };
  }
  if (statement.notResources) {
    if (statement.notResources.some((resource) => resource.value !== undefined && coversEveryBucket(resource.value))) return { grants: false };
    return { grants: true, what: '' };
  }
  return { grants: false };
}

// --- the view ------------------------------------------------------------------------------------------------

type IdentityKind = 'user' | 'group' | 'policy';

const TYPES: Record<IdentityKind, { terraform: string; cloudformation: string; nameKey: { terraform: string; cloudformation: string } }> = {
  user: { terraform: 'aws_iam_user', cloudformation: 'AWS::IAM::User', nameKey: { terraform: 'name', cloudformation: 'UserName' } },
  group: { terraform: 'aws_iam_group', cloudformation: 'AWS::IAM::Group', nameKey: { terraform: 'name', cloudformation: 'GroupName' } },
  policy: { terraform: 'aws_iam_policy', cloudformation: 'AWS::IAM::ManagedPolicy', nameKey: { terraform: 'name', cloudformation: 'ManagedPolicyName' } },
};

/** AWS managed policies known to grant S3 permissions (by name, after `arn:aws:iam::aws:policy/`). */
const S3_MANAGED_POLICIES = /^(AmazonS3\w*|AdministratorAccess|PowerUserAccess|ReadOnlyAccess)$/;
/** An AWS managed policy ARN, any partition, with an optional path: the name is the last group. */
const MANAGED_POLICY_ARN = /:iam::aws:policy\/(?:.*\/)?([\w+=,.@-]+)$/;

/** A policy that applies to a user or group: a document in the scanned code, a known AWS managed policy, or unknown. */
type PolicySource =
  | { kind: 'document'; source: ResourceNode; attachment: BucketPolicyAttachment }
  | { kind: 'managed'; source: ResourceNode; at: SourceRange; name: string }
  | { kind: 'unknown'; undecided: Undecided };

/** What a value names: a resource of the scanned code, or why it cannot be told (`outside`: a literal name of a resource elsewhere). */
type Target = { node: ResourceNode } | { undecided: Undecided; outside?: boolean };

const MAX_SYMBOL_DEPTH = 4;

export function buildIdentityView(_views: S3Views, graph: Graph): IdentityView {
  const byName = new Map<string, ResourceNode>();
  for (const node of graph.nodes) {
    if (node.mode !== 'resource') continue;
    for (const kind of ['user', 'group', 'policy'] as const) {
      const type = TYPES[kind];
      if (node.type !== type[node.framework]) continue;
      const name = child(node.body, type.nameKey[node.framework]);
      const key = `${kind}\u0000${name?.kind === 'literal' ? String(name.value) : ''}`;
      if (name?.kind === 'literal' && !byName.has(key)) byName.set(key, node);
    }
  }

  /** The user, group or managed policy a value names: a reference, a local, `Ref`/`GetAtt`, or a literal name. */
  const target = (from: ResourceNode, node: ValueNode | undefined, kind: IdentityKind, depth = 0): Target | undefined => {
    if (!node) return undefined;
    const wanted = TYPES[kind][from.framework];
    if (node.kind === 'literal') {
      if (typeof node.value !== 'string' || node.value === '') return undefined;
      const name = kind === 'policy' ? node.value.replace(/^.*:policy\/(?:.*\/)?/, '') : node.value;
      const found = byName.get(`${kind}\u0000${name}`);
      return found ? { node: found } : { undecided: { range: node.range, reason: `${kind} "${name}" is not in the scanned code` }, outside: true };
    }
    if (node.kind === 'expression') {
      // `for_each = aws_iam_user.team` with `user = each.value.name`: the iterated collection names the user.
      const forEach = node.references.some((reference) => reference.startsWith('each.')) ? child(from.body, 'for_each') : undefined;
      if (forEach && forEach !== node && depth < MAX_SYMBOL_DEPTH) {
        const iterated = target(from, forEach, kind, depth + 1);
        if (iterated && 'node' in iterated) return iterated;
      }
      for (const reference of node.references) {
        const address = resourceAddress(reference);
        const resource = graph.resolve(from, address);
        if (resource?.type === wanted && resource.mode === 'resource') return { node: resource };
        const symbol = address.startsWith('local.') && depth < MAX_SYMBOL_DEPTH ? graph.symbol(from, address) : undefined;
        const viaSymbol = symbol ? target(from, symbol, kind, depth + 1) : undefined;
        if (viaSymbol && 'node' in viaSymbol) return viaSymbol;
      }
      return { undecided: { range: node.range, reason: `the ${kind} depends on ${describe(node)}` } };
    }
    if (node.kind === 'object' && isDynamic(node)) {
      const named = node.entries.has('Ref') || node.entries.has('Fn::GetAtt') ? intrinsicReferences(node)[0] : undefined;
      const resource = named === undefined ? undefined : graph.resolve(from, named);
      if (resource?.type === wanted) return { node: resource };
      return { undecided: { range: node.range, reason: `the ${kind} depends on ${describe(node)}` } };
    }
    return { undecided: { range: node.range, reason: `the ${kind} is not a name` } };
  };

  /** The policy a `policy_arn` / `ManagedPolicyArns` entry names. */
  const policyFromArn = (from: ResourceNode, node: ValueNode): PolicySource | undefined => {
    const arn = policyString(node);
    const managed = MANAGED_POLICY_ARN.exec(arn?.value ?? arn?.pattern ?? '');
    if (managed) {
      const name = managed[1]!;
      return S3_MANAGED_POLICIES.test(name) ? { kind: 'managed', source: from, at: node.range, name } : undefined;
    }
    const data = dataPolicy(from, node);
    if (data) return data;
    const found = target(from, node, 'policy');
    if (!found) return undefined;
    if ('undecided' in found) return { kind: 'unknown', undecided: found.undecided };
    const attachment = policyAttachment(graph, found.node, found.node.framework === 'terraform' ? 'policy' : 'PolicyDocument');
    return attachment ? { kind: 'document', source: found.node, attachment } : undefined;
  };

  /** `data.aws_iam_policy.x.arn`: an existing policy, known when the data source names an AWS managed one. */
  const dataPolicy = (from: ResourceNode, node: ValueNode): PolicySource | undefined => {
    const address = node.kind === 'expression' ? node.references.find((reference) => unqualified(reference).startsWith('data.aws_iam_policy.')) : undefined;
    const data = address ? graph.resolve(from, address) : undefined;
    if (!data) return undefined;
    const arn = policyString(child(data.body, 'arn'))?.value;
    const name = policyString(child(data.body, 'name'))?.value ?? MANAGED_POLICY_ARN.exec(arn ?? '')?.[1];
    if (name && (arn === undefined || MANAGED_POLICY_ARN.test(arn))) {
      if (S3_MANAGED_POLICIES.test(name)) return { kind: 'managed', source: from, at: node.range, name };
      return { kind: 'unknown', undecided: { range: node.range, reason: `the content of policy "${name}" is not in the scanned code` } };
    }
    return { kind: 'unknown', undecided: { range: node.range, reason: `${address} is not in the scanned code` } };
  };

  const sources = new Map<ResourceNode, PolicySource[]>();
  const groupsOf = new Map<ResourceNode, Target[]>();
  /** Attachments whose user or group is not known statically: they may reach any identity of their scope. */
  const floating: { from: ResourceNode; sources: PolicySource[]; undecided: Undecided }[] = [];

  const attach = (from: ResourceNode, names: ValueNode | undefined, kind: 'user' | 'group', policies: PolicySource[]): void => {
    if (policies.length === 0 || !names) return;
    const list = names.kind === 'list' ? names.items : [names];
    for (const name of list) {
      const found = target(from, name, kind);
      if (!found) continue;
      if ('node' in found) sources.set(found.node, [...(sources.get(found.node) ?? []), ...policies]);
      else if (!found.outside) {
        const reason = `${from.id} attaches policies to a ${kind} given by ${describe(name)}, which may be this one`;
        floating.push({ from, sources: policies, undecided: { range: found.undecided.range, reason } });
      }
    }
  };
  const member = (from: ResourceNode, users: ValueNode | undefined, groups: ValueNode | undefined): void => {
    for (const user of items(users)) {
      const foundUser = target(from, user, 'user');
      if (!foundUser || !('node' in foundUser)) continue;
      for (const group of items(groups)) {
        const foundGroup = target(from, group, 'group');
        if (foundGroup) push(groupsOf, foundUser.node, foundGroup);
      }
    }
  };
  const documents = (node: ResourceNode): PolicySource[] => {
    const { policies, unknown } = identityPolicies(graph, node);
    return [
      ...policies.map((policy): PolicySource => ({ kind: 'document', source: node, attachment: policy.attachment })),
      ...unknown.map((undecided): PolicySource => ({ kind: 'unknown', undecided })),
    ];
  };
  const arns = (from: ResourceNode, list: ValueNode | undefined): PolicySource[] =>
    alternatives(list).flatMap((option): PolicySource[] => {
      if (isDynamic(option)) return [{ kind: 'unknown', undecided: { range: option.range, reason: `the managed policies depend on ${describe(option)}` } }];
      return items(option).flatMap(alternatives).flatMap((arn) => policyFromArn(from, arn) ?? []);
    });
  const arn = (from: ResourceNode, node: ValueNode | undefined): PolicySource[] => {
    const source = node ? policyFromArn(from, node) : undefined;
    return source ? [source] : [];
  };

  for (const node of graph.nodes) {
    if (node.mode !== 'resource') continue;
    const get = (key: string): ValueNode | undefined => child(node.body, key);
    switch (node.type) {
      case 'aws_iam_user_policy':
        attach(node, get('user'), 'user', documents(node));
        break;
      case 'aws_iam_group_policy':
        attach(node, get('group'), 'group', documents(node));
        break;
      case 'aws_iam_user_policy_attachment':
        attach(node, get('user'), 'user', arn(node, get('policy_arn')));
        break;
      case 'aws_iam_group_policy_attachment':
        attach(node, get('group'), 'group', arn(node, get('policy_arn')));
        break;
      case 'aws_iam_policy_attachment':
        attach(node, get('users'), 'user', arn(node, get('policy_arn')));
        attach(node, get('groups'), 'group', arn(node, get('policy_arn')));
        break;
      case 'aws_iam_user_group_membership':
        member(node, get('user'), get('groups'));
        break;
      case 'aws_iam_group_membership':
        member(node, get('users'), get('group'));
        break;
      case 'AWS::IAM::User': {
        sources.set(node, [...(sources.get(node) ?? []), ...documents(node), ...arns(node, get('ManagedPolicyArns'))]);
        const found = alternatives(get('Groups')).flatMap((groups): Target[] =>
          isDynamic(groups)
            ? [{ undecided: { range: groups.range, reason: `the groups depend on ${describe(groups)}` } }]
            : items(groups).flatMap(alternatives).flatMap((group) => target(node, group, 'group') ?? []),
        );
        groupsOf.set(node, [...(groupsOf.get(node) ?? []), ...found]);
        break;
      }
      case 'AWS::IAM::Group':
        sources.set(node, [...(sources.get(node) ?? []), ...documents(node), ...arns(node, get('ManagedPolicyArns'))]);
        break;
      case 'AWS::IAM::Policy':
      case 'AWS::IAM::ManagedPolicy':
        attach(node, get('Users'), 'user', documents(node));
        attach(node, get('Groups'), 'group', documents(node));
        break;
      case 'AWS::IAM::UserPolicy':
        attach(node, get('UserName'), 'user', documents(node));
        break;
      case 'AWS::IAM::GroupPolicy':
        attach(node, get('GroupName'), 'group', documents(node));
        break;
      case 'AWS::IAM::UserToGroupAddition':
        for (const user of items(get('Users'))) {
          const found = target(node, user, 'user');
          const group = target(node, get('GroupName'), 'group');
          if (found && 'node' in found && group) push(groupsOf, found.node, group);
        }
        break;
    }
  }

  const cache = new Map<ResourceNode, UserS3Access>();
  const evaluate = (policies: PolicySource[], access: UserS3Access): void => {
    for (const policy of policies) {
      if (policy.kind === 'unknown') access.unknown.push(policy.undecided);
      else if (policy.kind === 'managed') access.grants.push({ source: policy.source, at: policy.at, what: policy.name });
      else {
        const result = policy.attachment.result;
        if ('unresolved' in result) {
          access.unknown.push({ range: result.range, reason: result.unresolved });
          continue;
        }
        for (const statement of result.document.statements) {
          const verdict = grantsS3(statement);
          if (verdict.grants === true) access.grants.push({ source: policy.source, at: statement.range, what: verdict.what });
          else if (verdict.grants === 'unknown') access.unknown.push(verdict.undecided);
        }
        if (!result.document.complete) access.unknown.push({ range: policy.attachment.at, reason: 'part of the policy is not known statically' });
      }
    }
  };

  return {
    userOfAccessKey(key) {
      const node = child(key.body, key.framework === 'terraform' ? 'user' : 'UserName');
      const found = target(key, node, 'user');
      if (!found) return { unresolved: { range: key.headerRange, reason: 'the access key names no user' } };
      return 'node' in found ? { user: found.node } : { unresolved: found.undecided };
    },
    s3AccessOf(user) {
      const cached = cache.get(user);
      if (cached) return cached;
      const access: UserS3Access = { grants: [], unknown: [] };
      evaluate(sources.get(user) ?? [], access);
      for (const group of groupsOf.get(user) ?? []) {
        if ('node' in group) evaluate(sources.get(group.node) ?? [], access);
        else access.unknown.push(group.undecided);
      }
      const scope = graph.scopeOf(user);
      for (const entry of floating) {
        if (graph.scopeOf(entry.from) !== scope) continue;
        const reached: UserS3Access = { grants: [], unknown: [] };
        evaluate(entry.sources, reached);
        if (reached.grants.length > 0 || reached.unknown.length > 0) access.unknown.push(entry.undecided);
      }
      cache.set(user, access);
      return access;
    },
  };
}
