import { defineRule } from '../src/engine/rule.js';
import { foreignAccounts, ownerAccounts } from '../src/graph/accounts.js';
import { statementKey, UNKNOWN_PART, wildcardMatches, type PolicyStatement } from '../src/graph/policy.js';
import type { SourceRange } from '../src/graph/types.js';
import { conditionHasShape, judgeStatements, policyTarget, statementLabel, type Undecided } from './support/policy-conditions.js';

/** Actions that let their holder change who can access the bucket or how its data is protected. */
const ADMIN_ACTIONS = ['s3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:PutBucketAcl', 's3:PutObjectAcl', 's3:PutEncryptionConfiguration'];

/** Conditions that tie a grant to the organization or to the one calling resource it is meant for. */
const ORG_CONDITION = {
  keys: ['aws:PrincipalOrgID', 'aws:PrincipalOrgPaths', 'aws:SourceOrgID', 'aws:SourceOrgPaths', 'aws:SourceAccount', 'aws:SourceArn'],
  operators: ['StringEquals', 'StringEqualsIgnoreCase', 'StringLike', 'ArnEquals', 'ArnLike'],
  // `…IfExists` lets through every principal outside an organization: it pins nothing.
  ifExists: false,
};

export default defineRule({
  id: 's3-bucket-policy-cross-account-conditions',
  meta: {
    title: 'Grants to other accounts are pinned and exclude admin actions',
    description:
      'An Allow to another AWS account carries an aws:PrincipalOrgID, aws:SourceAccount or similar condition, and never grants PutBucketPolicy, DeleteBucketPolicy, PutBucketAcl, PutObjectAcl or PutEncryptionConfiguration.',
    practice: 's3.policy-cross-account',
    severity: 'warning',
    presets: ['strict'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      noOrgCondition:
        'In the policy of {{target}}, {{statement}} grants account {{account}} access with no aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:SourceAccount or aws:SourceArn condition',
      adminAction:
        'In the policy of {{target}}, {{statement}} lets account {{account}} run {{action}}, which changes who can access the data or how it is protected',
    },
    remediation: {
      terraform:
        'Add a condition block (test = "StringEquals", variable = "aws:PrincipalOrgID", values = [your organization id]) to statements that grant other accounts, and drop s3:PutBucketPolicy, s3:DeleteBucketPolicy, s3:PutBucketAcl, s3:PutObjectAcl and s3:PutEncryptionConfiguration (and wildcards that include them) from those statements.',
      cloudformation:
        'Add Condition: { StringEquals: { aws:PrincipalOrgID: <organization id> } } to statements that grant other accounts, and drop s3:PutBucketPolicy, s3:DeleteBucketPolicy, s3:PutBucketAcl, s3:PutObjectAcl and s3:PutEncryptionConfiguration (and wildcards that include them) from their Action.',
    },
    references: [
      'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-6',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-walkthroughs-managing-access-example2.html',
    ],
    equivalents: {
      'security-hub': ['S3.6'],
    },
  },
  appliesTo: 'policy',
  check(view, context) {
    const owners = ownerAccounts(view.attachment);
    judgeStatements(view, context, (statement, document) => {
      if (statement.effect === 'Deny') return false;
      const accounts = foreignAccounts(statement, view.attachment.source, context.graph, owners);
      const first = accounts.foreign[0];
      if (!first && !accounts.unknown) return false;
      if (statement.effect === undefined) {
        context.unresolved(statement.range, 'the statement effect is not known statically');
        return false;
      }
      const admin = adminGrant(statement);
      const pinned = statement.conditions.some((condition) => conditionHasShape(condition, ORG_CONDITION));
      if (!first) {
        // A principal that may be another account matters only where the statement would fail for one.
        if (accounts.unknown && (admin || !pinned)) context.unresolved(accounts.unknown.range, accounts.unknown.reason);
        return false;
      }
      const data = { target: policyTarget(view), statement: statementLabel(statement, document), account: first.account };
      let found = false;
      if (admin && 'action' in admin) {
        context.report({ messageId: 'adminAction', at: admin.at, discriminator: statementKey(statement), data: { ...data, action: admin.action } });
        found = true;
      } else if (admin) {
        context.unresolved(admin.range, admin.reason);
      }
      if (pinned) return found;
      if (statement.conditionsUnknown) {
        context.unresolved(statement.range, 'the statement conditions are not known statically');
        return found;
      }
      context.report({ messageId: 'noOrgCondition', at: first.at, discriminator: statementKey(statement), data });
      return true;
    });
  },
});

/** The first admin action a statement grants, or why that is unknown. */
function adminGrant(statement: PolicyStatement): { action: string; at: SourceRange } | Undecided | undefined {
  if (statement.actions) {
    let unknown: Undecided | undefined;
    for (const action of statement.actions) {
      const admin = ADMIN_ACTIONS.find((name) => wildcardMatches(action.pattern, name));
      if (!admin) continue;
      if (action.value !== undefined) return { action: action.value === admin ? admin : `${action.value} (includes ${admin})`, at: action.range };
      if (action.fromInput) unknown ??= { range: action.range, reason: `the action depends on ${action.text}` };
    }
    return unknown;
  }
  const notActions = statement.notActions;
  const first = notActions?.[0];
  if (notActions && first) {
    // Allow with NotAction grants every action it does not name.
    if (notActions.some((action) => action.value === undefined && action.pattern.includes(UNKNOWN_PART))) {
      return { range: first.range, reason: 'the NotAction list is not known statically' };
    }
    const admin = ADMIN_ACTIONS.find((name) => !notActions.some((action) => wildcardMatches(action.pattern, name)));
    if (admin) return { action: `${admin} (not excluded by NotAction)`, at: first.range };
  }
  return undefined;
}
