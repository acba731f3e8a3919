import { defineRule } from '../src/engine/rule.js';
import { lifecycleAction, lifecycleOf } from '../src/graph/lifecycle.js';

export default defineRule({
  id: 's3-bucket-lifecycle-abort-multipart',
  meta: {
    title: 'Lifecycle rules abort incomplete multipart uploads',
    description: 'An enabled lifecycle rule aborts incomplete multipart uploads, whose parts are otherwise stored and billed indefinitely.',
    practice: 's3.lifecycle-abort-mpu',
    severity: 'note',
    presets: ['strict'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      noLifecycle: 'Bucket {{bucket}} has no lifecycle rule aborting incomplete multipart uploads; their parts are kept, invisible and billed, indefinitely',
      noAbortRule: 'No enabled lifecycle rule of bucket {{bucket}} aborts incomplete multipart uploads; their parts are kept, invisible and billed, indefinitely',
    },
    remediation: {
      terraform:
        'Add a rule to the aws_s3_bucket_lifecycle_configuration: rule { id = "abort-incomplete-uploads", status = "Enabled", filter {}, abort_incomplete_multipart_upload { days_after_initiation = 7 } }.',
      cloudformation:
        'Add a rule to LifecycleConfiguration.Rules: { Id: abort-incomplete-uploads, Status: Enabled, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } }.',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpu-abort-incomplete-mpu-lifecycle-config.html',
    ],
    equivalents: {
      checkov: ['CKV_AWS_300'],
    },
  },
  appliesTo: 'bucket',
  check(bucket, context) {
    const verdict = lifecycleAction(lifecycleOf(context.views, bucket), 'abortMultipartUploads');
    if (verdict.state === 'unknown') context.unresolved(verdict.range, verdict.reason);
    else if (verdict.state === 'missing' && verdict.configuration) {
      context.report({ messageId: 'noAbortRule', at: verdict.configuration.at, data: { bucket: bucket.id } });
    } else if (verdict.state === 'missing' && bucket.bucket) {
      // Settings for a bucket outside the scanned code say nothing about what it lacks.
      context.report({ messageId: 'noLifecycle', at: bucket.subject.headerRange, data: { bucket: bucket.id } });
    }
  },
});
