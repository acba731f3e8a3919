import { defineRule } from '../src/engine/rule.js';
import type { SourceRange } from '../src/graph/types.js';
import { stringValue } from '../src/graph/values.js';

/** The resource attributes that decide what happens to the bucket, and the values that keep it. */
const POLICIES = [
  { attribute: 'DeletionPolicy', keeps: ['Retain', 'RetainExceptOnCreate'], when: 'when it leaves the template or the stack is deleted' },
  // UpdateReplacePolicy accepts Delete, Retain and Snapshot only.
  { attribute: 'UpdateReplacePolicy', keeps: ['Retain'], when: 'when an update replaces it (a new BucketName, for example)' },
] as const;

export default defineRule({
  id: 's3-bucket-deletion-policy-retain',
  meta: {
    title: 'CloudFormation keeps buckets it no longer manages',
    description: 'Buckets (general-purpose, directory and table buckets) set DeletionPolicy (Retain or RetainExceptOnCreate) and UpdateReplacePolicy (Retain), so deleting the stack or replacing the bucket keeps it.',
    practice: 's3.deletion-policy',
    severity: 'warning',
    presets: ['recommended'],
    frameworks: ['cloudformation'],
    messages: {
      missing: 'Bucket {{bucket}} has no {{attributes}}: CloudFormation tries to delete the bucket {{when}}',
      notRetained: 'Bucket {{bucket}} sets {{attribute}} to {{value}}: {{effect}}',
    },
    remediation: {
      cloudformation: 'Add DeletionPolicy: Retain (or RetainExceptOnCreate) and UpdateReplacePolicy: Retain to the bucket resource, beside Type and Properties.',
    },
    references: [
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-updatereplacepolicy.html',
    ],
    equivalents: {},
  },
  appliesTo: 'bucket',
  // A directory or table bucket holds data too, and CloudFormation deletes it the same way.
  bucketKinds: ['general-purpose', 'directory', 'table'],
  check(bucket, context) {
    const resource = bucket.bucket;
    if (resource?.framework !== 'cloudformation') return;
    const missing: (typeof POLICIES)[number][] = [];
    const wrong: { attribute: string; value: string; effect: string; range: SourceRange }[] = [];
    const undecided: { range: SourceRange; reason: string }[] = [];
    for (const policy of POLICIES) {
      const entry = resource.definition.entries.get(policy.attribute);
      const value = stringValue(entry?.value, entry?.keyRange ?? resource.headerRange);
      if (value.state === 'absent') missing.push(policy);
      else if (value.state === 'unknown') undecided.push({ range: value.range, reason: `${policy.attribute} depends on ${value.expression}` });
      else if (!(policy.keeps as readonly string[]).includes(value.value)) {
        wrong.push({ attribute: policy.attribute, value: value.value, effect: effectOf(policy.attribute, value.value, policy.when), range: value.range });
      }
    }
    const missingRelated = missing.map((policy) => ({ location: resource.headerRange, message: `${policy.attribute} is missing` }));
    const [first, ...others] = wrong;
    if (first) {
      context.report({
        messageId: 'notRetained',
        at: first.range,
        data: { bucket: bucket.id, attribute: first.attribute, value: first.value, effect: first.effect },
        related: [...others.map((other) => ({ location: other.range, message: `${other.attribute} is ${other.value}` })), ...missingRelated],
      });
    } else if (missing.length > 0) {
      context.report({
        messageId: 'missing',
        at: resource.headerRange,
        data: {
          bucket: bucket.id,
          attributes: missing.map((policy) => policy.attribute).join(' or '),
          when: missing.map((policy) => policy.when).join(', or '),
        },
      });
    } else {
      for (const { range, reason } of undecided) context.unresolved(range, reason);
    }
  },
});

function effectOf(attribute: string, value: string, when: string): string {
  if (value === 'Delete') return `CloudFormation tries to delete the bucket ${when}`;
  if (value === 'Snapshot') return `S3 buckets have no snapshots, so the bucket is not kept ${when}`;
  if (value === 'RetainExceptOnCreate') return `${attribute} does not accept RetainExceptOnCreate; use Retain`;
  return `${value} is not a ${attribute} value that keeps the bucket; use Retain`;
}
