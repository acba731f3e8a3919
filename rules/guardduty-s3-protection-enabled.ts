import { push } from '../src/collections.js';
import { defineRule, type RuleContext } from '../src/engine/rule.js';
import type { ProjectView } from '../src/graph/project.js';
import type { ResourceNode, SourceRange, ValueNode } from '../src/graph/types.js';
import { asObject, booleanValue, child, describe, dynamicBlocks, isDynamic, items, stringValue } from '../src/graph/values.js';
import { creation } from '../src/graph/creation.js';
import { referencedAddresses } from '../src/graph/s3.js';
import { detectorEnabled, externalServices, GUARDDUTY_DETECTOR_TYPES, serviceResources, type Undecided } from './support/account-services.js';

const S3_FEATURE = 'S3_DATA_EVENTS';

type MessageId = 'notEnabled' | 'disabled';

/** One place that turns S3 Protection on or off for a detector. */
type S3Setting = { state: 'on' | 'off'; range: SourceRange; text: string } | { state: 'unknown'; range: SourceRange; reason: string };

export default defineRule({
  id: 'guardduty-s3-protection-enabled',
  meta: {
    title: 'GuardDuty S3 Protection is on',
    description: 'Every GuardDuty detector turns on S3 Protection (the S3_DATA_EVENTS feature) explicitly.',
    practice: 'guardduty.s3-protection',
    severity: 'warning',
    presets: ['account-baseline'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      notEnabled:
        'GuardDuty detector {{detector}} does not turn on S3 Protection (S3_DATA_EVENTS): unless the account got it when it first enabled GuardDuty, object-level API activity on buckets is not monitored',
      disabled: 'GuardDuty detector {{detector}} turns S3 Protection off ({{setting}})',
    },
    remediation: {
      terraform:
        'Add resource "aws_guardduty_detector_feature" with detector_id = aws_guardduty_detector.<name>.id, name = "S3_DATA_EVENTS", status = "ENABLED" (or the older datasources { s3_logs { enable = true } }).',
      cloudformation: 'Add to the detector Features: [{ Name: S3_DATA_EVENTS, Status: ENABLED }] (or the older DataSources: { S3Logs: { Enable: true } }).',
    },
    references: [
      'https://docs.aws.amazon.com/guardduty/latest/ug/s3-protection.html',
      'https://docs.aws.amazon.com/securityhub/latest/userguide/guardduty-controls.html#guardduty-10',
    ],
    equivalents: {
      'security-hub': ['GuardDuty.10'],
    },
  },
  appliesTo: 'project',
  check(project, context) {
    const { byDetector, unlinked } = detectorFeatures(project, context.graph.resolve.bind(context.graph));
    const unlinkedSettings: S3Setting[] = [];
    for (const feature of unlinked) {
      for (const setting of featureSettings(feature)) {
        unlinkedSettings.push(setting);
        // A feature that turns S3 Protection off is a finding even when its detector is outside the scan.
        if (setting.state === 'off') {
          const detector = child(feature.body, 'detector_id');
          context.report({ messageId: 'disabled', at: setting.range, data: { detector: detector ? describe(detector) : feature.id, setting: setting.text } });
        }
      }
    }

    for (const { node: detector, creation: created } of serviceResources(project, GUARDDUTY_DETECTOR_TYPES)) {
      if (created.state === 'skipped') continue;
      const enabled = detectorEnabled(detector);
      if (enabled.state === 'known' && !enabled.value) continue; // a suspended detector is guardduty-enabled's finding
      const settings = [...inlineSettings(detector), ...(byDetector.get(detector) ?? []).flatMap(featureSettings)];
      judge(detector, settings, unlinkedSettings, context);
    }
    for (const external of externalServices(project, ['aws_guardduty_detector'])) {
      const settings = (byDetector.get(external) ?? []).flatMap(featureSettings);
      const off = settings.find((s) => s.state === 'off');
      if (off) {
        context.report({ messageId: 'disabled', at: off.range, data: { detector: external.id, setting: describeSetting(off) } });
      } else if (!settings.some((s) => s.state === 'on')) {
        context.unresolved(external.headerRange, `detector ${external.id} is managed outside the scanned code`);
      }
    }
  },
});

function judge(
  detector: ResourceNode,
  settings: S3Setting[],
  unlinked: S3Setting[],
  context: RuleContext<MessageId>,
): void {
  const off = settings.find((s) => s.state === 'off');
  if (off) {
    context.report({ messageId: 'disabled', at: off.range, data: { detector: detector.id, setting: describeSetting(off) } });
    return;
  }
  if (settings.some((s) => s.state === 'on')) return;
  // A setting that depends on input, or a feature whose detector is not resolved, may turn it on.
  const undecided: Undecided[] = [
    ...settings.filter((s): s is Extract<S3Setting, { state: 'unknown' }> => s.state === 'unknown'),
    ...unlinked.filter((s) => s.state !== 'off').map((s) => ({ range: s.range, reason: `a detector feature for an unresolved detector may configure ${detector.id}` })),
  ];
  if (undecided.length > 0) {
    for (const { range, reason } of undecided) context.unresolved(range, reason);
    return;
  }
  context.report({ messageId: 'notEnabled', at: detector.headerRange, data: { detector: detector.id } });
}

function describeSetting(setting: S3Setting): string {
  return setting.state === 'unknown' ? setting.reason : setting.text;
}

/** `aws_guardduty_detector_feature` resources grouped by the detector their `detector_id` names. */
function detectorFeatures(
  project: ProjectView,
  resolve: (from: ResourceNode, address: string) => ResourceNode | undefined,
): { byDetector: Map<ResourceNode, ResourceNode[]>; unlinked: ResourceNode[] } {
  const byDetector = new Map<ResourceNode, ResourceNode[]>();
  const unlinked: ResourceNode[] = [];
  for (const { node, creation: created } of serviceResources(project, ['aws_guardduty_detector_feature'])) {
    if (created.state === 'skipped') continue;
    const detector = referencedAddresses(child(node.body, 'detector_id'))
      .map((address) => resolve(node, address))
      .find((target) => target?.type === 'aws_guardduty_detector');
    if (!detector) {
      unlinked.push(node);
      continue;
    }
    push(byDetector, detector, node);
  }
  return { byDetector, unlinked };
}

/** What a feature resource says about S3 Protection: nothing when it configures another feature. */
function featureSettings(feature: ResourceNode): S3Setting[] {
  const setting = featureSetting(child(feature.body, 'name'), child(feature.body, 'status'), feature.headerRange, 'status');
  if (!setting) return [];
  // A feature that turns S3 Protection on counts only if it is created.
  const created = creation(feature);
  if (setting.state === 'on' && created.state === 'conditional') return [{ state: 'unknown', range: created.range, reason: created.reason }];
  return [setting];
}

/** A feature entry (`name`/`status`, `Name`/`Status`): on, off, unknown, or not about S3. */
function featureSetting(nameNode: ValueNode | undefined, statusNode: ValueNode | undefined, absentAt: SourceRange, statusKey: string): S3Setting | undefined {
  const name = stringValue(nameNode, absentAt);
  if (name.state === 'known' && name.value !== S3_FEATURE) return undefined;
  if (name.state !== 'known') return { state: 'unknown', range: name.range, reason: `the feature name depends on ${name.state === 'unknown' ? name.expression : 'a missing value'}` };
  const status = stringValue(statusNode, absentAt);
  if (status.state === 'unknown') return { state: 'unknown', range: status.range, reason: `the S3_DATA_EVENTS status depends on ${status.expression}` };
  if (status.state === 'absent') return { state: 'off', range: status.range, text: `${statusKey} is missing` };
  return { state: status.value === 'ENABLED' ? 'on' : 'off', range: status.range, text: `${S3_FEATURE} ${statusKey} is ${status.value}` };
}

/** Settings carried by the detector itself: Terraform `datasources.s3_logs`, CloudFormation `DataSources.S3Logs` and `Features`. */
function inlineSettings(detector: ResourceNode): S3Setting[] {
  const body = detector.body;
  if (detector.framework === 'terraform') {
    const dynamic = [...dynamicBlocks(body, 'datasources'), ...dynamicBlocks(asObject(child(body, 'datasources')), 's3_logs')];
    const unknown = dynamic.map((block): S3Setting => ({ state: 'unknown', range: block.range, reason: 'the datasources block is generated by for_each' }));
    const s3Logs = asObject(child(child(body, 'datasources'), 's3_logs'));
    if (!s3Logs) return unknown;
    return [...unknown, booleanSetting(child(s3Logs, 'enable'), s3Logs.range, 's3_logs.enable')];
  }
  const settings: S3Setting[] = [];
  const dataSources = body.entries.get('DataSources')?.value;
  if (isDynamic(dataSources)) settings.push({ state: 'unknown', range: dataSources!.range, reason: `DataSources is ${describe(dataSources!)}` });
  else {
    const s3Logs = child(dataSources, 'S3Logs');
    if (isDynamic(s3Logs)) settings.push({ state: 'unknown', range: s3Logs!.range, reason: `S3Logs is ${describe(s3Logs!)}` });
    else if (asObject(s3Logs)) settings.push(booleanSetting(child(s3Logs, 'Enable'), asObject(s3Logs)!.range, 'S3Logs.Enable'));
  }
  const features = body.entries.get('Features')?.value;
  if (isDynamic(features)) settings.push({ state: 'unknown', range: features!.range, reason: `Features is ${describe(features!)}` });
  else {
    for (const feature of items(features)) {
      if (isDynamic(feature)) {
        settings.push({ state: 'unknown', range: feature.range, reason: `a feature is ${describe(feature)}` });
        continue;
      }
      const setting = featureSetting(child(feature, 'Name'), child(feature, 'Status'), feature.range, 'Status');
      if (setting) settings.push(setting);
    }
  }
  return settings;
}

function booleanSetting(node: ValueNode | undefined, absentAt: SourceRange, label: string): S3Setting {
  const value = booleanValue(node, absentAt);
  if (value.state === 'unknown') return { state: 'unknown', range: value.range, reason: `${label} depends on ${value.expression}` };
  if (value.state === 'absent') return { state: 'off', range: value.range, text: `${label} is missing` };
  return { state: value.value ? 'on' : 'off', range: value.range, text: `${label} is ${String(value.value)}` };
}
