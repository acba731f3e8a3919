import { defineRule } from '../src/engine/rule.js';
import type { PolicyString } from '../src/graph/policy.js';
import { findDenyConditions, reportMissingStatement, type DenyMatch } from './support/policy-conditions.js';

/** The authentication type of a presigned URL: a signature in the query string. */
const QUERY_STRING_AUTH = 'REST-QUERY-STRING';

export default defineRule({
  id: 's3-bucket-policy-presigned-url-limits',
  meta: {
    title: 'Bucket policies bound presigned URL use',
    description:
      'A bucket policy denies requests whose signature is older than a limit (NumericGreaterThan on s3:signatureAge) or that are not signed in the Authorization header (StringNotEquals s3:authType REST-HEADER).',
    practice: 's3.presigned-url-limits',
    severity: 'note',
    presets: ['strict'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      noPolicy:
        'Bucket {{bucket}} has no bucket policy, so nothing bounds its presigned URLs (a Deny of old signatures, s3:signatureAge, or of query-string authentication, s3:authType)',
      missing:
        'Bucket {{bucket}} does not bound presigned URLs: no statement of its policy denies old signatures (s3:signatureAge) or query-string authentication (s3:authType)',
    },
    remediation: {
      terraform:
        'Add a statement to the bucket policy: effect "Deny", principals type "*" identifiers ["*"], actions ["s3:*"], resources ["${bucket ARN}/*"], condition { test = "NumericGreaterThan", variable = "s3:signatureAge", values = ["600000"] } (ten minutes), or condition { test = "StringNotEquals", variable = "s3:authType", values = ["REST-HEADER"] } to refuse presigned URLs.',
      cloudformation:
        'Add to the AWS::S3::BucketPolicy a statement: Effect Deny, Principal "*", Action "s3:*", Resource !Sub "${Bucket.Arn}/*", Condition { NumericGreaterThan: { s3:signatureAge: 600000 } } (ten minutes), or { StringNotEquals: { s3:authType: REST-HEADER } } to refuse presigned URLs.',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-presigned-url.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/API/bucket-policy-s3-sigv4-conditions.html',
    ],
    equivalents: {},
  },
  appliesTo: 'bucket',
  check(bucket, context) {
    const scope = { everyS3Action: false, notPrincipalCounts: true };
    const age = findDenyConditions(bucket, { keys: ['s3:signatureAge'], operators: ['NumericGreaterThan', 'NumericGreaterThanEquals'], ifExists: true }, scope);
    const authType = findDenyConditions(bucket, { keys: ['s3:authType'], operators: ['StringNotEquals'], ifExists: true }, scope);
    const verdicts = [...age.matches.map(boundsAge), ...authType.matches.map(refusesQueryString)];
    if (verdicts.includes(true)) return;
    const unknown = verdicts.find((verdict): verdict is PolicyString => typeof verdict === 'object');
    const undecided = unknown ? { range: unknown.range, reason: `the limit depends on ${unknown.text}` } : age.undecided ?? authType.undecided;
    reportMissingStatement(bucket, context, undecided);
  },
});

/** A known, positive signature age bounds every presigned URL; an age from an input is unknown. */
function boundsAge(match: DenyMatch): boolean | PolicyString {
  let unknown: PolicyString | undefined;
  for (const value of match.condition.values) {
    if (value.value === undefined) unknown ??= value;
    else if (Number(value.value) > 0) return true;
  }
  return unknown ?? false;
}

/**
 * `StringNotEquals s3:authType` denies every authentication type it does not list: it refuses presigned URLs
 * unless REST-QUERY-STRING is among the values.
 */
function refusesQueryString(match: DenyMatch): boolean | PolicyString {
  const values = match.condition.values;
  if (values.length === 0) return false;
  const unknown = values.find((value) => value.value === undefined);
  if (values.some((value) => value.value === QUERY_STRING_AUTH)) return false;
  return unknown ?? true;
}
