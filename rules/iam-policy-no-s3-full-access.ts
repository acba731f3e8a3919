import { defineRule, type RelatedLocation } from '../src/engine/rule.js';
import { coversEveryBucket, identityPolicies, wholeInput, type Undecided } from '../src/graph/identity.js';
import { coversEveryS3Action, UNKNOWN_PART, wildcardMatches, type PolicyStatement, type PolicyString } from '../src/graph/policy.js';
import type { BucketPolicyAttachment } from '../src/graph/s3.js';
import type { SourceRange } from '../src/graph/types.js';
import { statementLabel } from './support/policy-conditions.js';

export default defineRule({
  id: 'iam-policy-no-s3-full-access',
  meta: {
    title: 'Identity policies do not grant full S3 access',
    description: 'No Allow statement of an IAM identity policy grants every S3 action on every bucket and object.',
    practice: 'iam.s3-full-access',
    severity: 'warning',
    presets: ['recommended'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      s3Wildcard:
        '{{policy}}: {{statement}} allows s3:* on {{resource}}, which covers every bucket or object; grant only the actions and buckets the identity needs',
      everyAction:
        '{{policy}}: {{statement}} allows every action ({{actions}}), S3 included, on {{resource}}; grant only the actions and buckets the identity needs',
    },
    remediation: {
      terraform:
        'List the S3 actions the identity needs (s3:GetObject, s3:PutObject, ...) and name its buckets and objects in resources (aws_s3_bucket.x.arn and "${aws_s3_bucket.x.arn}/*") instead of s3:* on "*".',
      cloudformation:
        'List the S3 actions the identity needs and name its buckets in Resource (!GetAtt Bucket.Arn and !Sub "${Bucket.Arn}/*") instead of s3:* on "*".',
    },
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/security_iam_id-based-policy-examples.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html',
    ],
    equivalents: {
      trivy: ['AVD-AWS-0345'],
    },
  },
  appliesTo: 'resource',
  resourceTypes: [
    'aws_iam_policy',
    'aws_iam_role_policy',
    'aws_iam_user_policy',
    'aws_iam_group_policy',
    'aws_iam_role',
    'AWS::IAM::Policy',
    'AWS::IAM::ManagedPolicy',
    'AWS::IAM::RolePolicy',
    'AWS::IAM::UserPolicy',
    'AWS::IAM::GroupPolicy',
    'AWS::IAM::Role',
    'AWS::IAM::User',
    'AWS::IAM::Group',
  ],
  check(resource, context) {
    const { policies, unknown } = identityPolicies(context.graph, resource);
    const grants: FullAccessGrant[] = [];
    const undecided: Undecided[] = [...unknown];
    for (const { label, attachment } of policies) {
      const result = attachment.result;
      if ('unresolved' in result) {
        undecided.push({ range: result.range, reason: result.unresolved });
        continue;
      }
      const before = grants.length;
      for (const statement of result.document.statements) {
        const verdict = fullS3Access(statement);
        if (verdict === undefined) continue;
        if ('undecided' in verdict) undecided.push(verdict.undecided);
        else grants.push({ label, attachment, statement, statementLabel: statementLabel(statement, result.document), ...verdict });
      }
      if (grants.length === before && !result.document.complete) {
        undecided.push({ range: attachment.at, reason: 'part of the policy is not known statically (a dynamic block or an unresolved source document)' });
      }
    }
    const [first, ...others] = grants;
    if (!first) {
      for (const entry of undecided) context.unresolved(entry.range, entry.reason);
      return;
    }
    // One finding per identity: the first grant; the policy it sits in when written elsewhere (an
    // aws_iam_policy_document, a local) and every other grant are related locations.
    const related: RelatedLocation[] = [
      ...(within(first.statement.range, first.attachment.node.range) ? [] : [{ location: first.attachment.at, message: `the policy of ${first.label}` }]),
      ...others.map((grant) => ({ location: grant.statement.range, message: `${grant.label}: ${grant.statementLabel} also allows ${grant.actions} on ${grant.resource}` })),
    ];
    const data = { policy: first.label, statement: first.statementLabel, resource: first.resource };
    if (first.actions === 's3:*') context.report({ messageId: 's3Wildcard', at: first.statement.range, data, related });
    else context.report({ messageId: 'everyAction', at: first.statement.range, data: { ...data, actions: first.actions }, related });
  },
});

interface FullAccessGrant {
  label: string;
  attachment: BucketPolicyAttachment;
  statement: PolicyStatement;
  statementLabel: string;
  actions: string;
  resource: string;
}

/** The resource's text, also when only its partition is an expression (`arn:${data.aws_partition.current.partition}:s3:::*`). */
function knownBeyondPartition(resource: PolicyString): string | undefined {
  if (resource.value !== undefined) return resource.value;
  const rest = resource.pattern.replace(/^arn:\uFFFF:/, 'arn:aws:');
  return rest.includes(UNKNOWN_PART) ? undefined : rest;
}

function within(inner: SourceRange, outer: SourceRange): boolean {
  return inner.file === outer.file && inner.start.line >= outer.start.line && inner.end.line <= outer.end.line;
}

type FullAccess = { actions: string; resource: string } | { undecided: Undecided } | undefined;

/** An Allow of every S3 action on every bucket or object; undecided when an input could make it one. */
function fullS3Access(statement: PolicyStatement): FullAccess {
  if (statement.effect === 'Deny') return undefined;
  const actions = everyS3Action(statement);
  const resource = everyResource(statement);
  if (!actions || !resource) return undefined;
  if ('undecided' in actions) return actions;
  if ('undecided' in resource) return resource;
  if (statement.effect === undefined) return { undecided: { range: statement.range, reason: 'the statement effect is not known statically' } };
  return { actions: actions.actions, resource: resource.resource };
}

function everyS3Action(statement: PolicyStatement): { actions: string } | { undecided: Undecided } | undefined {
  if (coversEveryS3Action(statement)) {
    if (statement.notActions) return { actions: `everything but NotAction ${statement.notActions.map((action) => action.text).join(', ')}` };
    return statement.actions!.some((action) => action.value === '*') ? { actions: '"*"' } : { actions: 's3:*' };
  }
  const open = (statement.actions ?? []).find((action) => action.value === undefined && action.fromInput && wildcardMatches(action.pattern, 's3:*'));
  if (open) return { undecided: { range: open.range, reason: `the action depends on ${open.text}` } };
  const notActions = statement.notActions ?? [];
  const namesS3 = notActions.some((action) => action.value !== undefined && /^(s3:|\*|s\*|s3\*)/i.test(action.value));
  const openNot = notActions.find((action) => action.value === undefined && action.fromInput);
  if (openNot && !namesS3) return { undecided: { range: openNot.range, reason: `NotAction depends on ${openNot.text}` } };
  return undefined;
}

function everyResource(statement: PolicyStatement): { resource: string } | { undecided: Undecided } | undefined {
  if (statement.resources) {
    for (const resource of statement.resources) {
      const known = knownBeyondPartition(resource);
      if (known !== undefined && coversEveryBucket(known)) return { resource: `"${known}"` };
    }
    const open = statement.resources.find(wholeInput);
    if (open) return { undecided: { range: open.range, reason: `the resource depends on ${open.text}` } };
    return undefined;
  }
  if (statement.notResources) {
    // NotResource allows everything it does not name: every bucket, unless it names them all.
    if (statement.notResources.some((resource) => resource.value !== undefined && coversEveryBucket(resource.value))) return undefined;
    const open = statement.notResources.find((resource) => resource.value === undefined && resource.fromInput);
    if (open) return { undecided: { range: open.range, reason: `NotResource depends on ${open.text}` } };
    return { resource: `everything but NotResource ${statement.notResources.map((resource) => resource.text).join(', ')}` };
  }
  return undefined;
}
