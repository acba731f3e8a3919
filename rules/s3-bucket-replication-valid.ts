import { defineRule, type RelatedLocation, type RuleContext } from '../src/engine/rule.js';
import { objectLockOf } from '../src/graph/object-lock.js';
import { replicationOf, type ReplicationConfiguration, type ReplicationRule } from '../src/graph/replication.js';
import type { BucketView, S3Views } from '../src/graph/s3.js';
import type { SourceRange } from '../src/graph/types.js';
import { describe } from '../src/graph/values.js';

const KMS_ALGORITHMS = new Set(['aws:kms', 'aws:kms:dsse']);

type MessageId =
  | 'sourceNotVersioned'
  | 'destinationNotVersioned'
  | 'noRole'
  | 'rtcWithoutMetrics'
  | 'kmsWithoutReplicaKey'
  | 'deleteMarkersWithTags'
  | 'gaps';

export default defineRule({
  id: 's3-bucket-replication-valid',
  meta: {
    title: 'Replication configurations work and protect',
    description:
      'A replication configuration has a role and versioned source and destination buckets, is one S3 accepts, and replicates to another region or account, with owner override across accounts and KMS-encrypted objects included.',
    practice: 's3.replication-config',
    severity: 'error',
    presets: ['recommended'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      sourceNotVersioned: 'Bucket {{bucket}} replicates, but its versioning is {{status}}; S3 replicates only from versioned buckets',
      destinationNotVersioned: 'Bucket {{bucket}} replicates to {{destination}}, whose versioning is {{status}}; S3 replicates only to versioned buckets',
      noRole: 'Bucket {{bucket}} has a replication configuration without an IAM role; S3 cannot replicate without one',
      rtcWithoutMetrics: 'Replication rule {{rule}} of bucket {{bucket}} enables Replication Time Control without replication metrics; S3 requires both',
      kmsWithoutReplicaKey:
        'Replication rule {{rule}} of bucket {{bucket}} replicates SSE-KMS encrypted objects without a replica KMS key for the destination; S3 requires one',
      deleteMarkersWithTags: 'Replication rule {{rule}} of bucket {{bucket}} replicates delete markers but filters on tags; S3 rejects delete marker replication in tag-based rules',
      gaps: 'Replication of bucket {{bucket}} leaves data unprotected: {{gaps}}',
    },
    remediation: {
      terraform:
        'Enable versioning on both buckets, set role, and per rule: a destination in another region (another provider) or account, access_control_translation { owner = "Destination" } with account, source_selection_criteria { sse_kms_encrypted_objects { status = "Enabled" } } plus encryption_configuration { replica_kms_key_id } for KMS buckets, metrics with replication_time, and no delete marker replication in tag-filtered rules.',
      cloudformation:
        'Enable VersioningConfiguration on both buckets, set Role, and per rule: a destination in another region or account, AccessControlTranslation { Owner: Destination } with Account, SourceSelectionCriteria { SseKmsEncryptedObjects { Status: Enabled } } plus EncryptionConfiguration { ReplicaKmsKeyID } for KMS buckets, Metrics with ReplicationTime, and no DeleteMarkerReplication in tag-filtered rules.',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-requirements.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-add-config.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-time-control.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/delete-marker-replication.html',
    ],
    equivalents: {},
  },
  appliesTo: 'bucket',
  check(bucket, context) {
    for (const configuration of replicationOf(context.views, bucket)) checkConfiguration(configuration, context);
  },
});

type Context = RuleContext<MessageId>;

function checkConfiguration(configuration: ReplicationConfiguration, context: Context): void {
  const { bucket, role } = configuration;
  for (const unknown of configuration.unknown) context.unresolved(unknown.range, `replication rules depend on ${unknown.expression}`);
  if (configuration.rules.length === 0 && configuration.unknown.length > 0) return;

  if (role.state === 'absent' || (role.state === 'known' && role.value.trim() === '')) {
    context.report({ messageId: 'noRole', at: role.state === 'known' ? role.range : configuration.at, data: { bucket: bucket.id } });
  }

  const source = versioningOf(context.views, bucket);
  if (source.state === 'off' || (source.state === 'missing' && bucket.bucket)) {
    context.report({
      messageId: 'sourceNotVersioned',
      at: source.state === 'off' ? source.range : configuration.at,
      data: { bucket: bucket.id, status: source.state === 'off' ? source.status : 'not enabled' },
      related: source.state === 'off' ? [{ location: configuration.at, message: 'the replication configuration' }] : [{ location: bucket.subject.headerRange, message: 'the source bucket, without versioning' }],
    });
  } else if (source.state === 'unknown') {
    context.unresolved(source.range, source.reason);
  } else if (source.state === 'missing') {
    context.unresolved(configuration.at, `the versioning of ${bucket.id}, outside the scanned code, is not known`);
  }

  const gaps = new Gaps();
  const judgedDestinations = new Set<BucketView>();
  for (const rule of configuration.rules) {
    const { status } = rule;
    if (status.state === 'unknown') {
      context.unresolved(status.range, `whether replication rule ${rule.label} is enabled depends on ${status.expression}`);
      continue;
    }
    // Disabled rules replicate nothing; a rule without a status is invalid input, not judged here.
    if (status.state !== 'known' || status.value !== 'Enabled') continue;
    const destination = rule.destination.bucket;
    if (!destination || !judgedDestinations.has(destination)) checkDestination(configuration, rule, context);
    if (destination) judgedDestinations.add(destination);
    checkRule(configuration, rule, context);
    findGaps(configuration, rule, gaps, context);
  }
  if (gaps.size > 0) {
    context.report({
      messageId: 'gaps',
      at: configuration.at,
      data: { bucket: bucket.id, gaps: gaps.text() },
      severity: 'warning',
      related: gaps.related(),
    });
  }
}

/** Versioning as replication needs it: Enabled, or Object Lock at creation (S3 turns versioning on itself). */
type Versioning =
  | { state: 'enabled' }
  | { state: 'off'; status: string; range: SourceRange }
  | { state: 'missing' }
  | { state: 'unknown'; range: SourceRange; reason: string };

function versioningOf(views: S3Views, bucket: BucketView): Versioning {
  if (objectLockOf(views, bucket).createdWithLock) return { state: 'enabled' };
  let result: Versioning = { state: 'missing' };
  for (const { status } of bucket.versioning) {
    if (status.state === 'known' && status.value !== 'Enabled') return { state: 'off', status: status.value, range: status.range };
    if (status.state === 'unknown') result = { state: 'unknown', range: status.range, reason: `the versioning of ${bucket.id} depends on ${status.expression}` };
    else if (status.state === 'known' && result.state === 'missing') result = { state: 'enabled' };
  }
  return result;
}

function checkDestination(configuration: ReplicationConfiguration, rule: ReplicationRule, context: Context): void {
  const destination = rule.destination;
  const target = destination.bucket;
  if (!target) {
    // A destination in another stack or account is unknown, not missing (decision 9).
    const reason =
      destination.node?.kind === 'literal' || !destination.node
        ? 'the destination bucket is outside the scanned code'
        : `the destination bucket depends on ${describe(destination.node)}`;
    context.unresolved(destination.at, reason);
    return;
  }
  const versioning = versioningOf(context.views, target);
  if (versioning.state === 'off' || (versioning.state === 'missing' && target.bucket)) {
    const related: RelatedLocation[] =
      versioning.state === 'off'
        ? [{ location: versioning.range, message: `the destination's versioning is ${versioning.status}` }]
        : [{ location: target.subject.headerRange, message: 'the destination bucket, without versioning' }];
    context.report({
      messageId: 'destinationNotVersioned',
      at: destination.at,
      data: { bucket: configuration.bucket.id, destination: target.id, status: versioning.state === 'off' ? versioning.status : 'not enabled' },
      related,
    });
  } else if (versioning.state === 'unknown') {
    context.unresolved(versioning.range, versioning.reason);
  } else if (versioning.state === 'missing') {
    context.unresolved(destination.at, `the versioning of the destination ${target.id}, outside the scanned code, is not known`);
  }
}

/** Settings S3 rejects within one rule. */
function checkRule(configuration: ReplicationConfiguration, rule: ReplicationRule, context: Context): void {
  const { replicationTime, metrics, replicaKmsKey } = rule.destination;
  const data = { bucket: configuration.bucket.id, rule: rule.label };
  if (replicationTime.state === 'known' && replicationTime.value === 'Enabled') {
    if (metrics.state === 'unknown') context.unresolved(metrics.range, `replication metrics depend on ${metrics.expression}`);
    else if (metrics.state !== 'known' || metrics.value !== 'Enabled') context.report({ messageId: 'rtcWithoutMetrics', at: replicationTime.range, data });
  } else if (replicationTime.state === 'unknown') {
    context.unresolved(replicationTime.range, `Replication Time Control depends on ${replicationTime.expression}`);
  }
  const kms = rule.kmsEncryptedObjects;
  if (kms.state === 'known' && kms.value === 'Enabled') {
    if (replicaKmsKey.state === 'absent') context.report({ messageId: 'kmsWithoutReplicaKey', at: kms.range, data });
  }
  const markers = rule.deleteMarkers;
  if (markers.state === 'known' && markers.value === 'Enabled') {
    if (rule.filter === 'tags') context.report({ messageId: 'deleteMarkersWithTags', at: markers.range, data });
    else if (rule.filter === 'unknown') context.unresolved(rule.range, `whether replication rule ${rule.label} filters on tags depends on a deploy-time value`);
  }
}

type GapKind = 'sameRegion' | 'ownerOverride' | 'kmsObjects';

const GAP_TEXT: Record<GapKind, string> = {
  sameRegion: 'the destination is in the same region and account, so one regional failure or account compromise reaches both copies',
  ownerOverride: 'replicas in another account stay owned by the source account (no owner override)',
  kmsObjects: "objects encrypted with the bucket's KMS default encryption are not replicated",
};

/** What the configuration leaves unprotected, gathered into one finding per configuration. */
class Gaps {
  private readonly found = new Map<GapKind, { rules: string[]; related: RelatedLocation[] }>();

  get size(): number {
    return this.found.size;
  }

  add(kind: GapKind, rule: ReplicationRule, location: SourceRange): void {
    const entry = this.found.get(kind) ?? { rules: [], related: [] };
    if (!entry.rules.includes(rule.label)) entry.rules.push(rule.label);
    entry.related.push({ location, message: `rule ${rule.label}: ${GAP_TEXT[kind]}` });
    this.found.set(kind, entry);
  }

  text(): string {
    return [...this.found].map(([kind, { rules }]) => `${GAP_TEXT[kind]} (${rules.length > 1 ? 'rules' : 'rule'} ${rules.join(', ')})`).join('; ');
  }

  related(): RelatedLocation[] {
    return [...this.found.values()].flatMap((entry) => entry.related);
  }
}

function findGaps(configuration: ReplicationConfiguration, rule: ReplicationRule, gaps: Gaps, context: Context): void {
  const destination = rule.destination;

  const placement = destination.placement;
  if (placement.state === 'same') gaps.add('sameRegion', rule, destination.at);
  // A destination outside the code is already reported as unresolved.
  else if (placement.state === 'unknown' && destination.bucket) context.unresolved(destination.at, placement.reason);

  const owner = destination.owner;
  const ownerOverride = owner.state === 'known' && owner.value === 'Destination';
  if (destination.account.state !== 'absent' && !destination.ownAccount && !ownerOverride) {
    if (owner.state === 'unknown') context.unresolved(owner.range, `the replica owner depends on ${owner.expression}`);
    else if (!destination.bucket?.bucket) {
      // Object Ownership BucketOwnerEnforced (the default for new buckets) makes the destination account the owner anyway.
      context.unresolved(destination.account.range, 'whether the destination account owns the replicas depends on the Object Ownership of a destination bucket outside the scanned code');
    } else if (!ownershipEnforced(destination.bucket)) gaps.add('ownerOverride', rule, destination.account.range);
  }

  const kms = rule.kmsEncryptedObjects;
  if (kms.state === 'unknown') context.unresolved(kms.range, `replication of SSE-KMS encrypted objects depends on ${kms.expression}`);
  else if (kms.state !== 'known' || kms.value !== 'Enabled') {
    const encryption = configuration.bucket.encryption;
    const kmsRule = encryption.find(({ algorithm }) => algorithm.state === 'known' && KMS_ALGORITHMS.has(algorithm.value));
    const unknown = encryption.find(({ algorithm }) => algorithm.state === 'unknown');
    if (kmsRule) gaps.add('kmsObjects', rule, kms.range);
    else if (unknown?.algorithm.state === 'unknown') {
      context.unresolved(unknown.algorithm.range, `whether the bucket encrypts with KMS depends on ${unknown.algorithm.expression}`);
    }
  }
}

/** Object Ownership BucketOwnerEnforced, explicit or by default (decisions 1 and 7): the bucket owner owns every object. */
function ownershipEnforced(bucket: BucketView): boolean {
  return bucket.ownership.every(({ value }) => value.state === 'known' && value.value === 'BucketOwnerEnforced');
}
