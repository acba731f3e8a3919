import { defineRule } from '../src/engine/rule.js';
import type { PolicyString } from '../src/graph/policy.js';
import { combinedCoverage, findDenyConditions, operatorParts, reportMissingStatement, type DenyMatch } from './support/policy-conditions.js';

/** The lowest TLS version a bucket should accept. */
const MINIMUM_TLS = 1.2;

export default defineRule({
  id: 's3-bucket-policy-tls-version',
  meta: {
    title: 'Bucket policies deny TLS versions below 1.2',
    description:
      'A bucket policy denies every S3 action to everyone when s3:TlsVersion is below 1.2 (NumericLessThan 1.2 or higher), for the bucket and its objects.',
    practice: 's3.tls-version',
    severity: 'note',
    presets: ['strict'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      noPolicy: 'Bucket {{bucket}} has no bucket policy denying TLS versions below 1.2 (s3:TlsVersion)',
      missing: 'Bucket {{bucket}} has a policy, but no statement denies TLS versions below 1.2 (s3:TlsVersion) for the bucket and its objects',
      tooLow: 'Bucket {{bucket}} denies only TLS versions below {{value}}; raise the s3:TlsVersion floor to 1.2',
    },
    remediation: {
      terraform:
        'Add a statement to the bucket policy: effect "Deny", principals type "*" identifiers ["*"], actions ["s3:*"], resources [bucket ARN, "${bucket ARN}/*"], condition { test = "NumericLessThan", variable = "s3:TlsVersion", values = ["1.2"] }.',
      cloudformation:
        'Add to the AWS::S3::BucketPolicy a statement: Effect Deny, Principal "*", Action "s3:*", Resource [!GetAtt Bucket.Arn, !Sub "${Bucket.Arn}/*"], Condition { NumericLessThan: { s3:TlsVersion: 1.2 } }.',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html',
      'https://aws.amazon.com/blogs/security/tls-1-2-required-for-aws-endpoints/',
    ],
    equivalents: {},
  },
  appliesTo: 'bucket',
  check(bucket, context) {
    const search = findDenyConditions(
      bucket,
      { keys: ['s3:TlsVersion'], operators: ['NumericLessThan', 'NumericLessThanEquals'], ifExists: true },
      { everyS3Action: true, notPrincipalCounts: false },
    );
    const floors = search.matches.map((match) => ({ match, floor: tlsFloor(match) }));
    const sufficient = floors.filter(({ floor }) => floor.kind === 'known' && floor.version >= MINIMUM_TLS).map(({ match }) => match.statement);
    const coverage = combinedCoverage(sufficient);
    if (coverage.bucket && coverage.objects) return;
    const unknown = floors.find(({ floor }) => floor.kind === 'unknown')?.floor;
    const undecided = unknown?.kind === 'unknown' ? { range: unknown.value.range, reason: `the TLS version floor depends on ${unknown.value.text}` } : search.undecided;
    const low = floors.find(({ floor }) => floor.kind === 'known' && floor.version < MINIMUM_TLS)?.floor;
    if (!undecided && low?.kind === 'known') {
      context.report({ messageId: 'tooLow', at: low.value.range, data: { bucket: bucket.id, value: low.value.value ?? low.value.text } });
      return;
    }
    reportMissingStatement(bucket, context, undecided);
  },
});

type TlsFloor = { kind: 'known'; version: number; value: PolicyString } | { kind: 'unknown'; value: PolicyString } | { kind: 'none' };

/**
 * The lowest TLS version a matching condition lets through. Several values are alternatives, so the broadest
 * Deny wins: `NumericLessThan [1.1, 1.2]` denies below 1.2. TLS versions are 1.0–1.3, so `NumericLessThanEquals 1.1`
 * is a floor of 1.2.
 */
function tlsFloor(match: DenyMatch): TlsFloor {
  const inclusive = operatorParts(match.condition.operator).name === 'numericlessthanequals';
  let highest: { version: number; value: PolicyString } | undefined;
  let unknown: PolicyString | undefined;
  for (const value of match.condition.values) {
    if (value.value === undefined) {
      unknown ??= value;
      continue;
    }
    const number = Number(value.value);
    if (!Number.isFinite(number)) continue;
    const version = inclusive ? Math.round((number + 0.1) * 10) / 10 : number;
    if (!highest || version > highest.version) highest = { version, value };
  }
  // An unknown alternative may raise a low floor, never lower a sufficient one.
  if (highest && (highest.version >= MINIMUM_TLS || !unknown)) return { kind: 'known', ...highest };
  if (unknown) return { kind: 'unknown', value: unknown };
  return { kind: 'none' };
}
