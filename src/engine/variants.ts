/**
 * A CloudFormation template whose `Fn::If` or resource `Condition` depends on a condition the parameter values do
 * not decide is judged once per combination of those conditions (a variant, one graph scope each). This merges
 * what the variants say back into one report: a finding every variant makes is reported once, as is; one that only
 * some variants make is reported once and names the conditions under which it holds. Evaluations merge per rule
 * and resource (fail over unresolved over pass), and bucket summaries per bucket (the widest exposure).
 */
import { push } from '../collections.js';
import type { ConditionAssumption } from '../../parsers/cloudformation/variants.js';
import type { BucketSummary, Evaluation, Finding } from './result.js';

export interface VariantScope {
  /** The template's display path: variants of one template share it. */
  template: string;
  /** How many variants the template has. */
  count: number;
  assumptions: ConditionAssumption[];
}

/**
 * Findings, evaluations or bucket summaries, each with the graph scope it came from: `scopes[i]` is the scope of
 * `items[i]`. Two arrays rather than an object per item: a large scan makes hundreds of thousands of items.
 */
export interface Scoped<T> {
  items: T[];
  scopes: string[];
}

export function scopedList<T>(): Scoped<T> {
  return { items: [], scopes: [] };
}

export function pushScoped<T>(list: Scoped<T>, item: T, scope: string): void {
  list.items.push(item);
  list.scopes.push(scope);
}

export function mergeVariantFindings(findings: Scoped<Finding>, variants: ReadonlyMap<string, VariantScope>): Finding[] {
  if (variants.size === 0) return findings.items;
  const merged: Finding[] = [];
  const groups = new Map<string, { finding: Finding; messages: Map<string, VariantScope[]> }>();
  for (const [index, item] of findings.items.entries()) {
    const variant = variants.get(findings.scopes[index]!);
    if (!variant) {
      merged.push(item);
      continue;
    }
    // One place, one rule, one message id: one finding, even when combinations word it differently.
    const key = [variant.template, item.ruleId, item.messageId, item.resource.id, JSON.stringify(item.location)].join('\u0000');
    const group = groups.get(key) ?? { finding: item, messages: new Map<string, VariantScope[]>() };
    groups.set(key, group);
    push(group.messages, item.message, variant);
  }
  for (const { finding, messages } of groups.values()) {
    const [only] = [...messages.entries()];
    if (messages.size === 1 && only![1].length === only![1][0]!.count) {
      merged.push(finding);
      continue;
    }
    const message = [...messages].map(([text, scopes]) => `${text} (${conditionText(scopes)})`).join('; ');
    merged.push({ ...finding, message });
  }
  return merged;
}

/**
 * `when IsProd is false`: the assumptions every variant that makes the finding shares. When they share none (the
 * finding holds in some combinations only), each combination is named.
 */
function conditionText(scopes: readonly VariantScope[]): string {
  const shared = scopes[0]!.assumptions.filter((assumption) =>
    scopes.every((scope) => scope.assumptions.some((other) => other.condition === assumption.condition && other.value === assumption.value)),
  );
  const phrase = (assumptions: readonly ConditionAssumption[]): string =>
    assumptions.map((assumption) => `condition ${assumption.condition} is ${assumption.value}`).join(' and ');
  if (shared.length > 0) return `when ${phrase(shared)}`;
  return `when ${scopes.map((scope) => phrase(scope.assumptions)).join(', or when ')}`;
}

const OUTCOME_WEIGHT: Record<Evaluation['outcome'], number> = { pass: 0, suppressed: 1, unresolved: 2, fail: 3 };

export function mergeVariantEvaluations(evaluations: Scoped<Evaluation>, variants: ReadonlyMap<string, VariantScope>): Evaluation[] {
  return keepWeightiest(evaluations, variants, (item, template) => [template, item.ruleId, item.resource.id].join('\u0000'), (item) => OUTCOME_WEIGHT[item.outcome]);
}

const EXPOSURE_WEIGHT: Record<BucketSummary['exposure'], number> = { private: 0, unknown: 1, 'cross-account': 2, public: 3 };

/** One summary per bucket of a template: the widest exposure any variant gives it, with that variant's reasons. */
export function mergeVariantBuckets(buckets: Scoped<BucketSummary>, variants: ReadonlyMap<string, VariantScope>): BucketSummary[] {
  return keepWeightiest(buckets, variants, (item, template) => `${template}\u0000${item.id}`, (item) => EXPOSURE_WEIGHT[item.exposure]);
}

/**
 * Items outside variant scopes as they are; of the items that variants of one template give for one key, the first
 * of the greatest weight, in the place of the first of them.
 */
function keepWeightiest<T>(
  scoped: Scoped<T>,
  variants: ReadonlyMap<string, VariantScope>,
  keyOf: (item: T, template: string) => string,
  weight: (item: T) => number,
): T[] {
  if (variants.size === 0) return scoped.items;
  const merged: T[] = [];
  const byKey = new Map<string, number>();
  for (const [position, item] of scoped.items.entries()) {
    const variant = variants.get(scoped.scopes[position]!);
    if (!variant) {
      merged.push(item);
      continue;
    }
    const key = keyOf(item, variant.template);
    const index = byKey.get(key);
    if (index === undefined) {
      byKey.set(key, merged.length);
      merged.push(item);
    } else if (weight(item) > weight(merged[index]!)) {
      merged[index] = item;
    }
  }
  return merged;
}
