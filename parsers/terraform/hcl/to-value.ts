/**
 * Converts a parsed HCL file into the shared positioned value model (src/graph/types.ts): bodies and blocks
 * become object nodes, statically known expressions fold into literal, list and object nodes, and everything
 * else stays an expression node with its source text, references and syntax tree.
 */

import type {
  Diagnostic,
  ExpressionNode,
  ListNode,
  LiteralNode,
  ObjectEntry,
  ObjectNode,
  SourceRange,
  ValueNode,
} from '../../../src/graph/types.js';
import {
  LineIndex,
  type Block,
  type BodyItem,
  type Expression,
  type FunctionCallExpr,
  type ObjectExpr,
  type Span,
  type TemplateExpr,
  type UnaryExpr,
} from './ast.js';
import { placedAt } from '../../../src/graph/values.js';
import { parseConfig, type ParseProblem } from './parser.js';
import { collectReferences } from './references.js';
import { detached } from '../../strings.js';

/**
 * Characters that folding may still produce. Nested `jsonencode` calls and templates can multiply the size of
 * their input (each `jsonencode` level escapes the one inside it), so folding draws on a budget and leaves
 * an expression unknown once the budget is spent, instead of exhausting memory.
 */
export interface FoldBudget {
  remaining: number;
}

/** The budget for a file: generous next to any real configuration, small next to the memory at hand. */
export function fileFoldBudget(textLength: number): FoldBudget {
  return { remaining: 4 * 1024 * 1024 + 16 * textLength };
}

/** Where an expression's offsets point: the file text, and the index that turns offsets into positions. */
export interface HclSource {
  file: string;
  text: string;
  lines: LineIndex;
  budget: FoldBudget;
  /**
   * Set when the text is not the file itself (a string inside a `.tf.json` file): every range is this one,
   * the range of the string in the file.
   */
  fixedRange?: SourceRange;
}

/** What `ExpressionNode.ast` holds for Terraform: the expression's syntax tree and where it came from. */
export interface HclExpressionAst {
  syntax: 'hcl';
  expression: Expression;
  source: HclSource;
}

export function isHclAst(ast: unknown): ast is HclExpressionAst {
  return typeof ast === 'object' && ast !== null && (ast as { syntax?: unknown }).syntax === 'hcl';
}

export interface HclFileResult {
  /** Absent when the file has a syntax error. */
  body?: ObjectNode;
  diagnostics: Diagnostic[];
}

export function parseHclFile(file: string, text: string): HclFileResult {
  try {
    const parsed = parseConfig(text);
    const lines = new LineIndex(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
    const source: HclSource = { file, text, lines, budget: fileFoldBudget(text.length) };
    if (!parsed.value) return { diagnostics: [problemDiagnostic(source, parsed.problem as ParseProblem)] };
    return { body: convertBody(parsed.value.items, parsed.value, source, undefined), diagnostics: [] };
  } catch (error) {
    // Not expected: every problem is reported as a diagnostic. Kept so that no input can break a scan.
    return { diagnostics: [internalError(file, error)] };
  }
}

/**
 * One HCL expression given outside a file (`--var 'tags={…}'`), folded like an attribute value; every position is
 * `range`. Undefined when it is not a valid expression.
 */
export function parseHclExpression(text: string, range: SourceRange): ValueNode | undefined {
  const parsed = parseHclFile(range.file, `value = ${text}\n`);
  const value = parsed.body?.entries.get('value')?.value;
  return value === undefined ? undefined : placedAt(value, range);
}

export function problemDiagnostic(source: HclSource, problem: ParseProblem): Diagnostic {
  return {
    file: source.file,
    message: problem.message,
    severity: 'error',
    location: rangeOf(source, problem),
    code: problem.code,
  };
}

function internalError(file: string, error: unknown): Diagnostic {
  const message = `Internal error while parsing HCL: ${error instanceof Error ? error.message : String(error)}`;
  return { file, message, severity: 'error', code: 'parse-error' };
}

export function rangeOf(source: HclSource, span: Span): SourceRange {
  if (source.fixedRange) return source.fixedRange;
  return { file: source.file, start: source.lines.position(span.start), end: source.lines.position(span.end) };
}

// ---- bodies and blocks ----------------------------------------------------------------------------------

function convertBody(
  items: BodyItem[],
  span: Span,
  source: HclSource,
  block: { type: string; labels: string[] } | undefined,
): ObjectNode {
  const entries = new Map<string, ObjectEntry>();
  // Block types seen: a block never joins an attribute's list value of the same name.
  const blockTypes = new Set<string>();
  for (const item of items) {
    if (item.type === 'Attribute') {
      if (entries.has(item.name)) continue; // only when a block of that type came first; HCL rejects the rest
      const value = convertExpression(item.expression, source);
      entries.set(item.name, { key: item.name, keyRange: rangeOf(source, item.nameSpan), value });
    } else {
      addBlock(entries, blockTypes, item, source);
    }
  }
  const node: ObjectNode = { kind: 'object', entries, range: rangeOf(source, span) };
  if (block) node.block = block;
  return node;
}

/** Appends a block to the list under its type: repeated blocks accumulate in order. */
function addBlock(entries: Map<string, ObjectEntry>, blockTypes: Set<string>, block: Block, source: HclSource): void {
  const labels = block.labels.map((label) => label.value);
  const node = convertBody(block.body.items, block, source, { type: block.blockType, labels });
  const existing = entries.get(block.blockType);
  if (!existing) {
    const list: ListNode = { kind: 'list', items: [node], range: node.range };
    blockTypes.add(block.blockType);
    entries.set(block.blockType, { key: block.blockType, keyRange: rangeOf(source, block.typeSpan), value: list });
    return;
  }
  const list = existing.value;
  if (list.kind !== 'list' || !blockTypes.has(block.blockType)) return; // an attribute of that name came first
  list.items.push(node);
  list.range = { file: list.range.file, start: list.range.start, end: node.range.end };
}

// ---- expressions ----------------------------------------------------------------------------------------

/** Folds what is statically known; the rest becomes expression nodes. */
export function convertExpression(expression: Expression, source: HclSource): ValueNode {
  switch (expression.type) {
    case 'Literal':
      return { kind: 'literal', value: expression.value, range: rangeOf(source, expression) };
    case 'Template':
      return foldTemplate(expression, source) ?? expressionNode(expression, source);
    case 'Tuple':
      return {
        kind: 'list',
        items: expression.items.map((item) => convertExpression(item, source)),
        range: rangeOf(source, expression),
      };
    case 'Object':
      return convertObject(expression, source) ?? expressionNode(expression, source);
    case 'Parentheses': {
      const inner = convertExpression(expression.expression, source);
      return inner.kind === 'expression' ? expressionNode(expression, source) : inner;
    }
    case 'Unary':
      return foldUnary(expression, source) ?? expressionNode(expression, source);
    case 'FunctionCall':
      return expression.name === 'jsonencode' ? convertJsonEncode(expression, source) : expressionNode(expression, source);
    default:
      return expressionNode(expression, source);
  }
}

export function expressionNode(expression: Expression, source: HclSource, text?: string): ExpressionNode {
  const ast: HclExpressionAst = { syntax: 'hcl', expression, source };
  return {
    kind: 'expression',
    text: text ?? detached(source.text.slice(expression.start, expression.end)),
    range: rangeOf(source, expression),
    references: collectReferences(expression),
    ast,
  };
}

/**
 * A template whose parts are all literal text, or interpolations of literal scalars, is a string. A template
 * that is a single interpolation (`"${[1, 2]}"`) is the interpolated value itself.
 */
function foldTemplate(template: TemplateExpr, source: HclSource): ValueNode | undefined {
  const parts = template.parts;
  if (template.unwrap) {
    const inner = parts[0];
    if (inner?.type !== 'Interpolation') return undefined;
    const value = convertExpression(inner.expression, source);
    if (value.kind === 'expression') return undefined;
    return value.kind === 'literal' ? { ...value, range: rangeOf(source, template) } : value;
  }
  let text = '';
  for (const part of parts) {
    if (part.type === 'TemplateLiteral') {
      text += part.value;
      continue;
    }
    if (part.type !== 'Interpolation') return undefined;
    const value = convertExpression(part.expression, source);
    const piece = value.kind === 'literal' ? templateString(value.value) : undefined;
    if (piece === undefined) return undefined;
    text += piece;
  }
  if (!spend(source.budget, text.length)) return undefined;
  return { kind: 'literal', value: text, range: rangeOf(source, template) };
}

/** How a template renders an interpolated scalar; undefined for null, which Terraform rejects there. */
export function templateString(value: string | number | boolean | null): string | undefined {
  if (value === null) return undefined;
  if (typeof value === 'number') return formatNumber(value);
  return String(value);
}

function convertObject(object: ObjectExpr, source: HclSource): ObjectNode | undefined {
  const keys: string[] = [];
  for (const item of object.items) {
    const key = staticObjectKey(item.key, source);
    if (key === undefined) return undefined;
    keys.push(key);
  }
  const entries = new Map<string, ObjectEntry>();
  object.items.forEach((item, i) => {
    const key = keys[i] as string;
    entries.set(key, { key, keyRange: rangeOf(source, item.key), value: convertExpression(item.value, source) });
  });
  return { kind: 'object', entries, range: rangeOf(source, object) };
}

/** A bare identifier names the key literally; otherwise the key must fold to a string, number or bool. */
export function staticObjectKey(key: Expression, source: HclSource): string | undefined {
  if (key.type === 'Variable') return key.name;
  const value = convertExpression(key, source);
  return value.kind === 'literal' ? templateString(value.value) : undefined;
}

function foldUnary(unary: UnaryExpr, source: HclSource): LiteralNode | undefined {
  const operand = convertExpression(unary.operand, source);
  if (operand.kind !== 'literal') return undefined;
  const range = rangeOf(source, unary);
  if (unary.operator === '-' && typeof operand.value === 'number') return { kind: 'literal', value: -operand.value, range };
  if (unary.operator === '!' && typeof operand.value === 'boolean') return { kind: 'literal', value: !operand.value, range };
  return undefined;
}

/**
 * `jsonencode(X)`: a literal holding the JSON text when X is fully known, else an expression; either way
 * `decoded` is the folded tree of X with X's positions.
 */
function convertJsonEncode(call: FunctionCallExpr, source: HclSource): ValueNode {
  const argument = call.args[0];
  if (call.args.length !== 1 || call.expandFinal || !argument) return expressionNode(call, source);
  const decoded = convertExpression(argument, source);
  return jsonEncodedNode(decoded, rangeOf(source, call), source.budget, () => expressionNode(call, source));
}

export function jsonEncodedNode(decoded: ValueNode, range: SourceRange, budget: FoldBudget, unknown: () => ExpressionNode): ValueNode {
  const json = jsonEncode(decoded, budget.remaining);
  if (json !== undefined && spend(budget, json.length)) return { kind: 'literal', value: json, range, decoded };
  const node = unknown();
  node.decoded = decoded;
  return node;
}

// ---- Terraform's jsonencode ------------------------------------------------------------------------------

/**
 * The JSON text Terraform's `jsonencode` produces for a fully known value, or undefined when part of it is
 * unknown. Terraform marshals through go-cty: object keys sorted (byte order), no whitespace, numbers in plain
 * decimal notation, strings escaped like Go's encoding/json (`<`, `>`, `&`, U+2028 and U+2029 as `\uXXXX`).
 */
export function jsonEncode(node: ValueNode, maxLength = Number.POSITIVE_INFINITY): string | undefined {
  const encoder = new JsonEncoder(maxLength);
  return encoder.write(node) ? encoder.pieces.join('') : undefined;
}

/** Writes pieces into one array, so that the work is linear in the output and stops at `maxLength`. */
class JsonEncoder {
  readonly pieces: string[] = [];
  private length = 0;

  constructor(private readonly maxLength: number) {}

  /** False when the value is not fully known or the text grows past the limit. */
  write(node: ValueNode): boolean {
    switch (node.kind) {
      case 'literal':
        return this.scalar(node.value);
      case 'list':
        return this.list(node.items);
      case 'object':
        return this.object(node.entries);
      case 'expression':
        return false;
    }
  }

  private put(piece: string): boolean {
    this.pieces.push(piece);
    this.length += piece.length;
    return this.length <= this.maxLength;
  }

  private scalar(value: string | number | boolean | null): boolean {
    if (typeof value === 'string') return this.put(goJsonString(value));
    if (typeof value === 'number') return Number.isFinite(value) && this.put(formatNumber(value));
    return this.put(String(value));
  }

  private list(items: readonly ValueNode[]): boolean {
    if (!this.put('[')) return false;
    for (let i = 0; i < items.length; i++) {
      if (i > 0 && !this.put(',')) return false;
      if (!this.write(items[i] as ValueNode)) return false;
    }
    return this.put(']');
  }

  private object(entries: ReadonlyMap<string, ObjectEntry>): boolean {
    if (!this.put('{')) return false;
    const keys = [...entries.keys()].sort(compareCodePoints);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      if (!this.put(i > 0 ? `,${goJsonString(key)}:` : `${goJsonString(key)}:`)) return false;
      if (!this.write((entries.get(key) as ObjectEntry).value)) return false;
    }
    return this.put('}');
  }
}

/** Takes `amount` from the budget; false (taking nothing) when it does not hold that much. */
export function spend(budget: FoldBudget, amount: number): boolean {
  if (amount > budget.remaining) return false;
  budget.remaining -= amount;
  return true;
}

const GO_EXTRA_ESCAPES = /[<>&\u2028\u2029]|\\ud[89a-f][0-9a-f]{2}/g;

/** JSON string as Go's encoding/json writes it. */
export function goJsonString(value: string): string {
  return JSON.stringify(value).replace(GO_EXTRA_ESCAPES, (match) => {
    // JSON.stringify escapes lone surrogates; Go replaces invalid UTF-8 with U+FFFD.
    if (match.length > 1) return '\\ufffd';
    return `\\u${(match.charCodeAt(0)).toString(16).padStart(4, '0')}`;
  });
}

/** Sorts as Go's sort.Strings does on UTF-8: by code point. */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (astral code points) sort after the rest of the BMP in code point order.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/** A number in plain decimal notation, as cty renders numbers (`1e3` is `1000`, `1.50` is `1.5`). */
export function formatNumber(value: number): string {
  const text = String(value);
  const e = text.indexOf('e');
  if (e < 0) return text;
  const negative = text.startsWith('-');
  const mantissa = text.slice(negative ? 1 : 0, e);
  const exponent = Number(text.slice(e + 1));
  const point = mantissa.indexOf('.');
  const digits = mantissa.replace('.', '');
  const integerDigits = (point < 0 ? mantissa.length : point) + exponent;
  let plain: string;
  if (integerDigits <= 0) plain = `0.${'0'.repeat(-integerDigits)}${digits}`;
  else if (integerDigits >= digits.length) plain = digits + '0'.repeat(integerDigits - digits.length);
  else plain = `${digits.slice(0, integerDigits)}.${digits.slice(integerDigits)}`;
  return negative ? `-${plain}` : plain;
}
