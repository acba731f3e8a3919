import { defineRule, type RelatedLocation } from '../src/engine/rule.js';
import { PUBLIC_ACCESS_BLOCK_FLAGS, TERRAFORM_FLAG_NAMES } from '../src/graph/s3.js';
import { booleanValue, child } from '../src/graph/values.js';

export default defineRule({
  id: 's3-account-public-access-block',
  meta: {
    title: 'The account-level public access block turns on all four flags',
    description: 'An aws_s3_account_public_access_block, where the code defines one, sets all four flags to true.',
    practice: 's3.account-public-access-block',
    severity: 'error',
    presets: ['recommended'],
    frameworks: ['terraform'],
    messages: {
      flagsOff: 'Account public access block {{block}} leaves {{flags}} off, so it does not stop public access to every bucket of the account',
    },
    remediation: {
      terraform:
        'Set block_public_acls, ignore_public_acls, block_public_policy and restrict_public_buckets to true on the aws_s3_account_public_access_block (absent flags default to false).',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/configuring-block-public-access-account.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html',
      'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-1',
    ],
    equivalents: {
      'security-hub': ['S3.1'],
    },
  },
  appliesTo: 'resource',
  resourceTypes: ['aws_s3_account_public_access_block'],
  check(block, context) {
    const off: { name: string; at: typeof block.headerRange; explicit: boolean }[] = [];
    for (const flag of PUBLIC_ACCESS_BLOCK_FLAGS) {
      const name = TERRAFORM_FLAG_NAMES[flag];
      const value = booleanValue(child(block.body, name), block.headerRange);
      if (value.state === 'unknown') context.unresolved(value.range, `${name} depends on ${value.expression}`);
      // An absent flag is false for the account block.
      else if (value.state === 'absent') off.push({ name, at: block.headerRange, explicit: false });
      else if (!value.value) off.push({ name, at: value.range, explicit: true });
    }
    if (off.length === 0) return;
    const first = off.find((flag) => flag.explicit) ?? off[0]!;
    const related: RelatedLocation[] = off
      // Flags left out all point at the header: list them in the message, not as related locations there too.
      .filter((flag) => flag !== first && flag.at !== first.at)
      .map((flag) => ({ location: flag.at, message: flag.explicit ? `${flag.name} is false` : `${flag.name} is not set and defaults to false` }));
    context.report({
      messageId: 'flagsOff',
      at: first.at,
      data: { block: block.id, flags: off.map((flag) => flag.name).join(', ') },
      related,
    });
  },
});
