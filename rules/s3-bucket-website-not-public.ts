import { defineRule } from '../src/engine/rule.js';
import { bucketSettings } from '../src/graph/bucket-settings.js';
import { bucketExposure, type PublicGrantFound } from '../src/graph/exposure.js';
import type { ValueNode } from '../src/graph/types.js';
import { isDynamic } from '../src/graph/values.js';

export default defineRule({
  id: 's3-bucket-website-not-public',
  meta: {
    title: 'Website buckets are not public',
    description: 'A bucket with static website hosting is not also public; serve the site through CloudFront with origin access control.',
    practice: 's3.website',
    severity: 'warning',
    presets: ['recommended'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      publicWebsite:
        'Bucket {{bucket}} hosts a static website and is public: {{grantee}}, so its website endpoint serves the objects to anyone over plain HTTP',
    },
    remediation: {
      terraform:
        'Remove the website configuration and the public grants, keep the public access block on, and serve the bucket through an aws_cloudfront_distribution with an aws_cloudfront_origin_access_control and a bucket policy for cloudfront.amazonaws.com.',
      cloudformation:
        'Remove WebsiteConfiguration and the public grants, keep PublicAccessBlockConfiguration on, and serve the bucket through an AWS::CloudFront::Distribution with an AWS::CloudFront::OriginAccessControl and a bucket policy for cloudfront.amazonaws.com.',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/WebsiteHosting.html',
      'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html',
    ],
    equivalents: {
      kics: ['42bb6b7f-6d54-4428-b707-666f669d94fb', '90501b1b-cded-4cc1-9e8b-206b85cda317'],
      'cdk-nag': ['AwsSolutions-S5'],
    },
  },
  appliesTo: 'bucket',
  check(bucket, context) {
    const settings = bucketSettings(bucket, 'website');
    const website = settings[0];
    if (!website) return;
    // Latent or private: S3 refuses anonymous requests, so the website endpoint serves nothing publicly.
    const exposure = bucketExposure(bucket);
    if (exposure.verdict === 'unknown') {
      context.unresolved(website.at, 'whether the bucket is public depends on input not known statically');
      return;
    }
    if (exposure.verdict !== 'public') return;
    // `dynamic "website"` or `WebsiteConfiguration: !If [...]`: whether the website is hosted is decided later.
    const hosted = settings.find((setting) => !isConditional(setting.node));
    if (!hosted) {
      context.unresolved(website.at, 'the bucket is public; whether it hosts a website depends on a condition');
      return;
    }
    const grants = exposure.grants.filter((grant) => grant.weight.kind === 'effective');
    context.report({
      messageId: 'publicWebsite',
      at: hosted.at,
      data: { bucket: bucket.id, grantee: [...new Set(grants.map(describeGrant))].join(' and ') },
      related: grants.map((grant) => ({ location: grant.range, message: `this ${grant.via === 'acl' ? 'ACL' : 'policy statement'} makes the bucket public (${grant.description})` })),
    });
  },
});

function describeGrant(grant: PublicGrantFound): string {
  return grant.via === 'acl' ? `its ACL grants ${grant.description}` : 'its policy allows everyone';
}

function isConditional(node: ValueNode): boolean {
  return isDynamic(node) || (node.kind === 'object' && node.block?.type === 'dynamic');
}
