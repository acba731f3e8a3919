/** Shared knowledge of Block Public Access for the rules that weigh a grant against it. */
import type { Neutraliser } from '../../src/graph/exposure.js';
import { TERRAFORM_FLAG_NAMES, type BucketView, type PublicAccessBlockFlag } from '../../src/graph/s3.js';

/** The flag as the bucket's framework spells it. */
export function flagName(bucket: BucketView, flag: PublicAccessBlockFlag): string {
  return bucket.framework === 'terraform' ? TERRAFORM_FLAG_NAMES[flag] : flag;
}

export function describeNeutraliser(bucket: BucketView, found: Neutraliser): string {
  if (found.kind === 'ownership') return 'Object Ownership BucketOwnerEnforced disables ACLs, which stops it';
  const level = found.level === 'account' ? 'the account-level ' : found.level === 'access-point' ? "the access point's " : '';
  return `${level}${flagName(bucket, found.flag)} stops it`;
}
