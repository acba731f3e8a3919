import { defineRule, type RelatedLocation } from '../src/engine/rule.js';
import type { AccessPointView } from '../src/graph/access-points.js';
import { PUBLIC_ACCESS_BLOCK_FLAGS, TERRAFORM_FLAG_NAMES, type PublicAccessBlockFlag } from '../src/graph/s3.js';
import type { SourceRange } from '../src/graph/types.js';

export default defineRule({
  id: 's3-access-point-public-access-block',
  meta: {
    title: 'Access points block public access',
    description: 'S3 access points and Multi-Region Access Points keep all four Block Public Access flags on (they default to on).',
    practice: 's3.access-point-public',
    severity: 'error',
    presets: ['recommended'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      flagsOff: '{{kind}} {{accessPoint}} turns off {{flags}} of its Block Public Access settings, so a public grant through it is not blocked there',
    },
    remediation: {
      terraform:
        'Remove the false flags from public_access_block_configuration (aws_s3_access_point) or details.public_access_block (aws_s3control_multi_region_access_point), or set them to true: they default to true. Changing them replaces the access point.',
      cloudformation:
        'Remove the false flags from PublicAccessBlockConfiguration of the AWS::S3::AccessPoint or AWS::S3::MultiRegionAccessPoint, or set them to true: they default to true.',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-points-policies.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html',
      'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-19',
      'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-24',
    ],
    equivalents: {
      checkov: ['CKV_AWS_392'],
      'security-hub': ['S3.19', 'S3.24'],
    },
  },
  appliesTo: 'accessPoint',
  check(accessPoint, context) {
    const block = accessPoint.publicAccessBlock;
    const off: { flag: PublicAccessBlockFlag; range: SourceRange }[] = [];
    const unknown: { flag: PublicAccessBlockFlag; range: SourceRange; expression: string }[] = [];
    for (const flag of PUBLIC_ACCESS_BLOCK_FLAGS) {
      const value = block.flags[flag];
      if (value.state === 'unknown') unknown.push({ flag, range: value.range, expression: value.expression });
      else if (value.state === 'known' && !value.value) off.push({ flag, range: value.range });
    }
    // A block from a dynamic block or an intrinsic makes every flag unknown at one place: say it once.
    const whole = unknown.length === PUBLIC_ACCESS_BLOCK_FLAGS.length && unknown.every(({ range }) => range === unknown[0]!.range);
    if (whole) context.unresolved(unknown[0]!.range, `the public access block depends on ${unknown[0]!.expression}`);
    else for (const { flag, range, expression } of unknown) context.unresolved(range, `${flagName(accessPoint, flag)} depends on ${expression}`);
    const first = off[0];
    if (!first) return;
    const related: RelatedLocation[] = off.slice(1).map(({ flag, range }) => ({ location: range, message: `${flagName(accessPoint, flag)} is off` }));
    context.report({
      messageId: 'flagsOff',
      at: first.range,
      data: {
        kind: accessPoint.kind === 'multi-region' ? 'Multi-Region Access Point' : 'Access point',
        accessPoint: accessPoint.id,
        flags: off.map(({ flag }) => flagName(accessPoint, flag)).join(', '),
      },
      related,
    });
  },
});

function flagName(accessPoint: AccessPointView, flag: PublicAccessBlockFlag): string {
  return accessPoint.framework === 'terraform' ? TERRAFORM_FLAG_NAMES[flag] : flag;
}
