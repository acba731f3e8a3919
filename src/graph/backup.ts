/**
 * The AWS Backup view: the scan's backup plans, vaults, vault locks and selections, which buckets each
 * selection covers, and which vaults receive S3 backups. Built once per scan through
 * `views.derive(buildBackupView)` and shared by the backup rules.
 *
 * Selection semantics (AWS Backup "assigning resources"): `Resources` OR `ListOfTags`/`selection_tag`, AND every
 * `Conditions` entry, minus `NotResources`; a selection with neither resources nor tags selects every resource
 * type. Each answer is three-valued: an input that decides it makes it unknown, with the place it is written.
 */
import { bucketTags } from './bucket-settings.js';
import { resourceAddress, type Graph } from './graph.js';
import { policyString, UNKNOWN_PART } from './policy.js';
import type { BucketView, S3Views } from './s3.js';
import type { ResourceNode, SourceRange, ValueNode } from './types.js';
import { child, describe, dynamicBlocks, isDynamic, isIntrinsic, items, objects, stringValue, type Value } from './values.js';

/** A three-valued answer; `yes` carries the place that decides it, `unknown` the input it depends on. */
export type Verdict =
  | { state: 'yes'; at: SourceRange }
  | { state: 'no' }
  | { state: 'unknown'; at: SourceRange; reason: string };

export interface Related {
  location: SourceRange;
  message: string;
}

export type TagOperator = 'StringEquals' | 'StringLike' | 'StringNotEquals' | 'StringNotLike';

export interface TagCondition {
  operator: TagOperator;
  key: ValueNode | undefined;
  value: ValueNode | undefined;
  range: SourceRange;
}

/** A part of a selection whose shape is decided at deploy time (dynamic block, intrinsic). */
export interface UnknownPart {
  at: SourceRange;
  reason: string;
}

export interface BackupSelection {
  resource: ResourceNode;
  /** The plan the selection assigns resources to. */
  plan: Link;
  /** `resources` / `Resources` entries (a Terraform expression or intrinsic counts as one entry). */
  resources: ValueNode[];
  notResources: ValueNode[];
  /** `selection_tag` / `ListOfTags`: any one selects (OR). */
  tags: TagCondition[];
  /** `condition` / `Conditions`: all must hold (AND). */
  conditions: TagCondition[];
  unknownTags?: UnknownPart;
  unknownConditions?: UnknownPart;
  /** The whole selection body is an intrinsic. */
  unknownSelection?: UnknownPart;
  /** Whether the selection is created: `count = 0` never; `count`/`for_each` on an input or a CloudFormation `Condition` maybe. */
  existence: 'always' | 'never' | UnknownPart;
}

export interface VaultTarget {
  node: ValueNode;
  kind: 'rule' | 'copy';
}

export interface BackupPlan {
  resource: ResourceNode;
  /** Rule target vaults and copy-action destinations. */
  targets: VaultTarget[];
  /** A `dynamic "rule"` or intrinsic rule list: targets not known statically. */
  unknownTargets?: UnknownPart;
}

export type VaultUse = { state: 'yes'; related: Related[] } | { state: 'no' } | { state: 'unknown'; at: SourceRange; reason: string };

export type VaultLock = { state: 'locked'; at: SourceRange } | { state: 'none' } | { state: 'unknown'; at: SourceRange; reason: string };

export interface BackupVault {
  resource: ResourceNode;
  /** Whether plans store S3 backups in the vault. */
  s3: VaultUse;
  lock: VaultLock;
}

export interface BucketCoverage {
  state: 'covered' | 'not-covered' | 'unknown';
  /** Where each covering selection selects the bucket: a resources entry, a tag condition or the selection. */
  coveredBy: { selection: ResourceNode; at: SourceRange }[];
  /** Where an input decides whether a selection covers the bucket. */
  undecided: { selection: ResourceNode; at: SourceRange; reason: string }[];
}

export interface BackupView {
  /** Whether AWS Backup selections in the scan cover the bucket. */
  coverage(bucket: BucketView): BucketCoverage;
  vaultOf(resource: ResourceNode): BackupVault | undefined;
}

/** What a value names: a resource of the scan, something outside it, or an input. */
export type Link = { kind: 'found'; node: ResourceNode } | { kind: 'external' } | { kind: 'unknown'; at: SourceRange; reason: string };

const VAULT_TYPES = new Set(['aws_backup_vault', 'AWS::Backup::BackupVault']);
const PLAN_TYPES = new Set(['aws_backup_plan', 'AWS::Backup::BackupPlan']);
const BUCKET_TYPES = new Set(['aws_s3_bucket', 'AWS::S3::Bucket']);
const TERRAFORM_OPERATORS: Record<string, TagOperator> = {
  string_equals: 'StringEquals',
  string_like: 'StringLike',
  string_not_equals: 'StringNotEquals',
  string_not_like: 'StringNotLike',
};
const NO: Verdict = { state: 'no' };
/** How many locals or `for_each` hops a reference is followed. */
const MAX_DEPTH = 4;

export function buildBackupView(views: S3Views, graph: Graph): BackupView {
  const resources = graph.nodes.filter((node) => node.mode === 'resource');
  const links = new Linker(graph);
  const vaultNodes = resources.filter((node) => VAULT_TYPES.has(node.type));
  for (const vault of vaultNodes) links.registerVault(vault);

  const plans = resources.filter((node) => PLAN_TYPES.has(node.type)).map(readPlan);
  const selections = resources
    .filter((node) => node.type === 'aws_backup_selection' || node.type === 'AWS::Backup::BackupSelection')
    .map((node) => readSelection(node, links, graph));
  const matcher = new SelectionMatcher(graph);

  const coverageCache = new Map<BucketView, BucketCoverage>();
  const coverage = (bucket: BucketView): BucketCoverage => {
    let found = coverageCache.get(bucket);
    if (!found) {
      found = { state: 'not-covered', coveredBy: [], undecided: [] };
      for (const selection of selections) {
        const verdict = matcher.covers(selection, bucket);
        if (verdict.state === 'yes') found.coveredBy.push({ selection: selection.resource, at: verdict.at });
        else if (verdict.state === 'unknown') found.undecided.push({ selection: selection.resource, at: verdict.at, reason: verdict.reason });
      }
      found.state = found.coveredBy.length > 0 ? 'covered' : found.undecided.length > 0 ? 'unknown' : 'not-covered';
      coverageCache.set(bucket, found);
    }
    return found;
  };

  const buckets = views.buckets.filter((bucket) => bucket.kind === 'general-purpose');
  // Whether a selection stores S3 data: it covers a bucket of the scan, or could select buckets outside it.
  const holdsS3 = new Map<BackupSelection, Verdict>();
  for (const selection of selections) {
    const covering = buckets.map((bucket) => ({ bucket, verdict: matcher.covers(selection, bucket) })).find(({ verdict }) => verdict.state === 'yes');
    holdsS3.set(selection, covering ? covering.verdict : matcher.couldSelectBuckets(selection));
  }

  const vaults = new Map<ResourceNode, BackupVault>(
    vaultNodes.map((node) => [node, { resource: node, s3: { state: 'no' }, lock: readInlineLock(node) }]),
  );
  // An input naming a vault (a reusable plan, selection or lock module) may name any vault of its framework: the
  // scan's modules and templates may be wired together by variables and parameters.
  const vaultsReachable = (from: ResourceNode): BackupVault[] => [...vaults.values()].filter((vault) => vault.resource.framework === from.framework);
  const markUnknown = (vault: BackupVault, at: SourceRange, reason: string): void => {
    if (vault.s3.state === 'no') vault.s3 = { state: 'unknown', at, reason };
  };

  for (const plan of plans) {
    const linked = selections.filter((selection) => selection.plan.kind === 'found' && selection.plan.node === plan.resource);
    let holds: Verdict;
    let holder: ResourceNode | undefined;
    if (linked.length === 0) {
      holds = { state: 'unknown', at: plan.resource.headerRange, reason: `no backup selection in the scanned code assigns resources to ${plan.resource.id}` };
    } else {
      holds = NO;
      for (const selection of linked) {
        const verdict = holdsS3.get(selection)!;
        if (verdict.state === 'yes') {
          holds = verdict;
          holder = selection.resource;
          break;
        }
        if (verdict.state === 'unknown' && holds.state === 'no') holds = verdict;
      }
    }
    if (holds.state === 'no') continue;
    const undecidedTargets: UnknownPart[] = plan.unknownTargets ? [plan.unknownTargets] : [];
    for (const target of plan.targets) {
      const link = links.vault(plan.resource, target.node);
      if (link.kind === 'unknown') undecidedTargets.push(link);
      if (link.kind !== 'found') continue;
      const vault = vaults.get(link.node);
      if (!vault) continue;
      if (holds.state === 'unknown') {
        markUnknown(vault, holds.at, holds.reason);
        continue;
      }
      const related: Related[] = [
        {
          location: target.node.range,
          message: target.kind === 'rule' ? `backup plan ${plan.resource.id} stores its backups in this vault` : `backup plan ${plan.resource.id} copies its backups to this vault`,
        },
        { location: holds.at, message: `selection ${holder?.id ?? ''} assigns S3 buckets to ${plan.resource.id}` },
      ];
      if (vault.s3.state !== 'yes') vault.s3 = { state: 'yes', related };
    }
    for (const part of undecidedTargets) for (const vault of vaultsReachable(plan.resource)) markUnknown(vault, part.at, part.reason);
  }
  // A selection whose plan is an input may feed any plan, so any vault.
  for (const selection of selections) {
    if (selection.plan.kind !== 'unknown' || holdsS3.get(selection)!.state === 'no') continue;
    for (const vault of vaultsReachable(selection.resource)) markUnknown(vault, selection.plan.at, selection.plan.reason);
  }

  for (const lock of resources.filter((node) => node.type === 'aws_backup_vault_lock_configuration')) {
    const link = links.vault(lock, child(lock.body, 'backup_vault_name'));
    if (link.kind === 'found') {
      const vault = vaults.get(link.node);
      if (vault) vault.lock = { state: 'locked', at: lock.headerRange };
    } else if (link.kind === 'unknown') {
      for (const vault of vaultsReachable(lock)) if (vault.lock.state === 'none') vault.lock = { state: 'unknown', at: link.at, reason: link.reason };
    }
  }

  return {
    coverage,
    vaultOf: (resource) => vaults.get(resource),
  };
}

// --- reading the resources ---------------------------------------------------------------------------------

function vaultName(vault: ResourceNode): Value<string> {
  return stringValue(child(vault.body, vault.framework === 'terraform' ? 'name' : 'BackupVaultName'), vault.headerRange);
}

/** CloudFormation declares the lock on the vault itself (`LockConfiguration`); Terraform in a separate resource. */
function readInlineLock(vault: ResourceNode): VaultLock {
  if (vault.framework !== 'cloudformation') return { state: 'none' };
  const entry = vault.body.entries.get('LockConfiguration');
  if (!entry || (entry.value.kind === 'literal' && entry.value.value === null)) return { state: 'none' };
  if (isDynamic(entry.value)) return { state: 'unknown', at: entry.value.range, reason: `the vault lock depends on ${describe(entry.value)}` };
  return { state: 'locked', at: entry.keyRange };
}

function readPlan(plan: ResourceNode): BackupPlan {
  const targets: VaultTarget[] = [];
  if (plan.framework === 'terraform') {
    for (const rule of objects(child(plan.body, 'rule'))) {
      const vault = child(rule, 'target_vault_name');
      if (vault) targets.push({ node: vault, kind: 'rule' });
      for (const copy of objects(child(rule, 'copy_action'))) {
        const destination = child(copy, 'destination_vault_arn');
        if (destination) targets.push({ node: destination, kind: 'copy' });
      }
    }
    const dynamic = dynamicBlocks(plan.body, 'rule')[0];
    return { resource: plan, targets, unknownTargets: dynamic ? { at: dynamic.range, reason: 'the plan rules are a dynamic block' } : undefined };
  }
  const body = child(plan.body, 'BackupPlan');
  if (isDynamic(body)) return { resource: plan, targets, unknownTargets: { at: body!.range, reason: `the plan depends on ${describe(body!)}` } };
  const rules = child(body, 'BackupPlanRule');
  if (isDynamic(rules)) return { resource: plan, targets, unknownTargets: { at: rules!.range, reason: `the plan rules depend on ${describe(rules!)}` } };
  let unknownTargets: UnknownPart | undefined;
  for (const rule of items(rules)) {
    if (isDynamic(rule)) {
      unknownTargets ??= { at: rule.range, reason: `a plan rule depends on ${describe(rule)}` };
      continue;
    }
    const vault = child(rule, 'TargetBackupVault');
    if (vault) targets.push({ node: vault, kind: 'rule' });
    for (const copy of items(child(rule, 'CopyActions'))) {
      const destination = isDynamic(copy) ? copy : child(copy, 'DestinationBackupVaultArn');
      if (destination) targets.push({ node: destination, kind: 'copy' });
    }
  }
  return { resource: plan, targets, unknownTargets };
}

/** Whether a selection is created, as far as its `count`, `for_each` or CloudFormation `Condition` says. */
function existence(graph: Graph, selection: ResourceNode): BackupSelection['existence'] {
  if (selection.framework === 'cloudformation') {
    const condition = selection.definition.entries.get('Condition');
    return condition ? { at: condition.keyRange, reason: 'the selection is created only under a condition' } : 'always';
  }
  const count = child(selection.body, 'count');
  if (count?.kind === 'literal') return typeof count.value === 'number' && count.value <= 0 ? 'never' : 'always';
  const repeat = count ?? child(selection.body, 'for_each');
  if (!repeat) return 'always';
  if (repeat.kind === 'list') return repeat.items.length > 0 ? 'always' : 'never';
  if (repeat.kind === 'object') return repeat.entries.size > 0 ? 'always' : 'never';
  // `for_each = toset(["a", "b"])` (literals only) or `for_each = aws_s3_bucket.per_team` (one per bucket of the scan).
  if (!count && repeat.kind === 'expression' && repeat.references.length === 0) return 'always';
  if (!count && referencedResources(graph, selection, repeat).inputs.length === 0) return 'always';
  return { at: repeat.range, reason: `whether the selection is created depends on ${describe(repeat)}` };
}

function readSelection(selection: ResourceNode, links: Linker, graph: Graph): BackupSelection {
  const exists = existence(graph, selection);
  if (selection.framework === 'terraform') {
    const body = selection.body;
    const conditions: TagCondition[] = [];
    let unknownConditions: UnknownPart | undefined;
    for (const condition of objects(child(body, 'condition'))) {
      for (const [name, operator] of Object.entries(TERRAFORM_OPERATORS)) {
        for (const block of objects(condition.entries.get(name)?.value)) {
          conditions.push({ operator, key: child(block, 'key'), value: child(block, 'value'), range: block.range });
        }
        const dynamic = dynamicBlocks(condition, name)[0];
        if (dynamic) unknownConditions ??= { at: dynamic.range, reason: `the ${name} conditions are a dynamic block` };
      }
    }
    const dynamicCondition = dynamicBlocks(body, 'condition')[0];
    if (dynamicCondition) unknownConditions ??= { at: dynamicCondition.range, reason: 'the selection conditions are a dynamic block' };
    const dynamicTag = dynamicBlocks(body, 'selection_tag')[0];
    return {
      resource: selection,
      existence: exists,
      plan: links.plan(selection, child(body, 'plan_id')),
      resources: items(child(body, 'resources')),
      notResources: items(child(body, 'not_resources')),
      tags: objects(child(body, 'selection_tag')).map((tag) => ({ operator: 'StringEquals', key: child(tag, 'key'), value: child(tag, 'value'), range: tag.range })),
      conditions,
      unknownTags: dynamicTag ? { at: dynamicTag.range, reason: 'the selection tags are a dynamic block' } : undefined,
      unknownConditions,
    };
  }
  const plan = links.plan(selection, child(selection.body, 'BackupPlanId'));
  const body = child(selection.body, 'BackupSelection');
  if (isDynamic(body)) {
    return {
      resource: selection,
      existence: exists,
      plan,
      resources: [],
      notResources: [],
      tags: [],
      conditions: [],
      unknownSelection: { at: body!.range, reason: `the selection depends on ${describe(body!)}` },
    };
  }
  let unknownTags: UnknownPart | undefined;
  const tags: TagCondition[] = [];
  const listOfTags = child(body, 'ListOfTags');
  if (isDynamic(listOfTags)) unknownTags = { at: listOfTags!.range, reason: `the selection tags depend on ${describe(listOfTags!)}` };
  else {
    for (const tag of items(listOfTags)) {
      if (tag.kind !== 'object' || isDynamic(tag)) unknownTags ??= { at: tag.range, reason: `a selection tag depends on ${describe(tag)}` };
      else tags.push({ operator: 'StringEquals', key: child(tag, 'ConditionKey'), value: child(tag, 'ConditionValue'), range: tag.range });
    }
  }
  let unknownConditions: UnknownPart | undefined;
  const conditions: TagCondition[] = [];
  const conditionsNode = child(body, 'Conditions');
  if (isDynamic(conditionsNode)) unknownConditions = { at: conditionsNode!.range, reason: `the selection conditions depend on ${describe(conditionsNode!)}` };
  else {
    for (const operator of ['StringEquals', 'StringLike', 'StringNotEquals', 'StringNotLike'] as const) {
      const list = child(conditionsNode, operator);
      for (const condition of isDynamic(list) ? [list!] : items(list)) {
        if (condition.kind !== 'object' || isDynamic(condition)) unknownConditions ??= { at: condition.range, reason: `a selection condition depends on ${describe(condition)}` };
        else conditions.push({ operator, key: child(condition, 'ConditionKey'), value: child(condition, 'ConditionValue'), range: condition.range });
      }
    }
  }
  return {
    resource: selection,
    existence: exists,
    plan,
    resources: items(child(body, 'Resources')),
    notResources: items(child(body, 'NotResources')),
    tags,
    conditions,
    unknownTags,
    unknownConditions,
  };
}

// --- linking values to resources ---------------------------------------------------------------------------

/** Follows references (and locals, and `for_each`) from a value to the resources it names. */
class Linker {
  private readonly vaultsByName = new Map<string, ResourceNode>();

  constructor(private readonly graph: Graph) {}

  registerVault(vault: ResourceNode): void {
    const name = vaultName(vault);
    if (name.state === 'known' && !this.vaultsByName.has(name.value)) this.vaultsByName.set(name.value, vault);
  }

  /** The vault a `target_vault_name`, `destination_vault_arn`, `backup_vault_name` or CloudFormation value names. */
  vault(from: ResourceNode, node: ValueNode | undefined): Link {
    return this.link(from, node, VAULT_TYPES, (text) => {
      // A vault ARN ends in `:backup-vault:<name>`; a name is the name.
      const name = /:backup-vault:([^:]+)$/.exec(text)?.[1] ?? text;
      return this.vaultsByName.get(name);
    });
  }

  plan(from: ResourceNode, node: ValueNode | undefined): Link {
    // Plan ids are generated: a literal id names a plan outside the scanned code.
    return this.link(from, node, PLAN_TYPES, () => undefined);
  }

  private link(from: ResourceNode, node: ValueNode | undefined, types: ReadonlySet<string>, byText: (text: string) => ResourceNode | undefined): Link {
    if (!node || (node.kind === 'literal' && node.value === null)) return { kind: 'external' };
    const text = policyString(node);
    if (text?.value !== undefined) {
      const found = byText(text.value);
      return found ? { kind: 'found', node: found } : { kind: 'external' };
    }
    const references = referencedResources(this.graph, from, node);
    const found = references.resources.find((resource) => types.has(resource.type));
    if (found) return { kind: 'found', node: found };
    if (references.inputs.length === 0) return { kind: 'external' };
    return { kind: 'unknown', at: node.range, reason: `the value depends on ${describe(node)}` };
  }
}

interface References {
  /** Resources and data sources of the scan the value names. */
  resources: ResourceNode[];
  /** Inputs it depends on: variables, parameters, module outputs, conditions. */
  inputs: string[];
}

/** The resources a value names and the inputs it depends on, following locals and `for_each = <resources>`. */
function referencedResources(graph: Graph, from: ResourceNode, node: ValueNode, depth = 0): References {
  const found: References = { resources: [], inputs: [] };
  if (node.kind === 'literal') return found;
  if (node.kind === 'list' || (node.kind === 'object' && !isIntrinsic(node))) {
    const parts = node.kind === 'list' ? node.items : [...node.entries.values()].map((entry) => entry.value);
    for (const part of parts) merge(found, referencedResources(graph, from, part, depth));
    return found;
  }
  const text = policyString(node);
  const references = text?.references ?? [];
  for (const raw of references) {
    const reference = resourceAddress(raw);
    const target = graph.resolve(from, reference);
    if (target) {
      found.resources.push(target);
      continue;
    }
    if (from.framework === 'terraform' && reference.startsWith('count.')) continue;
    const followed =
      depth >= MAX_DEPTH ? undefined
      : reference.startsWith('local.') ? graph.symbol(from, reference)
      : reference.startsWith('each.') ? child(from.body, 'for_each')
      : undefined;
    if (followed) merge(found, referencedResources(graph, from, followed, depth + 1));
    // A local or `for_each` holding literals (names, ARNs) is not followed into: it may name anything.
    if (!followed || containsLiteral(followed)) found.inputs.push(reference);
  }
  // A value that names nothing of the scan yet is not a literal: a function of literals, `Fn::If`, `Fn::ImportValue`
  // or `Fn::FindInMap` (another stack's or a mapping's value, which may name anything).
  if (references.length === 0) found.inputs.push(text?.text ?? describe(node));
  return found;
}

function containsLiteral(node: ValueNode): boolean {
  if (node.kind === 'literal') return node.value !== null;
  if (node.kind === 'list') return node.items.some(containsLiteral);
  if (node.kind === 'object') return [...node.entries.values()].some((entry) => containsLiteral(entry.value));
  return false;
}

function merge(into: References, from: References): void {
  into.resources.push(...from.resources);
  into.inputs.push(...from.inputs);
}

// --- matching selections against buckets -------------------------------------------------------------------

/** Stands for "some bucket": whether a selection could select S3 buckets at all. */
const ANY_BUCKET = Symbol('any bucket');
type Target = BucketView | typeof ANY_BUCKET;

class SelectionMatcher {
  constructor(private readonly graph: Graph) {}

  /** Whether the selection assigns the bucket to its plan. */
  covers(selection: BackupSelection, bucket: BucketView): Verdict {
    return ifCreated(selection, this.selects(selection, bucket));
  }

  private selects(selection: BackupSelection, bucket: BucketView): Verdict {
    if (selection.unknownSelection) return { state: 'unknown', ...selection.unknownSelection };
    const from = selection.resource;
    const inclusion = this.inclusion(selection, bucket);
    const conditions = [...selection.conditions.map((condition) => matchTag(condition, bucket)), ...unknownVerdict(selection.unknownConditions)];
    const excluded = anyOf(selection.notResources.map((node) => this.matchResource(from, node, bucket)));
    return allOf(inclusion, [...conditions, negate(excluded, from.headerRange)]);
  }

  /**
   * Whether the selection could select S3 buckets outside the scan: an S3 or `*` pattern, tags (which any bucket may
   * carry), or no resources at all; unless NotResources excludes every bucket.
   */
  couldSelectBuckets(selection: BackupSelection): Verdict {
    if (selection.unknownSelection) return ifCreated(selection, { state: 'unknown', ...selection.unknownSelection });
    const inclusion = this.inclusion(selection, ANY_BUCKET);
    const excluded = anyOf(selection.notResources.map((node) => excludesEveryBucket(node)));
    return ifCreated(selection, allOf(inclusion, [negate(excluded, selection.resource.headerRange)]));
  }

  private inclusion(selection: BackupSelection, target: Target): Verdict {
    const from = selection.resource;
    if (selection.resources.length === 0 && selection.tags.length === 0 && !selection.unknownTags) {
      // Neither resources nor tags: AWS Backup selects every supported resource type (then applies Conditions).
      return { state: 'yes', at: from.headerRange };
    }
    return anyOf([
      ...selection.resources.map((node) => this.matchResource(from, node, target)),
      ...selection.tags.map((tag): Verdict => (target === ANY_BUCKET ? { state: 'yes', at: tag.range } : matchTag(tag, target))),
      ...unknownVerdict(selection.unknownTags),
    ]);
  }

  /** Whether one resources entry (ARN, pattern, reference, expression) names the bucket. */
  private matchResource(from: ResourceNode, node: ValueNode, target: Target): Verdict {
    if (node.kind === 'list') return anyOf(node.items.map((item) => this.matchResource(from, item, target)));
    const text = policyString(node);
    if (text?.value !== undefined) return matchArn(text.value, target, node.range);
    const references = referencedResources(this.graph, from, node);
    for (const resource of references.resources) {
      if (BUCKET_TYPES.has(resource.type) && (target === ANY_BUCKET || resource === target.bucket)) return { state: 'yes', at: node.range };
      if (resource.type === 'aws_s3_bucket' && resource.mode === 'data') {
        const verdict = matchDataBucket(resource, target, node.range);
        if (verdict.state !== 'no') return verdict;
      }
    }
    // `arn:aws:dynamodb:${var.region}:…` cannot name a bucket whatever the input; `arn:aws:s3:::${var.team}-logs`
    // cannot name a bucket called `acme-data`.
    if (text && !patternCouldNameBucket(text.pattern)) return NO;
    if (text && target !== ANY_BUCKET && target.name.state === 'known' && !matchesName(text.pattern, target.name.value)) return NO;
    if (references.inputs.length === 0) return NO;
    return { state: 'unknown', at: node.range, reason: `the selected resources depend on ${describe(node)}` };
  }
}

/** A selection that may not be created decides nothing for sure. */
function ifCreated(selection: BackupSelection, verdict: Verdict): Verdict {
  if (selection.existence === 'never') return NO;
  if (selection.existence === 'always' || verdict.state !== 'yes') return verdict;
  return { state: 'unknown', ...selection.existence };
}

/** `data "aws_s3_bucket"`: names the bucket its `bucket` argument names. */
function matchDataBucket(data: ResourceNode, target: Target, at: SourceRange): Verdict {
  if (target === ANY_BUCKET) return { state: 'yes', at };
  const name = stringValue(child(data.body, 'bucket'), data.headerRange);
  if (name.state !== 'known') return { state: 'unknown', at, reason: `${data.id} names a bucket that is not known statically` };
  return matchArn(`arn:aws:s3:::${name.value}`, target, at);
}

function excludesEveryBucket(node: ValueNode): Verdict {
  const text = policyString(node);
  if (text?.value !== undefined) return matchesEveryBucket(text.value) ? { state: 'yes', at: node.range } : NO;
  return patternCouldNameBucket(text?.pattern ?? UNKNOWN_PART) ? { state: 'unknown', at: node.range, reason: `the excluded resources depend on ${describe(node)}` } : NO;
}

const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov'];

/** A literal ARN or pattern (`*`, `arn:aws:s3:::*`, `arn:aws:s3:::logs-*`) against the bucket's ARN. */
function matchArn(pattern: string, target: Target, at: SourceRange): Verdict {
  if (!patternCouldNameBucket(pattern)) return NO;
  if (target === ANY_BUCKET) return { state: 'yes', at };
  if (matchesEveryBucket(pattern)) return { state: 'yes', at };
  const name = target.name;
  // A generated name (no name set) ends in a random suffix: only a pattern can match it.
  if (name.state === 'absent' && !/[*?\uFFFF]/.test(pattern)) return NO;
  if (name.state !== 'known') {
    return { state: 'unknown', at, reason: `the name of bucket ${target.id} is not known statically, so ${pattern} may or may not match it` };
  }
  return matchesName(pattern, name.value) ? { state: 'yes', at } : NO;
}

function matchesName(pattern: string, name: string): boolean {
  const regex = globRegex(pattern);
  return PARTITIONS.some((partition) => regex.test(`arn:${partition}:s3:::${name}`));
}

/** Whether a pattern matches the ARN of every bucket: probes of different lengths rule out `?`-only patterns. */
function matchesEveryBucket(pattern: string): boolean {
  const regex = globRegex(pattern);
  return ['\u0001', '\u0001'.repeat(63)].every((name) => regex.test(`arn:aws:s3:::${name}`));
}

const S3_ARN_PREFIX = /^(|a|ar|arn|arn:[a-z-]*|arn:[a-z-]+:s|arn:[a-z-]+:s3|arn:[a-z-]+:s3:{1,3}|arn:[a-z-]+:s3:::[^:/]*)$/;
const S3_ARN_SUFFIX = /^(:{0,3}[^:/]*|(3|s3|:s3|[a-z-]*:s3|n:[a-z-]*:s3|rn:[a-z-]*:s3|arn:[a-z-]*:s3):::[^:/]*)$/;

/**
 * Whether a pattern (wildcards `*`, `?`, and unknown parts) can match some bucket ARN `arn:<partition>:s3:::<name>`:
 * its text before the first wildcard must start such an ARN and its text after the last must end one. Bucket
 * ARNs never contain `/`, so object and other resource paths never match.
 */
function patternCouldNameBucket(pattern: string): boolean {
  if (pattern.includes('/')) return false;
  const wildcard = /[*?\uFFFF]/;
  const first = pattern.search(wildcard);
  if (first < 0) return /^arn:[a-z-]+:s3:::[^:/]+$/.test(pattern);
  let last = pattern.length - 1;
  while (last >= 0 && !wildcard.test(pattern[last]!)) last--;
  return S3_ARN_PREFIX.test(pattern.slice(0, first)) && S3_ARN_SUFFIX.test(pattern.slice(last + 1));
}

function globRegex(pattern: string): RegExp {
  const source = [...pattern]
    .map((char) => (char === '*' || char === UNKNOWN_PART ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 's');
}

const RESOURCE_TAG_PREFIX = 'aws:ResourceTag/';

/**
 * One tag condition against the bucket's tags. A tag the bucket does not set in the code is unknown, not a
 * mismatch: provider `default_tags` and CloudFormation stack tags reach the bucket without appearing on it.
 */
function matchTag(condition: TagCondition, bucket: BucketView): Verdict {
  const at = condition.range;
  const key = condition.key?.kind === 'literal' && typeof condition.key.value === 'string' ? condition.key.value : undefined;
  const value = condition.value?.kind === 'literal' && condition.value.value !== null ? String(condition.value.value) : undefined;
  if (key === undefined || value === undefined) return { state: 'unknown', at, reason: 'the tag condition is not known statically' };
  const tagKey = key.startsWith(RESOURCE_TAG_PREFIX) ? key.slice(RESOURCE_TAG_PREFIX.length) : key;
  if (!bucket.bucket) return { state: 'unknown', at, reason: `the tags of bucket ${bucket.id} are outside the scanned code` };
  const tag = bucketTags(bucket).get(tagKey);
  if (!tag) return { state: 'unknown', at, reason: `bucket ${bucket.id} does not set tag ${tagKey} in the code; it may come from provider default_tags or stack tags` };
  if (tag.kind !== 'literal' || tag.value === null) return { state: 'unknown', at, reason: `the bucket's ${tagKey} tag is not known statically` };
  const actual = String(tag.value);
  const equal = condition.operator === 'StringEquals' || condition.operator === 'StringNotEquals' ? actual === value : globRegex(value).test(actual);
  const holds = condition.operator.startsWith('StringNot') ? !equal : equal;
  return holds ? { state: 'yes', at } : NO;
}

// --- three-valued logic ------------------------------------------------------------------------------------

function unknownVerdict(part: UnknownPart | undefined): Verdict[] {
  return part ? [{ state: 'unknown', at: part.at, reason: part.reason }] : [];
}

/** OR: the first yes, else the first unknown, else no. */
function anyOf(verdicts: readonly Verdict[]): Verdict {
  let unknown: Verdict | undefined;
  for (const verdict of verdicts) {
    if (verdict.state === 'yes') return verdict;
    if (verdict.state === 'unknown') unknown ??= verdict;
  }
  return unknown ?? NO;
}

/** AND: no if any is no, else the first unknown, else `first` (whose place explains the yes). */
function allOf(first: Verdict, rest: readonly Verdict[]): Verdict {
  if (first.state === 'no') return NO;
  let unknown = first.state === 'unknown' ? first : undefined;
  for (const verdict of rest) {
    if (verdict.state === 'no') return NO;
    if (verdict.state === 'unknown') unknown ??= verdict;
  }
  return unknown ?? first;
}

function negate(verdict: Verdict, at: SourceRange): Verdict {
  if (verdict.state === 'yes') return NO;
  if (verdict.state === 'no') return { state: 'yes', at };
  return verdict;
}

/** For the vault encryption rule: what a vault's KMS key setting says. */
export type VaultKey =
  | { state: 'default' }
  | { state: 'aws-managed'; at: SourceRange; key: string; via?: SourceRange }
  | { state: 'customer' }
  | { state: 'unknown'; at: SourceRange; reason: string };

const AWS_MANAGED_ALIAS = /alias\/aws\//;

/** The key a vault is encrypted with: absent (the AWS-managed aws/backup key), an AWS-managed alias, a customer key or an input. */
export function vaultKey(graph: Graph, vault: ResourceNode): VaultKey {
  const node = child(vault.body, vault.framework === 'terraform' ? 'kms_key_arn' : 'EncryptionKeyArn');
  if (!node || (node.kind === 'literal' && (node.value === null || node.value === ''))) return { state: 'default' };
  const text = policyString(node);
  if (text && AWS_MANAGED_ALIAS.test(text.pattern)) return { state: 'aws-managed', at: node.range, key: text.text };
  if (text?.value !== undefined) return { state: 'customer' };
  const references = referencedResources(graph, vault, node);
  let undecided: VaultKey | undefined;
  for (const resource of references.resources) {
    // `data "aws_kms_alias" { name = "alias/aws/backup" }`, `data "aws_kms_key" { key_id = "alias/aws/backup" }`.
    const lookup = resource.type === 'aws_kms_alias' ? child(resource.body, 'name') : resource.type === 'aws_kms_key' ? child(resource.body, 'key_id') : undefined;
    if (resource.mode !== 'data' || !lookup) continue;
    const looked = policyString(lookup);
    if (looked && AWS_MANAGED_ALIAS.test(looked.pattern)) return { state: 'aws-managed', at: node.range, key: looked.text, via: lookup.range };
    if (looked?.value === undefined) undecided ??= { state: 'unknown', at: node.range, reason: `the key ${resource.id} looks up depends on ${describe(lookup)}` };
  }
  if (undecided) return undecided;
  if (references.inputs.length === 0) return { state: 'customer' };
  return { state: 'unknown', at: node.range, reason: `the vault's KMS key depends on ${describe(node)}` };
}
