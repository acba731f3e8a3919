/**
 * A strict JSON (RFC 8259) parser that keeps the source range of every value and every object key.
 *
 * Hand-written rather than `JSON.parse` because rules need positions. It is linear: one pass over the text with
 * `charCodeAt`, no regular expressions, and an explicit stack instead of recursion so that deep nesting gives a
 * diagnostic instead of a stack overflow. Ranges are 1-based; `end` is exclusive (the column just after the last
 * character), as in SARIF and LSP. Columns count UTF-16 code units; a leading byte order mark is not counted.
 */

import type {
  Diagnostic,
  ListNode,
  ObjectEntry,
  ObjectNode,
  Position,
  SourceRange,
  ValueNode,
} from '../src/graph/types.js';
import { capDiagnostics } from './diagnostics.js';

export interface JsonParseOptions {
  /** Containers (objects and arrays) allowed inside each other. Default 1000. */
  maxDepth?: number;
}

export interface JsonParseResult {
  /** Absent when the text is not valid JSON or nests too deeply. */
  value?: ValueNode;
  diagnostics: Diagnostic[];
}

export const DEFAULT_JSON_MAX_DEPTH = 1000;

export function parseJson(file: string, text: string, options: JsonParseOptions = {}): JsonParseResult {
  const parser = new JsonParser(file, text, options.maxDepth ?? DEFAULT_JSON_MAX_DEPTH);
  try {
    const value = parser.parseDocument();
    return { value, diagnostics: capDiagnostics(file, parser.diagnostics) };
  } catch (error) {
    if (error instanceof JsonFailure) return { diagnostics: [error.diagnostic] };
    // Not expected; the promise is that no input text ever makes the parser throw.
    const message = `Internal error while parsing JSON: ${error instanceof Error ? error.message : String(error)}`;
    return { diagnostics: [{ file, message, severity: 'error', code: 'parse-error' }] };
  }
}

/** Thrown inside the parser to abandon the document; always caught by `parseJson`. */
class JsonFailure extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

const TAB = 0x09;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const SPACE = 0x20;
const QUOTE = 0x22;
const PLUS = 0x2b;
const COMMA = 0x2c;
const MINUS = 0x2d;
const DOT = 0x2e;
const SLASH = 0x2f;
const DIGIT_0 = 0x30;
const DIGIT_1 = 0x31;
const DIGIT_9 = 0x39;
const COLON = 0x3a;
const LEFT_BRACKET = 0x5b;
const BACKSLASH = 0x5c;
const RIGHT_BRACKET = 0x5d;
const LOWER_E = 0x65;
const UPPER_E = 0x45;
const LOWER_F = 0x66;
const LOWER_N = 0x6e;
const LOWER_T = 0x74;
const LEFT_BRACE = 0x7b;
const RIGHT_BRACE = 0x7d;
const BYTE_ORDER_MARK = 0xfeff;

/** Single-character escapes after a backslash, by the character's code. */
const SIMPLE_ESCAPES: ReadonlyMap<number, string> = new Map([
  [QUOTE, '"'],
  [BACKSLASH, '\\'],
  [SLASH, '/'],
  [0x62, '\b'],
  [LOWER_F, '\f'],
  [LOWER_N, '\n'],
  [0x72, '\r'],
  [LOWER_T, '\t'],
]);

interface ObjectFrame {
  kind: 'object';
  start: Position;
  entries: Map<string, ObjectEntry>;
  /** The key whose value is being parsed. */
  key: string;
  keyRange: SourceRange;
}

interface ArrayFrame {
  kind: 'array';
  start: Position;
  items: ValueNode[];
}

type Frame = ObjectFrame | ArrayFrame;

class JsonParser {
  readonly diagnostics: Diagnostic[] = [];
  private pos: number;
  private line = 1;
  /** Offset of the first character of the current line: columns are measured from it. */
  private lineStart: number;
  private readonly length: number;

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly maxDepth: number,
  ) {
    this.length = text.length;
    this.pos = text.charCodeAt(0) === BYTE_ORDER_MARK ? 1 : 0;
    this.lineStart = this.pos;
  }

  parseDocument(): ValueNode {
    this.skipWhitespace();
    const value = this.parseValue();
    this.skipWhitespace();
    if (this.pos < this.length) this.fail('end of input');
    return value;
  }

  /** Parses one value, containers included, iteratively: `stack` holds the containers still open. */
  private parseValue(): ValueNode {
    const stack: Frame[] = [];
    for (;;) {
      let value = this.openContainerOrParseScalar(stack);
      if (value === undefined) continue; // a non-empty container was opened: its first value comes next
      // Attach the finished value to its parent; each closing bracket finishes the parent in turn.
      for (;;) {
        const frame = stack[stack.length - 1];
        if (frame === undefined) return value;
        this.addToFrame(frame, value);
        this.skipWhitespace();
        const next = this.peek();
        if (next === COMMA) {
          this.pos++;
          this.skipWhitespace();
          if (frame.kind === 'object') this.readKey(frame);
          break;
        }
        const close = frame.kind === 'object' ? RIGHT_BRACE : RIGHT_BRACKET;
        if (next !== close) this.fail(frame.kind === 'object' ? "',' or '}'" : "',' or ']'");
        this.pos++;
        stack.pop();
        value = this.finishFrame(frame);
      }
    }
  }

  /** Returns the value when it is complete (a scalar or an empty container), or undefined after opening a container. */
  private openContainerOrParseScalar(stack: Frame[]): ValueNode | undefined {
    const code = this.peek();
    if (code !== LEFT_BRACE && code !== LEFT_BRACKET) return this.parseScalar();
    if (stack.length >= this.maxDepth) this.failTooDeep();
    const start = this.position();
    this.pos++;
    this.skipWhitespace();
    if (code === LEFT_BRACE) {
      const entries = new Map<string, ObjectEntry>();
      if (this.peek() === RIGHT_BRACE) {
        this.pos++;
        return { kind: 'object', entries, range: this.rangeFrom(start) };
      }
      const frame: ObjectFrame = { kind: 'object', start, entries, key: '', keyRange: this.rangeFrom(start) };
      this.readKey(frame);
      stack.push(frame);
      return undefined;
    }
    if (this.peek() === RIGHT_BRACKET) {
      this.pos++;
      return { kind: 'list', items: [], range: this.rangeFrom(start) };
    }
    stack.push({ kind: 'array', start, items: [] });
    return undefined;
  }

  private finishFrame(frame: Frame): ValueNode {
    const range = this.rangeFrom(frame.start);
    if (frame.kind === 'object') return { kind: 'object', entries: frame.entries, range } satisfies ObjectNode;
    return { kind: 'list', items: frame.items, range } satisfies ListNode;
  }

  private addToFrame(frame: Frame, value: ValueNode): void {
    if (frame.kind === 'array') {
      frame.items.push(value);
      return;
    }
    const previous = frame.entries.get(frame.key);
    if (previous !== undefined) {
      const second = formatPosition(frame.keyRange.start);
      const first = formatPosition(previous.keyRange.start);
      this.diagnostics.push({
        file: this.file,
        message: `Duplicate key ${JSON.stringify(frame.key)} at ${second} (first defined at ${first}); the last value is used`,
        severity: 'error',
        location: frame.keyRange,
        code: 'duplicate-key',
      });
    }
    // Like JSON.parse: the last value wins and the key keeps its first position in the insertion order.
    frame.entries.set(frame.key, { key: frame.key, keyRange: frame.keyRange, value });
  }

  /** Reads `"key" :` and leaves the position at the value. */
  private readKey(frame: ObjectFrame): void {
    if (this.peek() !== QUOTE) this.fail('a property name in double quotes');
    const start = this.position();
    frame.key = this.readString();
    frame.keyRange = this.rangeFrom(start);
    this.skipWhitespace();
    if (this.peek() !== COLON) this.fail("':'");
    this.pos++;
    this.skipWhitespace();
  }

  private parseScalar(): ValueNode {
    const code = this.peek();
    const start = this.position();
    let value: string | number | boolean | null;
    if (code === QUOTE) value = this.readString();
    else if (code === MINUS || (code >= DIGIT_0 && code <= DIGIT_9)) value = this.readNumber();
    else if (code === LOWER_T) value = this.readKeyword('true', true);
    else if (code === LOWER_F) value = this.readKeyword('false', false);
    else if (code === LOWER_N) value = this.readKeyword('null', null);
    else return this.fail('a value');
    return { kind: 'literal', value, range: this.rangeFrom(start) };
  }

  private readKeyword<T extends boolean | null>(word: string, value: T): T {
    for (let i = 0; i < word.length; i++) {
      if (this.peek() !== word.charCodeAt(i)) this.fail(`'${word}'`);
      this.pos++;
    }
    return value;
  }

  private readNumber(): number {
    const start = this.pos;
    if (this.peek() === MINUS) this.pos++;
    const first = this.peek();
    if (first === DIGIT_0) this.pos++;
    else if (first >= DIGIT_1 && first <= DIGIT_9) this.skipDigits();
    else this.fail('a digit');
    if (this.peek() === DOT) {
      this.pos++;
      this.requireDigits();
    }
    const e = this.peek();
    if (e === LOWER_E || e === UPPER_E) {
      this.pos++;
      const sign = this.peek();
      if (sign === PLUS || sign === MINUS) this.pos++;
      this.requireDigits();
    }
    return Number(this.text.slice(start, this.pos));
  }

  private requireDigits(): void {
    const code = this.peek();
    if (code < DIGIT_0 || code > DIGIT_9) this.fail('a digit');
    this.skipDigits();
  }

  private skipDigits(): void {
    let code = this.peek();
    while (code >= DIGIT_0 && code <= DIGIT_9) {
      this.pos++;
      code = this.peek();
    }
  }

  /** Reads a string literal starting at its opening quote; returns the decoded value. */
  private readString(): string {
    const openingQuote = this.position();
    this.pos++;
    let decoded = '';
    let chunkStart = this.pos;
    for (;;) {
      if (this.pos >= this.length) this.failUnterminated(openingQuote);
      const code = this.text.charCodeAt(this.pos);
      if (code === QUOTE) {
        decoded += this.text.slice(chunkStart, this.pos);
        this.pos++;
        return decoded;
      }
      if (code === BACKSLASH) {
        decoded += this.text.slice(chunkStart, this.pos);
        decoded += this.readEscape(openingQuote);
        chunkStart = this.pos;
      } else if (code < SPACE) {
        this.failControlCharacter(code);
      } else {
        this.pos++;
      }
    }
  }

  /** Decodes the escape at the backslash. A surrogate pair arrives as two `\u` escapes that concatenate into one character. */
  private readEscape(openingQuote: Position): string {
    this.pos++;
    if (this.pos >= this.length) this.failUnterminated(openingQuote);
    const code = this.text.charCodeAt(this.pos);
    const simple = SIMPLE_ESCAPES.get(code);
    if (simple !== undefined) {
      this.pos++;
      return simple;
    }
    if (code !== 0x75 /* u */) this.fail('a valid escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)');
    this.pos++;
    let unit = 0;
    for (let i = 0; i < 4; i++) {
      const digit = hexDigitValue(this.peek());
      if (digit < 0) this.fail('a hexadecimal digit');
      unit = unit * 16 + digit;
      this.pos++;
    }
    return String.fromCharCode(unit);
  }

  private skipWhitespace(): void {
    const text = this.text;
    let pos = this.pos;
    for (; pos < this.length; pos++) {
      const code = text.charCodeAt(pos);
      if (code === LINE_FEED) {
        this.line++;
        this.lineStart = pos + 1;
      } else if (code !== SPACE && code !== TAB && code !== CARRIAGE_RETURN) {
        break;
      }
    }
    this.pos = pos;
  }

  /** The code unit at the current position, or -1 at the end of the text. */
  private peek(): number {
    return this.pos < this.length ? this.text.charCodeAt(this.pos) : -1;
  }

  /** Positions are only asked for on the current line: strings cannot contain raw line breaks. */
  private position(): Position {
    return { line: this.line, column: this.pos - this.lineStart + 1 };
  }

  private rangeFrom(start: Position): SourceRange {
    return { file: this.file, start, end: this.position() };
  }

  private fail(expected: string): never {
    const at = this.position();
    const found = this.pos < this.length ? describeCharacter(this.text, this.pos) : 'end of input';
    this.throwDiagnostic(`Unexpected ${found} at ${formatPosition(at)}, expected ${expected}`, 'parse-error');
  }

  private failControlCharacter(code: number): never {
    const at = this.position();
    const found = describeCharacter(this.text, this.pos);
    const hint =
      code === LINE_FEED || code === CARRIAGE_RETURN
        ? 'a closing quote (strings cannot span lines)'
        : 'an escape sequence (control characters must be escaped in JSON strings)';
    this.throwDiagnostic(`Unexpected ${found} in a string at ${formatPosition(at)}, expected ${hint}`, 'parse-error');
  }

  private failUnterminated(openingQuote: Position): never {
    const end = formatPosition(this.position());
    const start = formatPosition(openingQuote);
    this.throwDiagnostic(`Unexpected end of input at ${end}: the string starting at ${start} is not closed`, 'parse-error');
  }

  private failTooDeep(): never {
    this.throwDiagnostic(
      `Nesting deeper than ${this.maxDepth} levels at ${formatPosition(this.position())}; the file is not parsed`,
      'nesting-too-deep',
    );
  }

  private throwDiagnostic(message: string, code: string): never {
    const start = this.position();
    const width = this.pos < this.length ? characterWidth(this.text, this.pos) : 0;
    const location: SourceRange = { file: this.file, start, end: { line: start.line, column: start.column + width } };
    throw new JsonFailure({ file: this.file, message, severity: 'error', location, code });
  }
}

function hexDigitValue(code: number): number {
  if (code >= DIGIT_0 && code <= DIGIT_9) return code - DIGIT_0;
  const lower = code | 0x20; // folds A-F onto a-f
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

/** UTF-16 code units taken by the character at `pos` (2 for a surrogate pair). */
function characterWidth(text: string, pos: number): number {
  const codePoint = text.codePointAt(pos) ?? 0;
  return codePoint > 0xffff ? 2 : 1;
}

const CONTROL_CHARACTER_NAMES: ReadonlyMap<number, string> = new Map([
  [TAB, 'tab character'],
  [LINE_FEED, 'line break'],
  [CARRIAGE_RETURN, 'carriage return'],
]);

function describeCharacter(text: string, pos: number): string {
  const codePoint = text.codePointAt(pos) ?? 0;
  const named = CONTROL_CHARACTER_NAMES.get(codePoint);
  if (named !== undefined) return named;
  if (codePoint < SPACE || codePoint === 0x7f || codePoint === BYTE_ORDER_MARK) {
    return `character U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return `'${String.fromCodePoint(codePoint)}'`;
}

export function formatPosition(position: Position): string {
  return `${position.line}:${position.column}`;
}
