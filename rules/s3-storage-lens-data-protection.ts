import { defineRule } from '../src/engine/rule.js';
import type { ResourceNode, SourceRange, ValueNode } from '../src/graph/types.js';
import { asObject, at, booleanValue, child, describe, dynamicBlocks, isDynamic, type Value } from '../src/graph/values.js';
import { serviceResources, type Undecided } from './support/account-services.js';

/** How each framework spells the settings this rule reads. */
const NAMES = {
  terraform: {
    configuration: 'storage_lens_configuration',
    enabled: 'enabled',
    accountLevel: 'account_level',
    bucketLevel: 'bucket_level',
    dataProtection: 'advanced_data_protection_metrics',
  },
  cloudformation: {
    configuration: 'StorageLensConfiguration',
    enabled: 'IsEnabled',
    accountLevel: 'AccountLevel',
    bucketLevel: 'BucketLevel',
    dataProtection: 'AdvancedDataProtectionMetrics',
  },
} as const;

/** What one Storage Lens configuration gives. */
type LensVerdict =
  | { state: 'ok' }
  | { state: 'undecided'; range: SourceRange; reason: string }
  | { state: 'disabled'; range: SourceRange; setting: string }
  | { state: 'noDataProtection'; range: SourceRange };

export default defineRule({
  id: 's3-storage-lens-data-protection',
  meta: {
    title: 'Storage Lens reports data-protection metrics',
    description: 'An enabled S3 Storage Lens configuration collects advanced data-protection metrics at account or bucket level.',
    practice: 's3.storage-lens',
    severity: 'note',
    presets: ['account-baseline'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      missing: 'No S3 Storage Lens configuration is defined: there is no account-wide view of encryption, versioning, replication and Object Lock across buckets',
      disabled: 'Storage Lens configuration {{lens}} is disabled ({{setting}})',
      noDataProtection: 'Storage Lens configuration {{lens}} does not collect advanced data-protection metrics',
    },
    remediation: {
      terraform:
        'Add an aws_s3control_storage_lens_configuration with storage_lens_configuration { enabled = true, account_level { advanced_data_protection_metrics { enabled = true }, bucket_level { advanced_data_protection_metrics { enabled = true } } } }.',
      cloudformation:
        'Add an AWS::S3::StorageLens with StorageLensConfiguration: { IsEnabled: true, AccountLevel: { AdvancedDataProtectionMetrics: { IsEnabled: true }, BucketLevel: { AdvancedDataProtectionMetrics: { IsEnabled: true } } } }.',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/storage_lens.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/storage_lens_metrics_glossary.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html',
    ],
    equivalents: {},
  },
  appliesTo: 'project',
  check(project, context) {
    const lenses = serviceResources(project, ['aws_s3control_storage_lens_configuration', 'AWS::S3::StorageLens']);
    const undecided: Undecided[] = [];
    const problems: { lens: ResourceNode; verdict: Exclude<LensVerdict, { state: 'ok' | 'undecided' }> }[] = [];
    for (const { node, creation } of lenses) {
      if (creation.state === 'skipped') continue;
      const verdict = judgeLens(node);
      if (verdict.state === 'undecided') undecided.push(verdict);
      else if (verdict.state !== 'ok') problems.push({ lens: node, verdict });
      else if (creation.state === 'conditional') undecided.push(creation);
      else return; // one enabled lens with data-protection metrics is enough: lenses are account-wide
    }
    if (undecided.length > 0) {
      for (const { range, reason } of undecided) context.unresolved(range, reason);
      return;
    }
    const [first, ...others] = problems;
    if (!first) {
      context.report({
        messageId: 'missing',
        at: project.anchor,
        related: lenses.map(({ node }) => ({ location: node.headerRange, message: `${node.id} is never created` })),
      });
      return;
    }
    const related = others.map(({ lens, verdict }) => ({
      location: verdict.range,
      message: verdict.state === 'disabled' ? `${lens.id} is disabled` : `${lens.id} has no advanced data-protection metrics`,
    }));
    const { lens, verdict } = first;
    if (verdict.state === 'disabled') {
      context.report({ messageId: 'disabled', at: verdict.range, data: { lens: lens.id, setting: verdict.setting }, related });
    } else {
      context.report({ messageId: 'noDataProtection', at: verdict.range, data: { lens: lens.id }, related });
    }
  },
});

function judgeLens(lens: ResourceNode): LensVerdict {
  const names = NAMES[lens.framework];
  const configurationNode = child(lens.body, names.configuration);
  if (isDynamic(configurationNode) || dynamicBlocks(lens.body, names.configuration).length > 0) {
    const range = configurationNode?.range ?? lens.headerRange;
    return { state: 'undecided', range, reason: `the Storage Lens configuration of ${lens.id} is not known statically` };
  }
  const configuration = asObject(configurationNode);
  const enabled = booleanValue(child(configuration, names.enabled), configuration?.range ?? lens.headerRange);
  if (enabled.state === 'unknown') return { state: 'undecided', range: enabled.range, reason: `whether ${lens.id} is enabled depends on ${enabled.expression}` };
  // `enabled` / `IsEnabled` is required: a configuration without it is not deployable, so treat it as off.
  if (enabled.state === 'absent') return { state: 'disabled', range: enabled.range, setting: `${names.enabled} is missing` };
  if (!enabled.value) return { state: 'disabled', range: enabled.range, setting: `${names.enabled} is false` };

  const accountLevel = child(configuration, names.accountLevel);
  const flags = [accountLevel, child(accountLevel, names.bucketLevel)].map((level) => dataProtectionFlag(level, lens));
  for (const block of [...dynamicBlocks(configuration, names.accountLevel), ...dynamicBlocks(asObject(accountLevel), names.bucketLevel)]) {
    flags.push({ state: 'unknown', expression: `dynamic "${block.block?.labels[0] ?? ''}"`, range: block.range });
  }
  if (flags.some((flag) => flag.state === 'known' && flag.value)) return { state: 'ok' };
  const unknown = flags.find((flag) => flag.state === 'unknown');
  if (unknown?.state === 'unknown') return { state: 'undecided', range: unknown.range, reason: `data-protection metrics of ${lens.id} depend on ${unknown.expression}` };
  // Point at an explicit `enabled = false` when there is one, else at the lens.
  const explicit = flags.find((flag) => flag.state === 'known');
  return { state: 'noDataProtection', range: explicit?.range ?? lens.headerRange };
}

/** Whether a level (account or bucket) turns on advanced data-protection metrics. */
function dataProtectionFlag(level: ValueNode | undefined, lens: ResourceNode): Value<boolean> {
  const names = NAMES[lens.framework];
  if (level && isDynamic(level)) return { state: 'unknown', expression: describe(level), range: level.range };
  const metrics = at(level, names.dataProtection);
  const dynamic = dynamicBlocks(asObject(level), names.dataProtection)[0];
  if (!metrics && dynamic) return { state: 'unknown', expression: `dynamic "${names.dataProtection}"`, range: dynamic.range };
  if (metrics && isDynamic(metrics)) return { state: 'unknown', expression: describe(metrics), range: metrics.range };
  // A metrics block without its flag leaves the metrics off, as the API does.
  return booleanValue(child(metrics, names.enabled), lens.headerRange);
}
