import { defineRule } from '../src/engine/rule.js';
import type { ResourceNode, SourceRange } from '../src/graph/types.js';
import { child, stringValue } from '../src/graph/values.js';
import { serviceResources, setting, stringWithDefault, type Undecided } from './support/account-services.js';

const MACIE_ACCOUNT_TYPES = ['aws_macie2_account', 'AWS::Macie::Session'];
const CLASSIFICATION_JOB = 'aws_macie2_classification_job';
/** Job statuses under which a classification job no longer discovers anything. */
const STOPPED_JOB_STATUSES = new Set(['CANCELLED', 'USER_PAUSED']);

export default defineRule({
  id: 'macie-enabled',
  meta: {
    title: 'Macie discovers sensitive data',
    description: 'Amazon Macie is enabled (not paused) and runs sensitive data discovery.',
    practice: 'macie.enabled',
    severity: 'note',
    presets: ['account-baseline'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      missing: 'Amazon Macie is not enabled in the scanned code: sensitive data stored in buckets is not discovered or reported',
      paused: 'Macie is PAUSED by {{account}} ({{setting}} = {{status}}): it neither evaluates buckets nor discovers sensitive data',
      noDiscovery: 'Macie is enabled but runs no sensitive data discovery: {{reason}}',
    },
    remediation: {
      terraform:
        'Add resource "aws_macie2_account" (status = "ENABLED", the default) and an aws_macie2_classification_job (SCHEDULED) over your buckets, or turn on automated sensitive data discovery, which the AWS provider cannot manage yet.',
      cloudformation:
        'Add an AWS::Macie::Session with Status: ENABLED (the default). CloudFormation has no classification job type: turn on automated sensitive data discovery in Macie or create jobs through the API.',
    },
    references: [
      'https://docs.aws.amazon.com/macie/latest/user/what-is-macie.html',
      'https://docs.aws.amazon.com/macie/latest/user/discovery-asdd.html',
      'https://docs.aws.amazon.com/securityhub/latest/userguide/macie-controls.html',
    ],
    equivalents: {
      'security-hub': ['Macie.1', 'Macie.2'],
    },
  },
  appliesTo: 'project',
  check(project, context) {
    const accounts = serviceResources(project, MACIE_ACCOUNT_TYPES);
    const jobs = serviceResources(project, [CLASSIFICATION_JOB]).filter(({ creation }) => creation.state !== 'skipped');
    const created = accounts.filter(({ creation }) => creation.state !== 'skipped');
    if (created.length === 0 && jobs.length === 0) {
      context.report({
        messageId: 'missing',
        at: project.anchor,
        related: accounts.map(({ node, creation }) => ({ location: creation.state === 'skipped' ? creation.range : node.headerRange, message: `${node.id} is never created` })),
      });
      return;
    }

    const enabled: ResourceNode[] = [];
    const undecided: Undecided[] = [];
    for (const { node, creation } of created) {
      const key = node.framework === 'terraform' ? 'status' : 'Status';
      const status = stringWithDefault(setting(node, { terraform: 'status', cloudformation: 'Status' }), node.headerRange, 'ENABLED');
      if (status.state === 'unknown') undecided.push({ range: status.range, reason: `the Macie status depends on ${status.expression}` });
      else if (status.state === 'known' && status.value !== 'ENABLED') {
        // Each account resource is one Region's Macie: a paused one is a finding whatever other Regions do.
        context.report({ messageId: 'paused', at: status.range, data: { account: node.id, setting: key, status: status.value } });
      } else if (creation.state === 'conditional') undecided.push(creation);
      else enabled.push(node);
    }

    // Discovery can be judged only where the code could express it: Terraform has classification jobs,
    // CloudFormation has no job type, and neither can turn on automated discovery.
    const terraformAccount = enabled.find((node) => node.framework === 'terraform');
    const managedElsewhere = created.length === 0; // jobs without an account: Macie is enabled outside the scan
    if (!terraformAccount && !managedElsewhere) {
      if (enabled.length === 0) for (const { range, reason } of undecided) context.unresolved(range, reason);
      return;
    }
    const stopped: { job: string; status: string; range: SourceRange }[] = [];
    const undecidedJobs: Undecided[] = [];
    for (const { node, creation } of jobs) {
      const status = stringValue(child(node.body, 'job_status'), node.headerRange);
      if (status.state === 'unknown') undecidedJobs.push({ range: status.range, reason: `the status of ${node.id} depends on ${status.expression}` });
      else if (status.state === 'known' && STOPPED_JOB_STATUSES.has(status.value)) stopped.push({ job: node.id, status: status.value, range: status.range });
      else if (creation.state === 'conditional') undecidedJobs.push(creation);
      else return; // a discovery job runs
    }
    if (undecidedJobs.length > 0) {
      for (const { range, reason } of undecidedJobs) context.unresolved(range, reason);
      return;
    }
    const [firstStopped, ...otherStopped] = stopped;
    const reason = firstStopped
      ? stopped.map((job) => `${job.job} is ${job.status}`).join(', ')
      : `no ${CLASSIFICATION_JOB} runs (automated sensitive data discovery, if on, is configured outside Terraform)`;
    const at = terraformAccount?.headerRange ?? firstStopped!.range;
    context.report({
      messageId: 'noDiscovery',
      at,
      data: { reason },
      related: (terraformAccount ? stopped : otherStopped).map((job) => ({ location: job.range, message: `${job.job} is ${job.status}` })),
    });
  },
});
