import { defineRule, type RelatedLocation } from '../src/engine/rule.js';
import { buildLoggingView } from '../src/graph/logging.js';
import { buildTrailsView, selectorCovers, type DataEventSelector } from '../src/graph/trails.js';
import type { SourceRange } from '../src/graph/types.js';
import type { Undecided } from './support/account-services.js';

export default defineRule({
  id: 'cloudtrail-s3-data-events',
  meta: {
    title: 'A trail records S3 data events',
    description: 'Some CloudTrail trail records S3 object-level (data) events, reads and writes, for every bucket in the scanned code.',
    practice: 's3.cloudtrail-data-events',
    severity: 'warning',
    presets: ['account-baseline'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      noTrail: 'No CloudTrail trail is defined: S3 object-level API calls (GetObject, PutObject, DeleteObject) are not recorded',
      trailWithoutDataEvents: 'Trail {{trail}} records no S3 data events, and no other trail does',
      bucketNotCovered: 'Bucket {{bucket}} is not covered by any trail that records S3 data events',
      oneDirectionOnly: 'Trails record S3 data events for {{recorded}} only; {{missing}} of objects are not recorded',
    },
    remediation: {
      terraform:
        'Add to an aws_cloudtrail an event_selector { read_write_type = "All" data_resource { type = "AWS::S3::Object" values = ["arn:aws:s3"] } }, or an advanced_event_selector with eventCategory = Data and resources.type = AWS::S3::Object.',
      cloudformation:
        'Add to an AWS::CloudTrail::Trail EventSelectors: [{ ReadWriteType: All, DataResources: [{ Type: AWS::S3::Object, Values: ["arn:aws:s3"] }] }], or AdvancedEventSelectors with eventCategory Data and resources.type AWS::S3::Object.',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-cloudtrail-logging-for-s3.html',
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html',
      'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-22',
      'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-23',
    ],
    equivalents: {
      trivy: ['AVD-AWS-0171', 'AVD-AWS-0172'],
      'security-hub': ['S3.22', 'S3.23'],
    },
  },
  appliesTo: 'project',
  check(project, context) {
    const { trails } = context.views.derive(buildTrailsView);
    if (trails.length === 0) {
      context.report({ messageId: 'noTrail', at: project.anchor });
      return;
    }
    const certain = trails.filter((trail) => !trail.conditional).flatMap((trail) => trail.dataSelectors);
    // Selectors of a trail that may not exist, and selectors whose kind is not known, may or may not record data events.
    const maybe = trails.flatMap((trail) => (trail.conditional ? trail.dataSelectors.map((selector) => ({ selector, ...trail.conditional! })) : []));
    const unknownSelectors = trails.flatMap((trail) => trail.unknownSelectors);
    const undecided: Undecided[] = [...unknownSelectors, ...maybe];

    if (certain.length === 0) {
      if (undecided.length > 0) {
        for (const { range, reason } of undecided) context.unresolved(range, reason);
        return;
      }
      for (const { trail, stopped } of trails) {
        context.report({ messageId: 'trailWithoutDataEvents', at: stopped ?? trail.headerRange, data: { trail: trail.id } });
      }
      return;
    }

    const direction = directionProblem(certain, undecided);
    if (direction && 'reason' in direction) context.unresolved(direction.range, direction.reason);
    else if (direction) context.report({ messageId: 'oneDirectionOnly', at: direction.at, data: { recorded: direction.recorded, missing: direction.missing } });

    // Log sinks are left out: recording data events on the trail's own bucket or an access-log bucket logs the logging.
    const logging = context.views.derive(buildLoggingView);
    const sinks = new Set(trails.map((trail) => trail.logBucket));
    const related: RelatedLocation[] = [...new Set(certain.map((selector) => selector.trail))].map((trail) => ({
      location: trail.headerRange,
      message: `trail ${trail.id} records S3 data events for some buckets only`,
    }));
    for (const bucket of context.views.buckets) {
      if (!bucket.bucket || sinks.has(bucket) || logging.isLogTarget(bucket)) continue;
      let covered = false;
      let unknown: Undecided | undefined;
      for (const selector of certain) {
        const verdict = selectorCovers(selector, bucket);
        if (verdict === true) covered = true;
        else if (verdict !== false) unknown ??= verdict;
      }
      if (covered) continue;
      unknown ??= maybe.find((entry) => selectorCovers(entry.selector, bucket) !== false) ?? unknownSelectors[0];
      if (unknown) context.unresolved(unknown.range, `whether bucket ${bucket.id} is covered depends on this: ${unknown.reason}`);
      else context.report({ messageId: 'bucketNotCovered', at: bucket.subject.headerRange, data: { bucket: bucket.id }, related });
    }
  },
});

/** Reads and writes both need recording (Security Hub S3.23 and S3.22): selectors limited to one leave the other out. */
function directionProblem(
  selectors: readonly DataEventSelector[],
  undecided: readonly Undecided[],
): { at: SourceRange; recorded: string; missing: string } | Undecided | undefined {
  const directions = new Set(selectors.map((selector) => selector.direction));
  if (directions.has('all') || (directions.has('read') && directions.has('write'))) return undefined;
  const unknown = selectors.find((selector) => selector.direction === 'unknown');
  if (unknown) return { range: unknown.directionRange ?? unknown.range, reason: 'whether the trail records both reads and writes is not known statically' };
  if (undecided[0]) return undecided[0];
  const first = selectors[0]!;
  const recorded = first.direction === 'read' ? 'reads' : 'writes';
  return { at: first.directionRange ?? first.range, recorded, missing: recorded === 'reads' ? 'writes' : 'reads' };
}
