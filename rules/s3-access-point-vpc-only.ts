import { defineRule } from '../src/engine/rule.js';
import type { Graph } from '../src/graph/graph.js';
import { policyString } from '../src/graph/policy.js';
import type { ResourceNode } from '../src/graph/types.js';
import { at, child, dynamicBlocks } from '../src/graph/values.js';

export default defineRule({
  id: 's3-access-point-vpc-only',
  meta: {
    title: 'Access points accept requests only from a VPC',
    description: 'Every S3 access point has a VPC configuration, so it accepts requests only from that VPC, never from the Internet.',
    practice: 's3.access-point-vpc',
    severity: 'warning',
    presets: ['strict'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      internetOrigin: 'Access point {{accessPoint}} has no VPC configuration, so it accepts requests from the Internet',
      emptyVpc: 'Access point {{accessPoint}} names no VPC in its VPC configuration',
    },
    remediation: {
      terraform:
        'Add vpc_configuration { vpc_id = aws_vpc.x.id } to the aws_s3_access_point (this replaces the access point), and reach it through an S3 gateway or interface endpoint in that VPC.',
      cloudformation:
        'Add VpcConfiguration: { VpcId: !Ref Vpc } to the AWS::S3::AccessPoint (this replaces the access point), and reach it through an S3 VPC endpoint.',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-points-vpc.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html',
    ],
    equivalents: {},
  },
  appliesTo: 'accessPoint',
  check(accessPoint, context) {
    // Multi-Region Access Points have no VPC-only mode.
    if (accessPoint.kind !== 'access-point') return;
    const dynamic = dynamicBlocks(accessPoint.subject.body, 'vpc_configuration')[0];
    if (dynamic) {
      context.unresolved(dynamic.range, 'the VPC configuration comes from a dynamic block');
      return;
    }
    const vpc = accessPoint.vpc;
    const data = { accessPoint: accessPoint.id };
    if (vpc.state === 'absent') {
      const body = accessPoint.subject.body;
      const configured = child(body, accessPoint.framework === 'terraform' ? 'vpc_configuration' : 'VpcConfiguration') !== undefined;
      context.report({ messageId: configured ? 'emptyVpc' : 'internetOrigin', at: configured ? vpc.range : accessPoint.subject.headerRange, data });
    } else if (vpc.state === 'known') {
      if (vpc.value.trim() === '') context.report({ messageId: 'emptyVpc', at: vpc.range, data });
    } else if (!namesResource(context.graph, accessPoint.subject)) {
      context.unresolved(vpc.range, `the VPC depends on ${vpc.expression}`);
    }
  },
});

/** A VPC id that is a resource of the scanned code (`aws_vpc.main.id`, `!Ref Vpc`) is set; one from an input may be empty. */
function namesResource(graph: Graph, accessPoint: ResourceNode): boolean {
  const node = accessPoint.framework === 'terraform' ? at(accessPoint.body, 'vpc_configuration', 'vpc_id') : at(accessPoint.body, 'VpcConfiguration', 'VpcId');
  const value = policyString(node);
  if (!value) return false;
  if (accessPoint.framework === 'cloudformation') return value.references.length > 0 && value.references.every((reference) => graph.resolve(accessPoint, reference));
  return !value.fromInput;
}
