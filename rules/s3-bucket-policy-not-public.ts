import { defineRule } from '../src/engine/rule.js';
import { publicGrant } from '../src/graph/policy.js';
import { describeNeutraliser, neutraliser } from './support/public-access.js';

export default defineRule({
  id: 's3-bucket-policy-not-public',
  meta: {
    title: 'Bucket policies grant nothing to everyone',
    description:
      'No bucket policy statement allows principal "*" unless a condition pins it to fixed values (aws:SourceVpce, aws:SourceVpc, aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceAccount, aws:SourceArn, or aws:SourceIp no broader than /8).',
    practice: 's3.policy-public',
    severity: 'error',
    presets: ['recommended'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      publicPolicy: 'Bucket {{bucket}} is public: {{statement}} allows everyone ({{reason}}) and no public access block stops it',
      publicPolicyBlocked: 'Bucket {{bucket}} has a policy where {{statement}} allows everyone ({{reason}}); {{neutraliser}}, but the grant is a latent risk',
    },
    remediation: {
      terraform:
        'Name the principals that need access, or add a condition that pins the grant (aws:SourceVpce, aws:PrincipalOrgID, aws:SourceArn …); serve public content through CloudFront with origin access control.',
      cloudformation:
        'Name the principals that need access, or add a Condition that pins the grant (aws:SourceVpce, aws:PrincipalOrgID, aws:SourceArn …); serve public content through CloudFront with origin access control.',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html',
    ],
    equivalents: {
      checkov: ['CKV_AWS_70'],
      'cfn-nag': ['F16'],
      'security-hub': ['S3.2', 'S3.3'],
    },
  },
  appliesTo: 'bucket',
  check(bucket, context) {
    for (const policy of bucket.policies) {
      if ('unresolved' in policy.result) {
        context.unresolved(policy.result.range, policy.result.unresolved);
        continue;
      }
      for (const statement of policy.result.document.statements) {
        const verdict = publicGrant(statement);
        if (verdict.public === 'unknown') context.unresolved(verdict.range, verdict.reason);
        if (verdict.public !== true) continue;
        const data = { bucket: bucket.id, statement: statement.sid ? `statement "${statement.sid}"` : 'a statement', reason: verdict.reason };
        // BlockPublicPolicy makes S3 refuse the policy; RestrictPublicBuckets limits it to the owner account and AWS services.
        const blocked = neutraliser(bucket, context.views, ['BlockPublicPolicy', 'RestrictPublicBuckets']);
        const related = [{ location: policy.source.headerRange, message: `policy attached by ${policy.source.id}` }];
        if (blocked) {
          context.report({
            messageId: 'publicPolicyBlocked',
            at: statement.range,
            severity: 'warning',
            data: { ...data, neutraliser: describeNeutraliser(bucket, blocked) },
            related: [...related, { location: blocked.range, message: 'this setting neutralises the public grant' }],
          });
        } else {
          context.report({ messageId: 'publicPolicy', at: statement.range, data, related });
        }
      }
    }
  },
});
