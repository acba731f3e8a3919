/**
 * Whose account a policy principal is in: the owner's (the deploying account), another account's, not an account
 * at all (services), or unknown (an input). Shared by the cross-account rule and the exposure verdict.
 */
import type { Graph } from './graph.js';
import { UNKNOWN_PART, type PolicyPrincipal, type PolicyStatement, type PolicyString } from './policy.js';
import type { BucketPolicyAttachment } from './s3.js';
import type { ResourceNode, SourceRange, ValueNode } from './types.js';

/** A 12-digit account id, alone or in an IAM or STS ARN (`arn:aws:iam::111122223333:root`). */
const ACCOUNT_PRINCIPAL = /^(?:arn:[^:]*:(?:iam|sts)::)?(\d{12})(?::|$)/;
/** The account field of an IAM or STS ARN: `cloudfront` in a legacy origin access identity's ARN names no account. */
const ARN_ACCOUNT_FIELD = /^arn:[^:]*:(?:iam|sts)::([^:]*):/;
/** The account in an S3 access point ARN (`arn:aws:s3:us-east-1:111122223333:accesspoint/reports`): the owner's. */
const ACCESS_POINT_ACCOUNT = /^arn:[^:]*:s3[\w-]*:[^:]*:(\d{12}):accesspoint\//;

/**
 * The accounts Elastic Load Balancing writes access logs from, one per Region (Regions opened before August 2022;
 * later ones use the logdelivery.elasticloadbalancing.amazonaws.com service principal). AWS documents granting
 * them s3:PutObject; they are AWS's accounts, not another customer's, and cannot belong to an organization.
 */
const ELB_LOG_ACCOUNTS = new Set([
  '127311923021', '033677994240', '027434742980', '797873946194', '098369216593', '754344448648', '582318560864',
  '600734575887', '383597477331', '718504428378', '114774131450', '783225319266', '589379963580', '985666609251',
  '638102146993', '037604701340', '054676820928', '897822967062', '635631232127', '156460612806', '652711504416',
  '009996457667', '076674570225', '507241528517', '190560391635', '048591011584',
]);

export interface ForeignAccounts {
  foreign: { account: string; at: SourceRange }[];
  /** A principal that depends on input: it may be another account. */
  unknown?: { range: SourceRange; reason: string };
}

/**
 * Accounts the policy itself shows to be the owner's: the account of the access point ARNs it governs. A bucket ARN
 * carries no account, so a bucket policy shows none.
 */
export function ownerAccounts(attachment: BucketPolicyAttachment): Set<string> {
  const owners = new Set<string>();
  const result = attachment.result;
  if ('unresolved' in result) return owners;
  for (const statement of result.document.statements) {
    for (const resource of [...(statement.resources ?? []), ...(statement.notResources ?? [])]) {
      const account = ACCESS_POINT_ACCOUNT.exec(resource.pattern)?.[1];
      if (account) owners.add(account);
    }
  }
  return owners;
}

/** The AWS principals of a statement that name another account; principals from inputs make it unknown. */
export function foreignAccounts(statement: PolicyStatement, source: ResourceNode, graph: Graph, owners: ReadonlySet<string>): ForeignAccounts {
  const accounts: ForeignAccounts = { foreign: [] };
  for (const principal of statement.principals ?? []) {
    const owner = principalAccount(principal, source, graph);
    if (owner.kind === 'account' && !owners.has(owner.account) && !ELB_LOG_ACCOUNTS.has(owner.account)) {
      accounts.foreign.push({ account: owner.account, at: principal.id.range });
    } else if (owner.kind === 'unknown') {
      accounts.unknown ??= { range: principal.id.range, reason: owner.reason };
    }
  }
  return accounts;
}

/** `account`: a literal account id; `none`: the deploying account, or not an account at all. */
type PrincipalAccount = { kind: 'account'; account: string } | { kind: 'none' } | { kind: 'unknown'; reason: string };

/**
 * Whose account an AWS principal is in. A literal account id is some account, the owner's only when the policy
 * says so (see `ownerAccounts`); the caller's identity (`data.aws_caller_identity`, `AWS::AccountId`) and roles or
 * users created by the same code are the owner's. Service, federated and canonical-user principals are not accounts.
 */
function principalAccount(principal: PolicyPrincipal, source: ResourceNode, graph: Graph): PrincipalAccount {
  if (principal.type !== 'AWS' && principal.type !== 'unknown') return { kind: 'none' };
  const id = principal.id;
  const literal = ACCOUNT_PRINCIPAL.exec(id.value ?? id.pattern);
  if (literal) return { kind: 'account', account: literal[1]! };
  const field = ARN_ACCOUNT_FIELD.exec(id.pattern)?.[1];
  if (id.value !== undefined || (field !== undefined && !field.includes(UNKNOWN_PART))) return { kind: 'none' };
  return source.framework === 'cloudformation' ? cloudFormationAccount(id, source, graph) : terraformAccount(id, source, graph);
}

/**
 * `!Sub "arn:aws:iam::${AWS::AccountId}:root"`, `!GetAtt Role.Arn` and other resources of the template name the
 * owner; parameters, conditions, mappings and imports may name anyone.
 */
function cloudFormationAccount(id: PolicyString, from: ResourceNode, graph: Graph): PrincipalAccount {
  if (/^\{Fn::(ImportValue|FindInMap)\b/.test(id.text)) return { kind: 'unknown', reason: `the principal comes from ${id.text}, outside what the scan can read` };
  const inputs = id.references.filter((reference) => !graph.resolve(from, reference));
  if (inputs.length > 0) return { kind: 'unknown', reason: `the principal depends on ${inputs.join(', ')}` };
  if (id.references.length === 0 && id.fromInput) return { kind: 'unknown', reason: `the principal depends on ${id.text}` };
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
  // A role or user created by the same code lives in the deploying account; a data source reads what the deploying
  // account sees (its own roles, or AWS's service accounts such as data.aws_elb_service_account).
  return { kind: 'none' };
}

function symbolAccount(reference: string, symbol: ValueNode, from: ResourceNode, graph: Graph, depth: number): PrincipalAccount {
  if (symbol.kind === 'literal') {
    const literal = typeof symbol.value === 'string' ? ACCOUNT_PRINCIPAL.exec(symbol.value) : null;
    return literal ? { kind: 'account', account: literal[1]! } : { kind: 'none' };
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

