import { defineRule } from '../src/engine/rule.js';
import type { SourceRange } from '../src/graph/types.js';
import { serviceResources, setting, stringWithDefault, type Undecided } from './support/account-services.js';

/** Analyzers that report external access (public and cross-account grants, S3 buckets included). */
const EXTERNAL_ACCESS_TYPES = new Set(['ACCOUNT', 'ORGANIZATION']);

export default defineRule({
  id: 'access-analyzer-enabled',
  meta: {
    title: 'IAM Access Analyzer reports external access',
    description: 'The account has an IAM Access Analyzer for external access (type ACCOUNT or ORGANIZATION).',
    practice: 'access-analyzer.enabled',
    severity: 'warning',
    presets: ['account-baseline'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      missing: 'No IAM Access Analyzer is defined: buckets shared publicly or with other accounts are not reported',
      noExternalAccess:
        'Analyzer {{analyzer}} is of type {{type}}, which does not report external access; add an analyzer of type ACCOUNT or ORGANIZATION',
    },
    remediation: {
      terraform: 'Add resource "aws_accessanalyzer_analyzer" with analyzer_name set and type = "ACCOUNT" (the default) or "ORGANIZATION", in every Region you use.',
      cloudformation: 'Add an AWS::AccessAnalyzer::Analyzer with Type: ACCOUNT (or ORGANIZATION from the management or delegated administrator account) in every Region you use.',
    },
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/what-is-access-analyzer.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-analyzer.html',
      'https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-28',
    ],
    equivalents: {
      trivy: ['AVD-AWS-0175'],
      kics: ['IAM Access Analyzer Not Enabled'],
      'security-hub': ['IAM.28'],
    },
  },
  appliesTo: 'project',
  check(project, context) {
    const analyzers = serviceResources(project, ['aws_accessanalyzer_analyzer', 'AWS::AccessAnalyzer::Analyzer']);
    const undecided: Undecided[] = [];
    const otherTypes: { analyzer: string; type: string; range: SourceRange }[] = [];
    for (const { node, creation } of analyzers) {
      if (creation.state === 'skipped') continue;
      // Terraform defaults to ACCOUNT; CloudFormation requires Type, and ACCOUNT is what a template without it means to ask for.
      const type = stringWithDefault(setting(node, { terraform: 'type', cloudformation: 'Type' }), node.headerRange, 'ACCOUNT');
      if (type.state === 'unknown') undecided.push({ range: type.range, reason: `the analyzer type depends on ${type.expression}` });
      else if (type.state === 'known' && !EXTERNAL_ACCESS_TYPES.has(type.value)) otherTypes.push({ analyzer: node.id, type: type.value, range: type.range });
      else if (creation.state === 'conditional') undecided.push(creation);
      else return; // an external access analyzer is created
    }
    if (undecided.length > 0) {
      for (const { range, reason } of undecided) context.unresolved(range, reason);
      return;
    }
    const [first, ...others] = otherTypes;
    if (first) {
      context.report({
        messageId: 'noExternalAccess',
        at: first.range,
        data: { analyzer: first.analyzer, type: first.type },
        related: others.map((other) => ({ location: other.range, message: `${other.analyzer} is of type ${other.type}` })),
      });
      return;
    }
    context.report({
      messageId: 'missing',
      at: project.anchor,
      related: analyzers.map(({ node, creation }) => ({ location: creation.state === 'skipped' ? creation.range : node.headerRange, message: `${node.id} is never created` })),
    });
  },
});
