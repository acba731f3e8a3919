/**
 * Shared questions the resource-policy rules ask of policy statements and their conditions: "does a Deny that
 * covers the bucket carry condition key K with an operator in set O", how a condition operator reads once its
 * set prefix and IfExists suffix are taken off, how a statement is named in messages; and the two ways those rules
 * end: judging each statement of one policy, or reporting a bucket whose policies lack a statement.
 */
import type { RuleContext } from '../../src/engine/rule.js';
import {
  coversEveryS3Action,
  isEveryone,
  resourceCoverage,
  type PolicyCondition,
  type PolicyDocument,
  type PolicyStatement,
} from '../../src/graph/policy.js';
import type { BucketPolicyAttachment, BucketView, ResourcePolicyView } from '../../src/graph/s3.js';
import type { SourceRange } from '../../src/graph/types.js';

const INCOMPLETE_POLICY = 'part of the policy is not known statically (a conditional, a dynamic block or an unresolved source document)';

/** Why a rule cannot decide: where, and what is not known statically. */
export interface Undecided {
  range: SourceRange;
  reason: string;
}

/** A condition operator taken apart: `ForAnyValue:StringNotEqualsIfExists` → `stringnotequals`, set `foranyvalue`, ifExists. */
export interface OperatorParts {
  /** Lower case, without set prefix and IfExists suffix. */
  name: string;
  ifExists: boolean;
  set?: 'foranyvalue' | 'forallvalues';
}

export function operatorParts(operator: string): OperatorParts {
  let name = operator.trim().toLowerCase();
  let set: OperatorParts['set'];
  const prefix = /^(foranyvalue|forallvalues):/.exec(name);
  if (prefix) {
    set = prefix[1] as OperatorParts['set'];
    name = name.slice(prefix[0].length);
  }
  const ifExists = name.endsWith('ifexists');
  if (ifExists) name = name.slice(0, -'ifexists'.length);
  return { name, ifExists, set };
}

/** What a condition must look like: its key (case-insensitive) and its operator, by base name. */
export interface ConditionShape {
  /** Condition keys, any case. */
  keys: readonly string[];
  /** Operator base names, any case, without IfExists (`StringNotEquals`, `NumericLessThan`). */
  operators: readonly string[];
  /** Whether the `…IfExists` form counts too. */
  ifExists: boolean;
}

export function conditionHasShape(condition: PolicyCondition, shape: ConditionShape): boolean {
  const parts = operatorParts(condition.operator);
  if (parts.ifExists && !shape.ifExists) return false;
  const key = condition.key.toLowerCase();
  return (
    shape.keys.some((wanted) => wanted.toLowerCase() === key) &&
    shape.operators.some((wanted) => wanted.toLowerCase() === parts.name)
  );
}

/** What a restricting Deny statement must apply to, besides carrying the condition. */
export interface DenyScope {
  /** The Deny must cover every S3 action (`*`, `s3:*`, or a NotAction that names no S3 action). */
  everyS3Action: boolean;
  /** A Deny with NotPrincipal (everyone but a few named principals) counts as a Deny to everyone. */
  notPrincipalCounts: boolean;
}

export interface DenyMatch {
  policy: BucketPolicyAttachment;
  statement: PolicyStatement;
  condition: PolicyCondition;
}

export interface DenySearch {
  /** Deny statements to everyone, covering the bucket or its objects, with a condition of the wanted shape. */
  matches: DenyMatch[];
  /** Every readable policy document of the bucket, for rules that weigh other statements too. */
  documents: { policy: BucketPolicyAttachment; document: PolicyDocument }[];
  /** The first reason the search may have missed a match: an unreadable policy, an unknown effect or condition. */
  undecided?: Undecided;
}

/**
 * Looks through a bucket's policies for Deny statements that apply to everyone, cover the bucket or its objects
 * and carry a condition of the given shape. Statements that might be such a Deny but are not known statically
 * (unknown effect, principals from an input, a condition block that cannot be read) make the search undecided.
 */
export function findDenyConditions(bucket: BucketView, shape: ConditionShape, scope: DenyScope): DenySearch {
  const search: DenySearch = { matches: [], documents: [] };
  const undecided = (range: SourceRange, reason: string): void => {
    search.undecided ??= { range, reason };
  };
  for (const policy of bucket.policies) {
    if ('unresolved' in policy.result) {
      undecided(policy.result.range, policy.result.unresolved);
      continue;
    }
    const document = policy.result.document;
    search.documents.push({ policy, document });
    if (!document.complete) undecided(policy.at, INCOMPLETE_POLICY);
    for (const statement of document.statements) {
      if (statement.effect === 'Allow') continue;
      if (!coversBucketOrObjects(statement)) continue;
      if (scope.everyS3Action && !coversEveryS3Action(statement)) continue;
      const conditions = statement.conditions.filter((condition) => conditionHasShape(condition, shape));
      if (conditions.length === 0) {
        if (statement.conditionsUnknown) undecided(statement.range, 'the statement conditions are not known statically');
        continue;
      }
      if (statement.effect === undefined) {
        undecided(statement.range, 'the statement effect is not known statically');
        continue;
      }
      const audience = denyAudience(statement, scope.notPrincipalCounts);
      if (audience === 'some') continue;
      if (audience !== 'everyone') {
        undecided(audience.range, audience.reason);
        continue;
      }
      for (const condition of conditions) search.matches.push({ policy, statement, condition });
    }
  }
  return search;
}

/** Whether a Deny applies to everyone: principal `*`, or (when allowed) NotPrincipal; principals from inputs are unknown. */
function denyAudience(statement: PolicyStatement, notPrincipalCounts: boolean): 'everyone' | 'some' | Undecided {
  if (statement.principals?.some(isEveryone)) return 'everyone';
  if (statement.notPrincipals && notPrincipalCounts) return 'everyone';
  const input = statement.principals?.find((principal) => principal.id.value === undefined && principal.id.fromInput);
  if (input) return { range: input.id.range, reason: `the principal depends on ${input.id.text}` };
  return 'some';
}

/** Whether a statement's Resource names the bucket, its objects, or both (`*` included). */
function coversBucketOrObjects(statement: PolicyStatement): boolean {
  return (statement.resources ?? []).some((resource) => {
    const coverage = resourceCoverage(resource);
    return coverage.bucket || coverage.objects;
  });
}

/** What a set of statements covers together: the bucket ARN, the object ARN (`…/*`), or both. */
export function combinedCoverage(statements: readonly PolicyStatement[]): { bucket: boolean; objects: boolean } {
  let covered = { bucket: false, objects: false };
  for (const statement of statements) {
    for (const resource of statement.resources ?? []) {
      const coverage = resourceCoverage(resource);
      covered = { bucket: covered.bucket || coverage.bucket, objects: covered.objects || coverage.objects };
    }
  }
  return covered;
}

/**
 * Judges each statement of one bucket or access point policy. `judge` reports what it finds and returns whether it
 * reported a finding. A policy that cannot be read is unresolved; so is a policy with parts not known statically,
 * unless a known statement already gave a finding.
 */
export function judgeStatements<MessageId extends string>(
  view: ResourcePolicyView,
  context: RuleContext<MessageId>,
  judge: (statement: PolicyStatement, document: PolicyDocument) => boolean,
): void {
  const result = view.attachment.result;
  if ('unresolved' in result) {
    context.unresolved(result.range, result.unresolved);
    return;
  }
  let found = false;
  for (const statement of result.document.statements) {
    if (judge(statement, result.document)) found = true;
  }
  if (!found && !result.document.complete) context.unresolved(view.attachment.at, INCOMPLETE_POLICY);
}

/**
 * Ends a bucket rule that found no statement of the kind it wants: unresolved when one may have been missed
 * (`undecided`), else `noPolicy` at the bucket when it has no policy at all, or `missing` at the policy key. Settings
 * for a bucket outside the scanned code with no policy here say nothing about its policy: no finding.
 */
export function reportMissingStatement(bucket: BucketView, context: RuleContext<'noPolicy' | 'missing'>, undecided: Undecided | undefined): void {
  if (undecided) {
    context.unresolved(undecided.range, undecided.reason);
    return;
  }
  const data = { bucket: bucket.id };
  const policy = bucket.policies[0];
  if (policy) context.report({ messageId: 'missing', at: policy.at, data });
  else if (bucket.bucket) context.report({ messageId: 'noPolicy', at: bucket.subject.headerRange, data });
}

/** How messages name a statement: by Sid, else by its 1-based position. */
export function statementLabel(statement: PolicyStatement, document: PolicyDocument): string {
  if (statement.sid) return `statement "${statement.sid}"`;
  return `statement ${document.statements.indexOf(statement) + 1}`;
}

/** What a resource policy governs, for messages: `bucket aws_s3_bucket.b`, `access point AccessPoint`. */
export function policyTarget(view: ResourcePolicyView): string {
  return view.target.kind === 'bucket' ? `bucket ${view.target.bucket.id}` : `access point ${view.target.accessPoint.id}`;
}
