import { defineRule } from '../src/engine/rule.js';
import type { Graph } from '../src/graph/graph.js';
import { UNKNOWN_PART, wildcardMatches, type PolicyPrincipal, type PolicyStatement, type PolicyString } from '../src/graph/policy.js';
import type { ResourcePolicyView } from '../src/graph/s3.js';
import type { ResourceNode, SourceRange, ValueNode } from '../src/graph/types.js';
import { conditionHasShape, policyTarget, statementLabel, type Undecided } from './support/policy-conditions.js';

/** Actions that let their holder change who can access the bucket or how its data is protected. */
const ADMIN_ACTIONS = ['s3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:PutBucketAcl', 's3:PutObjectAcl', 's3:PutEncryptionConfiguration'];

/** Conditions that tie a grant to the organization or to the one calling resource it is meant for. */
const ORG_CONDITION = {
  keys: ['aws:PrincipalOrgID', 'aws:PrincipalOrgPaths', 'aws:SourceOrgID', 'aws:SourceOrgPaths', 'aws:SourceAccount', 'aws:SourceArn'],
  operators: ['StringEquals', 'StringEqualsIgnoreCase', 'StringLike', 'ArnEquals', 'ArnLike'],
  // `…IfExists` lets through every principal outside an organization: it pins nothing.
  ifExists: false,
};

/** A 12-digit account id, alone or in an IAM or STS ARN (`arn:aws:iam::111122223333:root`). */
const ACCOUNT_PRINCIPAL = /^(?:arn:[^:]*:(?:iam|sts)::)?(\d{12})(?::|$)/;

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
    const result = view.attachment.result;
    if ('unresolved' in result) {
      context.unresolved(result.range, result.unresolved);
      return;
    }
    const document = result.document;
    let found = false;
    for (const statement of document.statements) {
      if (statement.effect === 'Deny') continue;
      const accounts = foreignAccounts(statement, view, context.graph);
      if (accounts.unknown) context.unresolved(accounts.unknown.range, accounts.unknown.reason);
      const first = accounts.foreign[0];
      if (!first) continue;
      if (statement.effect === undefined) {
        context.unresolved(statement.range, 'the statement effect is not known statically');
        continue;
      }
      const data = { target: policyTarget(view), statement: statementLabel(statement, document), account: first.account };
      const admin = adminGrant(statement);
      if (admin && 'action' in admin) {
        found = true;
        context.report({ messageId: 'adminAction', at: admin.at, data: { ...data, action: admin.action } });
      } else if (admin) {
        context.unresolved(admin.range, admin.reason);
      }
      if (statement.conditions.some((condition) => conditionHasShape(condition, ORG_CONDITION))) continue;
      if (statement.conditionsUnknown) {
        context.unresolved(statement.range, 'the statement conditions are not known statically');
        continue;
      }
      found = true;
      context.report({ messageId: 'noOrgCondition', at: first.at, data });
    }
    if (!found && !document.complete) {
      context.unresolved(view.attachment.at, 'part of the policy is not known statically (a conditional, a dynamic block or an unresolved source document)');
    }
  },
});

interface ForeignAccounts {
  foreign: { account: string; at: SourceRange }[];
  unknown?: Undecided;
}

/** The AWS principals of a statement that name another account; principals from inputs make it unknown. */
function foreignAccounts(statement: PolicyStatement, view: ResourcePolicyView, graph: Graph): ForeignAccounts {
  const accounts: ForeignAccounts = { foreign: [] };
  for (const principal of statement.principals ?? []) {
    const owner = principalAccount(principal, view, graph);
    if (owner.kind === 'foreign') accounts.foreign.push({ account: owner.account, at: principal.id.range });
    else if (owner.kind === 'unknown') accounts.unknown ??= { range: principal.id.range, reason: owner.reason };
  }
  return accounts;
}

/** `none`: the owner's account, or not an account at all. */
type PrincipalAccount = { kind: 'foreign'; account: string } | { kind: 'none' } | { kind: 'unknown'; reason: string };

/**
 * Whose account an AWS principal is in. A literal account id is taken as another account (the owner's id is not
 * known statically); the caller's identity (`data.aws_caller_identity`, `AWS::AccountId`) and roles or users
 * created by the same code are the owner's. Service, federated and canonical-user principals are not accounts.
 */
function principalAccount(principal: PolicyPrincipal, view: ResourcePolicyView, graph: Graph): PrincipalAccount {
  if (principal.type !== 'AWS' && principal.type !== 'unknown') return { kind: 'none' };
  const id = principal.id;
  const literal = ACCOUNT_PRINCIPAL.exec(id.value ?? id.pattern);
  if (literal) return { kind: 'foreign', account: literal[1]! };
  if (id.value !== undefined) return { kind: 'none' };
  return view.framework === 'cloudformation' ? cloudFormationAccount(id) : terraformAccount(id, view.subject, graph);
}

/** `!Sub "arn:aws:iam::${AWS::AccountId}:root"`, `!GetAtt Role.Arn` name the owner; parameters and imports may name anyone. */
function cloudFormationAccount(id: PolicyString): PrincipalAccount {
  if (id.fromInput) return { kind: 'unknown', reason: `the principal depends on ${id.text}` };
  if (/^\{Fn::(ImportValue|FindInMap)\b/.test(id.text)) return { kind: 'unknown', reason: `the principal comes from ${id.text}, outside what the scan can read` };
  return { kind: 'none' };
}

/** How many locals deep a principal's references are followed. */
const MAX_LOCAL_DEPTH = 4;

function terraformAccount(id: PolicyString, from: ResourceNode, graph: Graph): PrincipalAccount {
  if (id.references.length === 0) return { kind: 'unknown', reason: `the principal depends on ${id.text}` };
  for (const reference of id.references) {
    const verdict = referenceAccount(reference, from, graph, 0);
    if (verdict.kind !== 'none') return verdict;
  }
  return { kind: 'none' };
}

/** What one address in a principal says about the account: locals are followed, inputs are unknown. */
function referenceAccount(reference: string, from: ResourceNode, graph: Graph, depth: number): PrincipalAccount {
  if (reference.startsWith('data.aws_caller_identity.')) return { kind: 'none' };
  if (reference.startsWith('local.') && depth < MAX_LOCAL_DEPTH) {
    const symbol = graph.symbol(from, reference);
    if (symbol) return symbolAccount(reference, symbol, from, graph, depth + 1);
  }
  if (/^(var|local|module|each|count)\./.test(reference) || reference.startsWith('data.terraform_remote_state.')) {
    return { kind: 'unknown', reason: `the principal depends on ${reference}` };
  }
  // A role, user or other resource created by the same code lives in the deploying account.
  return { kind: 'none' };
}

function symbolAccount(reference: string, symbol: ValueNode, from: ResourceNode, graph: Graph, depth: number): PrincipalAccount {
  if (symbol.kind === 'literal') {
    const literal = typeof symbol.value === 'string' ? ACCOUNT_PRINCIPAL.exec(symbol.value) : null;
    return literal ? { kind: 'foreign', account: literal[1]! } : { kind: 'none' };
  }
  if (symbol.kind === 'expression' && symbol.references.length > 0) {
    for (const inner of symbol.references) {
      const verdict = referenceAccount(inner, from, graph, depth);
      if (verdict.kind !== 'none') return verdict;
    }
    return { kind: 'none' };
  }
  return { kind: 'unknown', reason: `the principal depends on ${reference}` };
}

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
