import { defineRule, type RelatedLocation } from '../src/engine/rule.js';
import { buildIdentityView } from '../src/graph/identity.js';
import { child, stringValue } from '../src/graph/values.js';

/** Related locations listed per finding: enough to find the grants, short enough to read. */
const MAX_RELATED = 5;

export default defineRule({
  id: 'iam-no-access-keys-for-s3',
  meta: {
    title: 'S3 access does not rely on IAM user access keys',
    description: 'IAM users with S3 permissions get no long-term access keys; workloads use roles and temporary credentials.',
    practice: 'iam.long-term-keys',
    severity: 'note',
    presets: ['strict'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      keyWithS3Access:
        'Access key {{key}} gives long-term credentials to IAM user {{user}}, who has S3 permissions ({{grant}}); use a role with temporary credentials instead',
    },
    remediation: {
      terraform:
        'Remove the aws_iam_access_key and give the workload an IAM role (an instance profile, an ECS task role, IRSA, or aws_iam_role assumed through OIDC) with the S3 permissions it needs.',
      cloudformation:
        'Remove the AWS::IAM::AccessKey and give the workload an AWS::IAM::Role (instance profile, task role, or a role assumed through OIDC) with the S3 permissions it needs.',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-workloads-use-roles',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html',
    ],
    equivalents: {},
  },
  appliesTo: 'resource',
  resourceTypes: ['aws_iam_access_key', 'AWS::IAM::AccessKey'],
  check(key, context) {
    // An inactive key cannot sign requests.
    const status = stringValue(child(key.body, key.framework === 'terraform' ? 'status' : 'Status'), key.headerRange);
    if (status.state === 'known' && status.value === 'Inactive') return;

    const identity = context.views.derive(buildIdentityView);
    const owner = identity.userOfAccessKey(key);
    if ('unresolved' in owner) {
      context.unresolved(owner.unresolved.range, owner.unresolved.reason);
      return;
    }
    const access = identity.s3AccessOf(owner.user);
    const first = access.grants[0];
    if (!first) {
      const unknown = access.unknown[0];
      if (unknown) context.unresolved(unknown.range, `whether user ${owner.user.id} has S3 permissions: ${unknown.reason}`);
      return;
    }
    if (status.state === 'unknown') {
      context.unresolved(status.range, `whether key ${key.id} is active depends on ${status.expression}`);
      return;
    }
    const related: RelatedLocation[] = access.grants.slice(0, MAX_RELATED).map((grant) => ({
      location: grant.at,
      message: `${grant.source.id} grants ${grant.what}`,
    }));
    context.report({
      messageId: 'keyWithS3Access',
      at: key.headerRange,
      data: { key: key.id, user: owner.user.id, grant: `${first.what} through ${first.source.id}` },
      related,
    });
  },
});
