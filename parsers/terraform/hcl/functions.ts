/**
 * Terraform's built-in functions over value trees, for the evaluator (evaluate.ts). Each one follows Terraform
 * (go-cty's function library and Terraform's own functions): the same results, the same automatic conversions
 * between strings, numbers and bools, and an error wherever Terraform reports one, because `try` and `can` turn
 * errors into values. An unknown argument makes the result unknown unless Terraform defines the result without
 * it (`length` of a list with unknown items, `lookup` of a key that is present). Whatever cannot be computed
 * exactly (a regular expression that does not translate safely, a `format` verb not implemented here) is
 * unknown, never an approximation. `try` and `can` live in evaluate.ts: they evaluate their own arguments.
 */

import type { ExpressionNode, ListNode, LiteralNode, ObjectEntry, ObjectNode, SourceRange, ValueNode } from '../../../src/graph/types.js';
import { compareCodePoints, formatNumber, goJsonString, jsonEncode, jsonEncodedNode, spend, templateString, type FoldBudget } from './to-value.js';

// ---- outcomes -------------------------------------------------------------------------------------------

/** A definite error: Terraform rejects the expression (what `try` skips and `can` reports as false). */
export interface Failure {
  kind: 'error';
  message: string;
}

/** Not computable from what is known. */
export interface Unknown {
  kind: 'unknown';
}

export const UNKNOWN: Unknown = Object.freeze({ kind: 'unknown' });

/** A value (whose parts may be unknown expression nodes), unknown as a whole, or an error. */
export type Outcome = ValueNode | Failure | Unknown;

export function failure(message: string): Failure {
  return { kind: 'error', message };
}

export function isFailure(value: unknown): value is Failure {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'error';
}

/** An error or unknown: anything but a value. */
export function isProblem(value: unknown): value is Failure | Unknown {
  if (typeof value !== 'object' || value === null) return false;
  const kind = (value as { kind?: unknown }).kind;
  return kind === 'error' || kind === 'unknown';
}

/** What a function may use besides its arguments. */
export interface CallContext {
  /** The call's range: every value a function computes carries it. */
  readonly range: SourceRange;
  /** Characters of strings the evaluation may still produce. */
  readonly characters: FoldBudget;
  /** Takes `amount` units of work; false once the evaluation's work budget is spent. */
  spend(amount: number): boolean;
  /** Whether a value holds no unknown part. */
  isWhollyKnown(node: ValueNode): boolean;
  /** The call itself as an unknown value. */
  unknownCall(): ExpressionNode;
}

type Known = LiteralNode | ListNode | ObjectNode;
type Implementation = (args: readonly ValueNode[], context: CallContext) => Outcome;

/** Nesting that recursive walks (equality, flatten, JSON) follow before giving up as unknown. */
const MAX_NESTING = 500;

// ---- conversions ----------------------------------------------------------------------------------------

/** Terraform's name for the kind of a value, for messages. */
export function typeName(node: ValueNode): string {
  switch (node.kind) {
    case 'literal':
      if (node.value === null) return 'null';
      return typeof node.value === 'boolean' ? 'bool' : typeof node.value;
    case 'list':
      return 'list';
    case 'object':
      return 'object';
    case 'expression':
      return 'unknown value';
  }
}

function isNull(node: ValueNode): boolean {
  return node.kind === 'literal' && node.value === null;
}

function literal(value: LiteralNode['value'], range: SourceRange): LiteralNode {
  return { kind: 'literal', value, range };
}

function listOf(items: ValueNode[], range: SourceRange): ListNode {
  return { kind: 'list', items, range };
}

/** A string, as Terraform converts numbers and bools to one. */
export function toStringValue(node: ValueNode): string | Failure | Unknown {
  if (node.kind === 'expression') return UNKNOWN;
  if (node.kind !== 'literal' || node.value === null) return failure(`a string is required, not ${typeName(node)}`);
  return templateString(node.value) as string;
}

/** A number; a string converts when it is a decimal number. */
export function toNumberValue(node: ValueNode): number | Failure | Unknown {
  if (node.kind === 'expression') return UNKNOWN;
  if (node.kind === 'literal' && typeof node.value === 'number') return node.value;
  if (node.kind === 'literal' && typeof node.value === 'string') return parseNumber(node.value);
  return failure(`a number is required, not ${typeName(node)}`);
}

/** A bool; the strings "true" and "false" convert. */
export function toBoolValue(node: ValueNode): boolean | Failure | Unknown {
  if (node.kind === 'expression') return UNKNOWN;
  if (node.kind === 'literal') {
    if (typeof node.value === 'boolean') return node.value;
    if (node.value === 'true') return true;
    if (node.value === 'false') return false;
  }
  return failure(`a bool is required, not ${typeName(node)}`);
}

function toIntegerValue(node: ValueNode): number | Failure | Unknown {
  const value = toNumberValue(node);
  if (isProblem(value)) return value;
  if (!Number.isInteger(value)) return failure(`an integer is required, not ${formatNumber(value)}`);
  // Beyond 2^53 a double no longer holds Terraform's exact integer.
  return Number.isSafeInteger(value) ? value : UNKNOWN;
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function parseNumber(text: string): number | Failure | Unknown {
  if (DECIMAL.test(text)) {
    const value = Number(text);
    return Number.isFinite(value) ? value : UNKNOWN;
  }
  // Go's parser also reads infinities and binary exponents ("1p3"): too rare to model.
  if (/^[+-]?(?:inf|Inf|(?:\d+\.?\d*|\.\d+)[pP][+-]?\d+)$/.test(text)) return UNKNOWN;
  return failure(`cannot convert "${text}" to a number`);
}

/** Work to charge for a pass over a string. */
function workFor(text: string): number {
  return 1 + (text.length >> 6);
}

function stringResult(text: string, context: CallContext): LiteralNode | Unknown {
  return spend(context.characters, text.length) ? literal(text, context.range) : UNKNOWN;
}

let segmenter: Intl.Segmenter | undefined;

/** User-perceived characters (grapheme clusters): what Terraform's string functions count. */
function graphemes(text: string): string[] {
  if (/^[\x20-\x7e]*$/.test(text)) return text.split('');
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return Array.from(segmenter.segment(text), (segment) => segment.segment);
}

// ---- argument checks ------------------------------------------------------------------------------------

function arity(args: readonly ValueNode[], min: number, max = min): Failure | undefined {
  if (args.length < min) return failure(`not enough arguments: ${min} required`);
  if (args.length > max) return failure(`too many arguments: at most ${max} allowed`);
  return undefined;
}

/** Terraform's checks before a function runs: a null argument is an error, then any unknown one makes the result unknown. */
function settled(args: readonly ValueNode[]): Failure | Unknown | undefined {
  let unknown = false;
  for (const arg of args) {
    if (isNull(arg)) return failure('argument must not be null');
    if (arg.kind === 'expression') unknown = true;
  }
  return unknown ? UNKNOWN : undefined;
}

function checked(args: readonly ValueNode[], min: number, max = min): Failure | Unknown | undefined {
  return arity(args, min, max) ?? settled(args);
}

/** The first argument of a one-argument function that must be known and non-null. */
function single(args: readonly ValueNode[]): Known | Failure | Unknown {
  const problem = checked(args, 1);
  return problem ?? (args[0] as Known);
}

// ---- equality and sets ----------------------------------------------------------------------------------

/**
 * Terraform's `==`: values of different kinds are unequal, collections compare element by element. Unknown
 * when an unknown part decides it.
 */
export function valuesEqual(a: ValueNode, b: ValueNode, work: (amount: number) => boolean, depth = 0): boolean | Unknown {
  if (depth > MAX_NESTING || !work(1)) return UNKNOWN;
  if (a.kind === 'expression' || b.kind === 'expression') return UNKNOWN;
  if (a.kind === 'literal' || b.kind === 'literal') return a.kind === 'literal' && b.kind === 'literal' && a.value === b.value;
  if (a.kind === 'list' && b.kind === 'list') {
    if (a.items.length !== b.items.length) return false;
    for (let i = 0; i < a.items.length; i++) {
      const equal = valuesEqual(a.items[i] as ValueNode, b.items[i] as ValueNode, work, depth + 1);
      if (equal !== true) return equal;
    }
    return true;
  }
  if (a.kind === 'object' && b.kind === 'object') {
    if (a.entries.size !== b.entries.size) return false;
    for (const key of a.entries.keys()) if (!b.entries.has(key)) return false;
    for (const key of [...a.entries.keys()].sort(compareCodePoints)) {
      const equal = valuesEqual((a.entries.get(key) as ObjectEntry).value, (b.entries.get(key) as ObjectEntry).value, work, depth + 1);
      if (equal !== true) return equal;
    }
    return true;
  }
  return false;
}

/** The items without repeats, first occurrences kept. */
function distinctItems(items: readonly ValueNode[], context: CallContext): ValueNode[] | Unknown {
  const seenScalars = new Set<string>();
  const kept: ValueNode[] = [];
  const keptCollections: ValueNode[] = [];
  for (const item of items) {
    if (item.kind === 'literal') {
      const key = `${typeof item.value}:${String(item.value)}`;
      if (seenScalars.has(key)) continue;
      seenScalars.add(key);
      kept.push(item);
      continue;
    }
    if (!context.spend(keptCollections.length)) return UNKNOWN;
    let repeated = false;
    for (const other of keptCollections) {
      const equal = valuesEqual(item, other, (amount) => context.spend(amount));
      if (equal === UNKNOWN) return UNKNOWN;
      if (equal) {
        repeated = true;
        break;
      }
    }
    if (repeated) continue;
    keptCollections.push(item);
    kept.push(item);
  }
  return kept;
}

/**
 * The order Terraform iterates a set in: strings lexically, numbers ascending, false before true, null last.
 * Sets of collections iterate in an order of hashes: kept in order of first occurrence.
 */
function setOrder(items: ValueNode[]): ValueNode[] {
  const present = items.filter((item) => !isNull(item));
  const nulls = items.filter(isNull);
  if (!present.every((item) => item.kind === 'literal')) return [...present, ...nulls];
  const sorted = [...present] as LiteralNode[];
  const values = sorted.map((item) => item.value);
  if (values.every((value) => typeof value === 'string')) sorted.sort((x, y) => compareCodePoints(x.value as string, y.value as string));
  else if (values.every((value) => typeof value === 'number')) sorted.sort((x, y) => (x.value as number) - (y.value as number));
  else if (values.every((value) => typeof value === 'boolean')) sorted.sort((x, y) => Number(x.value) - Number(y.value));
  return [...sorted, ...nulls];
}

/**
 * Terraform's conversion of a sequence to one element type: mixed strings, numbers and bools become strings,
 * a number never unifies with a bool, a primitive never with a collection. Collections are kept as they are.
 */
function unifyItems(items: readonly ValueNode[]): ValueNode[] | Failure | Unknown {
  let strings = false;
  let numbers = false;
  let bools = false;
  let lists = false;
  let objects = false;
  let unknown = false;
  for (const item of items) {
    if (item.kind === 'expression') unknown = true;
    else if (item.kind === 'list') lists = true;
    else if (item.kind === 'object') objects = true;
    else if (typeof item.value === 'string') strings = true;
    else if (typeof item.value === 'number') numbers = true;
    else if (typeof item.value === 'boolean') bools = true;
  }
  const primitives = strings || numbers || bools;
  if (lists || objects) {
    // A primitive never unifies with a collection, nor a list with an object; objects of different shapes
    // may or may not (as maps), which is left as it is.
    if (primitives || (lists && objects)) return failure('all elements must have the same type');
    return [...items];
  }
  const kinds = Number(strings) + Number(numbers) + Number(bools);
  // An unknown item may be a string, which would turn the numbers and bools into strings.
  if (kinds <= 1) return unknown && !strings && kinds === 1 ? UNKNOWN : [...items];
  if (!strings) return failure('all elements must have the same type');
  return items.map((item) =>
    item.kind === 'literal' && item.value !== null && typeof item.value !== 'string' ? { ...item, value: templateString(item.value) as string } : item,
  );
}

// ---- JSON -----------------------------------------------------------------------------------------------

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const JSON_NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Decodes JSON as `jsondecode` does (Go's encoding/json): strict syntax, duplicate keys rejected. */
class JsonReader {
  private at = 0;

  constructor(
    private readonly text: string,
    private readonly context: CallContext,
  ) {}

  document(): Outcome {
    const value = this.value(0);
    if (isProblem(value)) return value;
    this.space();
    return this.at < this.text.length ? failure('extraneous data after JSON object') : value;
  }

  private value(depth: number): Outcome {
    if (depth > MAX_NESTING || !this.context.spend(1)) return UNKNOWN;
    this.space();
    switch (this.text[this.at]) {
      case '{':
        return this.object(depth);
      case '[':
        return this.array(depth);
      case '"': {
        const text = this.string();
        return isFailure(text) ? text : literal(text, this.context.range);
      }
      case 't':
        return this.word('true', true);
      case 'f':
        return this.word('false', false);
      case 'n':
        return this.word('null', null);
      default:
        return this.number();
    }
  }

  private space(): void {
    for (;;) {
      const code = this.text.charCodeAt(this.at);
      if (code !== 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return;
      this.at++;
    }
  }

  private invalid(): Failure {
    if (this.at >= this.text.length) return failure('unexpected end of JSON input');
    return failure(`invalid character ${JSON.stringify(this.text[this.at])} at offset ${this.at} of the JSON text`);
  }

  private word(word: string, value: boolean | null): Outcome {
    if (!this.text.startsWith(word, this.at)) return this.invalid();
    this.at += word.length;
    return literal(value, this.context.range);
  }

  private number(): Outcome {
    JSON_NUMBER.lastIndex = this.at;
    const match = JSON_NUMBER.exec(this.text);
    if (!match) return this.invalid();
    this.at += match[0].length;
    const value = Number(match[0]);
    // Terraform's numbers are arbitrary-precision: one beyond a double's range is not representable here.
    return Number.isFinite(value) ? literal(value, this.context.range) : UNKNOWN;
  }

  private string(): string | Failure {
    let end = this.at + 1;
    for (;;) {
      const code = this.text.charCodeAt(end);
      if (Number.isNaN(code) || code < 0x20) {
        this.at = end;
        return this.invalid();
      }
      if (code === 0x22) break;
      end += code === 0x5c ? 2 : 1;
    }
    const raw = this.text.slice(this.at, end + 1);
    this.at = end + 1;
    try {
      // Go decodes an unpaired surrogate escape as U+FFFD.
      return (JSON.parse(raw) as string).replace(LONE_SURROGATE, '\ufffd');
    } catch {
      return failure('invalid escape in a JSON string');
    }
  }

  private array(depth: number): Outcome {
    this.at++;
    const items: ValueNode[] = [];
    this.space();
    if (this.text[this.at] === ']') {
      this.at++;
      return listOf(items, this.context.range);
    }
    for (;;) {
      const item = this.value(depth + 1);
      if (isProblem(item)) return item;
      items.push(item);
      this.space();
      const next = this.text[this.at];
      if (next === ']') break;
      if (next !== ',') return this.invalid();
      this.at++;
    }
    this.at++;
    return listOf(items, this.context.range);
  }

  private object(depth: number): Outcome {
    this.at++;
    const entries = new Map<string, ObjectEntry>();
    const range = this.context.range;
    this.space();
    if (this.text[this.at] === '}') {
      this.at++;
      return { kind: 'object', entries, range };
    }
    for (;;) {
      this.space();
      if (this.text[this.at] !== '"') return this.invalid();
      const key = this.string();
      if (isFailure(key)) return key;
      this.space();
      if (this.text[this.at] !== ':') return this.invalid();
      this.at++;
      const value = this.value(depth + 1);
      if (isProblem(value)) return value;
      if (entries.has(key)) return failure(`duplicate "${key}" property in JSON object`);
      entries.set(key, { key, keyRange: range, value });
      this.space();
      const next = this.text[this.at];
      if (next === '}') break;
      if (next !== ',') return this.invalid();
      this.at++;
    }
    this.at++;
    return { kind: 'object', entries, range };
  }
}

function jsonencode(args: readonly ValueNode[], context: CallContext): Outcome {
  const problem = arity(args, 1);
  if (problem) return problem;
  return jsonEncodedNode(args[0] as ValueNode, context.range, context.characters, () => context.unknownCall());
}

function jsondecode(args: readonly ValueNode[], context: CallContext): Outcome {
  const arg = single(args);
  if (isProblem(arg)) return arg;
  const text = toStringValue(arg);
  if (isProblem(text)) return text;
  if (!context.spend(workFor(text))) return UNKNOWN;
  return new JsonReader(text, context).document();
}

// ---- collections ----------------------------------------------------------------------------------------

function merge(args: readonly ValueNode[], context: CallContext): Outcome {
  for (const arg of args) {
    // Terraform stops checking types at the first argument whose type is not known.
    if (arg.kind === 'expression') return UNKNOWN;
    if (arg.kind !== 'object' && !isNull(arg)) return failure(`arguments must be maps or objects, got ${typeName(arg)}`);
  }
  const entries = new Map<string, ObjectEntry>();
  let allNull = args.length > 0;
  for (const arg of args) {
    if (arg.kind !== 'object') continue;
    allNull = false;
    if (!context.spend(arg.entries.size)) return UNKNOWN;
    for (const [key, entry] of arg.entries) entries.set(key, entry);
  }
  if (allNull) return literal(null, context.range);
  return { kind: 'object', entries, range: context.range };
}

function concat(args: readonly ValueNode[], context: CallContext): Outcome {
  if (args.length === 0) return failure('at least one argument is required');
  for (const arg of args) {
    if (isNull(arg)) return failure('argument must not be null');
    if (arg.kind === 'expression') return UNKNOWN;
    if (arg.kind !== 'list') return failure(`all arguments must be lists or tuples; got ${typeName(arg)}`);
  }
  const items: ValueNode[] = [];
  for (const arg of args as ListNode[]) {
    if (!context.spend(arg.items.length)) return UNKNOWN;
    for (const item of arg.items) items.push(item);
  }
  return listOf(items, context.range);
}

function lookup(args: readonly ValueNode[]): Outcome {
  const problem = arity(args, 2, 3) ?? settled(args.slice(0, 2));
  if (problem) return problem;
  const [map, key, fallback] = args as [Known, Known, ValueNode | undefined];
  if (map.kind !== 'object') return failure('lookup() requires a map as the first argument');
  const name = toStringValue(key);
  if (isProblem(name)) return name;
  const entry = map.entries.get(name);
  if (entry) return entry.value;
  return fallback ?? failure(`lookup failed to find key "${name}"`);
}

function element(args: readonly ValueNode[]): Outcome {
  const problem = arity(args, 2);
  if (problem) return problem;
  const [list, indexArg] = args as [ValueNode, ValueNode];
  if (isNull(list) || isNull(indexArg)) return failure('argument must not be null');
  const index = toIntegerValue(indexArg);
  if (isProblem(index)) return index;
  if (index < 0) return failure('cannot use element function with a negative index');
  if (list.kind === 'expression') return UNKNOWN;
  if (list.kind !== 'list') return failure(`cannot read elements from ${typeName(list)}`);
  if (list.items.length === 0) return failure('cannot use element function with an empty list');
  return list.items[index % list.items.length] as ValueNode;
}

function contains(args: readonly ValueNode[], context: CallContext): Outcome {
  const problem = arity(args, 2);
  if (problem) return problem;
  const [list, value] = args as [ValueNode, ValueNode];
  if (list.kind === 'expression') return UNKNOWN;
  if (isNull(list)) return failure('cannot search a nil list or set');
  if (list.kind !== 'list') return failure('argument must be list, tuple, or set');
  if (list.items.length === 0) return literal(false, context.range);
  if (value.kind === 'expression') return UNKNOWN;
  let undecided = false;
  for (const item of list.items) {
    const equal = valuesEqual(value, item, (amount) => context.spend(amount));
    if (equal === true) return literal(true, context.range);
    if (equal === UNKNOWN) undecided = true;
  }
  return undecided ? UNKNOWN : literal(false, context.range);
}

function flatten(args: readonly ValueNode[], context: CallContext): Outcome {
  const list = single(args);
  if (isProblem(list)) return list;
  if (list.kind !== 'list') return failure('can only flatten lists, sets and tuples');
  const items: ValueNode[] = [];
  const problem = flattenInto(list, items, context, 0);
  return problem ?? listOf(items, context.range);
}

function flattenInto(list: ListNode, out: ValueNode[], context: CallContext, depth: number): Unknown | undefined {
  if (depth > MAX_NESTING || !context.spend(list.items.length)) return UNKNOWN;
  for (const item of list.items) {
    // An unknown item may be a list, whose length decides the result.
    if (item.kind === 'expression') return UNKNOWN;
    if (item.kind !== 'list') {
      out.push(item);
      continue;
    }
    const problem = flattenInto(item, out, context, depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

function distinct(args: readonly ValueNode[], context: CallContext): Outcome {
  const list = single(args);
  if (isProblem(list)) return list;
  if (list.kind !== 'list') return failure(`a list is required, not ${typeName(list)}`);
  const items = unifyItems(list.items);
  if (isProblem(items)) return items;
  if (!context.isWhollyKnown(list)) return UNKNOWN;
  const kept = distinctItems(items, context);
  return isProblem(kept) ? kept : listOf(kept, context.range);
}

function compact(args: readonly ValueNode[], context: CallContext): Outcome {
  const list = single(args);
  if (isProblem(list)) return list;
  if (list.kind !== 'list') return failure(`a list of strings is required, not ${typeName(list)}`);
  if (list.items.some((item) => item.kind === 'list' || item.kind === 'object')) return failure('a list of strings is required');
  if (!context.spend(list.items.length)) return UNKNOWN;
  const items: ValueNode[] = [];
  for (const item of list.items) {
    // An unknown item is kept: it is a value computed at apply time (a policy document's JSON, an ARN), which real
    // code passes through `compact` precisely because it is not empty. Dropping it, or giving up on the whole list,
    // would lose what is known of the others.
    if (item.kind === 'expression') {
      items.push(item);
      continue;
    }
    const literal = item as LiteralNode;
    if (literal.value === null || literal.value === '') continue;
    items.push(typeof literal.value === 'string' ? literal : { ...literal, value: templateString(literal.value) as string });
  }
  return listOf(items, context.range);
}

function sortedEntries(map: ObjectNode): ObjectEntry[] {
  return [...map.entries.values()].sort((a, b) => compareCodePoints(a.key, b.key));
}

function keys(args: readonly ValueNode[], context: CallContext): Outcome {
  const map = single(args);
  if (isProblem(map)) return map;
  if (map.kind !== 'object') return failure('must have map or object type');
  if (!context.spend(map.entries.size)) return UNKNOWN;
  return listOf(
    sortedEntries(map).map((entry) => literal(entry.key, context.range)),
    context.range,
  );
}

function values(args: readonly ValueNode[], context: CallContext): Outcome {
  const map = single(args);
  if (isProblem(map)) return map;
  if (map.kind !== 'object') return failure('values() requires a map as the first argument');
  if (!context.spend(map.entries.size)) return UNKNOWN;
  return listOf(
    sortedEntries(map).map((entry) => entry.value),
    context.range,
  );
}

function zipmap(args: readonly ValueNode[], context: CallContext): Outcome {
  const problem = checked(args, 2);
  if (problem) return problem;
  const [keyList, valueList] = args as [Known, Known];
  if (keyList.kind !== 'list') return failure(`the keys must be a list of strings, not ${typeName(keyList)}`);
  if (valueList.kind !== 'list') return failure(`the values must be a list or tuple, not ${typeName(valueList)}`);
  if (keyList.items.some((item) => item.kind === 'list' || item.kind === 'object')) return failure('the keys must be a list of strings');
  if (!context.isWhollyKnown(keyList)) return UNKNOWN;
  if (keyList.items.length !== valueList.items.length) {
    return failure(`number of keys (${keyList.items.length}) does not match number of values (${valueList.items.length})`);
  }
  if (!context.spend(keyList.items.length)) return UNKNOWN;
  const entries = new Map<string, ObjectEntry>();
  for (let i = 0; i < keyList.items.length; i++) {
    const keyNode = keyList.items[i] as LiteralNode;
    if (keyNode.value === null) return failure(`keys list has null value at index ${i}`);
    const key = templateString(keyNode.value) as string;
    entries.set(key, { key, keyRange: keyNode.range, value: valueList.items[i] as ValueNode });
  }
  return { kind: 'object', entries, range: context.range };
}

function one(args: readonly ValueNode[], context: CallContext): Outcome {
  const list = single(args);
  if (isProblem(list)) return list;
  if (list.kind === 'list' && list.items.length === 0) return literal(null, context.range);
  if (list.kind === 'list' && list.items.length === 1) return list.items[0] as ValueNode;
  return failure('must be a list, set, or tuple value with either zero or one elements');
}

function length(args: readonly ValueNode[], context: CallContext): Outcome {
  const value = single(args);
  if (isProblem(value)) return value;
  if (value.kind === 'list') return literal(value.items.length, context.range);
  if (value.kind === 'object') return literal(value.entries.size, context.range);
  if (typeof value.value !== 'string') return failure('argument must be a string, a collection type, or a structural type');
  if (!context.spend(workFor(value.value))) return UNKNOWN;
  return literal(graphemes(value.value).length, context.range);
}

function coalesce(args: readonly ValueNode[]): Outcome {
  if (args.length === 0) return failure('at least one argument is required');
  // The result has the type all the arguments unify to.
  let strings = false;
  let numbers = false;
  let bools = false;
  let collections = false;
  let unknown = false;
  for (const arg of args) {
    if (arg.kind === 'expression') unknown = true;
    else if (arg.kind !== 'literal') collections = true;
    else if (typeof arg.value === 'string') strings = true;
    else if (typeof arg.value === 'number') numbers = true;
    else if (typeof arg.value === 'boolean') bools = true;
  }
  if (collections && (strings || numbers || bools)) return failure('all arguments must have the same type');
  if (numbers && bools && !strings) return failure('all arguments must have the same type');
  const toStrings = strings && (numbers || bools);
  for (const arg of args) {
    if (arg.kind === 'expression') return UNKNOWN;
    if (isNull(arg)) continue;
    if (arg.kind !== 'literal') return arg;
    const value = toStrings ? (templateString(arg.value) as string) : arg.value;
    if (value === '') continue;
    // An unknown argument may be a string, which would make this number or bool a string.
    if (unknown && typeof value !== 'string') return UNKNOWN;
    return value === arg.value ? arg : { ...arg, value };
  }
  return failure('no non-null, non-empty-string arguments');
}

function coalescelist(args: readonly ValueNode[]): Outcome {
  if (args.length === 0) return failure('at least one argument is required');
  for (const arg of args) {
    // Terraform stops checking types at the first argument that is not known.
    if (arg.kind === 'expression') break;
    if (arg.kind !== 'list') return failure('coalescelist arguments must be lists or tuples');
  }
  for (const arg of args) {
    if (arg.kind === 'expression') return UNKNOWN;
    if (arg.kind === 'list' && arg.items.length > 0) return arg;
  }
  return failure('no non-null arguments');
}

// ---- type conversions -----------------------------------------------------------------------------------

/** One argument that may be null (conversions keep null) but must be known. */
function convertible(args: readonly ValueNode[]): Known | Failure | Unknown {
  const problem = arity(args, 1);
  if (problem) return problem;
  const arg = args[0] as ValueNode;
  return arg.kind === 'expression' ? UNKNOWN : arg;
}

function tostring(args: readonly ValueNode[], context: CallContext): Outcome {
  const arg = convertible(args);
  if (isProblem(arg)) return arg;
  if (isNull(arg)) return literal(null, context.range);
  if (arg.kind !== 'literal') return failure(`cannot convert ${typeName(arg)} to string`);
  return literal(templateString(arg.value) as string, context.range);
}

function tonumber(args: readonly ValueNode[], context: CallContext): Outcome {
  const arg = convertible(args);
  if (isProblem(arg)) return arg;
  if (isNull(arg)) return literal(null, context.range);
  const value = toNumberValue(arg);
  return isProblem(value) ? value : literal(value, context.range);
}

function tobool(args: readonly ValueNode[], context: CallContext): Outcome {
  const arg = convertible(args);
  if (isProblem(arg)) return arg;
  if (isNull(arg)) return literal(null, context.range);
  const value = toBoolValue(arg);
  return isProblem(value) ? value : literal(value, context.range);
}

function tolist(args: readonly ValueNode[], context: CallContext): Outcome {
  const arg = convertible(args);
  if (isProblem(arg)) return arg;
  if (isNull(arg)) return literal(null, context.range);
  if (arg.kind !== 'list') return failure(`cannot convert ${typeName(arg)} to list`);
  const items = unifyItems(arg.items);
  return isProblem(items) ? items : listOf(items, context.range);
}

function toset(args: readonly ValueNode[], context: CallContext): Outcome {
  const arg = convertible(args);
  if (isProblem(arg)) return arg;
  if (isNull(arg)) return literal(null, context.range);
  if (arg.kind !== 'list') return failure(`cannot convert ${typeName(arg)} to set`);
  const items = unifyItems(arg.items);
  if (isProblem(items)) return items;
  // Where an unknown element lands, or whether it repeats another, is not known.
  if (!context.isWhollyKnown(arg)) return UNKNOWN;
  const kept = distinctItems(items, context);
  if (isProblem(kept)) return kept;
  return { ...listOf(setOrder(kept), context.range), set: true };
}

function tomap(args: readonly ValueNode[], context: CallContext): Outcome {
  const arg = convertible(args);
  if (isProblem(arg)) return arg;
  if (isNull(arg)) return literal(null, context.range);
  if (arg.kind !== 'object') return failure(`cannot convert ${typeName(arg)} to map`);
  const entries = [...arg.entries.values()];
  const unified = unifyItems(entries.map((entry) => entry.value));
  if (isProblem(unified)) return unified;
  const out = new Map<string, ObjectEntry>();
  entries.forEach((entry, i) => out.set(entry.key, { ...entry, value: unified[i] as ValueNode }));
  return { kind: 'object', entries: out, range: context.range };
}

// ---- numbers --------------------------------------------------------------------------------------------

function abs(args: readonly ValueNode[], context: CallContext): Outcome {
  const problem = checked(args, 1);
  if (problem) return problem;
  const value = toNumberValue(args[0] as ValueNode);
  return isProblem(value) ? value : literal(Math.abs(value), context.range);
}

function extreme(pick: (a: number, b: number) => number): Implementation {
  return (args, context) => {
    if (args.length === 0) return failure('must provide at least one argument');
    const problem = settled(args);
    if (problem) return problem;
    let result: number | undefined;
    for (const arg of args) {
      const value = toNumberValue(arg);
      if (isProblem(value)) return value;
      result = result === undefined ? value : pick(result, value);
    }
    return literal(result as number, context.range);
  };
}

// ---- strings --------------------------------------------------------------------------------------------

/** A function of one string argument giving a string. */
function stringFunction(transform: (text: string) => string | Unknown): Implementation {
  return (args, context) => {
    const problem = checked(args, 1);
    if (problem) return problem;
    const text = toStringValue(args[0] as ValueNode);
    if (isProblem(text)) return text;
    if (!context.spend(workFor(text))) return UNKNOWN;
    const result = transform(text);
    return typeof result === 'string' ? stringResult(result, context) : result;
  };
}

/** Go's strings.ToUpper/ToLower map each code point alone; where JavaScript's full mapping differs (ß → SS) the result is unknown. */
function mapCase(map: (text: string) => string): (text: string) => string | Unknown {
  return (text) => {
    if (/^[\x00-\x7f]*$/.test(text)) return map(text);
    let out = '';
    for (const character of text) {
      const mapped = map(character);
      if ([...mapped].length !== 1) return UNKNOWN;
      out += mapped;
    }
    return out;
  };
}

/** Go's strings.Title: the first letter after a separator is upper-cased. ASCII only: Unicode title case differs from upper case. */
function title(text: string): string | Unknown {
  if (!/^[\x00-\x7f]*$/.test(text)) return UNKNOWN;
  let out = '';
  let afterSeparator = true;
  for (const character of text) {
    out += afterSeparator ? character.toUpperCase() : character;
    afterSeparator = !/[0-9A-Za-z_]/.test(character);
  }
  return out;
}

/** Go's unicode.IsSpace. */
function isGoSpace(code: number): boolean {
  return (
    (code >= 0x09 && code <= 0x0d) ||
    code === 0x20 ||
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

function trimspace(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isGoSpace(text.charCodeAt(start))) start++;
  while (end > start && isGoSpace(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

/** A function of string arguments, all required. */
function stringsFunction(count: number, compute: (texts: string[], context: CallContext) => Outcome): Implementation {
  return (args, context) => {
    const problem = checked(args, count);
    if (problem) return problem;
    const texts: string[] = [];
    for (const arg of args) {
      const text = toStringValue(arg);
      if (isProblem(text)) return text;
      texts.push(text);
    }
    if (!context.spend(texts.reduce((sum, text) => sum + workFor(text), 0))) return UNKNOWN;
    return compute(texts, context);
  };
}

function split([separator, text]: string[], context: CallContext): Outcome {
  // Go's strings.Split: an empty separator splits after each character; an empty string gives one empty part.
  const parts = separator === '' ? Array.from(text as string) : (text as string).split(separator as string);
  if (!context.spend(parts.length)) return UNKNOWN;
  return listOf(
    parts.map((part) => literal(part, context.range)),
    context.range,
  );
}

function join(args: readonly ValueNode[], context: CallContext): Outcome {
  if (args.length === 0) return failure('not enough arguments: a separator is required');
  const [separatorArg, ...lists] = args as [ValueNode, ...ValueNode[]];
  if (lists.length === 0) return failure('at least one list is required');
  const problem = settled(args);
  if (problem) return problem;
  const separator = toStringValue(separatorArg);
  if (isProblem(separator)) return separator;
  for (const list of lists) {
    if (list.kind !== 'list') return failure(`a list of strings is required, not ${typeName(list)}`);
    if (list.items.some((item) => item.kind === 'list' || item.kind === 'object')) return failure('a list of strings is required');
  }
  if (!lists.every((list) => context.isWhollyKnown(list))) return UNKNOWN;
  const pieces: string[] = [];
  let size = 0;
  for (let listIndex = 0; listIndex < lists.length; listIndex++) {
    const items = (lists[listIndex] as ListNode).items as LiteralNode[];
    if (!context.spend(items.length)) return UNKNOWN;
    for (let i = 0; i < items.length; i++) {
      const value = (items[i] as LiteralNode).value;
      if (value === null) {
        const which = lists.length > 1 ? `element ${i} of list ${listIndex + 1}` : `element ${i}`;
        return failure(`${which} is null; cannot concatenate null values`);
      }
      const piece = templateString(value) as string;
      size += piece.length + separator.length;
      if (size > context.characters.remaining + separator.length) return UNKNOWN;
      pieces.push(piece);
    }
  }
  return stringResult(pieces.join(separator), context);
}

function startswith([text, prefix]: string[], context: CallContext): Outcome {
  return literal((text as string).startsWith(prefix as string), context.range);
}

function endswith([text, suffix]: string[], context: CallContext): Outcome {
  return literal((text as string).endsWith(suffix as string), context.range);
}

function substr(args: readonly ValueNode[], context: CallContext): Outcome {
  const problem = checked(args, 3);
  if (problem) return problem;
  const text = toStringValue(args[0] as ValueNode);
  if (isProblem(text)) return text;
  const offsetArg = toIntegerValue(args[1] as ValueNode);
  if (isProblem(offsetArg)) return offsetArg;
  const count = toIntegerValue(args[2] as ValueNode);
  if (isProblem(count)) return count;
  if (!context.spend(workFor(text))) return UNKNOWN;
  const characters = graphemes(text);
  let offset = offsetArg;
  if (offset < 0) offset = Math.max(0, offset + characters.length);
  if (count === 0) return stringResult('', context);
  const end = count < 0 ? characters.length : offset + count;
  return stringResult(characters.slice(offset, end).join(''), context);
}

// ---- replace and regular expressions --------------------------------------------------------------------

function replace([text, search, replacement]: string[], context: CallContext): Outcome {
  const subject = text as string;
  const pattern = search as string;
  const substitute = replacement as string;
  // Terraform treats a search string written between slashes as a regular expression (Go's RE2 syntax).
  if (pattern.length > 1 && pattern.startsWith('/') && pattern.endsWith('/')) {
    const result = replaceRegex(subject, pattern.slice(1, -1), substitute, context);
    return typeof result === 'string' ? stringResult(result, context) : result;
  }
  if (pattern === '') {
    // Go inserts the replacement before every character and at the end.
    const characters = Array.from(subject);
    if (subject.length + (characters.length + 1) * substitute.length > context.characters.remaining) return UNKNOWN;
    return stringResult(substitute + characters.map((character) => character + substitute).join(''), context);
  }
  const parts = subject.split(pattern);
  if (subject.length + (parts.length - 1) * (substitute.length - pattern.length) > context.characters.remaining) return UNKNOWN;
  return stringResult(parts.join(substitute), context);
}

/** A Go regular expression turned into an equivalent JavaScript one. */
interface TranslatedRegex {
  source: string;
  flags: string;
  /** How many paths a backtracking match may try per starting position, as a power of the input length. */
  quantifiers: number;
  /** Product of the alternatives of every alternation. */
  branches: number;
}

/** Backtracking work a regular expression replacement may risk: JavaScript's engine is not linear like Go's. */
const MAX_REGEX_COST = 5_000_000;

function replaceRegex(text: string, pattern: string, replacement: string, context: CallContext): string | Unknown {
  const translated = translateRe2(pattern);
  if (!translated) return UNKNOWN;
  const cost = (text.length + 1) ** (translated.quantifiers + 1) * translated.branches;
  if (!(cost <= MAX_REGEX_COST) || !context.spend(Math.ceil(cost / 64))) return UNKNOWN;
  let regex: RegExp;
  try {
    regex = new RegExp(translated.source, translated.flags + 'g');
  } catch {
    return UNKNOWN;
  }
  // Go's Regexp.ReplaceAllString: an empty match right after the previous match is not replaced.
  let out = '';
  let searchAt = 0;
  let lastEnd = 0;
  while (searchAt <= text.length) {
    regex.lastIndex = searchAt;
    const match = regex.exec(text);
    if (!match) break;
    const start = match.index;
    const end = start + match[0].length;
    out += text.slice(lastEnd, start);
    if (end > lastEnd || start === 0) out += expandReplacement(replacement, match);
    lastEnd = end;
    const width = searchAt < text.length ? ((text.codePointAt(searchAt) as number) > 0xffff ? 2 : 1) : 0;
    if (searchAt + width > end) searchAt += width;
    else if (searchAt + 1 > end) searchAt++;
    else searchAt = end;
    if (out.length > context.characters.remaining) return UNKNOWN;
  }
  return out + text.slice(lastEnd);
}

/** Go's Regexp.Expand: `$1`, `${1}`, `$name`, `${name}`, `$$`; a name is the longest run of letters, digits and `_`. */
function expandReplacement(template: string, match: RegExpExecArray): string {
  let out = '';
  let at = 0;
  for (;;) {
    const dollar = template.indexOf('$', at);
    if (dollar < 0) break;
    out += template.slice(at, dollar);
    at = dollar + 1;
    if (template[at] === '$') {
      out += '$';
      at++;
      continue;
    }
    const reference = /^(?:\{([\p{L}\p{Nd}_]+)\}|([\p{L}\p{Nd}_]+))/u.exec(template.slice(at));
    if (!reference) {
      out += '$';
      continue;
    }
    at += reference[0].length;
    const name = (reference[1] ?? reference[2]) as string;
    if (/^\d+$/.test(name) && (name === '0' || !name.startsWith('0'))) out += match[Number(name)] ?? '';
    else out += match.groups?.[name] ?? '';
  }
  return out + template.slice(at);
}

/** A character in a JavaScript `u` pattern, written so that it means itself wherever it appears. */
function patternCharacter(character: string): string {
  return /^[A-Za-z0-9 _]$/.test(character) ? character : `\\u{${(character.codePointAt(0) as number).toString(16)}}`;
}

const GO_SPACE_CLASS = '\\t\\n\\f\\r ';
const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  digit: '0-9',
  lower: 'a-z',
  upper: 'A-Z',
  space: '\\t\\n\\v\\f\\r ',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

/** One escape sequence (`chars[at]` is the backslash): its JavaScript form, or undefined when not translatable. */
function translateEscape(chars: readonly string[], at: number, inClass: boolean): { text: string; next: number; anchor?: boolean } | undefined {
  const c = chars[at + 1];
  if (c === undefined) return undefined;
  const next = at + 2;
  switch (c) {
    case 'd':
    case 'D':
    case 'w':
    case 'W':
      return { text: `\\${c}`, next };
    case 's':
      // Go's \s is [\t\n\f\r ] only; JavaScript's includes \v and Unicode spaces.
      return { text: inClass ? GO_SPACE_CLASS : `[${GO_SPACE_CLASS}]`, next };
    case 'S':
      return inClass ? undefined : { text: `[^${GO_SPACE_CLASS}]`, next };
    case 'b':
    case 'B':
      return inClass ? undefined : { text: `\\${c}`, next, anchor: true };
    case 'A':
      return inClass ? undefined : { text: '^', next, anchor: true };
    case 'z':
      return inClass ? undefined : { text: '$', next, anchor: true };
    case 'n':
      return { text: '\\n', next };
    case 't':
      return { text: '\\t', next };
    case 'r':
      return { text: '\\r', next };
    case 'f':
      return { text: '\\f', next };
    case 'v':
      return { text: '\\v', next };
    case 'a':
      return { text: '\\x07', next };
    case 'x': {
      const rest = chars.slice(next, next + 12).join('');
      const hex = /^(?:\{([0-9A-Fa-f]{1,6})\}|([0-9A-Fa-f]{2}))/.exec(rest);
      if (!hex) return undefined;
      const code = parseInt((hex[1] ?? hex[2]) as string, 16);
      if (code > 0x10ffff) return undefined;
      return { text: `\\u{${code.toString(16)}}`, next: next + hex[0].length };
    }
    default:
      // Escaped punctuation is itself; other letters and digits are classes or errors we do not model.
      return /^[\p{L}\p{N}]$/u.test(c) ? undefined : { text: patternCharacter(c), next };
  }
}

/** A bracketed class (`chars[at]` is `[`). */
function translateClass(chars: readonly string[], at: number): { text: string; next: number } | undefined {
  let i = at + 1;
  let out = '[';
  if (chars[i] === '^') {
    out += '^';
    i++;
  }
  let first = true;
  for (;;) {
    const c = chars[i];
    if (c === undefined) return undefined;
    if (c === ']' && !first) return { text: out + ']', next: i + 1 };
    first = false;
    if (c === '[' && chars[i + 1] === ':') {
      const rest = chars.slice(i, i + 12).join('');
      const posix = /^\[:([a-z]+):\]/.exec(rest);
      const expansion = posix ? POSIX_CLASSES[posix[1] as string] : undefined;
      if (!posix || expansion === undefined) return undefined;
      out += expansion;
      i += posix[0].length;
      continue;
    }
    let low: string;
    let lowText: string;
    if (c === '\\') {
      const escape = translateEscape(chars, i, true);
      if (!escape) return undefined;
      i = escape.next;
      // A class escape (\d, \s) cannot start a range.
      if (!/^\\u\{[0-9a-f]+\}$|^\\[ntrfv]$|^\\x07$/.test(escape.text)) {
        out += escape.text;
        continue;
      }
      low = escapedCharacter(escape.text);
      lowText = escape.text;
    } else {
      low = c;
      lowText = patternCharacter(c);
      i++;
    }
    if (chars[i] === '-' && chars[i + 1] !== undefined && chars[i + 1] !== ']') {
      let high: string;
      let highText: string;
      if (chars[i + 1] === '\\') {
        const escape = translateEscape(chars, i + 1, true);
        if (!escape || !/^\\u\{[0-9a-f]+\}$|^\\[ntrfv]$|^\\x07$/.test(escape.text)) return undefined;
        high = escapedCharacter(escape.text);
        highText = escape.text;
        i = escape.next;
      } else {
        high = chars[i + 1] as string;
        highText = patternCharacter(high);
        i += 2;
      }
      if ((low.codePointAt(0) as number) > (high.codePointAt(0) as number)) return undefined;
      out += `${lowText}-${highText}`;
      continue;
    }
    out += lowText;
  }
}

function escapedCharacter(text: string): string {
  const named: Record<string, string> = { '\\n': '\n', '\\t': '\t', '\\r': '\r', '\\f': '\f', '\\v': '\v', '\\x07': '\x07' };
  return named[text] ?? String.fromCodePoint(parseInt(text.slice(3, -1), 16));
}

/**
 * Translates the subset of Go's RE2 syntax whose meaning JavaScript shares, or gives undefined: inline flags
 * other than a leading `(?i)` / `(?s)`, Unicode classes, `\Q…\E`, octal escapes, and any repetition of a group
 * that itself repeats or alternates (the backtracking blow-up Go's linear engine never has).
 */
export function translateRe2(pattern: string): TranslatedRegex | undefined {
  const chars = Array.from(pattern);
  let i = 0;
  let flags = 'u';
  let dotAll = false;
  const leading = /^\(\?([is]+)\)/.exec(pattern);
  if (leading) {
    const names = leading[1] as string;
    if (names.includes('i')) flags += 'i';
    dotAll = names.includes('s');
    i = leading[0].length;
  }
  let out = '';
  let quantifiers = 0;
  let branches = 1;
  /** Open groups: whether each holds a repetition or alternation, and its alternatives. */
  const groups: { repeats: boolean; alternatives: number }[] = [{ repeats: false, alternatives: 1 }];
  /** What a following repetition operator would apply to. */
  let last: 'none' | 'atom' | 'anchor' | 'repeated' | 'plain group' | 'repeating group' = 'none';
  const current = (): { repeats: boolean; alternatives: number } => groups[groups.length - 1] as { repeats: boolean; alternatives: number };

  const repeat = (operator: string): boolean => {
    if (last !== 'atom' && last !== 'plain group') return false;
    out += operator;
    if (chars[i] === '?') {
      out += '?';
      i++;
    }
    quantifiers++;
    current().repeats = true;
    last = 'repeated';
    return true;
  };

  while (i < chars.length) {
    const c = chars[i] as string;
    switch (c) {
      case '\\': {
        const escape = translateEscape(chars, i, false);
        if (!escape) return undefined;
        out += escape.text;
        i = escape.next;
        last = escape.anchor ? 'anchor' : 'atom';
        break;
      }
      case '.':
        // Go's `.` matches anything but \n; JavaScript's also stops at \r, U+2028 and U+2029.
        out += dotAll ? '[\\s\\S]' : '[^\\n]';
        i++;
        last = 'atom';
        break;
      case '^':
      case '$':
        out += c;
        i++;
        last = 'anchor';
        break;
      case '[': {
        const translated = translateClass(chars, i);
        if (!translated) return undefined;
        out += translated.text;
        i = translated.next;
        last = 'atom';
        break;
      }
      case '(': {
        if (chars[i + 1] === '?') {
          const rest = chars.slice(i, i + 40).join('');
          const named = /^\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest);
          if (rest.startsWith('(?:')) {
            out += '(?:';
            i += 3;
          } else if (named) {
            out += `(?<${named[1] as string}>`;
            i += named[0].length;
          } else {
            return undefined;
          }
        } else {
          out += '(';
          i++;
        }
        groups.push({ repeats: false, alternatives: 1 });
        last = 'none';
        break;
      }
      case ')': {
        if (groups.length === 1) return undefined;
        const group = groups.pop() as { repeats: boolean; alternatives: number };
        branches *= group.alternatives;
        if (group.repeats) current().repeats = true;
        out += ')';
        i++;
        last = group.repeats ? 'repeating group' : 'plain group';
        break;
      }
      case '|':
        out += '|';
        current().repeats = true;
        current().alternatives++;
        i++;
        last = 'none';
        break;
      case '*':
      case '+':
      case '?':
        i++;
        if (!repeat(c)) return undefined;
        break;
      case '{': {
        const bounds = /^\{(\d+)(?:(,)(\d*))?\}/.exec(chars.slice(i, i + 16).join(''));
        if (!bounds) {
          // Not a repetition: Go reads the brace literally.
          out += patternCharacter(c);
          i++;
          last = 'atom';
          break;
        }
        const min = Number(bounds[1]);
        const max = bounds[2] === undefined ? min : bounds[3] === '' ? undefined : Number(bounds[3]);
        if (min > 1000 || (max !== undefined && (max > 1000 || max < min))) return undefined;
        i += bounds[0].length;
        if (!repeat(bounds[0])) return undefined;
        break;
      }
      default:
        out += patternCharacter(c);
        i++;
        last = 'atom';
    }
  }
  if (groups.length !== 1) return undefined;
  branches *= current().alternatives;
  return { source: out, flags, quantifiers, branches };
}

// ---- format ---------------------------------------------------------------------------------------------

interface FormatVerb {
  raw: string;
  offset: number;
  /** One-based argument number. */
  arg: number;
  zero: boolean;
  sharp: boolean;
  minus: boolean;
  plus: boolean;
  space: boolean;
  width?: number;
  precision?: number;
  mode: string;
}

/** Widths and precisions beyond these are left unknown rather than padded. */
const MAX_FORMAT_WIDTH = 10_000;

/** The literal text and verbs of a format string, in order (cty's format grammar). */
function parseFormat(spec: string): (string | FormatVerb)[] | Failure | Unknown {
  const pieces: (string | FormatVerb)[] = [];
  let text = '';
  let nextArg = 1;
  let i = 0;
  const digits = (): string => {
    const start = i;
    while (i < spec.length && spec.charCodeAt(i) >= 0x30 && spec.charCodeAt(i) <= 0x39) i++;
    return spec.slice(start, i);
  };
  while (i < spec.length) {
    const c = spec[i] as string;
    if (c !== '%') {
      text += c;
      i++;
      continue;
    }
    if (spec[i + 1] === '%') {
      text += '%';
      i += 2;
      continue;
    }
    const start = i++;
    const verb: FormatVerb = { raw: '', offset: start, arg: nextArg, zero: false, sharp: false, minus: false, plus: false, space: false, mode: '' };
    for (let flag = spec[i]; flag === '0' || flag === '#' || flag === '-' || flag === '+' || flag === ' '; flag = spec[++i]) {
      if (flag === '0') verb.zero = true;
      else if (flag === '#') verb.sharp = true;
      else if (flag === '-') verb.minus = true;
      else if (flag === '+') verb.plus = true;
      else verb.space = true;
    }
    if (spec[i] === '[') {
      i++;
      const number = digits();
      if (number === '' || number.startsWith('0') || spec[i] !== ']') return formatSyntaxError(spec, i);
      verb.arg = Number(number);
      i++;
    }
    if (spec[i] === '*') return UNKNOWN;
    const width = digits();
    if (width !== '') verb.width = Number(width);
    if (spec[i] === '.') {
      i++;
      if (spec[i] === '*') return UNKNOWN;
      verb.precision = Number(digits() || '0');
    }
    const mode = spec[i];
    if (mode === undefined || !/^[A-Za-z]$/.test(mode)) return formatSyntaxError(spec, i);
    i++;
    verb.mode = mode;
    verb.raw = spec.slice(start, i);
    if ((verb.width ?? 0) > MAX_FORMAT_WIDTH || (verb.precision ?? 0) > MAX_FORMAT_WIDTH) return UNKNOWN;
    pieces.push(text, verb);
    text = '';
    nextArg = verb.arg + 1;
  }
  pieces.push(text);
  return pieces;
}

function formatSyntaxError(spec: string, at: number): Failure {
  if (at >= spec.length) return failure(`invalid format string starting at offset ${at}`);
  return failure(`unrecognized format character ${JSON.stringify(spec[at])} at offset ${at}`);
}

/** Pads to the verb's width, counting grapheme clusters (cty's rule for strings and default formats). */
function padWidth(verb: FormatVerb, text: string): string {
  if (verb.width === undefined) return text;
  const missing = verb.width - graphemes(text).length;
  if (missing <= 0) return text;
  const padding = (verb.zero ? '0' : ' ').repeat(missing);
  return verb.minus ? text + padding : padding + text;
}

/** Go's shortest `%g` form (`%v` of a number): exponent form below 1e-4 and from 1e6. */
function shortestG(value: number): string {
  if (value === 0) return '0';
  const [mantissa, exponentText] = value.toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return formatNumber(value);
}

/** `value` with `precision` decimals, rounded as Go rounds; unknown on an exact decimal tie (the binary value decides it). */
function fixedDecimal(value: number, precision: number): string | Unknown {
  const [mantissa, exponentText] = Math.abs(value).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const kept = Number(exponentText) + 1 + precision;
  let scaled: bigint;
  if (kept < 0) scaled = 0n;
  else {
    const head = digits.slice(0, kept).padEnd(kept, '0');
    const rest = digits.slice(kept);
    scaled = BigInt(head === '' ? '0' : head);
    if (rest !== '') {
      if (rest === '5') return UNKNOWN;
      if ((rest[0] as string) >= '5') scaled += 1n;
    }
  }
  const text = scaled.toString().padStart(precision + 1, '0');
  return precision === 0 ? text : `${text.slice(0, -precision)}.${text.slice(-precision)}`;
}

function formatVerbValue(verb: FormatVerb, arg: ValueNode): string | Failure | Unknown {
  const problem = (message: string): Failure => failure(`unsupported value for "${verb.raw}" at ${verb.offset}: ${message}`);
  if (verb.mode !== 'v' && isNull(arg)) return problem('null value cannot be formatted');
  switch (verb.mode) {
    case 'v': {
      if (!verb.sharp && arg.kind === 'literal' && typeof arg.value === 'string') return padWidth(verb, arg.value);
      if (!verb.sharp && arg.kind === 'literal' && typeof arg.value === 'number') return padWidth(verb, shortestG(arg.value));
      const json = jsonEncode(arg);
      return json === undefined ? UNKNOWN : padWidth(verb, json);
    }
    case 't': {
      const value = toBoolValue(arg);
      return isFailure(value) ? problem('bool required') : isProblem(value) ? value : value ? 'true' : 'false';
    }
    case 'd':
    case 'b':
    case 'o':
    case 'x':
    case 'X': {
      const number = toNumberValue(arg);
      if (isFailure(number)) return problem('number required');
      if (isProblem(number)) return number;
      if (!Number.isInteger(number)) return problem('an integer is required');
      if (!Number.isSafeInteger(number)) return UNKNOWN;
      return formatInteger(verb, number);
    }
    case 'f':
    case 'F': {
      const number = toNumberValue(arg);
      if (isFailure(number)) return problem('number required');
      if (isProblem(number)) return number;
      return formatFixed(verb, number);
    }
    case 'e':
    case 'E':
    case 'g':
    case 'G': {
      const number = toNumberValue(arg);
      return isFailure(number) ? problem('number required') : UNKNOWN;
    }
    case 's':
    case 'q': {
      const value = toStringValue(arg);
      if (isFailure(value)) return problem('string required');
      if (isProblem(value)) return value;
      const text = verb.precision !== undefined && verb.precision > 0 ? graphemes(value).slice(0, verb.precision).join('') : value;
      return padWidth(verb, verb.mode === 'q' ? goJsonString(text) : text);
    }
    default:
      return failure(`unsupported format verb '${verb.mode}' in "${verb.raw}" at offset ${verb.offset}`);
  }
}

/** Go's integer formatting (math/big's Int.Format): sign, `#` prefix, precision as minimum digits, width. */
function formatInteger(verb: FormatVerb, value: number): string {
  const radix = verb.mode === 'b' ? 2 : verb.mode === 'o' ? 8 : verb.mode === 'd' ? 10 : 16;
  let digits = Math.abs(value).toString(radix);
  if (verb.mode === 'X') digits = digits.toUpperCase();
  const sign = value < 0 ? '-' : verb.plus ? '+' : verb.space ? ' ' : '';
  let prefix = '';
  if (verb.sharp) prefix = verb.mode === 'b' ? '0b' : verb.mode === 'o' ? '0' : verb.mode === 'x' ? '0x' : verb.mode === 'X' ? '0X' : '';
  let zeros = 0;
  if (verb.precision !== undefined) {
    if (digits.length < verb.precision) zeros = verb.precision - digits.length;
    else if (digits === '0' && verb.precision === 0) return '';
  }
  const size = sign.length + prefix.length + zeros + digits.length;
  let left = 0;
  let right = 0;
  if (verb.width !== undefined && size < verb.width) {
    const pad = verb.width - size;
    if (verb.minus) right = pad;
    else if (verb.zero && verb.precision === undefined) zeros = pad;
    else left = pad;
  }
  return ' '.repeat(left) + sign + prefix + '0'.repeat(zeros) + digits + ' '.repeat(right);
}

/** Go's `%f` of a math/big Float: default precision 6; the `0` flag pads with zeros even with `-`. */
function formatFixed(verb: FormatVerb, value: number): string | Unknown {
  const digits = fixedDecimal(value, verb.precision ?? 6);
  if (typeof digits !== 'string') return digits;
  const sign = value < 0 || Object.is(value, -0) ? '-' : verb.plus ? '+' : verb.space ? ' ' : '';
  const padding = verb.width !== undefined ? Math.max(0, verb.width - sign.length - digits.length) : 0;
  if (verb.zero) return sign + '0'.repeat(padding) + digits;
  if (verb.minus) return sign + digits + ' '.repeat(padding);
  return ' '.repeat(padding) + sign + digits;
}

/** Formats wholly known arguments. */
function formatText(spec: string, args: readonly ValueNode[], context: CallContext): string | Failure | Unknown {
  const pieces = parseFormat(spec);
  if (isProblem(pieces)) return pieces;
  let out = '';
  let used = 0;
  for (const piece of pieces) {
    if (typeof piece === 'string') {
      out += piece;
    } else {
      const arg = args[piece.arg - 1];
      if (arg === undefined) {
        return failure(`not enough arguments for "${piece.raw}" at ${piece.offset}: need index ${piece.arg} but have ${args.length} total`);
      }
      used = Math.max(used, piece.arg);
      const text = formatVerbValue(piece, arg);
      if (typeof text !== 'string') return text;
      out += text;
    }
    if (out.length > context.characters.remaining) return UNKNOWN;
  }
  if (args.length > used) {
    return failure(used === 0 ? 'too many arguments; no verbs in format string' : `too many arguments; only ${used} used by format string`);
  }
  return out;
}

/** The format string argument: a string, required and known. */
function formatSpec(args: readonly ValueNode[]): string | Failure | Unknown {
  const spec = args[0];
  if (spec === undefined) return failure('not enough arguments: a format string is required');
  if (isNull(spec)) return failure('argument must not be null');
  return toStringValue(spec);
}

function format(args: readonly ValueNode[], context: CallContext): Outcome {
  const spec = formatSpec(args);
  if (isProblem(spec)) return spec;
  const values = args.slice(1);
  // Any unknown part stops Terraform: a collection is printed as JSON, which needs all of it.
  if (!values.every((value) => context.isWhollyKnown(value))) return UNKNOWN;
  if (!context.spend(workFor(spec) + values.length)) return UNKNOWN;
  const text = formatText(spec, values, context);
  return typeof text === 'string' ? stringResult(text, context) : text;
}

function formatlist(args: readonly ValueNode[], context: CallContext): Outcome {
  const spec = formatSpec(args);
  if (isProblem(spec)) return spec;
  const values = args.slice(1);
  let count = -1;
  let chooser = -1;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as ValueNode;
    // Whether an unknown argument is a list to iterate is not known.
    if (value.kind === 'expression') return UNKNOWN;
    if (value.kind !== 'list') continue;
    if (count === -1) {
      count = value.items.length;
      chooser = i;
    } else if (value.items.length !== count) {
      return failure(`argument ${i + 1} has length ${value.items.length}, which is inconsistent with argument ${chooser + 1} of length ${count}`);
    }
  }
  if (count === -1) count = 1;
  if (!context.spend(count * (1 + values.length) + workFor(spec))) return UNKNOWN;
  const items: ValueNode[] = [];
  for (let k = 0; k < count; k++) {
    const row = values.map((value) => (value.kind === 'list' ? (value.items[k] as ValueNode) : value));
    if (!row.every((value) => context.isWhollyKnown(value))) {
      items.push(context.unknownCall());
      continue;
    }
    const text = formatText(spec, row, context);
    if (isFailure(text)) return failure(`error on format iteration ${k}: ${text.message}`);
    if (isProblem(text)) return text;
    const item = stringResult(text, context);
    if (isProblem(item)) return item;
    items.push(item);
  }
  return listOf(items, context.range);
}

// ---- the library ----------------------------------------------------------------------------------------

const FUNCTIONS: ReadonlyMap<string, Implementation> = new Map<string, Implementation>([
  ['abs', abs],
  ['coalesce', coalesce],
  ['coalescelist', coalescelist],
  ['compact', compact],
  ['concat', concat],
  ['contains', contains],
  ['distinct', distinct],
  ['element', element],
  ['endswith', stringsFunction(2, endswith)],
  ['flatten', flatten],
  ['format', format],
  ['formatlist', formatlist],
  ['join', join],
  ['jsondecode', jsondecode],
  ['jsonencode', jsonencode],
  ['keys', keys],
  ['length', length],
  ['lookup', lookup],
  ['lower', stringFunction(mapCase((text) => text.toLowerCase()))],
  ['max', extreme(Math.max)],
  ['merge', merge],
  ['min', extreme(Math.min)],
  ['one', one],
  ['replace', stringsFunction(3, replace)],
  ['split', stringsFunction(2, split)],
  ['startswith', stringsFunction(2, startswith)],
  ['substr', substr],
  ['title', stringFunction(title)],
  ['tobool', tobool],
  ['tolist', tolist],
  ['tomap', tomap],
  ['tonumber', tonumber],
  ['toset', toset],
  ['tostring', tostring],
  ['trimspace', stringFunction(trimspace)],
  ['upper', stringFunction(mapCase((text) => text.toUpperCase()))],
  ['values', values],
  ['zipmap', zipmap],
]);

/** The functions `callFunction` evaluates (`try` and `can` are evaluated by evaluate.ts). */
export function isSupportedFunction(name: string): boolean {
  return FUNCTIONS.has(name);
}

/** Calls a supported function on evaluated arguments (unknown ones as expression nodes). */
export function callFunction(name: string, args: readonly ValueNode[], context: CallContext): Outcome {
  const implementation = FUNCTIONS.get(name);
  return implementation ? implementation(args, context) : UNKNOWN;
}
