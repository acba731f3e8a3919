/** Shared knowledge of Block Public Access for the rules that weigh a grant against it. */
import { effectiveFlag, type BucketView, type PublicAccessBlockFlag, type S3Views } from '../../src/graph/s3.js';
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

/**
 * The first of `flags` that is on, at bucket or account level: S3 applies the most restrictive block, so any
 * of them stops the grant from taking effect.
 */
export function neutraliser(bucket: BucketView, views: S3Views, flags: readonly PublicAccessBlockFlag[]): Neutraliser | undefined {
  for (const flag of flags) {
    const atBucket = effectiveFlag(bucket.publicAccessBlocks, flag);
    if (atBucket?.state === 'known') return { flag, level: 'bucket', range: atBucket.range };
    const atAccount = effectiveFlag(views.account.publicAccessBlocks, flag);
    if (atAccount?.state === 'known') return { flag, level: 'account', range: atAccount.range };
  }
  return undefined;
}

export function describeNeutraliser(bucket: BucketView, found: Neutraliser): string {
  return `${found.level === 'account' ? 'the account-level ' : ''}${flagName(bucket, found.flag)} stops it`;
}
