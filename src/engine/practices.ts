/**
 * The practice catalog's keys (design/PRACTICES.md). Every rule names one; the JSON report carries it on every
 * finding, and tools downstream group by it, so keys never change.
 */
export const PRACTICES = {
  's3.public-access-block': { category: "Access management", summary: "every bucket has a public access block with all four flags true" },
  's3.account-public-access-block': { category: "Access management", summary: "an account-level block, where defined, has all four flags true" },
  's3.access-point-public': { category: "Access management", summary: "access points block public access (all four flags)" },
  's3.access-point-vpc': { category: "Access management", summary: "access points accept requests only from a VPC" },
  's3.object-ownership': { category: "Access management", summary: "Object Ownership is BucketOwnerEnforced (ACLs disabled)" },
  's3.acl-public': { category: "Access management", summary: "no canned ACL or grant to AllUsers / AuthenticatedUsers (read, write, *_ACP, FULL_CONTROL)" },
  's3.policy-public': { category: "Access management", summary: "no Allow to principal '*' / '{AWS:\"*\"}' unless a condition pins it to fixed values (aws:SourceVpce, aws:SourceVpc, aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceAccount, aws:SourceArn, or aws:SourceIp no broader than /8 for IPv4 and /32 for IPv6)" },
  's3.policy-wildcard': { category: "Access management", summary: "Allow statements name no wildcard action ('*', 's3:*') and no NotAction / NotPrincipal" },
  's3.policy-cross-account': { category: "Access management", summary: "grants to other accounts carry aws:PrincipalOrgID / aws:SourceAccount style conditions and never include the admin actions (PutBucketPolicy, DeleteBucketPolicy, PutBucketAcl, PutObjectAcl, PutEncryptionConfiguration)" },
  's3.policy-lockout': { category: "Access management", summary: "no unconditional Deny of everything to everyone (locks out the account)" },
  's3.tls-only': { category: "Access management", summary: "a bucket policy denies requests with aws:SecureTransport = false, for the bucket and its objects; a bucket with no policy fails too" },
  's3.tls-version': { category: "Access management", summary: "a bucket policy denies s3:TlsVersion below 1.2 (AWS endpoints have required TLS 1.2 since 2024, so this documents intent and guards FIPS or TLS 1.3 requirements)" },
  's3.network-restriction': { category: "Access management", summary: "access is limited to VPC endpoints or known ranges (aws:SourceVpce / aws:SourceVpc / aws:SourceIp deny)" },
  's3.presigned-url-limits': { category: "Access management", summary: "presigned URL use is bounded (s3:signatureAge, s3:authType)" },
  's3.website': { category: "Access management", summary: "static website hosting is not combined with public exposure; prefer CloudFront with OAC" },
  's3.cors': { category: "Access management", summary: "CORS rules do not allow every origin with write methods" },
  'cloudfront.s3-origin-access': { category: "Access management", summary: "CloudFront S3 origins use origin access control/identity" },
  'iam.s3-full-access': { category: "Access management", summary: "identity policies do not grant s3:* on every resource" },
  'iam.long-term-keys': { category: "Access management", summary: "no IAM user access keys used for S3 access (use roles)" },
  's3.encryption': { category: "Encryption", summary: "default encryption, where configured, uses AES256, aws:kms or aws:kms:dsse (absent = SSE-S3 default, passes)" },
  's3.encryption-kms': { category: "Encryption", summary: "default encryption uses SSE-KMS or DSSE-KMS with a customer-managed key" },
  's3.bucket-key': { category: "Encryption", summary: "SSE-KMS buckets enable S3 Bucket Keys (not DSSE-KMS, which does not support them)" },
  's3.object-encryption': { category: "Encryption", summary: "objects created by the code are encrypted (KMS in strict)" },
  'kms.key-rotation': { category: "Encryption", summary: "KMS keys that encrypt S3 data rotate" },
  's3.logging': { category: "Audit and monitoring", summary: "server access logging is on, except for buckets that are themselves log targets; the target is another, existing, non-public bucket" },
  's3.cloudtrail-data-events': { category: "Audit and monitoring", summary: "a trail records S3 data events (event_selector or advanced_event_selector) covering the buckets" },
  'cloudtrail.bucket-public': { category: "Audit and monitoring", summary: "a trail's log bucket is not public" },
  'cloudtrail.bucket-logging': { category: "Audit and monitoring", summary: "a trail's log bucket has access logging" },
  'cloudwatch.s3-policy-change-alarm': { category: "Audit and monitoring", summary: "a metric filter + alarm watch bucket policy changes" },
  's3.event-notifications': { category: "Audit and monitoring", summary: "buckets publish event notifications" },
  'macie.enabled': { category: "Audit and monitoring", summary: "Macie is enabled, with a discovery job or automated discovery" },
  'guardduty.enabled': { category: "Audit and monitoring", summary: "GuardDuty detector is enabled" },
  'guardduty.s3-protection': { category: "Audit and monitoring", summary: "GuardDuty S3 protection (S3_DATA_EVENTS) is on" },
  'access-analyzer.enabled': { category: "Audit and monitoring", summary: "an IAM Access Analyzer exists" },
  's3.inventory': { category: "Audit and monitoring", summary: "an inventory reports encryption and replication status to an encrypted destination" },
  's3.storage-lens': { category: "Audit and monitoring", summary: "Storage Lens with data-protection metrics is configured" },
  's3.versioning': { category: "Protecting data", summary: "versioning is Enabled (Suspended fails; Object Lock implies it)" },
  's3.mfa-delete': { category: "Protecting data", summary: "versioned buckets require MFA delete (Terraform only)" },
  's3.object-lock': { category: "Protecting data", summary: "Object Lock is enabled where the workload needs WORM, and its configuration is valid (versioning on, retention > 0, a mode)" },
  's3.object-lock-retention': { category: "Protecting data", summary: "default retention is set; COMPLIANCE for regulated data, GOVERNANCE otherwise; legal holds are explicit" },
  's3.replication': { category: "Protecting data", summary: "replication is configured for buckets that hold primary data" },
  's3.replication-config': { category: "Protecting data", summary: "a replication configuration will work and protects: source and destination versioned, destination in another region or account, owner override for cross-account, delete markers and KMS-encrypted objects handled, RTC when asked" },
  'backup.plan-coverage': { category: "Protecting data", summary: "buckets are covered by an AWS Backup selection (by ARN, wildcard or tag)" },
  'backup.s3-requires-versioning': { category: "Protecting data", summary: "every bucket a backup selection covers is versioned (else backups fail)" },
  'backup.vault-encryption': { category: "Protecting data", summary: "backup vaults use a customer-managed KMS key" },
  'backup.vault-lock': { category: "Protecting data", summary: "backup vaults holding S3 backups have a vault lock" },
  's3.lifecycle': { category: "Protecting data", summary: "buckets have a lifecycle configuration" },
  's3.lifecycle-noncurrent': { category: "Protecting data", summary: "versioned buckets expire (or transition) noncurrent versions, as the guide asks for backed-up buckets" },
  's3.lifecycle-abort-mpu': { category: "Protecting data", summary: "lifecycle aborts incomplete multipart uploads" },
  's3.force-destroy': { category: "Protecting data", summary: "Terraform buckets do not set force_destroy = true (destroy would delete every object)" },
  's3.deletion-policy': { category: "Protecting data", summary: "CloudFormation buckets keep their data on stack deletion or replacement (DeletionPolicy and UpdateReplacePolicy 'Retain' or 'RetainExceptOnCreate')" },
  's3.dns-compliant-name': { category: "Protecting data", summary: "bucket names contain no dots (TLS wildcard certificates)" },
} as const satisfies Record<string, { category: string; summary: string }>;

export type PracticeKey = keyof typeof PRACTICES;

export function isPracticeKey(key: string): key is PracticeKey {
  return Object.hasOwn(PRACTICES, key);
}
