import { defineRule } from '../src/engine/rule.js';
import type { BucketKind } from '../src/graph/s3.js';
import { booleanValue, child } from '../src/graph/values.js';

/** What `force_destroy` deletes before the bucket, by kind of bucket. */
const DELETED: Record<BucketKind, string> = {
  'general-purpose': 'every object, and every version,',
  directory: 'every object',
  table: 'every namespace and table',
};

export default defineRule({
  id: 's3-bucket-force-destroy-disabled',
  meta: {
    title: 'Terraform cannot empty a bucket to destroy it',
    description: 'Buckets (general-purpose, directory and table buckets) do not set force_destroy = true, so terraform destroy or a replacement cannot delete their contents.',
    practice: 's3.force-destroy',
    severity: 'warning',
    presets: ['recommended'],
    frameworks: ['terraform'],
    messages: {
      forceDestroy: 'Bucket {{bucket}} sets force_destroy = true: destroying or replacing it deletes {{deleted}} without recovery',
    },
    remediation: {
      terraform:
        'Remove force_destroy (it defaults to false) from the bucket resource; for buckets that hold data add lifecycle { prevent_destroy = true } as well.',
    },
    references: [
      'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket#force_destroy',
      'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_directory_bucket#force_destroy',
      'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3tables_table_bucket#force_destroy',
      'https://developer.hashicorp.com/terraform/language/meta-arguments/lifecycle#prevent_destroy',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html',
    ],
    equivalents: {},
  },
  appliesTo: 'bucket',
  // Directory and table buckets have the same switch, with the same effect on their contents.
  bucketKinds: ['general-purpose', 'directory', 'table'],
  check(bucket, context) {
    // Only the bucket resource carries force_destroy: settings for a bucket outside the scan say nothing about it.
    if (bucket.bucket?.framework !== 'terraform') return;
    const flag = booleanValue(child(bucket.bucket.body, 'force_destroy'), bucket.bucket.headerRange);
    if (flag.state === 'unknown') context.unresolved(flag.range, `force_destroy depends on ${flag.expression}`);
    else if (flag.state === 'known' && flag.value) context.report({ messageId: 'forceDestroy', at: flag.range, data: { bucket: bucket.id, deleted: DELETED[bucket.kind] } });
  },
});
