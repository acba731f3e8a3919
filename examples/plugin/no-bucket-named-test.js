/**
 * An example s3lint plugin: one custom rule, in plain ES module JavaScript.
 *
 *   npx s3lint . --plugin examples/plugin/no-bucket-named-test.js
 *
 * A plugin's default export receives s3lint's plugin API ({ defineRule, formatMessage, practices, version,
 * apiVersion }) and returns an array of rules. The API is passed in rather than imported from 's3lint', so the
 * plugin works wherever s3lint runs from (npx, a global install, a devDependency). `defineRule` only adds types;
 * a plugin may also `export const rules = [ ... ]` with plain rule objects.
 *
 * A rule follows the same contract as the built-in ones (see README, "Adding a rule"): a kebab-case id that no
 * built-in rule uses, `meta` with a practice key from the catalog, `appliesTo: 'bucket'`, and `check(bucket,
 * context)`, which reads the bucket's view and calls `context.report(...)` or `context.unresolved(...)`.
 *
 * Plugins run with your rights: s3lint loads only the files named with --plugin on the command line, never code
 * named by anything in the scanned tree.
 */

/** `test` as a whole word of a bucket name: `acme-test-data`, `test.example.com`, `test`. */
const TEST_WORD = /(^|[-.])test([-.]|$)/;

export default function plugin({ defineRule }) {
  return [
    defineRule({
      id: 'no-bucket-named-test',
      meta: {
        title: 'Bucket names do not say "test"',
        description: 'A bucket name has no "test" word: test buckets belong in a test account, not beside production data.',
        // A house naming convention: the closest practice of the catalog is the one about bucket names.
        practice: 's3.dns-compliant-name',
        severity: 'warning',
        presets: [],
        frameworks: ['terraform', 'cloudformation'],
        messages: {
          testName: 'Bucket {{bucket}} is named "{{name}}"; test buckets belong in a test account',
        },
        remediation: {
          terraform: 'Rename the bucket (the bucket argument), or move it to the test account\'s configuration.',
          cloudformation: 'Rename the bucket (BucketName), or deploy it only in the test account.',
        },
        references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html'],
        equivalents: {},
      },
      appliesTo: 'bucket',
      check(bucket, context) {
        const name = bucket.name;
        if (name.state === 'unknown') {
          context.unresolved(name.range, `the bucket name depends on ${name.expression}`);
        } else if (name.state === 'known' && TEST_WORD.test(name.value)) {
          context.report({ messageId: 'testName', at: name.range, data: { bucket: bucket.id, name: name.value } });
        }
      },
    }),
  ];
}
