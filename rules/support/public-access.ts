/** Shared knowledge of Block Public Access for the rules that weigh a grant against it. */
import { effectiveFlag, type BucketView, type PublicAccessBlockFlag } from '../../src/graph/s3.js';
import type { SourceRange } from '../../src/graph/types.js';

const TERRAFORM_NAMES: Record<PublicAccessBlockFlag, string> = {
  BlockPublicAcls: 'block_public_acls',
  IgnorePublicAcls: 'ignore_public_acls',
  BlockPublicPolicy: 'block_public_policy',
  RestrictPublicBuckets: 'restrict_public_buckets',
};

/** The flag as the bucket's framework spells it. */
export function flagName(bucket: BucketView, flag: PublicAccessBlockFlag): string {
  return bucket.framework === 'terraform' ? TERRAFORM_NAMES[flag] : flag;
}

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

/**
 * S3 applies the most restrictive of the bucket and account blocks, so any of `flags` being on at either level
 * stops the grant from taking effect.
 */
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

export function describeNeutraliser(bucket: BucketView, found: Neutraliser): string {
  return `${found.level === 'account' ? 'the account-level ' : ''}${flagName(bucket, found.flag)} stops it`;
}
