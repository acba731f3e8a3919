/**
 * Static evaluation of Terraform expressions, as far as the values in scope allow. An evaluation never
 * guesses: what it cannot compute stays an expression node. Supported today: references to values the scope
 * knows (`local.x`, `var.x`, with attribute and index access into them), templates, `jsonencode`, conditionals,
 * the logical and comparison operators, and collection constructors around any of these.
 */

import type { ExpressionNode, ListNode, LiteralNode, ObjectEntry, ObjectNode, ValueNode } from '../../../src/graph/types.js';
import type {
  BinaryExpr,
  ConditionalExpr,
  Expression,
  FunctionCallExpr,
  ObjectExpr,
  TemplateExpr,
  TemplatePart,
  TraversalExpr,
  TraversalStep,
  UnaryExpr,
} from './ast.js';
import { referenceAddress } from './references.js';
import {
  expressionNode,
  isHclAst,
  jsonEncodedNode,
  rangeOf,
  spend,
  staticObjectKey,
  templateString,
  type FoldBudget,
  type HclSource,
} from './to-value.js';

/** The values evaluation may use, by address: `local.name`, `var.name`. */
export interface Scope {
  lookup(address: string): ValueNode | undefined;
}

/** A scope over a plain map of addresses. */
export function mapScope(values: ReadonlyMap<string, ValueNode>): Scope {
  return { lookup: (address) => values.get(address) };
}

/** How many references may be followed one through another (`local.a` → `local.b` → …). */
const MAX_REFERENCE_CHAIN = 32;

/** Nested expressions evaluated at once, references included: far beyond real code, well within the stack. */
const MAX_EVALUATION_DEPTH = 1000;

/** Characters of strings and JSON an evaluation may produce (references can multiply them). */
const EVALUATION_BUDGET = 16 * 1024 * 1024;

/**
 * Evaluates `node` against `scope`. Returns the node itself when nothing could be evaluated; otherwise the
 * computed value, whose unknown parts (if any) are expression nodes. Values reached through a reference keep
 * the range where they are defined. Never throws.
 */
export function evaluate(node: ExpressionNode, scope: Scope): ValueNode {
  try {
    return new Evaluator(scope).evaluateNode(node);
  } catch {
    // Not expected (every limit is checked); an evaluation failure must never break a scan.
    return node;
  }
}

class Evaluator {
  /** Addresses being resolved, to stop on reference cycles. */
  private readonly resolving: string[] = [];
  /** Each address is evaluated once per evaluation: references to it share the result. */
  private readonly resolved = new Map<string, ValueNode>();
  private readonly budget: FoldBudget = { remaining: EVALUATION_BUDGET };
  private depth = 0;

  constructor(private readonly scope: Scope) {}

  evaluateNode(node: ExpressionNode): ValueNode {
    const ast = node.ast;
    if (!isHclAst(ast)) return node;
    const value = this.expression(ast.expression, ast.source);
    const unchanged = value.kind === 'expression' && isHclAst(value.ast) && value.ast.expression === ast.expression;
    if (!unchanged) return value;
    // Still unknown as a whole; a partly known jsonencode argument is worth keeping.
    return value.decoded ? { ...node, decoded: value.decoded } : node;
  }

  /** Evaluates any value: expression nodes are evaluated, containers are walked for expression nodes inside. */
  private value(node: ValueNode): ValueNode {
    switch (node.kind) {
      case 'literal':
        return node;
      case 'expression':
        return this.evaluateNode(node);
      case 'list':
        return this.isKnown(node) ? node : { ...node, items: node.items.map((item) => this.value(item)) };
      case 'object':
        return this.isKnown(node) ? node : { ...node, entries: mapEntries(node.entries, (value) => this.value(value)) };
    }
  }

  private expression(expression: Expression, source: HclSource): ValueNode {
    if (this.depth >= MAX_EVALUATION_DEPTH) return expressionNode(expression, source);
    this.depth++;
    try {
      return this.evaluateExpression(expression, source);
    } finally {
      this.depth--;
    }
  }

  private evaluateExpression(expression: Expression, source: HclSource): ValueNode {
    const unknown = (): ExpressionNode => expressionNode(expression, source);
    switch (expression.type) {
      case 'Literal':
        return { kind: 'literal', value: expression.value, range: rangeOf(source, expression) };
      case 'Template':
        return this.template(expression, source) ?? unknown();
      case 'Tuple':
        return {
          kind: 'list',
          items: expression.items.map((item) => this.expression(item, source)),
          range: rangeOf(source, expression),
        } satisfies ListNode;
      case 'Object':
        return this.object(expression, source) ?? unknown();
      case 'Parentheses':
        return this.expression(expression.expression, source);
      case 'Variable':
        return this.reference(expression.name, [], source) ?? unknown();
      case 'Traversal':
        return this.traversal(expression, source) ?? unknown();
      case 'FunctionCall':
        return this.functionCall(expression, source) ?? unknown();
      case 'Conditional':
        return this.conditional(expression, source) ?? unknown();
      case 'Unary':
        return this.unary(expression, source) ?? unknown();
      case 'Binary':
        return this.binary(expression, source) ?? unknown();
      case 'For':
        return unknown();
    }
  }

  /** Values found through references share nodes, so knownness is remembered per node. */
  private readonly knownness = new WeakMap<ValueNode, boolean>();

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

  private traversal(traversal: TraversalExpr, source: HclSource): ValueNode | undefined {
    if (traversal.source.type === 'Variable') return this.reference(traversal.source.name, traversal.steps, source);
    const base = this.expression(traversal.source, source);
    return this.applySteps(base, traversal.steps, source);
  }

  /** Looks up the address the traversal names, then follows the remaining steps into the value found. */
  private reference(root: string, steps: readonly TraversalStep[], source: HclSource): ValueNode | undefined {
    const { address, used } = referenceAddress(root, steps);
    const value = this.resolve(address);
    return value === undefined ? undefined : this.applySteps(value, steps.slice(used), source);
  }

  private resolve(address: string): ValueNode | undefined {
    const known = this.resolved.get(address);
    if (known !== undefined) return known;
    if (this.resolving.includes(address) || this.resolving.length >= MAX_REFERENCE_CHAIN) return undefined;
    const found = this.scope.lookup(address);
    if (found === undefined) return undefined;
    this.resolving.push(address);
    try {
      const value = this.value(found);
      this.resolved.set(address, value);
      return value;
    } finally {
      this.resolving.pop();
    }
  }

  private applySteps(start: ValueNode, steps: readonly TraversalStep[], source: HclSource): ValueNode | undefined {
    let current: ValueNode | undefined = start;
    for (const step of steps) {
      if (current === undefined || current.kind === 'expression') return undefined;
      if (step.kind === 'splat') return undefined;
      current = step.kind === 'attr' ? entryValue(current, step.name) : this.index(current, step.key, source);
      if (current?.kind === 'expression') current = this.value(current);
    }
    return current?.kind === 'expression' ? undefined : current;
  }

  private index(collection: ValueNode, keyExpression: Expression, source: HclSource): ValueNode | undefined {
    const key = this.expression(keyExpression, source);
    if (key.kind !== 'literal') return undefined;
    if (collection.kind === 'list' && typeof key.value === 'number') {
      return Number.isInteger(key.value) ? collection.items[key.value] : undefined;
    }
    const name = templateString(key.value);
    return name === undefined ? undefined : entryValue(collection, name);
  }

  // ---- constructors and templates -----------------------------------------------------------------------

  private object(object: ObjectExpr, source: HclSource): ObjectNode | undefined {
    const entries = new Map<string, ObjectEntry>();
    for (const item of object.items) {
      const key = item.key.type === 'Variable' ? item.key.name : this.stringValue(item.key, source);
      if (key === undefined) return undefined;
      entries.set(key, { key, keyRange: rangeOf(source, item.key), value: this.expression(item.value, source) });
    }
    return { kind: 'object', entries, range: rangeOf(source, object) };
  }

  private stringValue(expression: Expression, source: HclSource): string | undefined {
    const staticKey = staticObjectKey(expression, source);
    if (staticKey !== undefined) return staticKey;
    const value = this.expression(expression, source);
    return value.kind === 'literal' ? templateString(value.value) : undefined;
  }

  private template(template: TemplateExpr, source: HclSource): ValueNode | undefined {
    const first = template.parts[0];
    if (template.unwrap && first?.type === 'Interpolation') {
      const value = this.expression(first.expression, source);
      return value.kind === 'expression' ? undefined : value;
    }
    const text = this.templateParts(template.parts, source);
    if (text === undefined || !spend(this.budget, text.length)) return undefined;
    return { kind: 'literal', value: text, range: rangeOf(source, template) };
  }

  private templateParts(parts: readonly TemplatePart[], source: HclSource): string | undefined {
    let text = '';
    for (const part of parts) {
      let piece: string | undefined;
      switch (part.type) {
        case 'TemplateLiteral':
          piece = part.value;
          break;
        case 'Interpolation': {
          const value = this.expression(part.expression, source);
          piece = value.kind === 'literal' ? templateString(value.value) : undefined;
          break;
        }
        case 'TemplateIf': {
          const condition = booleanOf(this.expression(part.condition, source));
          piece = condition === undefined ? undefined : this.templateParts(condition ? part.then : part.else, source);
          break;
        }
        case 'TemplateFor':
          piece = undefined;
          break;
      }
      if (piece === undefined || text.length + piece.length > this.budget.remaining) return undefined;
      text += piece;
    }
    return text;
  }

  // ---- functions and operators --------------------------------------------------------------------------

  private functionCall(call: FunctionCallExpr, source: HclSource): ValueNode | undefined {
    const argument = call.args[0];
    if (call.name !== 'jsonencode' || call.args.length !== 1 || call.expandFinal || !argument) return undefined;
    const decoded = this.expression(argument, source);
    return jsonEncodedNode(decoded, rangeOf(source, call), this.budget, () => expressionNode(call, source));
  }

  private conditional(conditional: ConditionalExpr, source: HclSource): ValueNode | undefined {
    const condition = booleanOf(this.expression(conditional.condition, source));
    if (condition === undefined) return undefined;
    return this.expression(condition ? conditional.trueResult : conditional.falseResult, source);
  }

  private unary(unary: UnaryExpr, source: HclSource): LiteralNode | undefined {
    const operand = this.expression(unary.operand, source);
    const range = rangeOf(source, unary);
    if (unary.operator === '!') {
      const value = booleanOf(operand);
      return value === undefined ? undefined : { kind: 'literal', value: !value, range };
    }
    return operand.kind === 'literal' && typeof operand.value === 'number' ? { kind: 'literal', value: -operand.value, range } : undefined;
  }

  private binary(binary: BinaryExpr, source: HclSource): LiteralNode | undefined {
    const left = this.expression(binary.left, source);
    const range = rangeOf(source, binary);
    const literal = (value: boolean | number): LiteralNode => ({ kind: 'literal', value, range });
    if (binary.operator === '&&' || binary.operator === '||') {
      const a = booleanOf(left);
      // Short-circuit only on a known deciding operand; an unknown left side decides nothing.
      if (a === undefined) return undefined;
      if (binary.operator === '&&' && !a) return literal(false);
      if (binary.operator === '||' && a) return literal(true);
      const b = booleanOf(this.expression(binary.right, source));
      return b === undefined ? undefined : literal(b);
    }
    const right = this.expression(binary.right, source);
    if (left.kind !== 'literal' || right.kind !== 'literal') return undefined;
    if (binary.operator === '==') return literal(left.value === right.value);
    if (binary.operator === '!=') return literal(left.value !== right.value);
    if (typeof left.value !== 'number' || typeof right.value !== 'number') return undefined;
    const result = arithmetic(binary.operator, left.value, right.value);
    return result === undefined ? undefined : literal(result);
  }
}

function arithmetic(operator: BinaryExpr['operator'], a: number, b: number): number | boolean | undefined {
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
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? undefined : a / b;
    case '%':
      return b === 0 ? undefined : a % b;
    default:
      return undefined;
  }
}

/** A known boolean; Terraform also converts the strings "true" and "false". */
function booleanOf(node: ValueNode): boolean | undefined {
  if (node.kind !== 'literal') return undefined;
  if (typeof node.value === 'boolean') return node.value;
  if (node.value === 'true') return true;
  if (node.value === 'false') return false;
  return undefined;
}

function entryValue(node: ValueNode, key: string): ValueNode | undefined {
  return node.kind === 'object' ? node.entries.get(key)?.value : undefined;
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

function mapEntries(entries: Map<string, ObjectEntry>, map: (value: ValueNode) => ValueNode): Map<string, ObjectEntry> {
  const out = new Map<string, ObjectEntry>();
  for (const [key, entry] of entries) out.set(key, { ...entry, value: map(entry.value) });
  return out;
}
