/**
 * Server access logging, derived once per scan: for each bucket its logging settings and where they send logs,
 * and the set of buckets that are themselves log targets (they receive other buckets' logs, carry the
 * log-delivery ACL, or let the S3 logging service write to them). Rules read it through
 * `context.views.derive(buildLoggingView)`.
 */
import { bucketSettings, type SettingSource } from './bucket-settings.js';
import type { Graph } from './graph.js';
import type { BucketView, S3Views } from './s3.js';
import type { SourceRange, ValueNode } from './types.js';
import { child, describe, isDynamic } from './values.js';

/** Where a bucket's access logs go. */
export type LogTarget =
  /** Into the bucket itself (also CloudFormation's default when DestinationBucketName is absent). */
  | { kind: 'self'; range: SourceRange }
  /** Another bucket of the scanned code. */
  | { kind: 'bucket'; range: SourceRange; bucket: BucketView }
  /** A bucket outside the scanned code, or a name not known statically: logging is on, the target is not judged (decision 9). */
  | { kind: 'elsewhere'; range: SourceRange; name: string };

export type AccessLogging =
  | { setting: SettingSource; state: 'on'; target: LogTarget }
  /** Whether logging is on depends on input not known statically: a `dynamic "logging"` block, a CloudFormation `Fn::If`. */
  | { setting: SettingSource; state: 'unknown'; range: SourceRange; expression: string };

/** Why a bucket counts as a log target, for related locations. */
export interface LogTargetEvidence {
  range: SourceRange;
  reason: string;
}

export interface LoggingView {
  /** The bucket's access-logging settings, in source order; empty when the code configures none. */
  of(bucket: BucketView): AccessLogging[];
  /** Why the bucket receives server access logs; empty when nothing in the code says it does. */
  logTargetEvidence(bucket: BucketView): LogTargetEvidence[];
  isLogTarget(bucket: BucketView): boolean;
}

/** The S3 log delivery group, as ACL grants name it. */
const LOG_DELIVERY_GROUP = 'http://acs.amazonaws.com/groups/s3/logdelivery';
/** Canned ACLs that let the log delivery group write, in Terraform and CloudFormation spelling. */
const LOG_DELIVERY_ACLS = new Set(['log-delivery-write', 'logdeliverywrite']);
/** The service principal S3 server access logging writes as. */
const LOGGING_SERVICE = 'logging.s3.amazonaws.com';

export function buildLoggingView(views: S3Views, _graph: Graph): LoggingView {
  const settings = new Map<BucketView, AccessLogging[]>();
  const evidence = new Map<BucketView, LogTargetEvidence[]>();
  const addEvidence = (bucket: BucketView, found: LogTargetEvidence): void => {
    const list = evidence.get(bucket) ?? [];
    list.push(found);
    evidence.set(bucket, list);
  };

  for (const bucket of views.buckets) {
    const logging = bucketSettings(bucket, 'logging').map((setting) => readLogging(views, bucket, setting));
    settings.set(bucket, logging);
    for (const entry of logging) {
      if (entry.state === 'on' && entry.target.kind === 'bucket') {
        addEvidence(entry.target.bucket, { range: entry.target.range, reason: `${bucket.id} sends its access logs here` });
      }
    }
  }

  for (const bucket of views.buckets) {
    for (const acl of bucket.acls) {
      if (acl.canned?.state === 'known' && LOG_DELIVERY_ACLS.has(acl.canned.value.toLowerCase())) {
        addEvidence(bucket, { range: acl.canned.range, reason: `the ${acl.canned.value} ACL lets S3 deliver access logs` });
      }
      for (const grant of acl.grants) {
        if (grant.grantee.state === 'known' && grant.grantee.value.toLowerCase() === LOG_DELIVERY_GROUP) {
          addEvidence(bucket, { range: grant.range, reason: 'a grant lets the S3 log delivery group write' });
        }
      }
    }
    for (const policy of bucket.policies) {
      if (!('document' in policy.result)) continue;
      for (const statement of policy.result.document.statements) {
        if (statement.effect !== 'Allow') continue;
        const service = statement.principals?.find((principal) => principal.type === 'Service' && principal.id.value?.toLowerCase() === LOGGING_SERVICE);
        if (service) addEvidence(bucket, { range: statement.range, reason: `the policy lets ${LOGGING_SERVICE} write access logs` });
      }
    }
  }

  return {
    of: (bucket) => settings.get(bucket) ?? [],
    logTargetEvidence: (bucket) => evidence.get(bucket) ?? [],
    isLogTarget: (bucket) => (evidence.get(bucket)?.length ?? 0) > 0,
  };
}

function readLogging(views: S3Views, bucket: BucketView, setting: SettingSource): AccessLogging {
  const node = setting.node;
  const condition = settingCondition(bucket, setting);
  if (condition) return { setting, state: 'unknown', range: condition.range, expression: condition.expression };
  // `dynamic "logging" { for_each = … }` may render no block at all; a CloudFormation `Fn::If` may pick AWS::NoValue.
  if ((node.kind === 'object' && node.block?.type === 'dynamic') || isDynamic(node)) {
    return { setting, state: 'unknown', range: setting.at, expression: node.kind === 'object' && node.block ? 'a dynamic block' : describe(node) };
  }
  const targetNode = child(node, setting.shape === 'cloudformation' ? 'DestinationBucketName' : 'target_bucket');
  return { setting, state: 'on', target: resolveTarget(views, bucket, setting, targetNode) };
}

/**
 * A split resource that may not be created apart from its bucket: `count = var.logging ? 1 : 0`, `for_each =
 * var.logging`. A `for_each` over the buckets themselves, or the bucket's own `count`, creates one per bucket.
 */
export function settingCondition(bucket: BucketView, setting: SettingSource): { range: SourceRange; expression: string } | undefined {
  if (setting.shape !== 'terraform-resource') return undefined;
  for (const key of ['count', 'for_each']) {
    const value = setting.source.body.entries.get(key)?.value;
    if (!value || !isDynamic(value)) continue;
    const own = bucket.bucket?.body.entries.get(key)?.value;
    if (value.kind === 'expression' && own?.kind === 'expression' && own.text === value.text) continue;
    if (bucket.bucket && value.kind === 'expression' && value.references.some((reference) => reference.replace(/\[.*$/, '') === bucket.bucket!.id)) continue;
    return { range: value.range, expression: `${key} = ${describe(value)}` };
  }
  return undefined;
}

function resolveTarget(views: S3Views, bucket: BucketView, setting: SettingSource, targetNode: ValueNode | undefined): LogTarget {
  // CloudFormation: "By default, logs are stored in the bucket where the LoggingConfiguration property is defined."
  if (!targetNode) {
    return setting.shape === 'cloudformation' ? { kind: 'self', range: setting.at } : { kind: 'elsewhere', range: setting.at, name: 'an unnamed bucket' };
  }
  const linked = views.bucketFor(setting.source, targetNode);
  if (linked === bucket) return { kind: 'self', range: targetNode.range };
  if (linked) return { kind: 'bucket', range: targetNode.range, bucket: linked };
  const literal = targetNode.kind === 'literal' && typeof targetNode.value === 'string' ? targetNode.value : undefined;
  // A split resource for a bucket outside the code that logs to the same literal name logs into itself.
  if (literal !== undefined && bucket.name.state === 'known' && bucket.name.value === literal) return { kind: 'self', range: targetNode.range };
  return { kind: 'elsewhere', range: targetNode.range, name: literal ?? describe(targetNode) };
}
