import { defineRule } from '../src/engine/rule.js';
import { statementKey, wildcardMatches, type PolicyStatement } from '../src/graph/policy.js';
import type { SourceRange } from '../src/graph/types.js';
import { judgeStatements, policyTarget, statementLabel, type Undecided } from './support/policy-conditions.js';

/** Actions that grant everything: `*`, `s3:*`, `*:*` (any case). */
const WILDCARD_ACTION = /^(\*|s3:\*|\*:\*)$/i;

export default defineRule({
  id: 's3-bucket-policy-no-wildcards',
  meta: {
    title: 'Bucket and access point policies allow no wildcard actions',
    description:
      'No Allow statement in a bucket or access point policy names a wildcard action ("*", "s3:*"), uses NotAction, or uses NotPrincipal.',
    practice: 's3.policy-wildcard',
    severity: 'warning',
    presets: ['recommended'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      wildcardAction:
        'In the policy of {{target}}, {{statement}} allows "{{action}}": every action, including changing the policy, the ACLs and deleting the bucket',
      notAction: 'In the policy of {{target}}, {{statement}} allows every action except those in NotAction; list the actions it grants instead',
      notPrincipal: 'In the policy of {{target}}, {{statement}} allows everyone except the principals in NotPrincipal; name the principals it grants instead',
    },
    remediation: {
      terraform:
        'List the actions each principal needs (for example "s3:GetObject", "s3:PutObject") in `actions` / `Action`, and name the principals in `principals` / `Principal` instead of using not_actions / NotAction or not_principals / NotPrincipal.',
      cloudformation:
        'List the actions each principal needs (for example s3:GetObject, s3:PutObject) in Action, and name the principals in Principal instead of using NotAction or NotPrincipal.',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html',
    ],
    equivalents: {
      // KICS "S3 Bucket With All Permissions".
      kics: ['a4966c4f-9141-48b8-a564-ffe9959945bc'],
      'cfn-nag': ['F15', 'F9', 'W20'],
    },
  },
  appliesTo: 'policy',
  check(view, context) {
    judgeStatements(view, context, (statement, document) => {
      if (statement.effect === 'Deny') return false;
      const problems = problemsOf(statement);
      if (problems.unknown) context.unresolved(problems.unknown.range, problems.unknown.reason);
      if (problems.findings.length === 0) return false;
      if (statement.effect === undefined) {
        context.unresolved(statement.range, 'the statement effect is not known statically');
        return false;
      }
      const data = { target: policyTarget(view), statement: statementLabel(statement, document) };
      for (const problem of problems.findings) {
        context.report({ messageId: problem.messageId, at: problem.at, discriminator: statementKey(statement), data: { ...data, action: problem.action ?? '' } });
      }
      return true;
    });
  },
});

interface StatementProblems {
  findings: { messageId: 'wildcardAction' | 'notAction' | 'notPrincipal'; at: SourceRange; action?: string }[];
  unknown?: Undecided;
}

/** What is wrong with an Allow statement, at most one finding of each kind (one root cause, one finding). */
function problemsOf(statement: PolicyStatement): StatementProblems {
  const problems: StatementProblems = { findings: [] };
  const wildcard = statement.actions?.find((action) => action.value !== undefined && WILDCARD_ACTION.test(action.value));
  if (wildcard) {
    problems.findings.push({ messageId: 'wildcardAction', at: wildcard.range, action: wildcard.value });
  } else {
    // An action built from an input may turn out to be `*` or `s3:*`; one from a fixed resource attribute names one action.
    const unknown = statement.actions?.find(
      (action) => action.value === undefined && action.fromInput && (wildcardMatches(action.pattern, '*') || wildcardMatches(action.pattern, 's3:*')),
    );
    if (unknown) problems.unknown = { range: unknown.range, reason: `the action depends on ${unknown.text}` };
  }
  const notAction = statement.notActions?.[0];
  if (notAction) problems.findings.push({ messageId: 'notAction', at: notAction.range });
  const notPrincipal = statement.notPrincipals?.[0];
  if (notPrincipal) problems.findings.push({ messageId: 'notPrincipal', at: notPrincipal.id.range });
  return problems;
}
