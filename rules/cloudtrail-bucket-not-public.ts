import { defineRule } from '../src/engine/rule.js';
import { bucketExposure } from '../src/graph/exposure.js';
import { TRAIL_TYPES, trailLogBucket } from '../src/graph/trails.js';

export default defineRule({
  id: 'cloudtrail-bucket-not-public',
  meta: {
    title: "A trail's log bucket is not public",
    description: 'The bucket a CloudTrail trail delivers its logs to grants nothing to everyone, after Block Public Access.',
    practice: 'cloudtrail.bucket-public',
    severity: 'error',
    presets: ['recommended'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      publicBucket: 'Trail {{trail}} delivers its logs to {{bucket}}, which is public ({{grant}})',
    },
    remediation: {
      terraform:
        'Remove the public ACL or policy statement from the trail bucket, add an aws_s3_bucket_public_access_block with all four flags true, and allow only cloudtrail.amazonaws.com (with aws:SourceArn) to write to it.',
      cloudformation:
        'Remove the public AccessControl or policy statement from the trail bucket, set PublicAccessBlockConfiguration with all four flags true, and allow only cloudtrail.amazonaws.com (with aws:SourceArn) to write to it.',
    },
    references: [
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html',
      'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-6',
    ],
    equivalents: {
      trivy: ['AVD-AWS-0161'],
      'security-hub': ['CloudTrail.6'],
    },
  },
  appliesTo: 'resource',
  resourceTypes: TRAIL_TYPES,
  check(trail, context) {
    const found = trailLogBucket(trail, context);
    if (!found) return;
    const { bucket, at } = found;
    const exposure = bucketExposure(bucket);
    if (exposure.verdict === 'public') {
      const effective = exposure.grants.filter((grant) => grant.weight.kind === 'effective');
      context.report({
        messageId: 'publicBucket',
        at,
        data: { trail: trail.id, bucket: bucket.id, grant: effective[0]?.description ?? 'a public grant' },
        related: [
          { location: bucket.subject.headerRange, message: `log bucket ${bucket.id}` },
          ...effective.map((grant) => ({ location: grant.range, message: `this ${grant.via === 'acl' ? 'ACL' : 'policy statement'} makes the bucket public` })),
        ],
      });
    } else if (exposure.verdict === 'unknown' || (exposure.verdict === 'private' && !bucket.bucket)) {
      // Settings for a bucket outside the code say nothing about the grants the code does not show.
      const reason = bucket.bucket ? 'its ACL, policy or public access block depends on input not known statically' : 'it is not in the scanned code';
      context.unresolved(at, `whether log bucket ${bucket.id} is public is unknown: ${reason}`);
    }
  },
});
