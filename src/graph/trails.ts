/**
 * CloudTrail, derived once per scan: each trail (`aws_cloudtrail`, `AWS::CloudTrail::Trail`) with its log bucket
 * and the S3 data events its selectors record, and the CloudWatch metric filters and alarms that watch the trail's
 * events. Rules read it through `context.views.derive(buildTrailsView)` and `derive(buildMetricAlarmsView)`.
 */
import { creation } from './creation.js';
import { blockAddress, resourceAddress, type Graph } from './graph.js';
import type { BucketView, S3Views } from './s3.js';
import type { ObjectNode, ResourceNode, SourceRange, ValueNode } from './types.js';
import { booleanValue, child, describe, dynamicBlocks, isDynamic, items, objects, stringValue, type Value } from './values.js';

export const TRAIL_TYPES = ['aws_cloudtrail', 'AWS::CloudTrail::Trail'] as const;

/** Which buckets a value of a selector names. */
export type BucketMatcher =
  | { kind: 'all' }
  | { kind: 'bucket'; bucket: BucketView }
  /** A bucket outside the scanned code, by name. */
  | { kind: 'name'; name: string }
  | { kind: 'unknown'; range: SourceRange; reason: string };

/** A selector that records S3 object-level (data) events. */
export interface DataEventSelector {
  trail: ResourceNode;
  /** The selector: the `data_resource`, `advanced_event_selector` or CloudFormation item. */
  range: SourceRange;
  /** Buckets covered; undefined = every bucket. */
  include?: BucketMatcher[];
  /** Buckets left out of an otherwise covering selector (advanced selectors' NotStartsWith / NotEquals). */
  except: BucketMatcher[];
  /** Which API calls it records: `unknown` when read_write_type / readOnly is not known statically. */
  direction: 'all' | 'read' | 'write' | 'unknown';
  /** Where the direction is set, when it is. */
  directionRange?: SourceRange;
}

export interface TrailView {
  trail: ResourceNode;
  /**
   * Set when the trail exists, or logs, only under a condition (`count = var.x ? 1 : 0`, a CloudFormation
   * `Condition`, `enable_logging` / `IsLogging` from an input).
   */
  conditional?: { range: SourceRange; reason: string };
  /** Where logging is turned off (`enable_logging = false`, `IsLogging: false`): the trail records nothing. */
  stopped?: SourceRange;
  /** The `s3_bucket_name` / `S3BucketName` value. */
  bucketNode?: ValueNode;
  /** Where findings about the log bucket point: the value, else the trail header. */
  bucketRange: SourceRange;
  /** The log bucket when the code configures it: a bucket resource, or settings for a bucket outside the code named by the same literal. */
  logBucket?: BucketView;
  dataSelectors: DataEventSelector[];
  /** Selectors whose kind is not known statically: they may or may not record S3 data events. */
  unknownSelectors: { range: SourceRange; reason: string }[];
}

export interface TrailsView {
  trails: TrailView[];
  of(trail: ResourceNode): TrailView | undefined;
}

export function buildTrailsView(views: S3Views, graph: Graph): TrailsView {
  const trails = graph
    .ofType(...TRAIL_TYPES)
    .filter((node) => node.mode === 'resource' && creation(node).state !== 'skipped')
    .map((node) => readTrail(views, node));
  const byNode = new Map(trails.map((trail) => [trail.trail, trail]));
  return { trails, of: (trail) => byNode.get(trail) };
}

/**
 * The log bucket of a trail, for the rules that judge it; undefined when the trail names none, or names one the
 * scanned code does not declare, which is reported as unresolved (decision 9).
 */
export function trailLogBucket(
  trail: ResourceNode,
  context: { views: S3Views; unresolved(at: SourceRange, reason: string): void },
): { bucket: BucketView; at: SourceRange } | undefined {
  const view = context.views.derive(buildTrailsView).of(trail);
  if (!view?.bucketNode) return undefined;
  if (view.logBucket) return { bucket: view.logBucket, at: view.bucketRange };
  context.unresolved(view.bucketRange, `log bucket ${describe(view.bucketNode)} is not in the scanned code`);
  return undefined;
}

/** Whether a selector records the bucket's data events: `unknown` carries the value that decides it. */
export function selectorCovers(selector: DataEventSelector, bucket: BucketView): boolean | { range: SourceRange; reason: string } {
  const excluded = matchAny(selector.except, bucket);
  if (excluded === true) return false;
  const included = selector.include ? matchAny(selector.include, bucket) : true;
  if (included === false) return false;
  if (included !== true) return included;
  return excluded === false ? true : excluded;
}

function matchAny(matchers: readonly BucketMatcher[], bucket: BucketView): boolean | { range: SourceRange; reason: string } {
  let unknown: { range: SourceRange; reason: string } | undefined;
  for (const matcher of matchers) {
    if (matcher.kind === 'all' || (matcher.kind === 'bucket' && matcher.bucket === bucket)) return true;
    if (matcher.kind === 'name' && bucket.name.state === 'known' && bucket.name.value === matcher.name) return true;
    // A literal ARN may name a bucket whose own name depends on an input.
    if (matcher.kind === 'name' && bucket.name.state === 'unknown') unknown ??= { range: bucket.name.range, reason: `whether ${matcher.name} is bucket ${bucket.id} depends on ${bucket.name.expression}` };
    if (matcher.kind === 'unknown') unknown ??= { range: matcher.range, reason: matcher.reason };
  }
  return unknown ?? false;
}

function readTrail(views: S3Views, trail: ResourceNode): TrailView {
  const terraform = trail.framework === 'terraform';
  const bucketNode = child(trail.body, terraform ? 's3_bucket_name' : 'S3BucketName');
  const created = creation(trail);
  // Terraform's enable_logging defaults to true; CloudFormation's IsLogging is required.
  const logging = booleanValue(child(trail.body, terraform ? 'enable_logging' : 'IsLogging'), trail.headerRange);
  const loggingUnknown = logging.state === 'unknown' ? { range: logging.range, reason: `whether trail ${trail.id} logs depends on ${logging.expression}` } : undefined;
  const view: TrailView = {
    trail,
    conditional: created.state === 'conditional' ? { range: created.range, reason: created.reason } : loggingUnknown,
    stopped: logging.state === 'known' && !logging.value ? logging.range : undefined,
    bucketNode,
    bucketRange: bucketNode?.range ?? trail.headerRange,
    logBucket: bucketNode ? (views.bucketFor(trail, bucketNode) ?? externalByName(views, bucketNode)) : undefined,
    dataSelectors: [],
    unknownSelectors: [],
  };
  if (terraform) readTerraformSelectors(views, view);
  else readCloudFormationSelectors(views, view);
  if (view.stopped) {
    view.dataSelectors = [];
    view.unknownSelectors = [];
  }
  return view;
}

/** Settings in the code for a bucket outside it, named by the same literal (`aws_s3_bucket_logging { bucket = "acme-trail" }`). */
function externalByName(views: S3Views, node: ValueNode): BucketView | undefined {
  if (node.kind !== 'literal' || typeof node.value !== 'string') return undefined;
  return views.buckets.find((bucket) => !bucket.bucket && bucket.name.state === 'known' && bucket.name.value === node.value);
}

// --- Terraform ------------------------------------------------------------------------------------------------

function readTerraformSelectors(views: S3Views, view: TrailView): void {
  const body = view.trail.body;
  for (const dynamic of [...dynamicBlocks(body, 'event_selector'), ...dynamicBlocks(body, 'advanced_event_selector')]) {
    view.unknownSelectors.push({ range: dynamic.range, reason: `the ${dynamic.block?.labels[0] ?? 'event selector'} blocks depend on for_each` });
  }
  for (const selector of objects(child(body, 'event_selector'))) {
    const direction = readWriteType(child(selector, 'read_write_type'), selector.range);
    for (const dynamic of dynamicBlocks(selector, 'data_resource')) {
      view.unknownSelectors.push({ range: dynamic.range, reason: 'the data_resource blocks depend on for_each' });
    }
    for (const resource of objects(child(selector, 'data_resource'))) {
      readDataResource(views, view, resource, child(resource, 'type'), child(resource, 'values'), direction);
    }
  }
  for (const selector of objects(child(body, 'advanced_event_selector'))) {
    if (dynamicBlocks(selector, 'field_selector').length > 0) {
      view.unknownSelectors.push({ range: selector.range, reason: 'the field_selector blocks depend on for_each' });
      continue;
    }
    const fields = objects(child(selector, 'field_selector')).map((field) => ({
      field: child(field, 'field'),
      range: field.range,
      operators: {
        equals: child(field, 'equals'),
        startsWith: child(field, 'starts_with'),
        endsWith: child(field, 'ends_with'),
        notEquals: child(field, 'not_equals'),
        notStartsWith: child(field, 'not_starts_with'),
        notEndsWith: child(field, 'not_ends_with'),
      },
    }));
    readAdvancedSelector(views, view, selector.range, fields);
  }
}

// --- CloudFormation -------------------------------------------------------------------------------------------

function readCloudFormationSelectors(views: S3Views, view: TrailView): void {
  const body = view.trail.body;
  for (const selector of listItems(view, child(body, 'EventSelectors'), 'EventSelectors')) {
    const direction = readWriteType(child(selector, 'ReadWriteType'), selector.range);
    for (const resource of listItems(view, child(selector, 'DataResources'), 'DataResources')) {
      readDataResource(views, view, resource, child(resource, 'Type'), child(resource, 'Values'), direction);
    }
  }
  for (const selector of listItems(view, child(body, 'AdvancedEventSelectors'), 'AdvancedEventSelectors')) {
    const fieldSelectors = child(selector, 'FieldSelectors');
    if (isDynamic(fieldSelectors) || (fieldSelectors?.kind === 'list' && fieldSelectors.items.some(isDynamic))) {
      view.unknownSelectors.push({ range: selector.range, reason: `FieldSelectors depend on ${describe(fieldSelectors!)}` });
      continue;
    }
    const fields = objects(fieldSelectors).map((field) => ({
      field: child(field, 'Field'),
      range: field.range,
      operators: {
        equals: child(field, 'Equals'),
        startsWith: child(field, 'StartsWith'),
        endsWith: child(field, 'EndsWith'),
        notEquals: child(field, 'NotEquals'),
        notStartsWith: child(field, 'NotStartsWith'),
        notEndsWith: child(field, 'NotEndsWith'),
      },
    }));
    readAdvancedSelector(views, view, selector.range, fields);
  }
}

/** The objects of a CloudFormation list; an intrinsic list or item is an unknown selector. */
function listItems(view: TrailView, node: ValueNode | undefined, name: string): ObjectNode[] {
  if (!node) return [];
  if (isDynamic(node)) {
    view.unknownSelectors.push({ range: node.range, reason: `${name} depends on ${describe(node)}` });
    return [];
  }
  const items = node.kind === 'list' ? node.items : [node];
  for (const item of items.filter(isDynamic)) view.unknownSelectors.push({ range: item.range, reason: `${name} depends on ${describe(item)}` });
  return items.filter((item): item is ObjectNode => item.kind === 'object' && !isDynamic(item));
}

// --- shared ---------------------------------------------------------------------------------------------------

const S3_OBJECT = 'AWS::S3::Object';

function readWriteType(node: ValueNode | undefined, absentAt: SourceRange): Pick<DataEventSelector, 'direction' | 'directionRange'> {
  const value = stringValue(node, absentAt);
  if (value.state === 'absent') return { direction: 'all' };
  if (value.state === 'unknown') return { direction: 'unknown', directionRange: value.range };
  const direction = value.value === 'ReadOnly' ? 'read' : value.value === 'WriteOnly' ? 'write' : 'all';
  return { direction, directionRange: value.range };
}

/** A basic selector's data resource: `type = "AWS::S3::Object"`, `values = ["arn:aws:s3", "${aws_s3_bucket.b.arn}/"]`. */
function readDataResource(
  views: S3Views,
  view: TrailView,
  resource: ObjectNode,
  typeNode: ValueNode | undefined,
  valuesNode: ValueNode | undefined,
  direction: Pick<DataEventSelector, 'direction' | 'directionRange'>,
): void {
  const type = stringValue(typeNode, resource.range);
  if (type.state === 'unknown') {
    view.unknownSelectors.push({ range: type.range, reason: `the data resource type depends on ${type.expression}` });
    return;
  }
  if (type.state !== 'known' || type.value !== S3_OBJECT) return;
  view.dataSelectors.push({ trail: view.trail, range: resource.range, include: matchers(views, view.trail, valuesNode, resource.range), except: [], ...direction });
}

interface FieldSelector {
  field: ValueNode | undefined;
  range: SourceRange;
  operators: Record<'equals' | 'startsWith' | 'endsWith' | 'notEquals' | 'notStartsWith' | 'notEndsWith', ValueNode | undefined>;
}

/**
 * An advanced selector records S3 data events when `eventCategory` equals `Data` and `resources.type` equals
 * `AWS::S3::Object`; `resources.ARN` narrows it (StartsWith / Equals) or leaves buckets out (NotStartsWith /
 * NotEquals); `readOnly` limits it to reads or writes. Fields are ANDed, values of one operator ORed.
 */
function readAdvancedSelector(views: S3Views, view: TrailView, range: SourceRange, fields: FieldSelector[]): void {
  const byName = new Map<string, FieldSelector>();
  for (const field of fields) {
    const name = stringValue(field.field, field.range);
    if (name.state === 'unknown') {
      view.unknownSelectors.push({ range: name.range, reason: `a field selector's field depends on ${name.expression}` });
      return;
    }
    if (name.state === 'known') byName.set(name.value, field);
  }
  for (const [name, expected] of [['eventCategory', 'Data'], ['resources.type', S3_OBJECT]] as const) {
    const equals = stringList(byName.get(name)?.operators.equals, range);
    if (equals === undefined) return;
    if ('unknown' in equals) {
      view.unknownSelectors.push({ range: equals.range, reason: `${name} depends on ${equals.unknown}` });
      return;
    }
    if (!equals.values.includes(expected)) return;
  }

  const selector: DataEventSelector = { trail: view.trail, range, except: [], direction: 'all' };
  const readOnly = byName.get('readOnly');
  if (readOnly) {
    const equals = stringList(readOnly.operators.equals, readOnly.range);
    if (equals && 'unknown' in equals) selector.direction = 'unknown';
    else if (equals?.values.length === 1) selector.direction = equals.values[0]!.toLowerCase() === 'true' ? 'read' : 'write';
    selector.directionRange = readOnly.range;
  }
  const arn = byName.get('resources.ARN');
  if (arn) {
    const { equals, startsWith, endsWith, notEquals, notStartsWith, notEndsWith } = arn.operators;
    const include = [equals, startsWith].filter((node): node is ValueNode => node !== undefined);
    if (include.length > 0) selector.include = include.flatMap((node) => matchers(views, view.trail, node, arn.range));
    selector.except = [notEquals, notStartsWith]
      .filter((node): node is ValueNode => node !== undefined)
      .flatMap((node) => matchers(views, view.trail, node, arn.range));
    // Suffix filters cut across buckets: which objects they keep is not a question of buckets.
    for (const node of [endsWith, notEndsWith]) {
      if (node) selector.except.push({ kind: 'unknown', range: node.range, reason: 'resources.ARN is filtered by its suffix' });
    }
  }
  view.dataSelectors.push(selector);
}

/** A list of strings, or what makes it unknown; undefined when absent. */
function stringList(node: ValueNode | undefined, absentAt: SourceRange): { values: string[] } | { unknown: string; range: SourceRange } | undefined {
  if (!node) return undefined;
  if (isDynamic(node)) return { unknown: describe(node), range: node.range };
  const items = node.kind === 'list' ? node.items : [node];
  const values: string[] = [];
  for (const item of items) {
    const value = stringValue(item, absentAt);
    if (value.state === 'unknown') return { unknown: value.expression, range: value.range };
    if (value.state === 'known') values.push(value.value);
  }
  return { values };
}

/** Every S3 bucket: the `arn:aws:s3` or `arn:aws:s3:::` prefix, in any partition. */
const ALL_BUCKETS = /^arn:[\w-]+:s3(:::)?$/;

/** The buckets the ARN prefixes of a selector name. */
function matchers(views: S3Views, trail: ResourceNode, node: ValueNode | undefined, absentAt: SourceRange): BucketMatcher[] {
  if (!node) return [];
  // A computed list (`local.arns`, `[for b in … : …]`) may name any number of buckets.
  if (isDynamic(node)) return [{ kind: 'unknown', range: node.range, reason: `the selected resources depend on ${describe(node)}` }];
  const items = node.kind === 'list' ? node.items : [node];
  return items.map((item): BucketMatcher => {
    const value: Value<string> = stringValue(item, absentAt);
    if (value.state === 'known' && ALL_BUCKETS.test(value.value)) return { kind: 'all' };
    const bucket = views.bucketFor(trail, item);
    if (bucket) return { kind: 'bucket', bucket };
    if (value.state === 'known') {
      const name = /^arn:[\w-]+:s3:::([^/*?]+)(\/|$)/.exec(value.value)?.[1];
      return name ? { kind: 'name', name } : { kind: 'unknown', range: value.range, reason: `${value.value} is not a bucket ARN prefix s3lint can read` };
    }
    return { kind: 'unknown', range: item.range, reason: `the selected resources depend on ${describe(item)}` };
  });
}

// --- CloudWatch metric filters and alarms ---------------------------------------------------------------------

/** A CloudWatch metric as a filter publishes it or an alarm watches it. */
export interface MetricReference {
  name: Value<string>;
  namespace: Value<string>;
  /** The value nodes, to match references (`aws_cloudwatch_log_metric_filter.x.metric_transformation[0].name`) and shared expressions. */
  nodes: { name?: ValueNode; namespace?: ValueNode };
}

export interface MetricFilterView {
  filter: ResourceNode;
  /** The filter pattern, with a `local.x` / `var.x` default followed. */
  pattern: Value<string>;
  metrics: MetricReference[];
}

export interface MetricAlarmView {
  alarm: ResourceNode;
  /** The metrics it watches: the metric itself, or each of its metric queries. */
  metrics: MetricReference[];
}

export interface MetricAlarmsView {
  filters: MetricFilterView[];
  alarms: MetricAlarmView[];
}

/** Metric filters and alarms the scan may create (`count = 0` leaves them out). */
export function buildMetricAlarmsView(_views: S3Views, graph: Graph): MetricAlarmsView {
  const filters: MetricFilterView[] = [];
  const alarms: MetricAlarmView[] = [];
  for (const node of graph.nodes) {
    if (node.mode !== 'resource' || creation(node).state === 'skipped') continue;
    const body = node.body;
    switch (node.type) {
      case 'aws_cloudwatch_log_metric_filter':
        filters.push({
          filter: node,
          pattern: followSymbol(graph, node, child(body, 'pattern')),
          metrics: objects(child(body, 'metric_transformation')).map((metric) => metricReference(metric, 'name', 'namespace')),
        });
        break;
      case 'AWS::Logs::MetricFilter':
        filters.push({
          filter: node,
          pattern: stringValue(child(body, 'FilterPattern'), node.headerRange),
          metrics: items(child(body, 'MetricTransformations')).map((item) => metricReference(item, 'MetricName', 'MetricNamespace')),
        });
        break;
      case 'aws_cloudwatch_metric_alarm':
      case 'AWS::CloudWatch::Alarm':
        alarms.push({ alarm: node, metrics: alarmMetrics(node) });
        break;
    }
  }
  return { filters, alarms };
}

/** The metric an alarm watches, and the metric of each of its metric queries (math expressions have none). */
function alarmMetrics(alarm: ResourceNode): MetricReference[] {
  const body = alarm.body;
  const [name, namespace] = alarm.framework === 'terraform' ? (['metric_name', 'namespace'] as const) : (['MetricName', 'Namespace'] as const);
  const queried =
    alarm.framework === 'terraform'
      ? objects(child(body, 'metric_query')).flatMap((query) => objects(child(query, 'metric')))
      : items(child(body, 'Metrics')).flatMap((query) => (isDynamic(query) ? [query] : items(child(child(query, 'MetricStat'), 'Metric'))));
  return [body, ...queried].map((metric) => metricReference(metric, name, namespace));
}

function metricReference(container: ValueNode, nameKey: string, namespaceKey: string): MetricReference {
  if (isDynamic(container)) {
    const unknown: Value<string> = { state: 'unknown', expression: describe(container), range: container.range };
    return { name: unknown, namespace: unknown, nodes: {} };
  }
  const name = child(container, nameKey);
  const namespace = child(container, namespaceKey);
  return { name: stringValue(name, container.range), namespace: stringValue(namespace, container.range), nodes: { name, namespace } };
}

/**
 * Whether an alarm's metric is the filter's: each part equal as a literal, referring to the filter resource, or
 * written as the same expression in the same module. `unknown` when a part is not known statically.
 */
export function metricMatches(graph: Graph, filter: ResourceNode, published: MetricReference, alarm: ResourceNode, watched: MetricReference): boolean | 'unknown' {
  const parts = (['name', 'namespace'] as const).map((part) => {
    const [a, b] = [published[part], watched[part]];
    if (a.state === 'known' && b.state === 'known') return a.value === b.value;
    if (a.state === 'absent' || b.state === 'absent') return false;
    const node = watched.nodes[part];
    if (node?.kind === 'expression' && node.references.some((reference) => resourceAddress(reference) === blockAddress(filter))) return true;
    // The same variable, local, parameter or pseudo parameter in the same module or template is the same value.
    const source = published.nodes[part];
    if (source && node && sameExpression(source, node) && graph.scopeOf(filter) === graph.scopeOf(alarm)) return true;
    return 'unknown' as const;
  });
  if (parts.includes(false)) return false;
  return parts.every((part) => part === true) ? true : 'unknown';
}

/**
 * Two values written the same way: a Terraform expression's text, a CloudFormation intrinsic's tree. `each.key`
 * or `count.index` differ from one resource to the next, so they never count.
 */
function sameExpression(a: ValueNode, b: ValueNode): boolean {
  if (a.kind === 'expression' && a.references.some((reference) => /^(each|count)\./.test(reference))) return false;
  const shape = (node: ValueNode): unknown =>
    node.kind === 'expression' ? node.text.replace(/\s+/g, '')
    : node.kind === 'literal' ? node.value
    : node.kind === 'list' ? node.items.map(shape)
    : [...node.entries].map(([key, entry]) => [key, shape(entry.value)]);
  return isDynamic(a) && JSON.stringify(shape(a)) === JSON.stringify(shape(b));
}

/** `pattern = local.s3_policy_changes`: the local's (or the variable default's) literal, when it is one. */
function followSymbol(graph: Graph, from: ResourceNode, node: ValueNode | undefined): Value<string> {
  const value = stringValue(node, from.headerRange);
  if (value.state !== 'unknown' || node?.kind !== 'expression') return value;
  const address = node.text.trim();
  if (!/^(local|var)\.[\w-]+$/.test(address)) return value;
  const resolved = stringValue(graph.symbol(from, address), from.headerRange);
  return resolved.state === 'known' ? { state: 'known', value: resolved.value, range: node.range } : value;
}
