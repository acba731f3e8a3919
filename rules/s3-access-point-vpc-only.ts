import { defineRule } from '../src/engine/rule.js';

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
    const network = accessPoint.network;
    const data = { accessPoint: accessPoint.id };
    switch (network.origin) {
      case 'internet':
        // Multi-Region Access Points have no VPC-only mode.
        if (accessPoint.kind === 'access-point') context.report({ messageId: 'internetOrigin', at: accessPoint.subject.headerRange, data });
        break;
      case 'unknown':
        context.unresolved(network.range, `the VPC configuration depends on ${network.expression}`);
        break;
      case 'vpc': {
        // Any VPC id, even one from an input, makes the access point VPC-only; only a missing or empty one does not.
        const id = network.vpcId;
        if (id.state === 'absent' || (id.state === 'known' && id.value.trim() === '')) context.report({ messageId: 'emptyVpc', at: id.range, data });
        break;
      }
    }
  },
});
