/**
 * The part of the AWS SAM transform (`Transform: AWS::Serverless-2016-10-31`, alone or in a list) that S3
 * findings depend on, applied to the parsed template before it is evaluated:
 *
 * - `Globals`: each section's properties are merged into every `AWS::Serverless::<Section>` resource as SAM does
 *   (mappings merge key by key, lists are concatenated global first, anything else, intrinsics included, is taken
 *   from the resource), minus what the resource's `IgnoreGlobals` names. The `Globals` section is then removed.
 * - `Policies` of `AWS::Serverless::Function` and `AWS::Serverless::StateMachine` without a `Role` become the
 *   execution role SAM generates: an `AWS::IAM::Role` `<LogicalId>Role` whose inline `Policies` are
 *   `<LogicalId>RolePolicy<index>` with each policy document, and the S3 policy templates (`S3ReadPolicy`,
 *   `S3WritePolicy`, `S3CrudPolicy`, `S3FullAccessPolicy`) expanded to their statements on `BucketName`. Policy
 *   names and ARNs (and intrinsics) become `ManagedPolicyArns`; `Fn::If` items keep their condition. The role
 *   carries the resource's `Condition`.
 * - The SAM transform is removed from `Transform`, so transforming again changes nothing.
 *
 * Generated nodes point at the lines that caused them: the role at the `Policies` key, an inline statement at
 * itself, a policy template's statements at the template's list item, its bucket ARNs at the `BucketName` value.
 *
 * Left as written: the serverless resources themselves (an S3 event of a function is read where it is written,
 * see `buildNotificationsElsewhere`), other policy templates (none grants S3 permissions), connectors, and the
 * resources SAM generates that configure nothing S3 rules read (functions, APIs, permissions, event sources).
 */

import type { ListNode, LiteralNode, ObjectEntry, ObjectNode, SourceRange, ValueNode } from '../../src/graph/types.js';
import { intrinsicName, literalString } from './evaluate.js';

export const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

const SERVERLESS_PREFIX = 'AWS::Serverless::';

/** Who assumes the execution role SAM generates for each resource type with `Policies`. */
const ROLE_SERVICES: Readonly<Record<string, string>> = {
  'AWS::Serverless::Function': 'lambda.amazonaws.com',
  'AWS::Serverless::StateMachine': 'states.amazonaws.com',
};

interface TemplateStatement {
  actions: readonly string[];
  /** The bucket ARN, the object ARN (`<bucket>/*`), or both. */
  on: ReadonlyArray<'bucket' | 'objects'>;
}

/** The S3 policy templates of SAM's policy template catalog, with the statements they expand to. */
const S3_POLICY_TEMPLATES: Readonly<Record<string, readonly TemplateStatement[]>> = {
  S3ReadPolicy: [
    {
      actions: ['s3:GetObject', 's3:ListBucket', 's3:GetBucketLocation', 's3:GetObjectVersion', 's3:GetLifecycleConfiguration'],
      on: ['bucket', 'objects'],
    },
  ],
  S3WritePolicy: [{ actions: ['s3:PutObject', 's3:PutObjectAcl', 's3:PutLifecycleConfiguration'], on: ['bucket', 'objects'] }],
  S3CrudPolicy: [
    {
      actions: [
        's3:GetObject',
        's3:ListBucket',
        's3:GetBucketLocation',
        's3:GetObjectVersion',
        's3:PutObject',
        's3:PutObjectAcl',
        's3:GetLifecycleConfiguration',
        's3:PutLifecycleConfiguration',
        's3:DeleteObject',
      ],
      on: ['bucket', 'objects'],
    },
  ],
  S3FullAccessPolicy: [
    {
      actions: [
        's3:GetObject',
        's3:GetObjectAcl',
        's3:GetObjectVersion',
        's3:PutObject',
        's3:PutObjectAcl',
        's3:DeleteObject',
        's3:DeleteObjectTagging',
        's3:DeleteObjectVersionTagging',
        's3:GetObjectTagging',
        's3:GetObjectVersionTagging',
        's3:PutObjectTagging',
        's3:PutObjectVersionTagging',
      ],
      on: ['objects'],
    },
    { actions: ['s3:ListBucket', 's3:GetBucketLocation', 's3:GetLifecycleConfiguration', 's3:PutLifecycleConfiguration'], on: ['bucket'] },
  ],
};

export interface SamTransformResult {
  /** The template as the transform leaves it; the same object when it is not a SAM template. */
  template: ObjectNode;
  /** The resources the transform added, each with the logical id of the serverless resource that caused it. */
  generated: Array<{ id: string; from: string }>;
}

/** Whether the template names the SAM transform in `Transform` (a string or a list). */
export function isSamTemplate(template: ObjectNode): boolean {
  const transform = template.entries.get('Transform')?.value;
  if (transform === undefined) return false;
  const names = transform.kind === 'list' ? transform.items : [transform];
  return names.some((name) => literalString(name) === SAM_TRANSFORM);
}

export function transformSam(template: ObjectNode): SamTransformResult {
  const unchanged: SamTransformResult = { template, generated: [] };
  if (!isSamTemplate(template)) return unchanged;
  const entries = new Map(template.entries);
  removeSamTransform(entries);
  const globals = readGlobals(entries.get('Globals')?.value);
  entries.delete('Globals');
  const resourcesEntry = template.entries.get('Resources');
  const generated: SamTransformResult['generated'] = [];
  if (resourcesEntry?.value.kind === 'object') {
    const resources = resourcesEntry.value;
    const output = new Map<string, ObjectEntry>();
    for (const [id, entry] of resources.entries) {
      const definition = entry.value.kind === 'object' ? entry.value : undefined;
      const type = literalString(definition?.entries.get('Type')?.value);
      if (definition === undefined || type === undefined || !type.startsWith(SERVERLESS_PREFIX)) {
        output.set(id, entry);
        continue;
      }
      const merged = withGlobals(definition, globals.get(type));
      output.set(id, merged === definition ? entry : { ...entry, value: merged });
      const roleId = `${id}Role`;
      const role = ROLE_SERVICES[type] !== undefined && !resources.entries.has(roleId) ? executionRole(roleId, merged, ROLE_SERVICES[type]!) : undefined;
      if (role !== undefined) {
        output.set(roleId, role);
        generated.push({ id: roleId, from: id });
      }
    }
    entries.set('Resources', { ...resourcesEntry, value: { ...resources, entries: output } });
  }
  return { template: { ...template, entries }, generated };
}

function removeSamTransform(entries: Map<string, ObjectEntry>): void {
  const entry = entries.get('Transform')!;
  if (entry.value.kind !== 'list') {
    entries.delete('Transform');
    return;
  }
  const others = entry.value.items.filter((item) => literalString(item) !== SAM_TRANSFORM);
  if (others.length === 0) entries.delete('Transform');
  else entries.set('Transform', { ...entry, value: { ...entry.value, items: others } });
}

/** Global properties by the resource type they apply to (`Function` → `AWS::Serverless::Function`). */
function readGlobals(section: ValueNode | undefined): Map<string, ObjectNode> {
  const globals = new Map<string, ObjectNode>();
  if (section?.kind !== 'object') return globals;
  for (const [name, entry] of section.entries) {
    if (entry.value.kind === 'object' && intrinsicName(entry.value) === undefined) globals.set(`${SERVERLESS_PREFIX}${name}`, entry.value);
  }
  return globals;
}

/** The definition with the global properties merged into its `Properties`; the same object when there are none. */
function withGlobals(definition: ObjectNode, global: ObjectNode | undefined): ObjectNode {
  if (global === undefined || global.entries.size === 0) return definition;
  const applicable = withoutIgnored(global, definition.entries.get('IgnoreGlobals')?.value);
  if (applicable.entries.size === 0) return definition;
  const propertiesEntry = definition.entries.get('Properties');
  const local = propertiesEntry?.value;
  let properties: ValueNode;
  if (local === undefined) properties = applicable;
  else if (local.kind === 'object' && intrinsicName(local) === undefined) properties = mergeGlobal(applicable, local);
  else return definition; // Properties that are not a mapping: SAM rejects the template, nothing to merge into
  const entries = new Map(definition.entries);
  entries.set('Properties', propertiesEntry === undefined ? entry('Properties', applicable.range, properties) : { ...propertiesEntry, value: properties });
  return { ...definition, entries };
}

/** `IgnoreGlobals: "*"` ignores every global property, a list the ones it names. */
function withoutIgnored(global: ObjectNode, ignore: ValueNode | undefined): ObjectNode {
  if (ignore === undefined) return global;
  if (literalString(ignore) === '*') return { ...global, entries: new Map() };
  if (ignore.kind !== 'list') return global;
  const ignored = new Set(ignore.items.map(literalString));
  return { ...global, entries: new Map([...global.entries].filter(([key]) => !ignored.has(key))) };
}

type MergeToken = 'map' | 'list' | 'scalar';

/** SAM's kinds of value for merging: an intrinsic function is a scalar (it resolves to one). */
function tokenOf(node: ValueNode): MergeToken {
  if (node.kind === 'list') return 'list';
  if (node.kind === 'object' && intrinsicName(node) === undefined) return 'map';
  return 'scalar';
}

/**
 * SAM's merge of a global value into a resource's: mappings key by key (keys of both merged again), lists
 * concatenated (global items first), anything else the resource's value. Recursion follows mappings present in
 * both trees, so it is no deeper than the parsed template.
 */
function mergeGlobal(global: ValueNode, local: ValueNode): ValueNode {
  const token = tokenOf(global);
  if (token !== tokenOf(local) || token === 'scalar') return local;
  if (token === 'list') return { ...(local as ListNode), items: [...(global as ListNode).items, ...(local as ListNode).items] };
  const entries = new Map((global as ObjectNode).entries);
  for (const [key, entry] of (local as ObjectNode).entries) {
    const inGlobal = entries.get(key);
    entries.set(key, inGlobal === undefined ? entry : { ...entry, value: mergeGlobal(inGlobal.value, entry.value) });
  }
  return { ...(local as ObjectNode), entries };
}

/** What one item of `Policies` becomes in the role. */
type RolePolicy = { kind: 'inline'; node: ValueNode } | { kind: 'managed'; node: ValueNode } | { kind: 'none' };

/**
 * The execution role SAM generates for a function or state machine with `Policies` and no `Role`, or undefined
 * when it generates none or the role would grant nothing (only policy templates outside S3).
 */
function executionRole(roleId: string, definition: ObjectNode, service: string): ObjectEntry | undefined {
  const properties = definition.entries.get('Properties')?.value;
  if (properties?.kind !== 'object') return undefined;
  const role = properties.entries.get('Role')?.value;
  if (role !== undefined && !(role.kind === 'literal' && role.value === null)) return undefined;
  const policiesEntry = properties.entries.get('Policies');
  if (policiesEntry === undefined) return undefined;
  const policies = policiesEntry.value;
  const at = policiesEntry.keyRange;
  const inline: ValueNode[] = [];
  const managed: ValueNode[] = [];
  const items = policies.kind === 'list' ? policies.items : [policies];
  items.forEach((item, index) => {
    const policy = rolePolicy(item, `${roleId}Policy${index}`);
    if (policy.kind === 'inline') inline.push(policy.node);
    else if (policy.kind === 'managed') managed.push(policy.node);
  });
  if (inline.length === 0 && managed.length === 0) return undefined;

  const range: SourceRange = { file: at.file, start: at.start, end: policies.range.end };
  const roleProperties = new Map<string, ObjectEntry>();
  const assumeRole = properties.entries.get('AssumeRolePolicyDocument');
  roleProperties.set('AssumeRolePolicyDocument', assumeRole ?? entry('AssumeRolePolicyDocument', at, trustPolicy(service, at)));
  if (inline.length > 0) roleProperties.set('Policies', entry('Policies', at, { kind: 'list', items: inline, range: policies.range }));
  if (managed.length > 0) roleProperties.set('ManagedPolicyArns', entry('ManagedPolicyArns', at, { kind: 'list', items: managed, range: policies.range }));
  const boundary = properties.entries.get('PermissionsBoundary');
  if (boundary !== undefined) roleProperties.set('PermissionsBoundary', boundary);

  const roleEntries = new Map<string, ObjectEntry>();
  roleEntries.set('Type', entry('Type', at, literal('AWS::IAM::Role', at)));
  const condition = definition.entries.get('Condition');
  if (condition !== undefined) roleEntries.set('Condition', condition);
  roleEntries.set('Properties', entry('Properties', at, { kind: 'object', entries: roleProperties, range }));
  return entry(roleId, at, { kind: 'object', entries: roleEntries, range });
}

/**
 * One `Policies` item as SAM reads it: a string or an intrinsic names a managed policy, a mapping with `Statement`
 * is a policy document, a single-key mapping may be a policy template, `Fn::If` chooses between two of the same
 * kind (or `AWS::NoValue`).
 */
function rolePolicy(item: ValueNode, policyName: string): RolePolicy {
  if (item.kind === 'literal') return typeof item.value === 'string' ? { kind: 'managed', node: managedPolicyArn(item) } : { kind: 'none' };
  if (item.kind !== 'object') return { kind: 'none' };
  const name = intrinsicName(item);
  if (name === 'Fn::If') return conditionalPolicy(item, policyName);
  if (name !== undefined) return { kind: 'managed', node: item };
  if (item.entries.has('Statement')) return { kind: 'inline', node: inlinePolicy(policyName, item, item.range) };
  if (item.entries.size !== 1) return { kind: 'none' };
  const [templateName, argument] = [...item.entries][0]!;
  const statements = S3_POLICY_TEMPLATES[templateName];
  const bucket = argument.value.kind === 'object' ? argument.value.entries.get('BucketName')?.value : undefined;
  if (statements === undefined || bucket === undefined) return { kind: 'none' };
  return { kind: 'inline', node: inlinePolicy(policyName, templateDocument(statements, bucket, item.range), item.range) };
}

function conditionalPolicy(item: ObjectNode, policyName: string): RolePolicy {
  const ifEntry = item.entries.get('Fn::If')!;
  const argument = ifEntry.value;
  if (argument.kind !== 'list' || argument.items.length !== 3) return { kind: 'none' };
  const [condition, ...branches] = argument.items as [ValueNode, ValueNode, ValueNode];
  const read = branches.map((branch) => (isNoValue(branch) ? undefined : rolePolicy(branch, policyName)));
  const kinds = new Set(read.flatMap((policy) => (policy !== undefined && policy.kind !== 'none' ? [policy.kind] : [])));
  // Both branches must be of one kind (SAM rejects a mix); a branch that grants nothing here is `AWS::NoValue`.
  if (kinds.size !== 1) return { kind: 'none' };
  const [kind] = [...kinds] as ['inline' | 'managed'];
  const chosen = branches.map((branch, index) => {
    const policy = read[index];
    if (policy === undefined) return branch;
    return policy.kind === 'none' ? noValue(branch.range) : policy.node;
  });
  return { kind, node: { ...item, entries: new Map([['Fn::If', { ...ifEntry, value: { ...argument, items: [condition, ...chosen] } }]]) } };
}

function noValue(range: SourceRange): ObjectNode {
  return { kind: 'object', entries: new Map([['Ref', entry('Ref', range, literal('AWS::NoValue', range))]]), range };
}

function isNoValue(node: ValueNode): boolean {
  return node.kind === 'object' && intrinsicName(node) === 'Ref' && literalString(node.entries.get('Ref')!.value) === 'AWS::NoValue';
}

/**
 * A policy name becomes an AWS managed policy ARN. SAM looks the name up in IAM's list, which adds a path where
 * the policy has one (`service-role/`); here the name goes without it. An ARN stays as written.
 */
function managedPolicyArn(name: LiteralNode): ValueNode {
  const text = String(name.value);
  if (text.startsWith('arn:')) return name;
  return { kind: 'object', entries: new Map([['Fn::Sub', entry('Fn::Sub', name.range, literal(`arn:\${AWS::Partition}:iam::aws:policy/${text}`, name.range))]]), range: name.range };
}

function inlinePolicy(policyName: string, document: ValueNode, range: SourceRange): ObjectNode {
  const entries = new Map<string, ObjectEntry>([
    ['PolicyName', entry('PolicyName', range, literal(policyName, range))],
    ['PolicyDocument', entry('PolicyDocument', range, document)],
  ]);
  return { kind: 'object', entries, range };
}

/** A policy template's statements on one bucket, at the template's list item; ARNs at the `BucketName` value. */
function templateDocument(statements: readonly TemplateStatement[], bucket: ValueNode, range: SourceRange): ObjectNode {
  const items = statements.map((statement): ObjectNode => {
    const entries = new Map<string, ObjectEntry>([
      ['Effect', entry('Effect', range, literal('Allow', range))],
      ['Action', entry('Action', range, { kind: 'list', items: statement.actions.map((action) => literal(action, range)), range })],
      ['Resource', entry('Resource', range, { kind: 'list', items: statement.on.map((on) => bucketArn(bucket, on === 'objects' ? '/*' : '')), range })],
    ]);
    return { kind: 'object', entries, range };
  });
  return {
    kind: 'object',
    entries: new Map([
      ['Version', entry('Version', range, literal('2012-10-17', range))],
      ['Statement', entry('Statement', range, { kind: 'list', items, range })],
    ]),
    range,
  };
}

/**
 * `arn:${AWS::Partition}:s3:::<bucket><suffix>` as `Fn::Join`, which the policy model reads whatever the bucket
 * value is (a name, a `Ref`, a parameter), where SAM writes a `Fn::Sub` with a variable map.
 */
function bucketArn(bucket: ValueNode, suffix: string): ObjectNode {
  const range = bucket.range;
  const partition: ObjectNode = { kind: 'object', entries: new Map([['Ref', entry('Ref', range, literal('AWS::Partition', range))]]), range };
  const parts: ValueNode[] = [literal('arn:', range), partition, literal(':s3:::', range), bucket];
  if (suffix !== '') parts.push(literal(suffix, range));
  const argument: ListNode = { kind: 'list', items: [literal('', range), { kind: 'list', items: parts, range }], range };
  return { kind: 'object', entries: new Map([['Fn::Join', entry('Fn::Join', range, argument)]]), range };
}

/** The trust policy of the generated role: the service that runs the resource may assume it. */
function trustPolicy(service: string, range: SourceRange): ObjectNode {
  const principal: ObjectNode = { kind: 'object', entries: new Map([['Service', entry('Service', range, { kind: 'list', items: [literal(service, range)], range })]]), range };
  const statement: ObjectNode = {
    kind: 'object',
    entries: new Map([
      ['Effect', entry('Effect', range, literal('Allow', range))],
      ['Principal', entry('Principal', range, principal)],
      ['Action', entry('Action', range, { kind: 'list', items: [literal('sts:AssumeRole', range)], range })],
    ]),
    range,
  };
  return {
    kind: 'object',
    entries: new Map([
      ['Version', entry('Version', range, literal('2012-10-17', range))],
      ['Statement', entry('Statement', range, { kind: 'list', items: [statement], range })],
    ]),
    range,
  };
}

function entry(key: string, keyRange: SourceRange, value: ValueNode): ObjectEntry {
  return { key, keyRange, value };
}

function literal(value: string, range: SourceRange): LiteralNode {
  return { kind: 'literal', value, range };
}
