import { defineRule } from '../src/engine/rule.js';
import { coversEveryS3Action, isEveryone, resourceCoverage, statementKey, type PolicyStatement, type PolicyString } from '../src/graph/policy.js';
import type { ResourcePolicyView } from '../src/graph/s3.js';
import { judgeStatements, policyTarget, statementLabel, type Undecided } from './support/policy-conditions.js';

export default defineRule({
  id: 's3-bucket-policy-no-lockout',
  meta: {
    title: 'Policies do not deny everything to everyone',
    description:
      'No bucket or access point policy statement denies every action on the bucket (or access point) itself to everyone without a condition or a NotPrincipal exception.',
    practice: 's3.policy-lockout',
    severity: 'error',
    presets: ['recommended'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      lockout:
        'In the policy of {{target}}, {{statement}} denies every action to everyone with no condition: it locks out every user and role, administrators and the deploying pipeline included, until the account root user deletes the policy',
    },
    remediation: {
      terraform:
        'Add a condition that limits the Deny to the requests it is meant to stop (for example aws:SecureTransport = "false", or StringNotEquals aws:PrincipalArn with the administrator roles), or list only the actions to deny.',
      cloudformation:
        'Add a Condition that limits the Deny to the requests it is meant to stop (for example Bool aws:SecureTransport false, or StringNotEquals aws:PrincipalArn with the administrator roles), or list only the actions to deny.',
    },
    references: [
      'https://repost.aws/knowledge-center/s3-accidentally-denied-access',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html',
    ],
    equivalents: {
      checkov: ['CKV_AWS_93'],
    },
  },
  appliesTo: 'policy',
  check(view, context) {
    judgeStatements(view, context, (statement, document) => {
      const verdict = locksOut(statement, view);
      if (verdict === true) {
        context.report({
          messageId: 'lockout',
          at: statement.range,
          discriminator: statementKey(statement),
          data: { target: policyTarget(view), statement: statementLabel(statement, document) },
        });
      } else if (verdict) {
        context.unresolved(verdict.range, verdict.reason);
      }
      return verdict === true;
    });
  },
});

/** Whether a statement is an unconditional Deny of every S3 action to everyone on the policy's own resource. */
function locksOut(statement: PolicyStatement, view: ResourcePolicyView): boolean | Undecided {
  if (statement.effect === 'Allow') return false;
  // Any condition, known or not, narrows the Deny to some requests; NotPrincipal exempts someone.
  if (statement.conditions.length > 0 || statement.conditionsUnknown || statement.notPrincipals) return false;
  if (!coversItself(statement, view)) return false;
  // Each of principal and actions is either everything, unknown (from an input) or narrower.
  const principals = statement.principals ?? [];
  const principalInput = principals.find((principal) => principal.id.value === undefined && principal.id.fromInput)?.id;
  const principal: true | PolicyString | undefined = principals.some(isEveryone) || principalInput;
  const actionInput = statement.actions?.find((action) => action.value === undefined && action.fromInput);
  const actions: true | PolicyString | undefined = coversEveryS3Action(statement) || actionInput;
  if (!principal || !actions) return false;
  if (statement.effect === undefined) return { range: statement.range, reason: 'the statement effect is not known statically' };
  if (principal !== true) return { range: principal.range, reason: `the principal depends on ${principal.text}` };
  if (actions !== true) return { range: actions.range, reason: `the action depends on ${actions.text}` };
  return true;
}

/** Whether a Resource names the bucket itself (or the access point itself), not only its objects. */
function coversItself(statement: PolicyStatement, view: ResourcePolicyView): boolean {
  const resources = statement.resources ?? [];
  return view.target.kind === 'bucket' ? resources.some((resource) => resourceCoverage(resource).bucket) : resources.some(namesAccessPoint);
}

/** `*`, or an access point ARN without an `/object/…` part (`arn:aws:s3:us-east-1:111122223333:accesspoint/reports`). */
function namesAccessPoint(resource: PolicyString): boolean {
  const pattern = resource.pattern;
  if (pattern === '*') return true;
  return /:accesspoint\/[^/]*$/.test(pattern) || /^[^/]*\uFFFF$/.test(pattern);
}
