import { defineRule } from '../src/engine/rule.js';
import { PUBLIC_CANNED_ACLS, PUBLIC_GROUPS, weighAclGrant } from '../src/graph/exposure.js';
import type { Value } from '../src/graph/values.js';
import { describeNeutraliser } from './support/public-access.js';

export default defineRule({
  id: 's3-bucket-acl-not-public',
  meta: {
    title: 'Bucket ACLs grant nothing to the public',
    description: 'No canned ACL or grant gives access to AllUsers or AuthenticatedUsers.',
    practice: 's3.acl-public',
    severity: 'error',
    severityDetail: 'error (warning when Block Public Access neutralises it)',
    presets: ['recommended'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      publicAcl: 'Bucket {{bucket}} is public: the {{acl}} ACL grants {{grantee}} access',
      publicAclBlocked: 'Bucket {{bucket}} has the {{acl}} ACL granting {{grantee}} access; {{neutraliser}}, but the grant is a latent risk',
      publicAclElsewhere:
        'Bucket {{bucket}}, which is not in the scanned code, gets the {{acl}} ACL granting {{grantee}} access; whether its public access block stops it is unknown',
    },
    remediation: {
      terraform:
        'Remove the public acl or grant; disable ACLs with aws_s3_bucket_ownership_controls (object_ownership = "BucketOwnerEnforced") and share data through a bucket policy or CloudFront instead.',
      cloudformation:
        'Remove AccessControl (or set it to Private) and set OwnershipControls with ObjectOwnership BucketOwnerEnforced; share data through a bucket policy or CloudFront instead.',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html',
    ],
    equivalents: {
      checkov: ['CKV_AWS_20', 'CKV_AWS_57', 'CKV2_AWS_43'],
      trivy: ['AVD-AWS-0092', 'aws-s3-no-public-access-with-acl'],
      'cfn-nag': ['W31', 'F14'],
      'security-hub': ['S3.2', 'S3.3'],
    },
  },
  appliesTo: 'bucket',
  check(bucket, context) {
    const grants: { acl: string; grantee: string; value: Value<string> & { state: 'known' } }[] = [];
    for (const setting of bucket.acls) {
      const canned = setting.canned;
      if (canned?.state === 'unknown') context.unresolved(canned.range, `the ACL depends on ${canned.expression}`);
      if (canned?.state === 'known') {
        const grantee = PUBLIC_CANNED_ACLS[canned.value.toLowerCase()];
        if (grantee) grants.push({ acl: canned.value, grantee, value: canned });
      }
      for (const grant of setting.grants) {
        if (grant.grantee.state === 'unknown') context.unresolved(grant.grantee.range, `the grantee depends on ${grant.grantee.expression}`);
        if (grant.grantee.state !== 'known') continue;
        const group = PUBLIC_GROUPS[grant.grantee.value.toLowerCase()];
        const permission = grant.permission.state === 'known' ? grant.permission.value : 'some';
        if (group) grants.push({ acl: 'grant', grantee: `${group} (${permission})`, value: grant.grantee });
      }
    }
    for (const grant of grants) {
      const weight = weighAclGrant(bucket);
      const data = { bucket: bucket.id, acl: grant.acl, grantee: grant.grantee };
      switch (weight.kind) {
        case 'blocked':
          context.report({
            messageId: 'publicAclBlocked',
            at: grant.value.range,
            severity: 'warning',
            data: { ...data, neutraliser: describeNeutraliser(bucket, weight.neutraliser) },
            related: [{ location: weight.neutraliser.range, message: 'this setting neutralises the public ACL' }],
          });
          break;
        case 'unknown':
          context.unresolved(weight.range, `the ${grant.acl} ACL is public; whether Block Public Access stops it depends on ${weight.expression}`);
          break;
        case 'elsewhere':
          context.report({ messageId: 'publicAclElsewhere', at: grant.value.range, severity: 'warning', data });
          break;
        case 'effective':
          context.report({ messageId: 'publicAcl', at: grant.value.range, data });
          break;
      }
    }
  },
});
