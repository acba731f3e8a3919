/**
 * Static evaluation of a CloudFormation template: parameters, conditions, mappings and the intrinsic functions
 * whose inputs are known are folded into plain nodes before the template becomes resources, so rules judge the
 * values a deployment with these parameter values would get.
 *
 * - `Ref` to a parameter whose value is known (supplied, else its `Default`) becomes that value; `List<…>` and
 *   `CommaDelimitedList` parameters become lists. SSM parameter types (`AWS::SSM::Parameter::Value<…>`) and
 *   dynamic references (`{{resolve:…}}`) stay unknown: their value lives outside the template.
 * - `Fn::Sub` (both forms) substitutes the known variables; with every variable known it becomes a string.
 * - `Fn::Join`, `Fn::Select`, `Fn::Split` and `Fn::FindInMap` (with `Mappings`, and `DefaultValue`) fold when
 *   their arguments are known.
 * - `Conditions` are evaluated (`Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not`, `Condition`) with three values: a
 *   condition that depends on an unknown input is unknown, but `Fn::And` with one false operand is false.
 * - `Fn::If` with a known condition becomes its chosen branch; `Ref: AWS::NoValue` removes the entry or list item
 *   that holds it. A resource whose `Condition` is false is left out; one whose condition is true loses the key.
 *
 * What stays as written, for the rules to report as unresolved or to use as it is: pseudo parameters other than
 * `AWS::NoValue` (rules recognise the owner account by `AWS::AccountId`), `Ref` to a resource and `Fn::GetAtt`
 * (the bucket linker follows them), `Fn::If` on an unknown condition, `Fn::ImportValue`, `Fn::GetAZs`,
 * `Fn::Base64`, `Fn::Cidr`, `Fn::Transform` and everything under `Fn::ForEach::…`.
 *
 * `evaluateTemplateVariants` (variants.ts) goes further for `Fn::If` and resource `Condition`s on unknown conditions:
 * it evaluates the template once per true/false combination of those conditions (a few at most), so each branch
 * is judged as the deployment that chooses it would get it.
 *
 * A folded value keeps the range of the intrinsic it replaces (a parameter's value points at the `!Ref`, not at
 * the `Default`), so findings point at the line that uses it. `Fn::If` and `Fn::Select` return the chosen node of
 * the template itself, with its own range. Nothing is copied when nothing folds.
 */

import type { Diagnostic, ListNode, LiteralNode, ObjectEntry, ObjectNode, SourceRange, ValueNode } from '../../src/graph/types.js';
import { placedAt } from '../../src/graph/values.js';
import { capDiagnostics } from '../diagnostics.js';

/** Parameter values by name, as the configuration file and `--parameters` give them. */
export type ParameterValues = Readonly<Record<string, unknown>>;

export interface SkippedResource {
  id: string;
  /** The logical id key. */
  keyRange: SourceRange;
  /** The whole definition. */
  range: SourceRange;
  condition: string;
  /**
   * Set in a variant of `evaluateTemplateVariants` when the resource is left out only because of the variant's
   * assumptions: the parameter values of the run do not decide its condition, so no `condition-false` note is
   * reported for it (another variant keeps it). Absent when the parameter values themselves switch it off.
   */
  byAssumption?: true;
}

export interface TemplateEvaluation {
  /** The template with `Resources` folded (the same object when nothing changed). */
  template: ObjectNode;
  /** Resources left out because their `Condition` is false. */
  skipped: SkippedResource[];
  /** A `condition-false` note for each skipped S3 resource, except those skipped `byAssumption`. */
  diagnostics: Diagnostic[];
}

type Scalar = string | number | boolean;
type PlainValue = Scalar | Scalar[];

/** What `Ref: AWS::NoValue` folds to: the holder removes the entry or item. */
const NO_VALUE: unique symbol = Symbol('AWS::NoValue');
type Folded = ValueNode | typeof NO_VALUE;

const FOR_EACH_PREFIX = 'Fn::ForEach::';
/** Intrinsics whose arguments are not values of this template: left untouched. */
const OPAQUE = new Set(['Fn::Transform', 'Fn::ForEach']);

/** Whether an intrinsic's arguments are not values of this template (`Fn::Transform`, `Fn::ForEach…`): never folded. */
export function isOpaqueIntrinsic(name: string): boolean {
  return OPAQUE.has(name) || name.startsWith(FOR_EACH_PREFIX);
}

/**
 * Whether the template text may hold anything to evaluate: a section that feeds evaluation or a function that
 * folds. A cheap substring test, so templates without any skip the walk.
 */
export function mayNeedEvaluation(text: string): boolean {
  return /Parameters|Conditions|Mappings|NoValue|Join|Select|Split|Sub/.test(text);
}

export function evaluateTemplate(template: ObjectNode, parameters: ParameterValues = {}): TemplateEvaluation {
  return evaluateResources(template, new TemplateEvaluator(template, parameters));
}

/**
 * Folds `Resources` with `evaluator`. `unassumed` is the evaluator of the run's parameter values alone, given when
 * `evaluator` also holds a variant's assumptions: a resource its condition switches off only under them is marked
 * `byAssumption` and gets no note.
 */
export function evaluateResources(template: ObjectNode, evaluator: TemplateEvaluator, unassumed?: TemplateEvaluator): TemplateEvaluation {
  const resourcesEntry = template.entries.get('Resources');
  if (resourcesEntry === undefined || resourcesEntry.value.kind !== 'object') return { template, skipped: [], diagnostics: [] };
  const skipped: SkippedResource[] = [];
  const diagnostics: Diagnostic[] = [];
  const resources = resourcesEntry.value;
  let changed = false;
  const entries = new Map<string, ObjectEntry>();
  for (const [id, entry] of resources.entries) {
    if (id.startsWith(FOR_EACH_PREFIX) || entry.value.kind !== 'object') {
      entries.set(id, entry);
      continue;
    }
    const definition = entry.value;
    const conditionEntry = definition.entries.get('Condition');
    const conditionName = literalString(conditionEntry?.value);
    const holds = conditionName === undefined ? undefined : evaluator.condition(conditionName);
    if (holds === false) {
      changed = true;
      if (unassumed !== undefined && unassumed.condition(conditionName!) !== false) {
        skipped.push({ id, keyRange: entry.keyRange, range: definition.range, condition: conditionName!, byAssumption: true });
        continue;
      }
      skipped.push({ id, keyRange: entry.keyRange, range: definition.range, condition: conditionName! });
      const file = entry.keyRange.file;
      // Only for S3 resources: a note for every alarm or role that a condition turns off would bury the ones that matter.
      const type = definition.entries.get('Type')?.value;
      if (type?.kind !== 'literal' || typeof type.value !== 'string' || !/^AWS::S3(Express|Tables)?::/.test(type.value)) continue;
      diagnostics.push({
        file,
        code: 'condition-false',
        severity: 'note',
        location: entry.keyRange,
        message:
          `Resource ${id} is not scanned: its Condition ${conditionName} is false for the parameter values of this run ` +
          '(template defaults, `parameters` in the configuration file, --parameters)',
      });
      continue;
    }
    let folded = evaluator.foldObject(definition);
    if (holds === true) {
      const without = new Map(folded.entries);
      without.delete('Condition');
      folded = { ...folded, entries: without };
    }
    if (folded !== definition) changed = true;
    entries.set(id, folded === definition ? entry : { ...entry, value: folded });
  }
  const notes = capDiagnostics(template.range.file, diagnostics);
  if (!changed) return { template, skipped, diagnostics: notes };
  const newResources: ObjectNode = { ...resources, entries };
  const templateEntries = new Map(template.entries);
  templateEntries.set('Resources', { ...resourcesEntry, value: newResources });
  return { template: { ...template, entries: templateEntries }, skipped, diagnostics: notes };
}

interface ParameterDeclaration {
  type: string;
  default?: ValueNode;
}

/**
 * Folds values of one template. Exposed for tests; `evaluateTemplate` is the entry point.
 */
export class TemplateEvaluator {
  private readonly declarations = new Map<string, ParameterDeclaration>();
  private readonly values = new Map<string, PlainValue | undefined>();
  private readonly conditions: ObjectNode | undefined;
  private readonly mappings: ObjectNode | undefined;
  private readonly conditionCache = new Map<string, boolean | undefined>();
  private readonly evaluating = new Set<string>();

  /**
   * `assumed`: conditions taken as true or false whatever their definition says (a variant's assumptions); the
   * conditions that refer to them follow.
   */
  constructor(
    template: ObjectNode,
    private readonly supplied: ParameterValues,
    private readonly assumed: ReadonlyMap<string, boolean> = new Map(),
  ) {
    const parameters = template.entries.get('Parameters')?.value;
    if (parameters?.kind === 'object') {
      for (const [name, entry] of parameters.entries) {
        const declaration = entry.value;
        if (declaration.kind !== 'object') continue;
        const type = literalString(declaration.entries.get('Type')?.value) ?? 'String';
        this.declarations.set(name, { type, default: declaration.entries.get('Default')?.value });
      }
    }
    const conditions = template.entries.get('Conditions')?.value;
    this.conditions = conditions?.kind === 'object' ? conditions : undefined;
    const mappings = template.entries.get('Mappings')?.value;
    this.mappings = mappings?.kind === 'object' ? mappings : undefined;
  }

  /** A value with every foldable intrinsic folded; `AWS::NoValue` is kept as written at the top. */
  fold(node: ValueNode): ValueNode {
    const folded = this.foldValue(node);
    return folded === NO_VALUE ? node : folded;
  }

  foldObject(node: ObjectNode): ObjectNode {
    const folded = this.foldValue(node);
    return folded === NO_VALUE || folded.kind !== 'object' ? node : folded;
  }

  /** The parameter's value, known when supplied or defaulted; undefined for unknown and for non-parameters. */
  parameter(name: string): PlainValue | undefined {
    if (this.values.has(name)) return this.values.get(name);
    const value = this.computeParameter(name);
    this.values.set(name, value);
    return value;
  }

  /** A condition of the `Conditions` section: true, false, or undefined when it depends on unknown input. */
  condition(name: string): boolean | undefined {
    const assumed = this.assumed.get(name);
    if (assumed !== undefined) return assumed;
    if (this.conditionCache.has(name)) return this.conditionCache.get(name);
    const definition = this.conditions?.entries.get(name)?.value;
    if (definition === undefined || this.evaluating.has(name)) return undefined; // undefined name, or a cycle
    this.evaluating.add(name);
    const value = this.evaluateCondition(definition);
    this.evaluating.delete(name);
    this.conditionCache.set(name, value);
    return value;
  }

  private computeParameter(name: string): PlainValue | undefined {
    const declaration = this.declarations.get(name);
    if (declaration === undefined) return undefined;
    // SSM parameter types hold the name of an SSM parameter; the value is read at deploy time.
    if (declaration.type.startsWith('AWS::SSM::Parameter::Value<')) return undefined;
    const raw = Object.hasOwn(this.supplied, name) ? this.supplied[name] : declaration.default === undefined ? undefined : plainOf(declaration.default);
    if (raw === undefined || raw === null) return undefined;
    return coerce(raw, declaration.type);
  }

  private foldValue(node: ValueNode): Folded {
    switch (node.kind) {
      case 'literal':
      case 'expression':
        return node;
      case 'list':
        return this.foldList(node);
      case 'object': {
        const name = intrinsicName(node);
        if (name !== undefined) return this.foldIntrinsic(name, node);
        return this.foldEntries(node);
      }
    }
  }

  /** A data list: `AWS::NoValue` items are removed. */
  private foldList(node: ListNode): ListNode {
    let items: ValueNode[] | undefined;
    node.items.forEach((item, index) => {
      const folded = this.foldValue(item);
      if (folded === item) {
        items?.push(item);
        return;
      }
      items ??= node.items.slice(0, index);
      if (folded !== NO_VALUE) items.push(folded);
    });
    return items ? { ...node, items } : node;
  }

  /** A mapping that is not an intrinsic: `AWS::NoValue` entries are removed. */
  private foldEntries(node: ObjectNode): ObjectNode {
    let entries: Map<string, ObjectEntry> | undefined;
    for (const [key, entry] of node.entries) {
      const folded = this.foldValue(entry.value);
      if (folded === entry.value) {
        entries?.set(key, entry);
        continue;
      }
      if (entries === undefined) {
        entries = new Map();
        for (const [before, kept] of node.entries) {
          if (before === key) break;
          entries.set(before, kept);
        }
      }
      if (folded !== NO_VALUE) entries.set(key, { ...entry, value: folded });
    }
    return entries ? { ...node, entries } : node;
  }

  private foldIntrinsic(name: string, node: ObjectNode): Folded {
    const argument = node.entries.get(name)!.value;
    switch (name) {
      case 'Ref':
        return this.foldRef(node, argument);
      case 'Fn::If':
        return this.foldIf(node, argument);
      case 'Fn::Sub':
        return this.foldSub(node, argument);
      case 'Condition':
        return node; // only meaningful inside condition functions
      default: {
        if (isOpaqueIntrinsic(name)) return node;
        const folded = this.foldArguments(node, name, argument);
        const value = this.compute(name, folded.entries.get(name)!.value, node.range);
        return value ?? folded;
      }
    }
  }

  private foldRef(node: ObjectNode, argument: ValueNode): Folded {
    const name = literalString(argument);
    if (name === undefined) return node;
    if (name === 'AWS::NoValue') return NO_VALUE;
    const value = this.parameter(name);
    return value === undefined ? node : nodeOf(value, node.range);
  }

  private foldIf(node: ObjectNode, argument: ValueNode): Folded {
    if (argument.kind === 'list' && argument.items.length === 3) {
      const name = literalString(argument.items[0]);
      const holds = name === undefined ? undefined : this.condition(name);
      if (holds !== undefined) return this.foldValue(argument.items[holds ? 1 : 2]!);
    }
    return this.foldArguments(node, 'Fn::If', argument);
  }

  /** The intrinsic with its arguments folded; an argument that is `AWS::NoValue` stays as written. */
  private foldArguments(node: ObjectNode, name: string, argument: ValueNode): ObjectNode {
    let folded: ValueNode;
    if (argument.kind === 'list') {
      let items: ValueNode[] | undefined;
      argument.items.forEach((item, index) => {
        const value = this.fold(item);
        if (value !== item) items ??= argument.items.slice(0, index);
        items?.push(value);
      });
      folded = items ? { ...argument, items } : argument;
    } else {
      folded = this.fold(argument);
    }
    return folded === argument ? node : withArgument(node, name, folded);
  }

  /** Join, Select, Split and FindInMap on folded arguments; undefined when an input is unknown. */
  private compute(name: string, argument: ValueNode, range: SourceRange): ValueNode | undefined {
    if (argument.kind !== 'list') return undefined;
    const args = argument.items;
    switch (name) {
      case 'Fn::Join': {
        const delimiter = literalString(args[0]);
        const parts = args[1];
        if (args.length !== 2 || delimiter === undefined || parts?.kind !== 'list') return undefined;
        const texts = parts.items.map(scalarText);
        if (texts.some((text) => text === undefined)) return undefined;
        return literal(texts.join(delimiter), range);
      }
      case 'Fn::Select': {
        const index = indexOf(args[0]);
        const list = args[1];
        if (args.length !== 2 || index === undefined || list?.kind !== 'list') return undefined;
        const item = list.items[index];
        // An item written in the template keeps its place; one of a folded list (a parameter, a split) moves here.
        return item !== undefined && sameRange(item.range, list.range) ? placedAt(item, range) : item;
      }
      case 'Fn::Split': {
        const delimiter = literalString(args[0]);
        const source = literalString(args[1]);
        if (args.length !== 2 || delimiter === undefined || delimiter === '' || source === undefined) return undefined;
        return { kind: 'list', items: source.split(delimiter).map((part) => literal(part, range)), range };
      }
      case 'Fn::FindInMap':
        return this.findInMap(args, range);
      default:
        return undefined;
    }
  }

  private findInMap(args: ValueNode[], range: SourceRange): ValueNode | undefined {
    if (args.length !== 3 && args.length !== 4) return undefined;
    const keys = args.slice(0, 3).map(scalarText);
    if (keys.some((key) => key === undefined)) return undefined;
    const [mapName, topKey, secondKey] = keys as string[];
    const map = this.mappings?.entries.get(mapName!)?.value;
    const top = map?.kind === 'object' ? map.entries.get(topKey!)?.value : undefined;
    const found = top?.kind === 'object' ? top.entries.get(secondKey!)?.value : undefined;
    if (found !== undefined) return placedAt(found, range);
    // Language extensions: `[Map, K1, K2, { DefaultValue: … }]` when the keys are not in the map.
    const fallback = args[3];
    if (map !== undefined && fallback?.kind === 'object' && fallback.entries.size === 1) {
      return fallback.entries.get('DefaultValue')?.value;
    }
    return undefined;
  }

  /**
   * `Fn::Sub`: known variables (the function's own, then parameters) are substituted. Unknown ones stay, so the
   * result is a string when all are known and a smaller `Fn::Sub` otherwise.
   */
  private foldSub(node: ObjectNode, argument: ValueNode): Folded {
    const template = argument.kind === 'list' ? argument.items[0] : argument;
    const text = literalString(template);
    if (text === undefined || (argument.kind === 'list' && argument.items.length > 2)) return this.foldArguments(node, 'Fn::Sub', argument);
    const variablesNode = argument.kind === 'list' ? argument.items[1] : undefined;
    const variables = new Map<string, ValueNode>();
    let local = false;
    if (variablesNode !== undefined) {
      if (variablesNode.kind !== 'object' || intrinsicName(variablesNode) !== undefined) return this.foldArguments(node, 'Fn::Sub', argument);
      local = true;
      for (const [key, entry] of variablesNode.entries) variables.set(key, this.fold(entry.value));
    }
    const unknownVariables = new Set<string>();
    let complete = true;
    let changed = false;
    let result = '';
    let resolvedText = '';
    let last = 0;
    for (let open = text.indexOf('${'); open >= 0; open = text.indexOf('${', last)) {
      const close = text.indexOf('}', open + 2);
      if (close < 0) break;
      result += text.slice(last, open);
      resolvedText += text.slice(last, open);
      const token = text.slice(open, close + 1);
      const content = text.slice(open + 2, close).trim();
      last = close + 1;
      if (content.startsWith('!')) {
        // `${!Literal}` is the text `${Literal}`.
        result += token;
        resolvedText += '${' + content.slice(1) + '}';
        continue;
      }
      const value = variables.has(content) ? scalarText(variables.get(content)) : this.parameterText(content);
      if (value === undefined) {
        complete = false;
        if (variables.has(content)) unknownVariables.add(content);
        result += token;
        continue;
      }
      changed = true;
      result += value.replaceAll('${', '${!');
      resolvedText += value;
    }
    result += text.slice(last);
    resolvedText += text.slice(last);
    if (complete) return literal(resolvedText, node.range);
    if (!changed && !local) return node;
    const templateNode: LiteralNode = { ...(template as LiteralNode), value: result };
    if (unknownVariables.size === 0) return withArgument(node, 'Fn::Sub', templateNode);
    const kept = new Map<string, ObjectEntry>();
    for (const [key, entry] of (variablesNode as ObjectNode).entries) {
      if (unknownVariables.has(key)) kept.set(key, { ...entry, value: variables.get(key)! });
    }
    const list = argument as ListNode;
    return withArgument(node, 'Fn::Sub', { ...list, items: [templateNode, { ...(variablesNode as ObjectNode), entries: kept }] });
  }

  /** A parameter's value as `Fn::Sub` text; undefined for lists, pseudo parameters, resources and unknowns. */
  private parameterText(name: string): string | undefined {
    const value = this.parameter(name);
    return value === undefined || Array.isArray(value) ? undefined : String(value);
  }

  private evaluateCondition(node: ValueNode): boolean | undefined {
    const name = node.kind === 'object' ? intrinsicName(node) : undefined;
    if (name === undefined) return undefined;
    const argument = (node as ObjectNode).entries.get(name)!.value;
    switch (name) {
      case 'Condition': {
        const reference = literalString(argument);
        return reference === undefined ? undefined : this.condition(reference);
      }
      case 'Fn::Equals': {
        if (argument.kind !== 'list' || argument.items.length !== 2) return undefined;
        const [left, right] = argument.items.map((item) => comparable(this.fold(item)));
        return left === undefined || right === undefined ? undefined : left === right;
      }
      case 'Fn::Not': {
        const operand = argument.kind === 'list' && argument.items.length === 1 ? this.evaluateCondition(argument.items[0]!) : undefined;
        return operand === undefined ? undefined : !operand;
      }
      case 'Fn::And':
      case 'Fn::Or': {
        if (argument.kind !== 'list' || argument.items.length === 0) return undefined;
        // Three-valued: one false decides an And, one true an Or, whatever the unknown operands are.
        const decisive = name === 'Fn::Or';
        let unknown = false;
        for (const item of argument.items) {
          const value = this.evaluateCondition(item);
          if (value === decisive) return decisive;
          if (value === undefined) unknown = true;
        }
        return unknown ? undefined : !decisive;
      }
      default:
        return undefined;
    }
  }
}

/** The function's key when the mapping is an intrinsic (a single `Ref`, `Condition` or `Fn::…` key). */
export function intrinsicName(node: ObjectNode): string | undefined {
  if (node.entries.size !== 1) return undefined;
  const key = node.entries.keys().next().value as string;
  return key === 'Ref' || key === 'Condition' || key.startsWith('Fn::') ? key : undefined;
}

function withArgument(node: ObjectNode, name: string, argument: ValueNode): ObjectNode {
  const entry = node.entries.get(name)!;
  return { ...node, entries: new Map([[name, { ...entry, value: argument }]]) };
}

export function literalString(node: ValueNode | undefined): string | undefined {
  return node?.kind === 'literal' && typeof node.value === 'string' ? node.value : undefined;
}

/** A scalar's text, as CloudFormation renders it in a string; undefined for anything else. */
function scalarText(node: ValueNode | undefined): string | undefined {
  if (node?.kind !== 'literal' || node.value === null) return undefined;
  return String(node.value);
}

function indexOf(node: ValueNode | undefined): number | undefined {
  const text = scalarText(node);
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  return Number(text);
}

/** A known value as one string for `Fn::Equals` (CloudFormation compares strings; lists item by item). */
function comparable(node: ValueNode): string | undefined {
  if (node.kind === 'list') {
    const texts = node.items.map(scalarText);
    return texts.some((text) => text === undefined) ? undefined : JSON.stringify(texts);
  }
  const text = scalarText(node);
  return text === undefined ? undefined : JSON.stringify(text);
}

function sameRange(a: SourceRange, b: SourceRange): boolean {
  return a.start.line === b.start.line && a.start.column === b.start.column && a.end.line === b.end.line && a.end.column === b.end.column;
}

function literal(value: Scalar, range: SourceRange): LiteralNode {
  return { kind: 'literal', value, range };
}

function nodeOf(value: PlainValue, range: SourceRange): ValueNode {
  if (Array.isArray(value)) return { kind: 'list', items: value.map((item) => literal(item, range)), range };
  return literal(value, range);
}

/** A supplied or default value as plain data: scalars and lists of scalars; anything else is unknown. */
function plainOf(node: ValueNode): unknown {
  if (node.kind === 'literal') return node.value;
  if (node.kind === 'list') return node.items.map((item) => (item.kind === 'literal' ? item.value : undefined));
  return undefined;
}

function isScalar(value: unknown): value is Scalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** A raw value as the parameter's type reads it; undefined when it cannot be known statically. */
function coerce(raw: unknown, type: string): PlainValue | undefined {
  const isList = type === 'CommaDelimitedList' || type.startsWith('List<');
  const numbers = type === 'Number' || type === 'List<Number>';
  const item = (value: unknown): Scalar | undefined => {
    if (!isScalar(value)) return undefined;
    if (typeof value === 'string' && value.includes('{{resolve:')) return undefined; // a dynamic reference
    if (numbers && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
    return value;
  };
  if (isList) {
    // Each member of a comma-delimited list is space-trimmed.
    const members = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',').map((part) => part.trim()) : [raw];
    const items = members.map(item);
    return items.some((value) => value === undefined) ? undefined : (items as Scalar[]);
  }
  return Array.isArray(raw) ? undefined : item(raw);
}
