/**
 * Effective exposure of a bucket: its ACL and policy grants to everyone, weighed against the bucket and account
 * Block Public Access settings (S3 applies the most restrictive). Rules about other resources that must not be
 * public (a trail's log bucket, a log target, a website) ask this one question instead of re-deriving it.
 */
import { foreignAccounts, ownerAccounts } from './accounts.js';
import type { AccessPointView } from './access-points.js';
import type { Graph } from './graph.js';
import { publicGrant, type PolicyStatement } from './policy.js';
import { effectiveFlag, type BucketPolicyAttachment, type BucketView, type PublicAccessBlockFlag } from './s3.js';
import type { SourceRange } from './types.js';

/** Canned ACLs that grant the AllUsers or AuthenticatedUsers groups, in both spellings, with whom they grant. */
export const PUBLIC_CANNED_ACLS: Readonly<Record<string, string>> = {
  'public-read': 'everyone (read)',
  'public-read-write': 'everyone (read and write)',
  'authenticated-read': 'every AWS account (read)',
  publicread: 'everyone (read)',
  publicreadwrite: 'everyone (read and write)',
  authenticatedread: 'every AWS account (read)',
};

export const PUBLIC_GROUPS: Readonly<Record<string, string>> = {
  'http://acs.amazonaws.com/groups/global/allusers': 'everyone',
  'http://acs.amazonaws.com/groups/global/authenticatedusers': 'every AWS account',
};

/** IgnorePublicAcls makes S3 ignore a public ACL; BlockPublicAcls makes S3 refuse to store it. */
export const ACL_BLOCKERS: readonly PublicAccessBlockFlag[] = ['IgnorePublicAcls', 'BlockPublicAcls'];
/** BlockPublicPolicy makes S3 refuse a public policy; RestrictPublicBuckets limits it to the owner account and AWS services. */
export const POLICY_BLOCKERS: readonly PublicAccessBlockFlag[] = ['BlockPublicPolicy', 'RestrictPublicBuckets'];

/** What stops a public grant: a Block Public Access flag at some level, or Object Ownership disabling ACLs. */
export type Neutraliser =
  | { kind: 'block'; flag: PublicAccessBlockFlag; level: 'bucket' | 'account' | 'access-point'; range: SourceRange }
  | { kind: 'ownership'; range: SourceRange };

/** How Block Public Access weighs on a public grant. */
export type GrantWeight =
  | { kind: 'blocked'; neutraliser: Neutraliser }
  /** A flag that would stop the grant depends on an input: the grant may or may not take effect. */
  | { kind: 'unknown'; range: SourceRange; expression: string }
  /** The bucket is not in the scanned code: its own block is unknown (decision 9). */
  | { kind: 'elsewhere' }
  | { kind: 'effective' };

/** Any of `flags` on, at bucket or account level, stops the grant from taking effect. */
export function weighGrant(bucket: BucketView, flags: readonly PublicAccessBlockFlag[]): GrantWeight {
  let unknown: GrantWeight | undefined;
  for (const flag of flags) {
    for (const [level, blocks] of [['bucket', bucket.publicAccessBlocks], ['account', bucket.accountPublicAccessBlocks]] as const) {
      const value = effectiveFlag(blocks, flag);
      if (value?.state === 'known') return { kind: 'blocked', neutraliser: { kind: 'block', flag, level, range: value.range } };
      if (value?.state === 'unknown') unknown ??= { kind: 'unknown', range: value.range, expression: value.expression };
    }
  }
  return unknown ?? (bucket.bucket ? { kind: 'effective' } : { kind: 'elsewhere' });
}

/**
 * A public ACL grant: BucketOwnerEnforced disables ACLs altogether (S3 refuses to store any ACL but the owner's),
 * and IgnorePublicAcls or BlockPublicAcls stop it at bucket or account level.
 */
export function weighAclGrant(bucket: BucketView): GrantWeight {
  const enforced = bucket.ownership.find(({ value }) => value.state === 'known' && value.value === 'BucketOwnerEnforced');
  if (enforced) return { kind: 'blocked', neutraliser: { kind: 'ownership', range: enforced.value.range } };
  return weighGrant(bucket, ACL_BLOCKERS);
}

/**
 * A public grant in an access point policy: the access point's own block (whose flags default to on) stops it
 * first, then the bucket's and the account's.
 */
export function weighAccessPointGrant(bucket: BucketView, accessPoint: AccessPointView): GrantWeight {
  for (const flag of POLICY_BLOCKERS) {
    const value = accessPoint.publicAccessBlock.flags[flag];
    if (value.state === 'unknown') return { kind: 'unknown', range: value.range, expression: value.expression };
    if (value.state === 'absent' || value.value) {
      return { kind: 'blocked', neutraliser: { kind: 'block', flag, level: 'access-point', range: value.range } };
    }
  }
  return weighGrant(bucket, POLICY_BLOCKERS);
}

export interface PublicGrantFound {
  via: 'acl' | 'policy' | 'access-point';
  /** The canned ACL, grant or policy statement. */
  range: SourceRange;
  /** Who gets access, for messages: `everyone (read)`, `the principal is "*"`. */
  description: string;
  weight: GrantWeight;
}

/**
 * The bucket's exposure: `public` when a grant to everyone takes effect, `latent` when every such grant is
 * neutralised by Block Public Access, `unknown` when a grant or a block depends on input not known statically,
 * `private` otherwise. `grants` lists what was found, for related locations.
 */
export interface Exposure {
  verdict: 'public' | 'latent' | 'unknown' | 'private';
  grants: PublicGrantFound[];
  /** What could not be read: an ACL, grantee, policy or condition that depends on input. */
  unknowns: { range: SourceRange; reason: string }[];
}

/** Several rules and the report summary ask about the same bucket: each bucket is weighed once per scan. */
const exposures = new WeakMap<BucketView, Exposure>();

export function bucketExposure(bucket: BucketView): Exposure {
  let exposure = exposures.get(bucket);
  if (!exposure) {
    exposure = weighExposure(bucket);
    exposures.set(bucket, exposure);
  }
  return exposure;
}

function weighExposure(bucket: BucketView): Exposure {
  const grants: PublicGrantFound[] = [];
  const unknowns: Exposure['unknowns'] = [];
  for (const setting of bucket.acls) {
    const canned = setting.canned;
    if (canned?.state === 'unknown') unknowns.push({ range: canned.range, reason: `the ACL depends on ${canned.expression}` });
    const cannedGrantee = canned?.state === 'known' ? PUBLIC_CANNED_ACLS[canned.value.toLowerCase()] : undefined;
    if (cannedGrantee && canned) grants.push({ via: 'acl', range: canned.range, description: cannedGrantee, weight: weighAclGrant(bucket) });
    for (const grant of setting.grants) {
      if (grant.grantee.state === 'unknown') unknowns.push({ range: grant.grantee.range, reason: `an ACL grantee depends on ${grant.grantee.expression}` });
      const group = grant.grantee.state === 'known' ? PUBLIC_GROUPS[grant.grantee.value.toLowerCase()] : undefined;
      if (group) grants.push({ via: 'acl', range: grant.grantee.range, description: group, weight: weighAclGrant(bucket) });
    }
  }
  const policyGrants = (policies: readonly BucketPolicyAttachment[], via: PublicGrantFound['via'], weigh: () => GrantWeight): void => {
    for (const policy of policies) {
      if ('unresolved' in policy.result) {
        unknowns.push({ range: policy.result.range, reason: policy.result.unresolved });
        continue;
      }
      const statements = policy.result.document.statements;
      for (const statement of statements) {
        const verdict = publicGrant(statement);
        if (verdict.public === 'unknown') unknowns.push({ range: verdict.range, reason: verdict.reason });
        if (verdict.public !== true || deniedToEveryone(statement, statements)) continue;
        grants.push({ via, range: statement.range, description: verdict.reason, weight: weigh() });
      }
    }
  };
  policyGrants(bucket.policies, 'policy', () => weighGrant(bucket, POLICY_BLOCKERS));
  for (const accessPoint of bucket.accessPoints) policyGrants(accessPoint.policies, 'access-point', () => weighAccessPointGrant(bucket, accessPoint));
  const kinds = grants.map((grant) => grant.weight.kind);
  const verdict =
    kinds.includes('effective') ? 'public'
    : unknowns.length > 0 || kinds.includes('unknown') || kinds.includes('elsewhere') ? 'unknown'
    : grants.length > 0 ? 'latent'
    : 'private';
  return { verdict, grants, unknowns };
}

/**
 * An explicit Deny always wins: a grant is not public when an unconditional Deny to everyone in the same policy
 * covers every action and resource it allows. Only exact coverage counts (`*` / `s3:*` actions, the same or a
 * wildcard resource); anything subtler keeps the grant.
 */
export function deniedToEveryone(grant: PolicyStatement, statements: readonly PolicyStatement[]): boolean {
  return statements.some(
    (deny) =>
      deny.effect === 'Deny' &&
      deny.conditions.length === 0 &&
      !deny.conditionsUnknown &&
      !deny.notPrincipals &&
      !deny.notActions &&
      !deny.notResources &&
      (deny.principals ?? []).some((principal) => principal.id.value === '*') &&
      (deny.actions ?? []).some((action) => action.value === '*' || action.value?.toLowerCase() === 's3:*') &&
      grant.resources !== undefined &&
      grant.resources.length > 0 &&
      grant.resources.every((resource) =>
        // The same literal ARN, or the same expression as written (`${aws_s3_bucket.b.arn}/*` in both).
        (deny.resources ?? []).some((denied) => denied.value === '*' || (denied.value ?? denied.text) === (resource.value ?? resource.text)),
      ),
  );
}

export type ExposureVerdict = 'public' | 'cross-account' | 'private' | 'unknown';

export interface ExposureReason {
  message: string;
  location: SourceRange;
}

/**
 * The bucket's verdict for reports, with the chain of reasons behind it: every public grant and what stops it
 * or not, every value that could not be read, and the grants to other accounts.
 */
export function exposureSummary(bucket: BucketView, graph: Graph): { exposure: ExposureVerdict; reasons: ExposureReason[] } {
  const found = bucketExposure(bucket);
  const reasons: ExposureReason[] = found.grants.map((grant) => ({ location: grant.range, message: grantReason(grant) }));
  reasons.push(...found.unknowns.map(({ range, reason }) => ({ location: range, message: reason })));
  const shared = crossAccountGrants(bucket, graph);
  reasons.push(...shared.reasons);
  // A principal from an input is both an unknown public grant and an unknown account: one reason.
  const seen = new Set<string>();
  const unique = reasons.filter((reason) => {
    const key = `${reason.location.file}:${reason.location.start.line}:${reason.location.start.column} ${reason.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const exposure: ExposureVerdict =
    found.verdict === 'public' ? 'public'
    : found.verdict === 'unknown' || shared.unknown ? 'unknown'
    : shared.reasons.length > 0 ? 'cross-account'
    : 'private';
  return { exposure, reasons: unique };
}

/** Allow statements of the bucket's and its access points' policies that name another account. */
function crossAccountGrants(bucket: BucketView, graph: Graph): { reasons: ExposureReason[]; unknown: boolean } {
  const reasons: ExposureReason[] = [];
  let unknown = false;
  for (const policy of [...bucket.policies, ...bucket.accessPoints.flatMap((accessPoint) => accessPoint.policies)]) {
    if ('unresolved' in policy.result) continue;
    const owners = ownerAccounts(policy);
    for (const statement of policy.result.document.statements) {
      if (statement.effect !== 'Allow') continue;
      const accounts = foreignAccounts(statement, policy.source, graph, owners);
      if (accounts.unknown) {
        reasons.push({ location: accounts.unknown.range, message: accounts.unknown.reason });
        unknown = true;
      }
      for (const { account, at } of accounts.foreign) {
        const label = statement.sid ? `statement "${statement.sid}"` : 'a statement';
        reasons.push({ location: at, message: `${label} of the policy attached by ${policy.source.id} grants account ${account}` });
      }
    }
  }
  return { reasons, unknown };
}

function grantReason(grant: PublicGrantFound): string {
  const what =
    grant.via === 'acl' ? `the ACL grants ${grant.description}`
    : grant.via === 'access-point' ? `an access point policy allows everyone (${grant.description})`
    : `the bucket policy allows everyone (${grant.description})`;
  const weight = grant.weight;
  switch (weight.kind) {
    case 'effective':
      return `${what}, and nothing blocks it`;
    case 'blocked':
      return `${what}, but ${neutraliserText(weight.neutraliser)} stops it`;
    case 'unknown':
      return `${what}; whether a block stops it depends on ${weight.expression}`;
    case 'elsewhere':
      return `${what}; the bucket is not in the scanned code, so its own block is unknown`;
  }
}

function neutraliserText(neutraliser: Neutraliser): string {
  if (neutraliser.kind === 'ownership') return 'Object Ownership BucketOwnerEnforced (ACLs disabled)';
  const level = neutraliser.level === 'account' ? 'the account' : neutraliser.level === 'access-point' ? 'the access point' : 'the bucket';
  return `${neutraliser.flag} on ${level}`;
}
