/**
 * The rule registry: explicit and sorted by id, so the order of findings, docs and SARIF rules never depends on
 * the file system. A test keeps it sorted and complete.
 */
import { inPreset, type AnyRule, type PresetChoice } from '../src/engine/rule.js';
import s3BucketAclNotPublic from './s3-bucket-acl-not-public.js';
import s3BucketEncryptionValid from './s3-bucket-encryption-valid.js';
import s3BucketPolicyNotPublic from './s3-bucket-policy-not-public.js';
import s3BucketPolicyRequiresTls from './s3-bucket-policy-requires-tls.js';
import s3BucketPublicAccessBlock from './s3-bucket-public-access-block.js';
import s3BucketVersioningEnabled from './s3-bucket-versioning-enabled.js';

export const RULES: readonly AnyRule[] = [
  s3BucketAclNotPublic,
  s3BucketEncryptionValid,
  s3BucketPolicyNotPublic,
  s3BucketPolicyRequiresTls,
  s3BucketPublicAccessBlock,
  s3BucketVersioningEnabled,
];

const RULES_BY_ID = new Map(RULES.map((rule) => [rule.id, rule]));

export function findRule(id: string): AnyRule | undefined {
  return RULES_BY_ID.get(id);
}

/** The rules a preset turns on; `all` is every rule. */
export function rulesForPreset(preset: PresetChoice): AnyRule[] {
  return RULES.filter((rule) => inPreset(rule, preset));
}
