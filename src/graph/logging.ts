/**
 * Where logs land, derived once per scan, with the other bucket settings that feed audit and monitoring:
 * - server access logging: for each bucket its settings and where they send logs, and the buckets that are
 *   themselves log targets (they receive other buckets' logs, carry the log-delivery ACL, or let the S3 logging
 *   service write to them);
 * - the buckets that CloudFront standard logs (legacy) and load balancer access logs are delivered to, whose
 *   settings those services constrain;
 * - bucket notifications that CDK and SAM templates configure on other resources than the bucket.
 * Rules read them through `context.views.derive(buildLoggingView)` and `derive(buildNotificationsElsewhere)`.
 */
import { push } from '../collections.js';
import { bucketSettings, type SettingSource } from './bucket-settings.js';
import { partCondition } from './bucket-settings.js';
import type { Graph } from './graph.js';
import type { BucketView, S3Views } from './s3.js';
import type { ResourceNode, SourceRange, ValueNode } from './types.js';
import { asObject, at, child, describe, isDynamic, objects, stringValue } from './values.js';

/** Where a bucket's access logs go. */
export type LogTarget =
  /** Into the bucket itself (also CloudFormation's default when DestinationBucketName is absent). */
  | { kind: 'self'; range: SourceRange }
  /** Another bucket of the scanned code. */
  | { kind: 'bucket'; range: SourceRange; bucket: BucketView }
  /** A bucket outside the scanned code, or a name not known statically (decision 9). */
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

/** An AWS service that delivers its own logs into a bucket of the scan. */
export interface ServiceLogDelivery {
  /**
   * `cloudfront`: standard logs (legacy), which need ACLs enabled on the bucket. `load-balancer`: Application or
   * Classic Load Balancer access logs, which need SSE-S3 default encryption (SSE-KMS is not supported).
   */
  service: 'cloudfront' | 'load-balancer';
  source: ResourceNode;
  /** The value that names the bucket. */
  range: SourceRange;
}

export interface LoggingView {
  /** The bucket's access-logging settings, in source order; empty when the code configures none. */
  of(bucket: BucketView): AccessLogging[];
  /** Why the bucket receives server access logs; empty when nothing in the code says it does. */
  logTargetEvidence(bucket: BucketView): LogTargetEvidence[];
  isLogTarget(bucket: BucketView): boolean;
  /** The services of the scan that deliver their logs into the bucket. */
  serviceLogs(bucket: BucketView): ServiceLogDelivery[];
}

/** The S3 log delivery group, as ACL grants name it. */
const LOG_DELIVERY_GROUP = 'http://acs.amazonaws.com/groups/s3/logdelivery';
/** Canned ACLs that let the log delivery group write, in Terraform and CloudFormation spelling. */
const LOG_DELIVERY_ACLS = new Set(['log-delivery-write', 'logdeliverywrite']);
/** The service principal S3 server access logging writes as. */
const LOGGING_SERVICE = 'logging.s3.amazonaws.com';

export function buildLoggingView(views: S3Views, graph: Graph): LoggingView {
  const settings = new Map<BucketView, AccessLogging[]>();
  const evidence = new Map<BucketView, LogTargetEvidence[]>();
  const deliveries = new Map<BucketView, ServiceLogDelivery[]>();

  for (const bucket of views.buckets) {
    const logging = bucketSettings(bucket, 'logging').map((setting) => readLogging(views, bucket, setting));
    settings.set(bucket, logging);
    for (const entry of logging) {
      if (entry.state === 'on' && entry.target.kind === 'bucket') {
        push(evidence, entry.target.bucket, { range: entry.target.range, reason: `${bucket.id} sends its access logs here` });
      }
    }
  }

  for (const bucket of views.buckets) {
    for (const acl of bucket.acls) {
      if (acl.canned?.state === 'known' && LOG_DELIVERY_ACLS.has(acl.canned.value.toLowerCase())) {
        push(evidence, bucket, { range: acl.canned.range, reason: `the ${acl.canned.value} ACL lets S3 deliver access logs` });
      }
      for (const grant of acl.grants) {
        if (grant.grantee.state === 'known' && grant.grantee.value.toLowerCase() === LOG_DELIVERY_GROUP) {
          push(evidence, bucket, { range: grant.range, reason: 'a grant lets the S3 log delivery group write' });
        }
      }
    }
    for (const policy of bucket.policies) {
      if (!('document' in policy.result)) continue;
      for (const statement of policy.result.document.statements) {
        if (statement.effect !== 'Allow') continue;
        const service = statement.principals?.find((principal) => principal.type === 'Service' && principal.id.value?.toLowerCase() === LOGGING_SERVICE);
        if (service) push(evidence, bucket, { range: statement.range, reason: `the policy lets ${LOGGING_SERVICE} write access logs` });
      }
    }
  }

  for (const source of graph.nodes) {
    if (source.mode !== 'resource') continue;
    const service = LOG_DELIVERING_SERVICES[source.type];
    const node = service && LOG_BUCKET_OF[service](source);
    const bucket = node && views.bucketFor(source, bucketNameOf(node));
    if (service && node && bucket) push(deliveries, bucket, { service, source, range: node.range });
  }

  return {
    of: (bucket) => settings.get(bucket) ?? [],
    logTargetEvidence: (bucket) => evidence.get(bucket) ?? [],
    isLogTarget: (bucket) => (evidence.get(bucket)?.length ?? 0) > 0,
    serviceLogs: (bucket) => deliveries.get(bucket) ?? [],
  };
}

function readLogging(views: S3Views, bucket: BucketView, setting: SettingSource): AccessLogging {
  const node = setting.node;
  const condition = partCondition(bucket, setting.source);
  if (condition) return { setting, state: 'unknown', range: condition.range, expression: condition.expression };
  // `dynamic "logging" { for_each = … }` may render no block at all; a CloudFormation `Fn::If` may pick AWS::NoValue.
  if ((node.kind === 'object' && node.block?.type === 'dynamic') || isDynamic(node)) {
    return { setting, state: 'unknown', range: setting.at, expression: node.kind === 'object' && node.block ? 'a dynamic block' : describe(node) };
  }
  const targetNode = child(node, setting.shape === 'cloudformation' ? 'DestinationBucketName' : 'target_bucket');
  return { setting, state: 'on', target: resolveTarget(views, bucket, setting, targetNode) };
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

// --- Logs that AWS services deliver into a bucket --------------------------------------------------------------

const LOG_DELIVERING_SERVICES: Readonly<Record<string, ServiceLogDelivery['service']>> = {
  aws_cloudfront_distribution: 'cloudfront',
  'AWS::CloudFront::Distribution': 'cloudfront',
  aws_lb: 'load-balancer',
  aws_alb: 'load-balancer',
  aws_elb: 'load-balancer',
  'AWS::ElasticLoadBalancingV2::LoadBalancer': 'load-balancer',
  'AWS::ElasticLoadBalancing::LoadBalancer': 'load-balancer',
};

/** The value that names the bucket a service delivers its logs to. */
const LOG_BUCKET_OF: Readonly<Record<ServiceLogDelivery['service'], (source: ResourceNode) => ValueNode | undefined>> = {
  // `logging_config { bucket }`, `DistributionConfig.Logging.Bucket`: the bucket's domain name.
  cloudfront: (source) =>
    source.framework === 'terraform'
      ? child(child(source.body, 'logging_config'), 'bucket')
      : child(child(child(source.body, 'DistributionConfig'), 'Logging'), 'Bucket'),
  'load-balancer': loadBalancerLogBucket,
};

/**
 * Application and Classic Load Balancer access logs: `access_logs { bucket }`, the `access_logs.s3.bucket`
 * attribute, `AccessLoggingPolicy.S3BucketName`. Network Load Balancers accept SSE-KMS and are left out.
 */
function loadBalancerLogBucket(source: ResourceNode): ValueNode | undefined {
  const body = source.body;
  const type = stringValue(child(body, source.framework === 'terraform' ? 'load_balancer_type' : 'Type'), source.headerRange);
  if (type.state === 'known' && type.value !== 'application') return undefined;
  if (source.framework === 'terraform') return child(child(body, 'access_logs'), 'bucket');
  const attribute = objects(child(body, 'LoadBalancerAttributes')).find((item) => {
    const key = stringValue(child(item, 'Key'), item.range);
    return key.state === 'known' && key.value === 'access_logs.s3.bucket';
  });
  return child(attribute, 'Value') ?? child(child(body, 'AccessLoggingPolicy'), 'S3BucketName');
}

/** A literal domain name (`logs.s3.amazonaws.com`, `logs.s3.eu-west-1.amazonaws.com`) names the bucket `logs`. */
function bucketNameOf(node: ValueNode): ValueNode {
  if (node.kind !== 'literal' || typeof node.value !== 'string') return node;
  const name = /^(.+?)\.s3(?:[.-][\w-]+)*\.amazonaws\.com(?:\.cn)?$/.exec(node.value)?.[1];
  return name ? { ...node, value: name } : node;
}

// --- Notifications configured outside the bucket ------------------------------------------------------------

/** A bucket's notification configuration written on another resource. */
export interface NotificationElsewhere {
  source: ResourceNode;
  /**
   * `api`: the `NotificationConfiguration` of the CDK's `Custom::S3BucketNotifications`, in the S3 API's form.
   * `sam`: an S3 event of a SAM function, which the SAM transform adds to the bucket as a Lambda configuration.
   */
  form: 'api' | 'sam';
  node: ValueNode;
  at: SourceRange;
}

/** Notification configurations that CDK and SAM templates write on other resources than the bucket, by bucket. */
export function buildNotificationsElsewhere(views: S3Views, graph: Graph): Map<BucketView, NotificationElsewhere[]> {
  const found = new Map<BucketView, NotificationElsewhere[]>();
  const add = (source: ResourceNode, bucketNode: ValueNode | undefined, entry: Omit<NotificationElsewhere, 'source'> | undefined): void => {
    const bucket = views.bucketFor(source, bucketNode);
    if (bucket && entry) push(found, bucket, { source, ...entry });
  };
  for (const source of graph.ofType('Custom::S3BucketNotifications')) {
    const entry = source.body.entries.get('NotificationConfiguration');
    add(source, child(source.body, 'BucketName'), entry && { form: 'api', node: entry.value, at: entry.keyRange });
  }
  for (const source of graph.ofType('AWS::Serverless::Function')) {
    const events = asObject(child(source.body, 'Events'));
    for (const entry of events?.entries.values() ?? []) {
      const type = stringValue(child(entry.value, 'Type'), entry.keyRange);
      if (type.state === 'known' && type.value === 'S3') add(source, at(entry.value, 'Properties', 'Bucket'), { form: 'sam', node: entry.value, at: entry.keyRange });
    }
  }
  return found;
}
