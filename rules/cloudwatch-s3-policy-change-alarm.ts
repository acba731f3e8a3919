import { defineRule } from '../src/engine/rule.js';
import { creation } from '../src/graph/creation.js';
import { buildMetricAlarmsView, metricMatches, type MetricFilterView, type MetricReference } from '../src/graph/trails.js';
import type { Undecided } from './support/account-services.js';

export default defineRule({
  id: 'cloudwatch-s3-policy-change-alarm',
  meta: {
    title: 'An alarm watches bucket policy changes',
    description: 'A CloudWatch Logs metric filter matches S3 bucket policy changes in CloudTrail events, and a CloudWatch alarm watches its metric.',
    practice: 'cloudwatch.s3-policy-change-alarm',
    severity: 'note',
    presets: ['account-baseline'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      noFilter: 'No CloudWatch Logs metric filter matches S3 bucket policy changes (PutBucketPolicy): a bucket opened to the world goes unnoticed',
      noAlarm: 'Metric filter {{filter}} counts S3 bucket policy changes, but no alarm watches its metric {{metric}}',
    },
    remediation: {
      terraform:
        'Add an aws_cloudwatch_log_metric_filter on the trail\'s log group with pattern "{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketPolicy) || ($.eventName = DeleteBucketPolicy) || ($.eventName = PutBucketAcl)) }", and an aws_cloudwatch_metric_alarm on its metric with alarm_actions to an SNS topic.',
      cloudformation:
        'Add an AWS::Logs::MetricFilter on the trail\'s log group with that FilterPattern and a MetricTransformation, and an AWS::CloudWatch::Alarm on the same MetricName and Namespace with AlarmActions to an SNS topic.',
    },
    references: [
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html',
      'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-8',
    ],
    equivalents: {
      trivy: ['AVD-AWS-0154'],
      'security-hub': ['CloudWatch.8'],
    },
  },
  appliesTo: 'project',
  check(project, context) {
    const { filters, alarms } = context.views.derive(buildMetricAlarmsView);
    const undecided: Undecided[] = [];
    const watching: MetricFilterView[] = [];
    for (const filter of filters) {
      const pattern = filter.pattern;
      if (pattern.state === 'unknown') undecided.push({ range: pattern.range, reason: `the filter pattern of ${filter.filter.id} depends on ${pattern.expression}` });
      else if (pattern.state === 'known' && watchesBucketPolicyChanges(pattern.value)) watching.push(filter);
    }
    if (watching.length === 0) {
      if (undecided.length > 0) for (const { range, reason } of undecided) context.unresolved(range, reason);
      else context.report({ messageId: 'noFilter', at: project.anchor });
      return;
    }

    const missing: MetricFilterView[] = [];
    for (const filter of watching) {
      const filterCreation = creation(filter.filter);
      let alarmed: true | Undecided | undefined;
      for (const published of filter.metrics) {
        for (const alarm of alarms) {
          for (const watched of alarm.metrics) {
            const match = metricMatches(context.graph, filter.filter, published, alarm.alarm, watched);
            if (match === false) continue;
            const alarmCreation = creation(alarm.alarm);
            if (match === 'unknown') alarmed ??= unknownPart(published, watched);
            else if (alarmCreation.state === 'conditional') alarmed ??= { range: alarmCreation.range, reason: alarmCreation.reason };
            else alarmed = true;
          }
        }
      }
      if (alarmed === true) {
        if (filterCreation.state === 'created') return;
        if (filterCreation.state === 'conditional') undecided.push({ range: filterCreation.range, reason: filterCreation.reason });
      } else if (alarmed) undecided.push(alarmed);
      else missing.push(filter);
    }
    if (undecided.length > 0) {
      for (const { range, reason } of undecided) context.unresolved(range, reason);
      return;
    }
    for (const filter of missing) {
      const metric = filter.metrics[0];
      const name = metric?.name.state === 'known' ? metric.name.value : 'its metric';
      context.report({ messageId: 'noAlarm', at: filter.filter.headerRange, data: { filter: filter.filter.id, metric: name } });
    }
  },
});

/**
 * A JSON pattern that selects PutBucketPolicy by eventName (`$.eventName = PutBucketPolicy`, quoted or not, or a
 * `PutBucket*` wildcard), or a term pattern that names it and does not exclude it.
 */
function watchesBucketPolicyChanges(pattern: string): boolean {
  if (pattern.trim().startsWith('{')) return /\$\.eventName\s*=\s*"?(PutBucketPolicy|PutBucket\*|Put\*|\*)"?(?=[\s)|&}])/.test(pattern);
  return /(^|[\s"])PutBucketPolicy\b/.test(pattern) && !/-"?PutBucketPolicy\b/.test(pattern);
}

function unknownPart(published: MetricReference, watched: MetricReference): Undecided {
  for (const value of [published.name, published.namespace, watched.name, watched.namespace]) {
    if (value.state === 'unknown') return { range: value.range, reason: `whether an alarm watches the metric depends on ${value.expression}` };
  }
  return { range: published.name.range, reason: 'whether an alarm watches the metric is not known statically' };
}
