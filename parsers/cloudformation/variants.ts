/**
 * Template variants: a `Fn::If` or a resource `Condition` on a condition that the run's parameter values do not
 * decide is judged in both ways. The conditions that matter are the unknown ones that a `Fn::If` inside
 * `Resources` or a resource's `Condition` names; the template is evaluated once per true/false combination of
 * them, so every branch is folded as the deployment that chooses it would get it, at the branch's own lines.
 *
 * - Conditions that follow from others are not assumed but evaluated: with `IsDev: !Not [!Condition IsProd]`,
 *   assuming `IsProd` decides `IsDev`.
 * - Combinations that contradict themselves are left out: an assumption that another one decides the other way,
 *   and two `Fn::Equals` of one parameter to different values both true. A true `Fn::Equals [!Ref P, "x"]` also
 *   gives `P` the value `x` in that variant.
 * - At most `maxUnknownConditions` conditions are combined (default 3, so at most 8 variants). Beyond that the
 *   template is evaluated once, as `evaluateTemplate` does, with a `conditions-unknown` note naming them.
 * - `AWS::CDK::Metadata` resources are not a reason to combine: every CDK template puts one on a Region condition.
 */

import type { Diagnostic, ObjectNode, ValueNode } from '../../src/graph/types.js';
import {
  evaluateResources,
  evaluateTemplate,
  intrinsicName,
  isOpaqueIntrinsic,
  literalString,
  TemplateEvaluator,
  type ParameterValues,
  type TemplateEvaluation,
} from './evaluate.js';

export interface ConditionAssumption {
  condition: string;
  value: boolean;
}

export interface TemplateVariant {
  /** The conditions taken as true or false in this variant, in the order of the `Conditions` section. Empty when none are. */
  assumptions: ConditionAssumption[];
  /**
   * The template folded under the assumptions. Its `diagnostics` are the same in every variant (notes about what
   * the parameter values themselves switch off), except the `conditions-unknown` note of the single variant.
   */
  evaluation: TemplateEvaluation;
}

export interface VariantOptions {
  /** How many unknown conditions are combined at most (default 3: at most 8 variants; 8 at the most). */
  maxUnknownConditions?: number;
}

export const DEFAULT_MAX_UNKNOWN_CONDITIONS = 3;
/** A larger `maxUnknownConditions` is lowered to this: 256 evaluations of one template are already a lot. */
const MAX_COMBINED_CONDITIONS = 8;

/** Resources that configure nothing a rule reads, so their conditions need no variants. */
const INERT_RESOURCE_TYPES = new Set(['AWS::CDK::Metadata']);

const FOR_EACH_PREFIX = 'Fn::ForEach::';

/**
 * The template evaluated once per combination of the unknown conditions that `Resources` uses (true first, in
 * the order of the `Conditions` section). With none, one variant without assumptions: `evaluateTemplate`'s result.
 */
export function evaluateTemplateVariants(template: ObjectNode, parameters: ParameterValues = {}, options: VariantOptions = {}): TemplateVariant[] {
  const single = (): TemplateVariant[] => [{ assumptions: [], evaluation: evaluateTemplate(template, parameters) }];
  const conditionsEntry = template.entries.get('Conditions');
  const resources = template.entries.get('Resources')?.value;
  if (conditionsEntry?.value.kind !== 'object' || resources?.kind !== 'object') return single();
  const conditions = conditionsEntry.value;
  const unassumed = new TemplateEvaluator(template, parameters);
  const position = new Map([...conditions.entries.keys()].map((name, index) => [name, index]));
  const unknown = conditionsUsedByResources(resources, unassumed)
    .filter((name) => position.has(name) && unassumed.condition(name) === undefined)
    .sort((a, b) => position.get(a)! - position.get(b)!);
  if (unknown.length === 0) return single();

  const max = Math.max(0, Math.min(options.maxUnknownConditions ?? DEFAULT_MAX_UNKNOWN_CONDITIONS, MAX_COMBINED_CONDITIONS));
  const roots = independentConditions(template, parameters, conditions, unknown, max);
  if (roots.length > max) {
    const [variant] = single();
    const note: Diagnostic = {
      file: template.range.file,
      code: 'conditions-unknown',
      severity: 'note',
      location: conditionsEntry.keyRange,
      message:
        `${describeNames(unknown)} ${unknown.length === 1 ? 'depends' : 'depend'} on parameters without a value in this run, more than the ${max} that s3lint ` +
        'combines: the Fn::If branches and conditional resources they choose are not judged separately and stay ' +
        'unresolved (pass the parameter values with --parameters to decide them)',
    };
    return [{ assumptions: [], evaluation: { ...variant!.evaluation, diagnostics: [...variant!.evaluation.diagnostics, note] } }];
  }

  const types = parameterTypes(template);
  const variants: TemplateVariant[] = [];
  for (let combination = 0; combination < 2 ** roots.length; combination++) {
    const assumptions = roots.map((condition, index) => ({ condition, value: (combination & (1 << (roots.length - 1 - index))) === 0 }));
    const implied = impliedParameters(conditions, assumptions, types, unassumed);
    if (implied === undefined) continue;
    if (contradicts(template, parameters, conditions, assumptions, types, unassumed)) continue;
    const evaluator = new TemplateEvaluator(template, { ...parameters, ...Object.fromEntries(implied) }, assumedMap(assumptions));
    variants.push({ assumptions, evaluation: evaluateResources(template, evaluator, unassumed) });
  }
  return variants.length > 0 ? variants : single();
}

/**
 * The conditions that decide what `Resources` holds: each resource's `Condition` and the condition of each
 * `Fn::If` in a definition. Resources and branches that known conditions rule out are not looked into.
 */
function conditionsUsedByResources(resources: ObjectNode, unassumed: TemplateEvaluator): string[] {
  const used = new Set<string>();
  for (const [id, entry] of resources.entries) {
    if (id.startsWith(FOR_EACH_PREFIX) || entry.value.kind !== 'object') continue;
    const definition = entry.value;
    const type = literalString(definition.entries.get('Type')?.value);
    if (type !== undefined && INERT_RESOURCE_TYPES.has(type)) continue;
    const condition = literalString(definition.entries.get('Condition')?.value);
    if (condition !== undefined) {
      if (unassumed.condition(condition) === false) continue;
      used.add(condition);
    }
    // An explicit stack: the tree may be as deep as the parsers allow.
    const stack: ValueNode[] = [];
    for (const [key, child] of definition.entries) if (key !== 'Condition') stack.push(child.value);
    for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
      if (node.kind === 'list') {
        for (const item of node.items) stack.push(item);
        continue;
      }
      if (node.kind !== 'object') continue;
      const name = intrinsicName(node);
      if (name !== undefined && isOpaqueIntrinsic(name)) continue;
      const argument = name === 'Fn::If' ? node.entries.get(name)!.value : undefined;
      if (argument?.kind === 'list' && argument.items.length === 3) {
        const ifCondition = literalString(argument.items[0]);
        const holds = ifCondition === undefined ? undefined : unassumed.condition(ifCondition);
        if (holds !== undefined) {
          stack.push(argument.items[holds ? 1 : 2]!);
          continue;
        }
        if (ifCondition !== undefined) used.add(ifCondition);
        stack.push(argument.items[1]!, argument.items[2]!);
        continue;
      }
      for (const child of node.entries.values()) stack.push(child.value);
    }
  }
  return [...used];
}

/**
 * The unknown conditions to assume: those that the others (through `Condition` references) do not decide. A
 * condition is dropped when it is known under every combination of the remaining conditions it refers to.
 */
function independentConditions(template: ObjectNode, parameters: ParameterValues, conditions: ObjectNode, unknown: string[], max: number): string[] {
  const roots = [...unknown];
  for (const name of unknown) {
    const referenced = conditionReferences(conditions, name);
    const inputs = roots.filter((other) => other !== name && referenced.has(other));
    if (inputs.length === 0 || inputs.length > max) continue;
    let decided = true;
    for (let combination = 0; combination < 2 ** inputs.length && decided; combination++) {
      const assumed = new Map(inputs.map((input, index) => [input, (combination & (1 << index)) === 0]));
      decided = new TemplateEvaluator(template, parameters, assumed).condition(name) !== undefined;
    }
    if (decided) roots.splice(roots.indexOf(name), 1);
  }
  return roots;
}

/** Every condition that `name`'s definition refers to through `Condition`, directly or through others. */
function conditionReferences(conditions: ObjectNode, name: string): Set<string> {
  const found = new Set<string>();
  const pending = [name];
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    const definition = conditions.entries.get(current)?.value;
    if (definition === undefined) continue;
    const stack: ValueNode[] = [definition];
    for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
      if (node.kind === 'list') {
        for (const item of node.items) stack.push(item);
      } else if (node.kind === 'object') {
        const reference = intrinsicName(node) === 'Condition' ? literalString(node.entries.get('Condition')!.value) : undefined;
        if (reference !== undefined && !found.has(reference)) {
          found.add(reference);
          pending.push(reference);
        }
        for (const child of node.entries.values()) stack.push(child.value);
      }
    }
  }
  return found;
}

/**
 * Whether an assumption is decided the other way by the others: evaluated with the others assumed (and the
 * parameter values they imply), the condition comes out known and different.
 */
function contradicts(
  template: ObjectNode,
  parameters: ParameterValues,
  conditions: ObjectNode,
  assumptions: ConditionAssumption[],
  types: ReadonlyMap<string, string>,
  unassumed: TemplateEvaluator,
): boolean {
  return assumptions.some((assumption) => {
    const others = assumptions.filter((other) => other !== assumption);
    const implied = impliedParameters(conditions, others, types, unassumed) ?? new Map<string, string>();
    const evaluator = new TemplateEvaluator(template, { ...parameters, ...Object.fromEntries(implied) }, assumedMap(others));
    const value = evaluator.condition(assumption.condition);
    return value !== undefined && value !== assumption.value;
  });
}

/**
 * The parameter values the assumptions force: a true `Fn::Equals` of an unknown scalar parameter and a value
 * (through `Fn::And` true, `Fn::Or` false, `Fn::Not` and `Condition`). Undefined when they force one parameter to
 * two values, a contradiction.
 */
function impliedParameters(
  conditions: ObjectNode,
  assumptions: ConditionAssumption[],
  types: ReadonlyMap<string, string>,
  unassumed: TemplateEvaluator,
): Map<string, string> | undefined {
  const implied = new Map<string, string>();
  let conflict = false;
  const visited = new Set<string>();
  const pending: Array<{ node: ValueNode; value: boolean }> = [];
  const follow = (name: string, value: boolean): void => {
    const definition = conditions.entries.get(name)?.value;
    // A condition reached twice is followed once: the first time decides, a cycle ends.
    if (definition !== undefined && !visited.has(name)) {
      visited.add(name);
      pending.push({ node: definition, value });
    }
  };
  for (const assumption of assumptions) follow(assumption.condition, assumption.value);
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { node, value } = next;
    const name = node.kind === 'object' ? intrinsicName(node) : undefined;
    if (name === undefined) continue;
    const argument = (node as ObjectNode).entries.get(name)!.value;
    const operands = argument.kind === 'list' ? argument.items : [];
    switch (name) {
      case 'Condition': {
        const reference = literalString(argument);
        if (reference !== undefined) follow(reference, value);
        break;
      }
      case 'Fn::Not':
        if (operands.length === 1) pending.push({ node: operands[0]!, value: !value });
        break;
      case 'Fn::And':
        if (value) for (const operand of operands) pending.push({ node: operand, value: true });
        break;
      case 'Fn::Or':
        if (!value) for (const operand of operands) pending.push({ node: operand, value: false });
        break;
      case 'Fn::Equals': {
        const pinned = value && operands.length === 2 ? parameterEquals(operands[0]!, operands[1]!, types, unassumed) : undefined;
        if (pinned === undefined) break;
        const earlier = implied.get(pinned.parameter);
        if (earlier !== undefined && earlier !== pinned.value) conflict = true;
        implied.set(pinned.parameter, pinned.value);
        break;
      }
    }
  }
  return conflict ? undefined : implied;
}

/** `[!Ref P, value]` in either order, with `P` a scalar parameter the run does not give a value. */
function parameterEquals(
  left: ValueNode,
  right: ValueNode,
  types: ReadonlyMap<string, string>,
  unassumed: TemplateEvaluator,
): { parameter: string; value: string } | undefined {
  for (const [reference, other] of [
    [left, right],
    [right, left],
  ] as const) {
    const name = reference.kind === 'object' && intrinsicName(reference) === 'Ref' ? literalString(reference.entries.get('Ref')!.value) : undefined;
    const type = name === undefined ? undefined : types.get(name);
    if (name === undefined || type === undefined || isListType(type) || unassumed.parameter(name) !== undefined) continue;
    const folded = unassumed.fold(other);
    if (folded.kind === 'literal' && folded.value !== null) return { parameter: name, value: String(folded.value) };
  }
  return undefined;
}

function parameterTypes(template: ObjectNode): Map<string, string> {
  const types = new Map<string, string>();
  const parameters = template.entries.get('Parameters')?.value;
  if (parameters?.kind !== 'object') return types;
  for (const [name, entry] of parameters.entries) {
    if (entry.value.kind === 'object') types.set(name, literalString(entry.value.entries.get('Type')?.value) ?? 'String');
  }
  return types;
}

function isListType(type: string): boolean {
  return type === 'CommaDelimitedList' || type.startsWith('List<');
}

function assumedMap(assumptions: ConditionAssumption[]): Map<string, boolean> {
  return new Map(assumptions.map((assumption) => [assumption.condition, assumption.value]));
}

/** `Conditions A, B and C`. */
function describeNames(names: string[]): string {
  const last = names[names.length - 1]!;
  return names.length === 1 ? `Condition ${last}` : `Conditions ${names.slice(0, -1).join(', ')} and ${last}`;
}
