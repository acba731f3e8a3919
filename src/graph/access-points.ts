/**
 * AccessPointView: one S3 access point or Multi-Region Access Point with its public access block, network origin,
 * policies and the bucket it serves. Access points block public access unless told otherwise: an absent flag
 * defaults to true, unlike a bucket's.
 */
import type { Graph } from './graph.js';
import { policyAttachment, PUBLIC_ACCESS_BLOCK_FLAGS, TERRAFORM_FLAG_NAMES, type BucketPolicyAttachment, type BucketView, type PublicAccessBlockFlag } from './s3.js';
import type { Framework, ObjectNode, ResourceNode, SourceRange, ValueNode } from './types.js';
import { asObject, at, booleanValue, child, dynamicBlocks, isDynamic, objects, stringValue, unknownAt, type Value } from './values.js';

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
  /** The VPC it accepts requests from (`vpc_configuration.vpc_id` / `VpcConfiguration.VpcId`); absent = Internet origin. */
  vpc: Value<string>;
  policies: BucketPolicyAttachment[];
}

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
        vpc: vpcOf(node, child(node.body, 'vpc_configuration'), 'vpc_id'),
        policies: policy ? [policy] : [],
      };
    }
    case 'aws_s3control_multi_region_access_point': {
      const details = asObject(child(node.body, 'details'));
      return {
        ...base,
        kind: 'multi-region',
        buckets: objects(child(details, 'region')).flatMap((region) => bucketFor(node, child(region, 'bucket')) ?? []),
        publicAccessBlock: terraformBlock(node, details, 'public_access_block'),
        vpc: { state: 'absent', range: node.headerRange },
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
        vpc: vpcOf(node, child(node.body, 'VpcConfiguration'), 'VpcId'),
        policies: policy ? [policy] : [],
      };
    }
    case 'AWS::S3::MultiRegionAccessPoint':
      return {
        ...base,
        kind: 'multi-region',
        buckets: objects(child(node.body, 'Regions')).flatMap((region) => bucketFor(node, child(region, 'Bucket')) ?? []),
        publicAccessBlock: cloudFormationBlock(node),
        vpc: { state: 'absent', range: node.headerRange },
        policies: [],
      };
    default:
      return undefined;
  }
}

function terraformBlock(node: ResourceNode, container: ObjectNode | undefined, key: string): AccessPointView['publicAccessBlock'] {
  const entry = container?.entries.get(key);
  const block = asObject(entry?.value);
  // `dynamic "public_access_block_configuration" { … }`: present or not depending on its for_each.
  const dynamic = entry && isDynamic(entry.value) ? entry.value : dynamicBlocks(container, key)[0];
  const flags = {} as Record<PublicAccessBlockFlag, Value<boolean>>;
  for (const flag of PUBLIC_ACCESS_BLOCK_FLAGS) {
    flags[flag] = dynamic ? unknownAt(dynamic) : booleanValue(child(block, TERRAFORM_FLAG_NAMES[flag]), block?.range ?? node.headerRange);
  }
  return { range: block?.range ?? dynamic?.range ?? node.headerRange, present: entry !== undefined || dynamic !== undefined, flags };
}

function cloudFormationBlock(node: ResourceNode): AccessPointView['publicAccessBlock'] {
  const entry = node.body.entries.get('PublicAccessBlockConfiguration');
  const flags = {} as Record<PublicAccessBlockFlag, Value<boolean>>;
  for (const flag of PUBLIC_ACCESS_BLOCK_FLAGS) {
    flags[flag] = entry && isDynamic(entry.value) ? unknownAt(entry.value) : booleanValue(child(entry?.value, flag), entry?.keyRange ?? node.headerRange);
  }
  return { range: entry?.keyRange ?? node.headerRange, present: entry !== undefined, flags };
}

function vpcOf(node: ResourceNode, configuration: ValueNode | undefined, key: string): Value<string> {
  const dynamic = node.framework === 'terraform' ? dynamicBlocks(node.body, 'vpc_configuration')[0] : undefined;
  if (dynamic) return unknownAt(dynamic);
  if (!configuration) return { state: 'absent', range: node.headerRange };
  if (isDynamic(configuration)) return unknownAt(configuration);
  return stringValue(child(configuration, key), configuration.range);
}

/** The access point a policy resource names through a reference (`aws_s3_access_point.x.arn`, `!Ref Mrap`). */
function referencedNode(graph: Graph, from: ResourceNode, node: ValueNode | undefined, byNode: Map<ResourceNode, AccessPointView>): AccessPointView | undefined {
  if (!node) return undefined;
  const addresses =
    node.kind === 'expression'
      ? node.references.map((reference) => reference.replace(/\[.*$/, ''))
      : node.kind === 'object'
        ? [...node.entries.values()].flatMap((entry) => (entry.value.kind === 'literal' ? [String(entry.value.value).split('.')[0]!] : []))
        : [];
  for (const address of addresses) {
    const target = graph.resolve(from, address);
    const view = target ? byNode.get(target) : undefined;
    if (view) return view;
  }
  return undefined;
}
