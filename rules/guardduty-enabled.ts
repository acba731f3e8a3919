import { defineRule } from '../src/engine/rule.js';
import { detectorEnabled, externalServices, GUARDDUTY_DETECTOR_TYPES, serviceResources, type Undecided } from './support/account-services.js';

export default defineRule({
  id: 'guardduty-enabled',
  meta: {
    title: 'GuardDuty watches the account',
    description: 'The account has a GuardDuty detector, and no detector is suspended.',
    practice: 'guardduty.enabled',
    severity: 'warning',
    presets: ['account-baseline'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      missing: 'No GuardDuty detector is defined: threats to S3 data (credential misuse, unusual access, exfiltration) go undetected',
      disabled: 'GuardDuty detector {{detector}} is suspended ({{setting}} is false)',
    },
    remediation: {
      terraform: 'Add resource "aws_guardduty_detector" with enable = true (the default) in every Region you use, or enable GuardDuty organization-wide from the delegated administrator.',
      cloudformation: 'Add an AWS::GuardDuty::Detector with Enable: true in every Region you use (for example with StackSets), or enable GuardDuty organization-wide.',
    },
    references: [
      'https://docs.aws.amazon.com/guardduty/latest/ug/what-is-guardduty.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html',
      'https://docs.aws.amazon.com/securityhub/latest/userguide/guardduty-controls.html#guardduty-1',
    ],
    equivalents: {
      checkov: ['CKV_AWS_238'],
      kics: ['GuardDuty Detector Disabled'],
      'security-hub': ['GuardDuty.1'],
    },
  },
  appliesTo: 'project',
  check(project, context) {
    const detectors = serviceResources(project, GUARDDUTY_DETECTOR_TYPES);
    let enabled = false;
    const undecided: Undecided[] = [];
    for (const { node, creation } of detectors) {
      const flag = detectorEnabled(node);
      if (flag.state === 'known' && !flag.value) {
        // A suspended detector is a finding whatever other Regions do: each detector covers its own Region.
        if (creation.state !== 'skipped') {
          const setting = node.framework === 'terraform' ? 'enable' : 'Enable';
          context.report({ messageId: 'disabled', at: flag.range, data: { detector: node.id, setting } });
        }
      } else if (flag.state === 'unknown') {
        undecided.push({ range: flag.range, reason: `whether detector ${node.id} is enabled depends on ${flag.expression}` });
      } else if (creation.state === 'conditional') {
        undecided.push(creation);
      } else if (creation.state === 'created') {
        enabled = true;
      }
    }
    if (enabled) return;
    for (const external of externalServices(project, ['aws_guardduty_detector'])) {
      undecided.push({ range: external.headerRange, reason: `detector ${external.id} is managed outside the scanned code` });
    }
    if (undecided.length > 0) {
      for (const { range, reason } of undecided) context.unresolved(range, reason);
      return;
    }
    if (detectors.some(({ creation }) => creation.state !== 'skipped')) return; // only suspended detectors: reported above
    context.report({
      messageId: 'missing',
      at: project.anchor,
      related: detectors.map(({ node, creation }) => ({
        location: creation.state === 'skipped' ? creation.range : node.headerRange,
        message: `${node.id} is never created`,
      })),
    });
  },
});
