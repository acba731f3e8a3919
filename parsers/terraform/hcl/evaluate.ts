/**
 * Static evaluation of Terraform expressions, as far as the values in scope allow. An evaluation never
 * guesses: what it cannot compute stays an expression node. It follows Terraform's rules for references to
 * values the scope knows (`local.x`, `var.x`, `each.value`, `count.index`, `path.module`, …) with attribute,
 * index and splat access into them, templates (`%{if}`, `%{for}`), `for` expressions, conditionals, operators,
 * collection constructors, `try`, `can` and the built-in functions of functions.ts.
 *
 * Inside, an expression has one of three outcomes: a value (whose parts may be unknown expression nodes),
 * unknown, or a definite error (what Terraform rejects: a missing attribute of a known object, an index out of
 * range, a function given the wrong kind of value, null where a value is required). Errors matter because
 * `try` and `can` turn them into values; outside them an error reads as unknown.
 */

import type { ExpressionNode, ListNode, LiteralNode, ObjectEntry, ObjectNode, SourceRange, ValueNode } from '../../../src/graph/types.js';
import type {
  BinaryExpr,
  ConditionalExpr,
  Expression,
  ForExpr,
  FunctionCallExpr,
  ObjectExpr,
  SplatStep,
  TemplateExpr,
  TemplateFor,
  TemplatePart,
  TraversalExpr,
  TraversalStep,
  TupleExpr,
  UnaryExpr,
} from './ast.js';
import {
  callFunction,
  failure,
  isFailure,
  isProblem,
  isSupportedFunction,
  toBoolValue,
  toNumberValue,
  toStringValue,
  typeName,
  UNKNOWN,
  valuesEqual,
  type CallContext,
  type Failure,
  type Outcome,
  type Unknown,
} from './functions.js';
import { referenceAddress } from './references.js';
import { compareCodePoints, expressionNode, isHclAst, rangeOf, spend, templateString, type FoldBudget, type HclSource } from './to-value.js';

/** The values evaluation may use, by address: `local.name`, `var.name`, `each.value`, `count.index`, `path.module`. */
export interface Scope {
  lookup(address: string): ValueNode | undefined;
}

/** A scope over a plain map of addresses. */
export function mapScope(values: ReadonlyMap<string, ValueNode>): Scope {
  return { lookup: (address) => values.get(address) };
}

/**
 * What an evaluation may spend. Pass one object to several `evaluate` calls to bound them together; by
 * default each call gets its own (`evaluationLimits()`).
 */
export interface EvaluationLimits {
  /** Units of work: each expression evaluated, each element a function, `for` or splat visits. */
  steps: FoldBudget;
  /** Characters of strings and JSON the evaluation may produce (references can multiply them). */
  characters: FoldBudget;
}

/** How many references may be followed one through another (`local.a` → `local.b` → …). */
const MAX_REFERENCE_CHAIN = 32;

/** Nested expressions evaluated at once, references included: far beyond real code, well within the stack. */
const MAX_EVALUATION_DEPTH = 1000;

/** Work per evaluation: a real module's expression takes a few hundred steps. */
const EVALUATION_STEPS = 500_000;

/** Characters of strings and JSON per evaluation. */
const EVALUATION_CHARACTERS = 16 * 1024 * 1024;

export function evaluationLimits(): EvaluationLimits {
  return { steps: { remaining: EVALUATION_STEPS }, characters: { remaining: EVALUATION_CHARACTERS } };
}

export interface EvaluationResult {
  /** The computed value, or the node itself when nothing could be evaluated. */
  value: ValueNode;
  /** Set when Terraform would reject the expression (the value is then the node itself). */
  error?: string;
}

/**
 * Evaluates `node` against `scope`. Returns the node itself when nothing could be evaluated; otherwise the
 * computed value, whose unknown parts (if any) are expression nodes. Values reached through a reference keep
 * the range where they are defined; values computed by a function, operator or `for` get the range of that
 * expression. A literal `null` stays a literal null node. Never throws.
 */
export function evaluate(node: ExpressionNode, scope: Scope, limits?: EvaluationLimits): ValueNode {
  return evaluateWithError(node, scope, limits).value;
}

/** `evaluate`, also telling when the expression is a definite error. */
export function evaluateWithError(node: ExpressionNode, scope: Scope, limits: EvaluationLimits = evaluationLimits()): EvaluationResult {
  try {
    const outcome = new Evaluator(scope, limits).node(node);
    return isFailure(outcome) ? { value: node, error: outcome.message } : { value: outcome };
  } catch {
    // Not expected (every limit is checked); an evaluation failure must never break a scan.
    return { value: node };
  }
}

/** An evaluated expression: a value (unknown as an expression node) or a definite error. */
type Evaluated = ValueNode | Failure;

type Known = LiteralNode | ListNode | ObjectNode;

/** One element of a `for` expression; undefined when its condition leaves it out. */
interface ForElement {
  key?: LiteralNode;
  value: ValueNode;
}

/** A template's text as its parts render: unknown once a part is, unless a later part is an error. */
class RenderedText {
  private text = '';
  private unknown = false;

  constructor(private readonly maxLength: number) {}

  /** Adds a part; returns what ends the rendering (an error, or unknown once the text outgrows the budget). */
  add(piece: string | Failure | Unknown): Failure | Unknown | undefined {
    if (isFailure(piece)) return piece;
    if (typeof piece !== 'string') this.unknown = true;
    else if (!this.unknown) {
      if (this.text.length + piece.length > this.maxLength) return UNKNOWN;
      this.text += piece;
    }
    return undefined;
  }

  result(): string | Unknown {
    return this.unknown ? UNKNOWN : this.text;
  }
}

class Evaluator {
  /** Addresses being resolved, to stop on reference cycles. */
  private readonly resolving: string[] = [];
  /** Each address is evaluated once per evaluation: references to it share the result. */
  private readonly resolved = new Map<string, Evaluated>();
  /** Names bound by the `for` expressions being evaluated, innermost last; a definition in scope never sees them. */
  private bindings: Map<string, ValueNode>[] = [];
  /** Values found through references share nodes, so knownness is remembered per node. */
  private readonly knownness = new WeakMap<ValueNode, boolean>();
  private depth = 0;

  constructor(
    private readonly scope: Scope,
    private readonly limits: EvaluationLimits,
  ) {}

  /** Evaluates an expression node; the node itself when it stays unknown. */
  node(node: ExpressionNode): Evaluated {
    const ast = node.ast;
    if (!isHclAst(ast)) return node;
    const value = this.expression(ast.expression, ast.source);
    if (isFailure(value) || value.kind !== 'expression') return value;
    // A narrower unknown (the chosen branch of a conditional) says more than the expression as written.
    if (isHclAst(value.ast) && value.ast.expression !== ast.expression) return value;
    // Still unknown as a whole; a partly known jsonencode argument is worth keeping.
    return value.decoded ? { ...node, decoded: value.decoded } : node;
  }

  /** Evaluates any value: expression nodes are evaluated, containers are walked for expression nodes inside. */
  private value(node: ValueNode): Evaluated {
    switch (node.kind) {
      case 'literal':
        return node;
      case 'expression':
        return this.node(node);
      case 'list': {
        if (this.isKnown(node)) return node;
        const items: ValueNode[] = [];
        for (const item of node.items) {
          const value = this.value(item);
          if (isFailure(value)) return value;
          items.push(value);
        }
        return { ...node, items };
      }
      case 'object': {
        if (this.isKnown(node)) return node;
        const entries = new Map<string, ObjectEntry>();
        for (const [key, entry] of node.entries) {
          const value = this.value(entry.value);
          if (isFailure(value)) return value;
          entries.set(key, { ...entry, value });
        }
        return { ...node, entries };
      }
    }
  }

  private expression(expression: Expression, source: HclSource): Evaluated {
    if (this.depth >= MAX_EVALUATION_DEPTH || !spend(this.limits.steps, 1)) return this.unknown(expression, source);
    this.depth++;
    let outcome: Outcome;
    try {
      outcome = this.evaluateExpression(expression, source);
    } finally {
      this.depth--;
    }
    if (outcome.kind === 'unknown') return this.unknown(expression, source);
    if (outcome.kind === 'expression') {
      // A conditional whose condition is known reads as its chosen branch, with that branch's references only.
      if ((expression.type === 'Conditional' || expression.type === 'Parentheses') && outcome.ast !== undefined) return outcome;
      // Unknown as a whole: it reads as the expression written here, keeping a partly known JSON tree.
      const node = this.unknown(expression, source);
      // Unless what is written here names a `for` variable and the value it stands for reads on its own.
      if (node.ast === undefined && outcome.ast !== undefined) return outcome;
      if (outcome.decoded) node.decoded = outcome.decoded;
      return node;
    }
    return outcome;
  }

  /** The expression as an unknown value. */
  private unknown(expression: Expression, source: HclSource): ExpressionNode {
    const node = expressionNode(expression, source);
    if (this.bindings.length === 0) return node;
    const references = node.references.filter((address) => this.binding(address.split('.')[0] as string) === undefined);
    if (references.length === node.references.length) return node;
    // It names a `for` variable: without its syntax tree, nothing evaluates it again outside its `for`.
    return { kind: 'expression', text: node.text, range: node.range, references };
  }

  private evaluateExpression(expression: Expression, source: HclSource): Outcome {
    switch (expression.type) {
      case 'Literal':
        return { kind: 'literal', value: expression.value, range: rangeOf(source, expression) };
      case 'Template':
        return this.template(expression, source);
      case 'Tuple':
        return this.tuple(expression, source);
      case 'Object':
        return this.object(expression, source);
      case 'Parentheses':
        return this.expression(expression.expression, source);
      case 'Variable':
        return this.reference(expression.name, [], expression, source);
      case 'Traversal':
        return this.traversal(expression, source);
      case 'FunctionCall':
        return this.functionCall(expression, source);
      case 'Conditional':
        return this.conditional(expression, source);
      case 'Unary':
        return this.unary(expression, source);
      case 'Binary':
        return this.binary(expression, source);
      case 'For':
        return this.forExpression(expression, source);
    }
  }

  private isKnown(node: ValueNode): boolean {
    if (node.kind === 'literal') return true;
    if (node.kind === 'expression') return false;
    const remembered = this.knownness.get(node);
    if (remembered !== undefined) return remembered;
    let known = true;
    if (node.kind === 'list') known = node.items.every((item) => this.isKnown(item));
    else for (const entry of node.entries.values()) if (!(known = this.isKnown(entry.value))) break;
    this.knownness.set(node, known);
    return known;
  }

  // ---- references ---------------------------------------------------------------------------------------

  private binding(name: string): ValueNode | undefined {
    for (let i = this.bindings.length - 1; i >= 0; i--) {
      const value = (this.bindings[i] as Map<string, ValueNode>).get(name);
      if (value !== undefined) return value;
    }
    return undefined;
  }

  /** Runs `body` with the names of one `for` iteration bound. */
  private bound<T>(keyName: string | undefined, key: ValueNode, valueName: string, value: ValueNode, body: () => T): T {
    const names = new Map<string, ValueNode>();
    if (keyName !== undefined) names.set(keyName, key);
    names.set(valueName, value);
    this.bindings.push(names);
    try {
      return body();
    } finally {
      this.bindings.pop();
    }
  }

  private traversal(traversal: TraversalExpr, source: HclSource): Outcome {
    if (traversal.source.type === 'Variable') return this.reference(traversal.source.name, traversal.steps, traversal, source);
    const base = this.expression(traversal.source, source);
    return isFailure(base) ? base : this.applySteps(base, traversal.steps, traversal, source);
  }

  /**
   * A `for` variable, or the address the traversal names (`each.value` of `each.value.name`, see
   * referenceAddress) looked up in the scope; then the remaining steps into the value found.
   */
  private reference(root: string, steps: readonly TraversalStep[], at: Expression, source: HclSource): Outcome {
    const bound = this.binding(root);
    if (bound !== undefined) return this.applySteps(bound, steps, at, source);
    const { address, used } = referenceAddress(root, steps);
    const value = this.resolve(address);
    if (value === undefined) return UNKNOWN;
    return isFailure(value) ? value : this.applySteps(value, steps.slice(used), at, source);
  }

  private resolve(address: string): Evaluated | undefined {
    const known = this.resolved.get(address);
    if (known !== undefined) return known;
    if (this.resolving.includes(address) || this.resolving.length >= MAX_REFERENCE_CHAIN) return undefined;
    const found = this.scope.lookup(address);
    if (found === undefined) return undefined;
    const outerBindings = this.bindings;
    this.resolving.push(address);
    this.bindings = [];
    try {
      const value = this.value(found);
      this.resolved.set(address, value);
      return value;
    } finally {
      this.resolving.pop();
      this.bindings = outerBindings;
    }
  }

  private applySteps(start: ValueNode, steps: readonly TraversalStep[], at: Expression, source: HclSource): Outcome {
    let current: ValueNode = start;
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i] as TraversalStep;
      if (current.kind === 'expression') return UNKNOWN;
      if (step.kind === 'splat') return this.splat(current, step, steps.slice(i + 1), at, source);
      const next: Outcome = step.kind === 'attr' ? attribute(current, step.name) : this.index(current, step.key, source);
      if (isProblem(next)) return next;
      current = next;
    }
    return current;
  }

  private index(collection: Known, keyExpression: Expression, source: HclSource): Outcome {
    const key = this.expression(keyExpression, source);
    if (isFailure(key)) return key;
    if (key.kind === 'expression') return UNKNOWN;
    if (collection.kind === 'literal' && collection.value === null) return failure('cannot index a null value');
    if (key.kind !== 'literal' || key.value === null) return failure(`invalid index: ${typeName(key)}`);
    if (collection.kind === 'list') {
      if (collection.set) return failure('elements of a set have no index');
      const position = toNumberValue(key);
      if (isProblem(position)) return position;
      if (!Number.isInteger(position)) return failure(`invalid index ${position}: an integer is required`);
      return collection.items[position] ?? failure(`index ${position} is out of range for a list of ${collection.items.length} elements`);
    }
    if (collection.kind === 'object') {
      const name = toStringValue(key);
      if (isProblem(name)) return name;
      return collection.entries.get(name)?.value ?? failure(`no element with key "${name}"`);
    }
    return failure(`a ${typeName(collection)} cannot be indexed`);
  }

  /**
   * `x[*].a` and `x.*.a`: the steps after the splat apply to each element (after `.*`, only the attribute and
   * legacy `.0` steps; the rest apply to the resulting list). A value that is not a list splats as a list of
   * itself, null as an empty list.
   */
  private splat(collection: Known, step: SplatStep, rest: readonly TraversalStep[], at: Expression, source: HclSource): Outcome {
    let perElement = rest.length;
    if (!step.full) {
      perElement = 0;
      for (const next of rest) {
        if (next.kind === 'attr' || (next.kind === 'index' && next.legacy)) perElement++;
        else break;
      }
    }
    let elements: readonly ValueNode[];
    if (collection.kind === 'list') elements = collection.items;
    else if (collection.kind === 'literal' && collection.value === null) elements = [];
    else elements = [collection];
    if (!spend(this.limits.steps, elements.length)) return UNKNOWN;
    const elementSteps = rest.slice(0, perElement);
    const items: ValueNode[] = [];
    for (const element of elements) {
      const value = this.applySteps(element, elementSteps, at, source);
      if (isFailure(value)) return value;
      items.push(value.kind === 'unknown' ? this.unknown(at, source) : value);
    }
    const list: ListNode = { kind: 'list', items, range: rangeOf(source, at) };
    return perElement === rest.length ? list : this.applySteps(list, rest.slice(perElement), at, source);
  }

  // ---- constructors and templates -----------------------------------------------------------------------

  private tuple(tuple: TupleExpr, source: HclSource): Outcome {
    const items: ValueNode[] = [];
    for (const item of tuple.items) {
      const value = this.expression(item, source);
      if (isFailure(value)) return value;
      items.push(value);
    }
    return { kind: 'list', items, range: rangeOf(source, tuple) };
  }

  private object(object: ObjectExpr, source: HclSource): Outcome {
    const entries = new Map<string, ObjectEntry>();
    let unknownKey = false;
    for (const item of object.items) {
      let key: string | undefined;
      if (item.key.type === 'Variable') {
        key = item.key.name;
      } else {
        const value = this.expression(item.key, source);
        if (isFailure(value)) return value;
        if (value.kind === 'expression') unknownKey = true;
        else {
          const name = keyString(value, 'an object key');
          if (isFailure(name)) return name;
          key = name;
        }
      }
      const value = this.expression(item.value, source);
      if (isFailure(value)) return value;
      if (key !== undefined) entries.set(key, { key, keyRange: rangeOf(source, item.key), value });
    }
    return unknownKey ? UNKNOWN : { kind: 'object', entries, range: rangeOf(source, object) };
  }

  private template(template: TemplateExpr, source: HclSource): Outcome {
    const first = template.parts[0];
    if (template.unwrap && first?.type === 'Interpolation') return this.expression(first.expression, source);
    const text = this.templateParts(template.parts, source);
    if (typeof text !== 'string') return text;
    if (!spend(this.limits.characters, text.length)) return UNKNOWN;
    return { kind: 'literal', value: text, range: rangeOf(source, template) };
  }

  /** The rendered text: unknown when a part is, unless another part is an error. */
  private templateParts(parts: readonly TemplatePart[], source: HclSource): string | Failure | Unknown {
    const rendered = new RenderedText(this.limits.characters.remaining);
    for (const part of parts) {
      const stop = rendered.add(this.templatePart(part, source));
      if (stop) return stop;
    }
    return rendered.result();
  }

  private templatePart(part: TemplatePart, source: HclSource): string | Failure | Unknown {
    switch (part.type) {
      case 'TemplateLiteral':
        return part.value;
      case 'Interpolation': {
        const value = this.expression(part.expression, source);
        if (isFailure(value)) return value;
        if (value.kind === 'expression') return UNKNOWN;
        if (value.kind !== 'literal' || value.value === null) return failure(`cannot interpolate ${typeName(value)} into a string`);
        return templateString(value.value) as string;
      }
      case 'TemplateIf': {
        const condition = this.condition(part.condition, source);
        return typeof condition === 'boolean' ? this.templateParts(condition ? part.then : part.else, source) : condition;
      }
      case 'TemplateFor':
        return this.templateFor(part, source);
    }
  }

  private templateFor(part: TemplateFor, source: HclSource): string | Failure | Unknown {
    const collection = this.expression(part.collection, source);
    if (isFailure(collection)) return collection;
    if (collection.kind === 'expression') return UNKNOWN;
    const pairs = this.iterate(collection, rangeOf(source, part));
    if (isFailure(pairs)) return pairs;
    const rendered = new RenderedText(this.limits.characters.remaining);
    for (const [key, value] of pairs) {
      if (!spend(this.limits.steps, 1)) return UNKNOWN;
      const stop = rendered.add(this.bound(part.keyVar, key, part.valueVar, value, () => this.templateParts(part.body, source)));
      if (stop) return stop;
    }
    return rendered.result();
  }

  /** A condition's bool; null and other kinds are errors. */
  private condition(expression: Expression, source: HclSource): boolean | Failure | Unknown {
    const value = this.expression(expression, source);
    if (isFailure(value)) return value;
    if (value.kind === 'literal' && value.value === null) return failure('a condition must not be null');
    return toBoolValue(value);
  }

  // ---- for expressions ----------------------------------------------------------------------------------

  /** Key and value of each element, as `for` iterates: lists by index (sets by value), objects by sorted key. */
  private iterate(collection: Known, range: SourceRange): [ValueNode, ValueNode][] | Failure {
    if (collection.kind === 'list') {
      return collection.items.map((item, i): [ValueNode, ValueNode] => [collection.set ? item : { kind: 'literal', value: i, range }, item]);
    }
    if (collection.kind === 'object') {
      return [...collection.entries.values()]
        .sort((a, b) => compareCodePoints(a.key, b.key))
        .map((entry): [ValueNode, ValueNode] => [{ kind: 'literal', value: entry.key, range: entry.keyRange }, entry.value]);
    }
    return failure(`cannot iterate over ${typeName(collection)}`);
  }

  private forExpression(expression: ForExpr, source: HclSource): Outcome {
    const collection = this.expression(expression.collection, source);
    if (isFailure(collection)) return collection;
    if (collection.kind === 'expression') return UNKNOWN;
    const range = rangeOf(source, expression);
    const pairs = this.iterate(collection, range);
    if (isFailure(pairs)) return pairs;
    const items: ValueNode[] = [];
    const entries = new Map<string, ObjectEntry>();
    // An unknown condition or key leaves the result unknown, but an error in a later element still wins.
    let unknown = false;
    for (const [key, value] of pairs) {
      if (!spend(this.limits.steps, 1)) return UNKNOWN;
      const element = this.bound(expression.keyVar, key, expression.valueVar, value, () => this.forElement(expression, source));
      if (isFailure(element)) return element;
      if (isProblem(element)) unknown = true;
      if (unknown || element === undefined || isProblem(element)) continue;
      if (!expression.object) {
        items.push(element.value);
        continue;
      }
      const elementKey = element.key as LiteralNode;
      const name = elementKey.value as string;
      const existing = entries.get(name);
      if (!expression.group) {
        if (existing) return failure(`duplicate object key "${name}" in a for expression (add ... to group the values)`);
        entries.set(name, { key: name, keyRange: elementKey.range, value: element.value });
      } else if (existing) {
        (existing.value as ListNode).items.push(element.value);
      } else {
        entries.set(name, { key: name, keyRange: elementKey.range, value: { kind: 'list', items: [element.value], range } });
      }
    }
    if (unknown) return UNKNOWN;
    return expression.object ? { kind: 'object', entries, range } : { kind: 'list', items, range };
  }

  private forElement(expression: ForExpr, source: HclSource): ForElement | undefined | Failure | Unknown {
    if (expression.condition) {
      const include = this.condition(expression.condition, source);
      if (typeof include !== 'boolean') return include;
      if (!include) return undefined;
    }
    let key: LiteralNode | Unknown | undefined;
    if (expression.keyExpr) {
      const value = this.expression(expression.keyExpr, source);
      if (isFailure(value)) return value;
      if (value.kind === 'expression') key = UNKNOWN;
      else {
        const name = keyString(value, 'a for expression key');
        if (isFailure(name)) return name;
        key = { kind: 'literal', value: name, range: value.range };
      }
    }
    const value = this.expression(expression.valueExpr, source);
    if (isFailure(value)) return value;
    if (isProblem(key)) return key;
    return key ? { key, value } : { value };
  }

  // ---- functions and operators --------------------------------------------------------------------------

  private functionCall(call: FunctionCallExpr, source: HclSource): Outcome {
    if (call.name === 'try' || call.name === 'can') {
      if (call.expandFinal) return UNKNOWN;
      return call.name === 'try' ? this.tryCall(call, source) : this.canCall(call, source);
    }
    if (!isSupportedFunction(call.name)) return UNKNOWN;
    const args: ValueNode[] = [];
    for (const arg of call.args) {
      const value = this.expression(arg, source);
      if (isFailure(value)) return value;
      args.push(value);
    }
    if (call.expandFinal) {
      const last = args.pop();
      if (last === undefined || last.kind === 'expression') return UNKNOWN;
      if (last.kind !== 'list') return failure(`the expanding argument (...) must be a list, set or tuple, not ${typeName(last)}`);
      if (!spend(this.limits.steps, last.items.length)) return UNKNOWN;
      for (const item of last.items) args.push(item);
    }
    return callFunction(call.name, args, this.callContext(call, source));
  }

  /** `try(a, b, …)`: the first argument that is not an error; unknown when that first one is not wholly known. */
  private tryCall(call: FunctionCallExpr, source: HclSource): Outcome {
    if (call.args.length === 0) return failure('try needs at least one argument');
    const errors: string[] = [];
    for (const arg of call.args) {
      const value = this.expression(arg, source);
      if (isFailure(value)) {
        errors.push(value.message);
        continue;
      }
      // A wholly unknown value might still turn out to be an error, so a later argument might be the answer. A
      // known shape with unknown leaves (an object holding a key ARN known after apply) is taken: the leaves are
      // values of resources, not errors waiting, and what is known of it is what the rules need.
      return value.kind === 'expression' ? UNKNOWN : value;
    }
    return failure(`no expression succeeded: ${errors.join('; ')}`);
  }

  /** `can(x)`: false for an error, true for a wholly known value, unknown otherwise. */
  private canCall(call: FunctionCallExpr, source: HclSource): Outcome {
    const arg = call.args[0];
    if (call.args.length !== 1 || arg === undefined) return failure('can takes exactly one argument');
    const value = this.expression(arg, source);
    const range = rangeOf(source, call);
    if (isFailure(value)) return { kind: 'literal', value: false, range };
    return this.isKnown(value) ? { kind: 'literal', value: true, range } : UNKNOWN;
  }

  private callContext(call: FunctionCallExpr, source: HclSource): CallContext {
    return {
      range: rangeOf(source, call),
      characters: this.limits.characters,
      spend: (amount) => spend(this.limits.steps, amount),
      isWhollyKnown: (node) => this.isKnown(node),
      unknownCall: () => this.unknown(call, source),
    };
  }

  private conditional(conditional: ConditionalExpr, source: HclSource): Outcome {
    const condition = this.condition(conditional.condition, source);
    if (typeof condition !== 'boolean') return condition;
    return this.expression(condition ? conditional.trueResult : conditional.falseResult, source);
  }

  private unary(unary: UnaryExpr, source: HclSource): Outcome {
    const operand = this.expression(unary.operand, source);
    if (isFailure(operand)) return operand;
    if (operand.kind === 'literal' && operand.value === null) return failure(`the operand of ${unary.operator} must not be null`);
    const range = rangeOf(source, unary);
    if (unary.operator === '!') {
      const value = toBoolValue(operand);
      return isProblem(value) ? value : { kind: 'literal', value: !value, range };
    }
    const value = toNumberValue(operand);
    return isProblem(value) ? value : { kind: 'literal', value: -value, range };
  }

  private binary(binary: BinaryExpr, source: HclSource): Outcome {
    const range = rangeOf(source, binary);
    if (binary.operator === '&&' || binary.operator === '||') return this.logical(binary, range, source);
    const left = this.expression(binary.left, source);
    if (isFailure(left)) return left;
    const right = this.expression(binary.right, source);
    if (isFailure(right)) return right;
    if (binary.operator === '==' || binary.operator === '!=') {
      const equal = valuesEqual(left, right, (amount) => spend(this.limits.steps, amount));
      if (typeof equal !== 'boolean') return equal;
      return { kind: 'literal', value: binary.operator === '==' ? equal : !equal, range };
    }
    // A known operand that is no number is an error even when the other one is unknown.
    const a = numberOperand(left, binary.operator);
    if (isFailure(a)) return a;
    const b = numberOperand(right, binary.operator);
    if (isFailure(b)) return b;
    if (typeof a !== 'number' || typeof b !== 'number') return UNKNOWN;
    const result = arithmetic(binary.operator, a, b);
    return result === undefined ? UNKNOWN : { kind: 'literal', value: result, range };
  }

  /** `&&` and `||`: a known deciding operand decides, even when the other one is unknown. */
  private logical(binary: BinaryExpr, range: SourceRange, source: HclSource): Outcome {
    const deciding = binary.operator === '||';
    const left = this.expression(binary.left, source);
    if (isFailure(left)) return left;
    const a = boolOperand(left, binary.operator);
    if (isFailure(a)) return a;
    if (a === deciding) return { kind: 'literal', value: deciding, range };
    const right = this.expression(binary.right, source);
    if (isFailure(right)) return right;
    const b = boolOperand(right, binary.operator);
    if (isFailure(b)) return b;
    if (b === deciding) return { kind: 'literal', value: deciding, range };
    return a === UNKNOWN || b === UNKNOWN ? UNKNOWN : { kind: 'literal', value: !deciding, range };
  }
}

/** `.name` on a value. */
function attribute(node: Known, name: string): Outcome {
  if (node.kind === 'object') return node.entries.get(name)?.value ?? failure(`this object has no attribute "${name}"`);
  if (node.kind === 'literal' && node.value === null) return failure(`cannot read attribute "${name}" of null`);
  return failure(`a ${typeName(node)} has no attributes (reading "${name}")`);
}

/** A string key from a known value: numbers and bools convert, null and collections are errors. */
function keyString(value: Known, what: string): string | Failure {
  if (value.kind !== 'literal' || value.value === null) return failure(`${what} must be a string, not ${typeName(value)}`);
  return templateString(value.value) as string;
}

function numberOperand(value: ValueNode, operator: string): number | Failure | Unknown {
  if (value.kind === 'literal' && value.value === null) return failure(`an operand of ${operator} must not be null`);
  return toNumberValue(value);
}

function boolOperand(value: ValueNode, operator: string): boolean | Failure | Unknown {
  if (value.kind === 'literal' && value.value === null) return failure(`an operand of ${operator} must not be null`);
  return toBoolValue(value);
}

/** Undefined for what is not computed exactly here: division by zero, results beyond a double. */
function arithmetic(operator: BinaryExpr['operator'], a: number, b: number): number | boolean | undefined {
  let result: number;
  switch (operator) {
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    case '>=':
      return a >= b;
    case '+':
      result = a + b;
      break;
    case '-':
      result = a - b;
      break;
    case '*':
      result = a * b;
      break;
    case '/':
      if (b === 0) return undefined;
      result = a / b;
      break;
    case '%':
      if (b === 0) return undefined;
      result = a % b;
      break;
    default:
      return undefined;
  }
  return Number.isFinite(result) ? result : undefined;
}

/** Whether a value holds no expression node anywhere. */
export function isKnown(node: ValueNode): boolean {
  switch (node.kind) {
    case 'literal':
      return true;
    case 'expression':
      return false;
    case 'list':
      return node.items.every(isKnown);
    case 'object':
      for (const entry of node.entries.values()) if (!isKnown(entry.value)) return false;
      return true;
  }
}
