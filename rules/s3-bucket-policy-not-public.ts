import { defineRule } from '../src/engine/rule.js';
import { deniedToEveryone, POLICY_BLOCKERS, weighAccessPointGrant, weighGrant } from '../src/graph/exposure.js';
import { publicGrant, statementKey } from '../src/graph/policy.js';
import { describeNeutraliser } from './support/public-access.js';

export default defineRule({
  id: 's3-bucket-policy-not-public',
  meta: {
    title: 'Bucket policies grant nothing to everyone',
    description:
      'No bucket policy statement allows principal "*" unless a condition pins it to fixed values (aws:SourceVpce, aws:SourceVpc, aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceAccount, aws:SourceArn, or aws:SourceIp no broader than /8).',
    practice: 's3.policy-public',
    severity: 'error',
    severityDetail: 'error (warning when Block Public Access neutralises it)',
    presets: ['recommended'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      publicPolicy: 'Bucket {{bucket}} is public: {{statement}} allows everyone ({{reason}}) and no public access block stops it',
      publicPolicyBlocked: 'Bucket {{bucket}} has a policy where {{statement}} allows everyone ({{reason}}); {{neutraliser}}, but the grant is a latent risk',
      publicPolicyElsewhere:
        'The policy of bucket {{bucket}}, which is not in the scanned code, allows everyone in {{statement}} ({{reason}}); whether its public access block stops it is unknown',
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
    // The bucket's own policies, then the policies of the access points that serve it: each weighed by the blocks that apply to it.
    const sources = [
      { policies: bucket.policies, weigh: () => weighGrant(bucket, POLICY_BLOCKERS), through: '' },
      ...bucket.accessPoints.map((accessPoint) => ({
        policies: accessPoint.policies,
        weigh: () => weighAccessPointGrant(bucket, accessPoint),
        through: ` through access point ${accessPoint.id}`,
      })),
    ];
    for (const { policies, weigh, through } of sources) {
      for (const policy of policies) {
        if ('unresolved' in policy.result) {
          context.unresolved(policy.result.range, policy.result.unresolved);
          continue;
        }
        let foundPublic = false;
        const statements = policy.result.document.statements;
        for (const statement of statements) {
          const verdict = publicGrant(statement);
          if (verdict.public === 'unknown') context.unresolved(verdict.range, verdict.reason);
          // An unconditional Deny to everyone of the same actions wins over the grant.
          if (verdict.public !== true || deniedToEveryone(statement, statements)) continue;
          foundPublic = true;
          const label = statement.sid ? `statement "${statement.sid}"` : 'a statement';
          const data = { bucket: bucket.id, statement: `${label}${through}`, reason: verdict.reason };
          const related = [{ location: policy.source.headerRange, message: `policy attached by ${policy.source.id}` }];
          const weight = weigh();
          switch (weight.kind) {
            case 'blocked':
              context.report({
                messageId: 'publicPolicyBlocked',
                at: statement.range,
                discriminator: statementKey(statement),
                severity: 'warning',
                data: { ...data, neutraliser: describeNeutraliser(bucket, weight.neutraliser) },
                related: [...related, { location: weight.neutraliser.range, message: 'this setting neutralises the public grant' }],
              });
              break;
            case 'unknown':
              context.unresolved(weight.range, `${data.statement} allows everyone; whether Block Public Access stops it depends on ${weight.expression}`);
              break;
            case 'elsewhere':
              context.report({ messageId: 'publicPolicyElsewhere', at: statement.range, discriminator: statementKey(statement), severity: 'warning', data, related });
              break;
            case 'effective':
              context.report({ messageId: 'publicPolicy', at: statement.range, discriminator: statementKey(statement), data, related });
              break;
          }
        }
        if (!foundPublic && !policy.result.document.complete) {
          context.unresolved(policy.at, 'part of the policy is not known statically (a condition, a dynamic block or an unresolved source document)');
        }
      }
    }
  },
});
