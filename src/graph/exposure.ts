/**
 * Effective exposure of a bucket: its ACL and policy grants to everyone, weighed against the bucket and account
 * Block Public Access settings (S3 applies the most restrictive). Rules about other resources that must not be
 * public (a trail's log bucket, a log target, a website) ask this one question instead of re-deriving it.
 */
import { publicGrant } from './policy.js';
import { effectiveFlag, type BucketView, type PublicAccessBlockFlag } from './s3.js';
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

export interface Neutraliser {
  flag: PublicAccessBlockFlag;
  level: 'bucket' | 'account';
  range: SourceRange;
}

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
      if (value?.state === 'known') return { kind: 'blocked', neutraliser: { flag, level, range: value.range } };
      if (value?.state === 'unknown') unknown ??= { kind: 'unknown', range: value.range, expression: value.expression };
    }
  }
  return unknown ?? (bucket.bucket ? { kind: 'effective' } : { kind: 'elsewhere' });
}

export interface PublicGrantFound {
  via: 'acl' | 'policy';
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
}

export function bucketExposure(bucket: BucketView): Exposure {
  const grants: PublicGrantFound[] = [];
  let unknown = false;
  for (const setting of bucket.acls) {
    const canned = setting.canned;
    if (canned?.state === 'unknown') unknown = true;
    const cannedGrantee = canned?.state === 'known' ? PUBLIC_CANNED_ACLS[canned.value.toLowerCase()] : undefined;
    if (cannedGrantee && canned) grants.push({ via: 'acl', range: canned.range, description: cannedGrantee, weight: weighGrant(bucket, ACL_BLOCKERS) });
    for (const grant of setting.grants) {
      if (grant.grantee.state === 'unknown') unknown = true;
      const group = grant.grantee.state === 'known' ? PUBLIC_GROUPS[grant.grantee.value.toLowerCase()] : undefined;
      if (group) grants.push({ via: 'acl', range: grant.grantee.range, description: group, weight: weighGrant(bucket, ACL_BLOCKERS) });
    }
  }
  for (const policy of bucket.policies) {
    if ('unresolved' in policy.result) {
      unknown = true;
      continue;
    }
    for (const statement of policy.result.document.statements) {
      const verdict = publicGrant(statement);
      if (verdict.public === 'unknown') unknown = true;
      if (verdict.public === true) grants.push({ via: 'policy', range: statement.range, description: verdict.reason, weight: weighGrant(bucket, POLICY_BLOCKERS) });
    }
  }
  const kinds = grants.map((grant) => grant.weight.kind);
  const verdict =
    kinds.includes('effective') ? 'public'
    : unknown || kinds.includes('unknown') || kinds.includes('elsewhere') ? 'unknown'
    : grants.length > 0 ? 'latent'
    : 'private';
  return { verdict, grants };
}
