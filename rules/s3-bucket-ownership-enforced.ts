import { defineRule } from '../src/engine/rule.js';
import { partCondition } from '../src/graph/bucket-settings.js';
import { buildLoggingView } from '../src/graph/logging.js';
import { child, dynamicBlocks, isDynamic, items } from '../src/graph/values.js';

export default defineRule({
  id: 's3-bucket-ownership-enforced',
  meta: {
    title: 'Object Ownership disables ACLs',
    description: 'Object Ownership is BucketOwnerEnforced, so ACLs are disabled and the bucket owner owns every object.',
    practice: 's3.object-ownership',
    severity: 'warning',
    presets: ['recommended'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      missing: 'Bucket {{bucket}} does not set Object Ownership; declare BucketOwnerEnforced so ACLs stay disabled',
      notEnforced: 'Bucket {{bucket}} sets Object Ownership to {{ownership}}, which keeps ACLs in use; use BucketOwnerEnforced',
    },
    remediation: {
      terraform:
        'Add an aws_s3_bucket_ownership_controls for the bucket with rule { object_ownership = "BucketOwnerEnforced" }, and grant access through the bucket policy instead of ACLs.',
      cloudformation:
        'Set OwnershipControls: { Rules: [{ ObjectOwnership: BucketOwnerEnforced }] } on the bucket, and grant access through the bucket policy instead of ACLs.',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html',
      'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-12',
    ],
    equivalents: {
      checkov: ['CKV2_AWS_65'],
      'security-hub': ['S3.12'],
    },
  },
  appliesTo: 'bucket',
  check(bucket, context) {
    // CloudFront standard logs (legacy) are delivered with ACLs: their bucket has to keep ACLs enabled.
    if (context.views.derive(buildLoggingView).serviceLogs(bucket).some((delivery) => delivery.service === 'cloudfront')) return;
    const data = { bucket: bucket.id };
    const resource = bucket.bucket;
    // `OwnershipControls: !If [...]` or a rule from a condition: whether ACLs stay disabled is decided at deploy time.
    const controls = resource?.framework === 'cloudformation' ? resource.body.entries.get('OwnershipControls') : undefined;
    const dynamicControls = controls && (isDynamic(controls.value) ? controls.value : items(child(controls.value, 'Rules')).find(isDynamic));
    if (dynamicControls) {
      context.unresolved(dynamicControls.range, 'the ownership controls are decided by a condition');
      return;
    }
    for (const source of bucket.parts.get('aws_s3_bucket_ownership_controls') ?? []) {
      const dynamic = dynamicBlocks(source.body, 'rule')[0];
      if (dynamic) {
        context.unresolved(dynamic.range, 'the ownership rule is a dynamic block');
        return;
      }
    }
    if (bucket.ownership.length === 0) {
      // New buckets default to BucketOwnerEnforced (decision 7): an absent setting is only a note.
      if (resource) context.report({ messageId: 'missing', at: controls?.keyRange ?? bucket.subject.headerRange, severity: 'note', data });
      return;
    }
    for (const { source, value } of bucket.ownership) {
      if (value.state === 'unknown') {
        context.unresolved(value.range, `Object Ownership depends on ${value.expression}`);
      } else if (value.state === 'absent') {
        context.report({ messageId: 'missing', at: value.range, severity: 'note', data });
      } else if (value.value !== 'BucketOwnerEnforced') {
        context.report({ messageId: 'notEnforced', at: value.range, data: { ...data, ownership: value.value } });
      } else {
        const condition = partCondition(bucket, source);
        if (condition) context.unresolved(condition.range, `the ownership controls exist only if ${condition.expression} is not empty`);
      }
    }
  },
});
