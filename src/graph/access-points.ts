/**
 * AccessPointView: one S3 access point or Multi-Region Access Point with its public access block, network origin,
 * policies and the bucket it serves. Access points block public access unless told otherwise: an absent flag
 * defaults to true, unlike a bucket's.
 */
import type { Graph } from './graph.js';
import { policyAttachment, PUBLIC_ACCESS_BLOCK_FLAGS, referencedAddresses, TERRAFORM_FLAG_NAMES, type BucketPolicyAttachment, type BucketView, type PublicAccessBlockFlag } from './s3.js';
import type { Framework, ObjectNode, ResourceNode, SourceRange, ValueNode } from './types.js';
import { asObject, at, booleanValue, child, describe, dynamicBlocks, isDynamic, objects, stringValue, type Value } from './values.js';

export interface AccessPointView {
  id: string;
  subject: ResourceNode;
  framework: Framework;
  kind: 'access-point' | 'multi-region';
  /** The buckets it serves that are in the scanned code (one for an access point, one per region for an MRAP). */
  buckets: BucketView[];
  /**
   * The access point's block: `range` is the block (or the resource header when absent); an absent flag is
   * `absent` and means true.
   */
  publicAccessBlock: { range: SourceRange; present: boolean; flags: Record<PublicAccessBlockFlag, Value<boolean>> };
  network: NetworkOrigin;
  policies: BucketPolicyAttachment[];
}

/**
 * Where an access point accepts requests from: `vpc` when it has a VPC configuration (`vpc_configuration` /
 * `VpcConfiguration`, with the VPC id as written: S3 requires one, so an empty or missing id fails at deploy),
 * `internet` without one, `unknown` when the configuration itself is decided at deploy time (a dynamic block, an
 * intrinsic). Multi-Region Access Points have no VPC origin.
 */
export type NetworkOrigin =
  | { origin: 'internet' }
  | { origin: 'vpc'; configuration: SourceRange; vpcId: Value<string> }
  | { origin: 'unknown'; range: SourceRange; expression: string };

type BucketFinder = (from: ResourceNode, node: ValueNode | undefined) => BucketView | undefined;

export function buildAccessPointViews(graph: Graph, bucketFor: BucketFinder): AccessPointView[] {
  const views: AccessPointView[] = [];
  const byNode = new Map<ResourceNode, AccessPointView>();
  for (const node of graph.nodes) {
    if (node.mode !== 'resource') continue;
    const view = accessPointView(graph, node, bucketFor);
    if (view) {
      views.push(view);
      byNode.set(node, view);
    }
  }
  // Policies attached by their own resource name the access point by ARN reference.
  for (const node of graph.ofType('aws_s3control_access_point_policy', 'aws_s3control_multi_region_access_point_policy')) {
    const arn = node.type === 'aws_s3control_access_point_policy' ? child(node.body, 'access_point_arn') : at(node.body, 'details', 'name');
    const target = referencedNode(graph, node, arn, byNode);
    const container = node.type === 'aws_s3control_access_point_policy' ? node.body : asObject(child(node.body, 'details'));
    const attachment = container ? policyAttachment(graph, node, 'policy', container) : undefined;
    if (target && attachment) target.policies.push(attachment);
  }
  for (const node of graph.ofType('AWS::S3::MultiRegionAccessPointPolicy')) {
    const target = referencedNode(graph, node, child(node.body, 'MrapName'), byNode);
    const attachment = policyAttachment(graph, node, 'Policy');
    if (target && attachment) target.policies.push(attachment);
  }
  return views;
}

function accessPointView(graph: Graph, node: ResourceNode, bucketFor: BucketFinder): AccessPointView | undefined {
  const base = { id: node.id, subject: node, framework: node.framework };
  switch (node.type) {
    case 'aws_s3_access_point': {
      const bucket = bucketFor(node, child(node.body, 'bucket'));
      const policy = policyAttachment(graph, node, 'policy');
      return {
        ...base,
        kind: 'access-point',
        buckets: bucket ? [bucket] : [],
        publicAccessBlock: terraformBlock(node, node.body, 'public_access_block_configuration'),
        network: networkOf(node, child(node.body, 'vpc_configuration'), 'vpc_id'),
        policies: policy ? [policy] : [],
      };
    }
    case 'aws_s3control_multi_region_access_point': {
      const details = asObject(child(node.body, 'details'));
      const dynamicDetails = dynamicBlocks(node.body, 'details')[0];
      return {
        ...base,
        kind: 'multi-region',
        buckets: objects(child(details, 'region')).flatMap((region) => bucketFor(node, child(region, 'bucket')) ?? []),
        publicAccessBlock: dynamicDetails ? unknownBlock(dynamicDetails.range, 'a dynamic "details" block') : terraformBlock(node, details, 'public_access_block'),
        network: { origin: 'internet' },
        policies: [],
      };
    }
    case 'AWS::S3::AccessPoint': {
      const bucket = bucketFor(node, child(node.body, 'Bucket'));
      const policy = policyAttachment(graph, node, 'Policy');
      return {
        ...base,
        kind: 'access-point',
        buckets: bucket ? [bucket] : [],
        publicAccessBlock: cloudFormationBlock(node),
        network: networkOf(node, child(node.body, 'VpcConfiguration'), 'VpcId'),
        policies: policy ? [policy] : [],
      };
    }
    case 'AWS::S3::MultiRegionAccessPoint':
      return {
        ...base,
        kind: 'multi-region',
        buckets: objects(child(node.body, 'Regions')).flatMap((region) => bucketFor(node, child(region, 'Bucket')) ?? []),
        publicAccessBlock: cloudFormationBlock(node),
        network: { origin: 'internet' },
        policies: [],
      };
    default:
      return undefined;
  }
}

/** A block whose flags are all unknown: it comes from a dynamic block or an intrinsic. */
function unknownBlock(range: SourceRange, expression: string): AccessPointView['publicAccessBlock'] {
  const flags = {} as Record<PublicAccessBlockFlag, Value<boolean>>;
  for (const flag of PUBLIC_ACCESS_BLOCK_FLAGS) flags[flag] = { state: 'unknown', expression, range };
  return { range, present: true, flags };
}

function terraformBlock(node: ResourceNode, container: ObjectNode | undefined, key: string): AccessPointView['publicAccessBlock'] {
  const entry = container?.entries.get(key);
  if (entry && isDynamic(entry.value)) return unknownBlock(entry.value.range, describe(entry.value));
  // `dynamic "public_access_block_configuration" { … }`: present or not depending on its for_each.
  const dynamic = dynamicBlocks(container, key)[0];
  if (dynamic) return unknownBlock(dynamic.range, `a dynamic "${key}" block`);
  const block = asObject(entry?.value);
  const flags = {} as Record<PublicAccessBlockFlag, Value<boolean>>;
  for (const flag of PUBLIC_ACCESS_BLOCK_FLAGS) {
    flags[flag] = booleanValue(child(block, TERRAFORM_FLAG_NAMES[flag]), block?.range ?? node.headerRange);
  }
  return { range: block?.range ?? node.headerRange, present: entry !== undefined, flags };
}

function cloudFormationBlock(node: ResourceNode): AccessPointView['publicAccessBlock'] {
  const entry = node.body.entries.get('PublicAccessBlockConfiguration');
  if (entry && isDynamic(entry.value)) return unknownBlock(entry.value.range, describe(entry.value));
  const flags = {} as Record<PublicAccessBlockFlag, Value<boolean>>;
  for (const flag of PUBLIC_ACCESS_BLOCK_FLAGS) {
    flags[flag] = booleanValue(child(entry?.value, flag), entry?.keyRange ?? node.headerRange);
  }
  return { range: entry?.keyRange ?? node.headerRange, present: entry !== undefined, flags };
}

function networkOf(node: ResourceNode, configuration: ValueNode | undefined, key: string): NetworkOrigin {
  const dynamic = node.framework === 'terraform' ? dynamicBlocks(node.body, 'vpc_configuration')[0] : undefined;
  if (dynamic) return { origin: 'unknown', range: dynamic.range, expression: 'a dynamic "vpc_configuration" block' };
  if (!configuration) return { origin: 'internet' };
  if (isDynamic(configuration)) return { origin: 'unknown', range: configuration.range, expression: describe(configuration) };
  return { origin: 'vpc', configuration: configuration.range, vpcId: stringValue(child(configuration, key), configuration.range) };
}

/** The access point a policy resource names through a reference (`aws_s3_access_point.x.arn`, `!Ref Mrap`). */
function referencedNode(graph: Graph, from: ResourceNode, node: ValueNode | undefined, byNode: Map<ResourceNode, AccessPointView>): AccessPointView | undefined {
  if (!node) return undefined;
  for (const address of referencedAddresses(node)) {
    const target = graph.resolve(from, address);
    const view = target ? byNode.get(target) : undefined;
    if (view) return view;
  }
  return undefined;
}
