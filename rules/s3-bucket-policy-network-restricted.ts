import { defineRule } from '../src/engine/rule.js';
import { conditionHasShape, findDenyConditions, reportMissingStatement, type DenySearch, type Undecided } from './support/policy-conditions.js';

/** Keys that name where a request comes from: a VPC endpoint, a VPC, or a public IP range. */
const NETWORK_KEYS = ['aws:SourceVpce', 'aws:SourceVpc', 'aws:SourceIp'];

/** Deny unless the request comes through the named endpoints, VPCs or ranges. */
const DENY_OUTSIDE_VPC = { keys: ['aws:SourceVpce', 'aws:SourceVpc'], operators: ['StringNotEquals', 'StringNotLike'], ifExists: true };
const DENY_OUTSIDE_RANGE = { keys: ['aws:SourceIp'], operators: ['NotIpAddress'], ifExists: true };
/** Allow only when the request comes through them (`…IfExists` would let requests without the key through). */
const ALLOW_FROM_NETWORK = { keys: NETWORK_KEYS, operators: ['StringEquals', 'StringLike', 'IpAddress'], ifExists: false };

export default defineRule({
  id: 's3-bucket-policy-network-restricted',
  meta: {
    title: 'Bucket policies limit access to known networks',
    description:
      'A bucket policy denies requests that do not come through named VPC endpoints, VPCs or IP ranges (aws:SourceVpce, aws:SourceVpc, aws:SourceIp), or every Allow it holds is conditioned on them.',
    practice: 's3.network-restriction',
    severity: 'note',
    presets: ['strict'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      noPolicy:
        'Bucket {{bucket}} has no bucket policy, so nothing limits it to requests from named VPC endpoints, VPCs or IP ranges (aws:SourceVpce, aws:SourceVpc, aws:SourceIp)',
      missing:
        'Bucket {{bucket}} accepts requests from any network: no statement of its policy denies requests from outside named VPC endpoints, VPCs or IP ranges (aws:SourceVpce, aws:SourceVpc, aws:SourceIp)',
    },
    remediation: {
      terraform:
        'Add a statement to the bucket policy: effect "Deny", principals type "*" identifiers ["*"], actions ["s3:*"], resources [bucket ARN, "${bucket ARN}/*"], condition { test = "StringNotEquals", variable = "aws:SourceVpce", values = [aws_vpc_endpoint.s3.id] }.',
      cloudformation:
        'Add to the AWS::S3::BucketPolicy a statement: Effect Deny, Principal "*", Action "s3:*", Resource [!GetAtt Bucket.Arn, !Sub "${Bucket.Arn}/*"], Condition { StringNotEquals: { aws:SourceVpce: !Ref S3Endpoint } }.',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies-vpc-endpoint.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html',
    ],
    equivalents: {},
  },
  appliesTo: 'bucket',
  check(bucket, context) {
    const scope = { everyS3Action: false, notPrincipalCounts: true };
    const vpc = findDenyConditions(bucket, DENY_OUTSIDE_VPC, scope);
    const range = findDenyConditions(bucket, DENY_OUTSIDE_RANGE, scope);
    if (vpc.matches.length > 0 || range.matches.length > 0) return;
    const allows = everyAllowFromNetwork(vpc);
    if (allows === true) return;
    reportMissingStatement(bucket, context, vpc.undecided ?? range.undecided ?? (allows === false ? undefined : allows));
  },
});

/**
 * Whether the bucket's policies hold at least one Allow and every Allow requires a network origin. With no Allow
 * at all, access comes from identity policies, which the bucket policy does not limit.
 */
function everyAllowFromNetwork(search: DenySearch): boolean | Undecided {
  const statements = search.documents.flatMap(({ document }) => document.statements);
  const allows = statements.filter((statement) => statement.effect !== 'Deny');
  if (allows.length === 0) return false;
  let unknown: Undecided | undefined;
  for (const statement of allows) {
    if (statement.conditions.some((condition) => conditionHasShape(condition, ALLOW_FROM_NETWORK))) continue;
    if (statement.conditionsUnknown) unknown ??= { range: statement.range, reason: 'the statement conditions are not known statically' };
    else if (statement.effect === undefined) unknown ??= { range: statement.range, reason: 'the statement effect is not known statically' };
    else return false;
  }
  return unknown ?? true;
}
