/**
 * The rule registry: explicit and sorted by id, so the order of findings, docs and SARIF rules never depends on
 * the file system. A test keeps it sorted and complete.
 */
import { inPreset, type AnyRule, type PresetChoice } from '../src/engine/rule.js';
import accessAnalyzerEnabled from './access-analyzer-enabled.js';
import backupBucketVersioningEnabled from './backup-bucket-versioning-enabled.js';
import backupPlanCoversBuckets from './backup-plan-covers-buckets.js';
import backupVaultCmkEncryption from './backup-vault-cmk-encryption.js';
import backupVaultLockConfigured from './backup-vault-lock-configured.js';
import cloudfrontS3OriginAccessControl from './cloudfront-s3-origin-access-control.js';
import cloudtrailBucketLoggingEnabled from './cloudtrail-bucket-logging-enabled.js';
import cloudtrailBucketNotPublic from './cloudtrail-bucket-not-public.js';
import cloudtrailS3DataEvents from './cloudtrail-s3-data-events.js';
import cloudwatchS3PolicyChangeAlarm from './cloudwatch-s3-policy-change-alarm.js';
import guarddutyEnabled from './guardduty-enabled.js';
import guarddutyS3ProtectionEnabled from './guardduty-s3-protection-enabled.js';
import iamNoAccessKeysForS3 from './iam-no-access-keys-for-s3.js';
import iamPolicyNoS3FullAccess from './iam-policy-no-s3-full-access.js';
import kmsKeyRotationEnabled from './kms-key-rotation-enabled.js';
import macieEnabled from './macie-enabled.js';
import s3AccessPointPublicAccessBlock from './s3-access-point-public-access-block.js';
import s3AccessPointVpcOnly from './s3-access-point-vpc-only.js';
import s3AccountPublicAccessBlock from './s3-account-public-access-block.js';
import s3BucketAclNotPublic from './s3-bucket-acl-not-public.js';
import s3BucketCorsRestricted from './s3-bucket-cors-restricted.js';
import s3BucketDeletionPolicyRetain from './s3-bucket-deletion-policy-retain.js';
import s3BucketEncryptionKmsCmk from './s3-bucket-encryption-kms-cmk.js';
import s3BucketEncryptionValid from './s3-bucket-encryption-valid.js';
import s3BucketEventNotifications from './s3-bucket-event-notifications.js';
import s3BucketForceDestroyDisabled from './s3-bucket-force-destroy-disabled.js';
import s3BucketInventoryConfigured from './s3-bucket-inventory-configured.js';
import s3BucketKeyEnabled from './s3-bucket-key-enabled.js';
import s3BucketLifecycleAbortMultipart from './s3-bucket-lifecycle-abort-multipart.js';
import s3BucketLifecycleConfigured from './s3-bucket-lifecycle-configured.js';
import s3BucketLifecycleNoncurrentExpiration from './s3-bucket-lifecycle-noncurrent-expiration.js';
import s3BucketLoggingEnabled from './s3-bucket-logging-enabled.js';
import s3BucketMfaDeleteEnabled from './s3-bucket-mfa-delete-enabled.js';
import s3BucketNameDnsCompliant from './s3-bucket-name-dns-compliant.js';
import s3BucketObjectLockRetention from './s3-bucket-object-lock-retention.js';
import s3BucketObjectLockValid from './s3-bucket-object-lock-valid.js';
import s3BucketOwnershipEnforced from './s3-bucket-ownership-enforced.js';
import s3BucketPolicyCrossAccountConditions from './s3-bucket-policy-cross-account-conditions.js';
import s3BucketPolicyNetworkRestricted from './s3-bucket-policy-network-restricted.js';
import s3BucketPolicyNoLockout from './s3-bucket-policy-no-lockout.js';
import s3BucketPolicyNoWildcards from './s3-bucket-policy-no-wildcards.js';
import s3BucketPolicyNotPublic from './s3-bucket-policy-not-public.js';
import s3BucketPolicyPresignedUrlLimits from './s3-bucket-policy-presigned-url-limits.js';
import s3BucketPolicyRequiresTls from './s3-bucket-policy-requires-tls.js';
import s3BucketPolicyTlsVersion from './s3-bucket-policy-tls-version.js';
import s3BucketPublicAccessBlock from './s3-bucket-public-access-block.js';
import s3BucketReplicationConfigured from './s3-bucket-replication-configured.js';
import s3BucketReplicationValid from './s3-bucket-replication-valid.js';
import s3BucketVersioningEnabled from './s3-bucket-versioning-enabled.js';
import s3BucketWebsiteNotPublic from './s3-bucket-website-not-public.js';
import s3ObjectEncrypted from './s3-object-encrypted.js';
import s3StorageLensDataProtection from './s3-storage-lens-data-protection.js';

export const RULES: readonly AnyRule[] = [
  accessAnalyzerEnabled,
  backupBucketVersioningEnabled,
  backupPlanCoversBuckets,
  backupVaultCmkEncryption,
  backupVaultLockConfigured,
  cloudfrontS3OriginAccessControl,
  cloudtrailBucketLoggingEnabled,
  cloudtrailBucketNotPublic,
  cloudtrailS3DataEvents,
  cloudwatchS3PolicyChangeAlarm,
  guarddutyEnabled,
  guarddutyS3ProtectionEnabled,
  iamNoAccessKeysForS3,
  iamPolicyNoS3FullAccess,
  kmsKeyRotationEnabled,
  macieEnabled,
  s3AccessPointPublicAccessBlock,
  s3AccessPointVpcOnly,
  s3AccountPublicAccessBlock,
  s3BucketAclNotPublic,
  s3BucketCorsRestricted,
  s3BucketDeletionPolicyRetain,
  s3BucketEncryptionKmsCmk,
  s3BucketEncryptionValid,
  s3BucketEventNotifications,
  s3BucketForceDestroyDisabled,
  s3BucketInventoryConfigured,
  s3BucketKeyEnabled,
  s3BucketLifecycleAbortMultipart,
  s3BucketLifecycleConfigured,
  s3BucketLifecycleNoncurrentExpiration,
  s3BucketLoggingEnabled,
  s3BucketMfaDeleteEnabled,
  s3BucketNameDnsCompliant,
  s3BucketObjectLockRetention,
  s3BucketObjectLockValid,
  s3BucketOwnershipEnforced,
  s3BucketPolicyCrossAccountConditions,
  s3BucketPolicyNetworkRestricted,
  s3BucketPolicyNoLockout,
  s3BucketPolicyNoWildcards,
  s3BucketPolicyNotPublic,
  s3BucketPolicyPresignedUrlLimits,
  s3BucketPolicyRequiresTls,
  s3BucketPolicyTlsVersion,
  s3BucketPublicAccessBlock,
  s3BucketReplicationConfigured,
  s3BucketReplicationValid,
  s3BucketVersioningEnabled,
  s3BucketWebsiteNotPublic,
  s3ObjectEncrypted,
  s3StorageLensDataProtection,
];

const RULES_BY_ID = new Map(RULES.map((rule) => [rule.id, rule]));

export function findRule(id: string): AnyRule | undefined {
  return RULES_BY_ID.get(id);
}

/** The rules a preset turns on; `all` is every rule. */
export function rulesForPreset(preset: PresetChoice): AnyRule[] {
  return RULES.filter((rule) => inPreset(rule, preset));
}
