/**
 * A fast path for the YAML most CloudFormation templates are written in: block mappings and sequences, plain and
 * quoted scalars (multi-line ones included), flow collections of those, block scalars and the short-form intrinsic
 * tags. It reads the text once, line by line, and builds the same value tree `parseCloudFormationYaml` builds with
 * `yaml` (ranges and diagnostics included), about twenty times faster.
 *
 * Whatever leaves that subset, or might make `yaml` report an error or a warning, is declined: `parseFastYaml`
 * returns undefined and the caller parses the text with `yaml`. Declining is always safe; so every doubtful
 * spelling is declined rather than guessed (test/parsers/yaml-agreement.test.ts checks both paths agree).
 */

import type {
  Diagnostic,
  ListNode,
  LiteralNode,
  ObjectEntry,
  ObjectNode,
  SourceRange,
  ValueNode,
} from '../../src/graph/types.js';
import {
  DEFAULT_YAML_MAX_DEPTH,
  duplicateKeyMessage,
  getAttArgument,
  INTRINSIC_TAGS,
  invalidTagMessage,
  LineIndex,
  unknownTagMessage,
  wrapIntrinsic,
} from './yaml-shared.js';
import type { CloudFormationYamlOptions, CloudFormationYamlResult, NodeShape } from './yaml-shared.js';
import { StringPool } from '../strings.js';

/** Nesting beyond this is declined (and left to `yaml`, which reports it when it passes `maxDepth`). */
const FAST_MAX_DEPTH = 100;
/** `yaml` refuses implicit keys longer than 1024 characters; longer keys are declined well before that. */
const MAX_KEY_LENGTH = 1000;

const TAB = 0x09;
const SPACE = 0x20;
const BANG = 0x21;
const DOUBLE_QUOTE = 0x22;
const HASH = 0x23;
const SINGLE_QUOTE = 0x27;
const COMMA = 0x2c;
const DASH = 0x2d;
const DOT = 0x2e;
const COLON = 0x3a;
const GREATER = 0x3e;
const LEFT_BRACKET = 0x5b;
const BACKSLASH = 0x5c;
const RIGHT_BRACKET = 0x5d;
const LEFT_BRACE = 0x7b;
const PIPE = 0x7c;
const RIGHT_BRACE = 0x7d;

/**
 * Characters the fast path never reads outside a comment: controls other than tab and line ends, a carriage return
 * that is not part of CRLF, a byte order mark past the start, and the Unicode line breaks older YAML versions knew.
 */
const DECLINED_CHARACTERS = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u2028\u2029\ufeff]|\r(?!\n)/;

/** Thrown to leave the subset; caught in `parseFastYaml`. */
class Declined {}
const DECLINED = new Declined();

function decline(): never {
  throw DECLINED;
}

/**
 * The value tree of CloudFormation YAML text, exactly as `parseCloudFormationYaml` gives it without the fast path
 * (before its diagnostics cap), or undefined when the text leaves the fast path's subset.
 */
export function parseFastYaml(
  file: string,
  text: string,
  options: CloudFormationYamlOptions = {},
): CloudFormationYamlResult | undefined {
  try {
    const maxDepth = Math.min(FAST_MAX_DEPTH, options.maxDepth ?? DEFAULT_YAML_MAX_DEPTH);
    return new FastYamlReader(file, text, maxDepth).read();
  } catch {
    // Declined, or an unexpected failure: either way `yaml` decides.
    return undefined;
  }
}

/** An implicit key at the start of a block mapping entry. */
interface KeyScan {
  /** The key's text (quoted keys unescaped). */
  key: string;
  start: number;
  end: number;
  /** Offset of the `:` after the key. */
  colon: number;
}

interface Scalar {
  value: string;
  start: number;
  /** After the closing quote for quoted scalars. */
  end: number;
  quoted: boolean;
  /** The line it ends on, when not the one it starts on. */
  lastLine?: number;
}

class FastYamlReader {
  private readonly text: string;
  private readonly lines: LineIndex;
  /** Offset of the first character of each line. */
  private readonly lineStarts: number[] = [];
  /** Offset of each line's end, before its `\r\n` or `\n`. */
  private readonly lineEnds: number[] = [];
  private readonly diagnostics: Diagnostic[] = [];
  /** Keys and string values as strings of their own (see `StringPool`). */
  private readonly strings: StringPool;
  /** The next line no node has consumed yet. */
  private line = 0;

  constructor(
    private readonly file: string,
    rawText: string,
    private readonly maxDepth: number,
  ) {
    // As in yaml.ts: offsets and columns do not count a leading byte order mark.
    this.text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
    if (DECLINED_CHARACTERS.test(this.text)) decline();
    this.strings = new StringPool(this.text);
    this.lines = new LineIndex(file, this.text);
    const text = this.text;
    let start = 0;
    for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', start)) {
      this.lineStarts.push(start);
      this.lineEnds.push(newline > start && text.charCodeAt(newline - 1) === 0x0d ? newline - 1 : newline);
      start = newline + 1;
    }
    if (start < text.length) {
      this.lineStarts.push(start);
      this.lineEnds.push(text.length);
    }
  }

  read(): CloudFormationYamlResult {
    let first = this.skipEmptyLines(0, true);
    if (first < this.lineStarts.length && this.isDocumentMarker(first, '---')) {
      this.expectLineEnd(this.lineStarts[first]! + 3, this.lineEnds[first]!);
      first = this.skipEmptyLines(first + 1, false);
      if (first >= this.lineStarts.length) decline(); // `yaml` makes an explicit empty document a null scalar
    }
    if (first >= this.lineStarts.length) return { diagnostics: this.diagnostics };
    const value = this.blockCollection(first, this.lineStarts[first]! + this.indentOf(first), 1);
    if (this.skipEmptyLines(this.line, false) < this.lineStarts.length) decline();
    return { value, diagnostics: this.diagnostics };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Lines.

  /**
   * The first line at or after `from` holding more than blanks and a comment. `---` and `...` at the start of a line
   * (documents) are declined, except for the leading `---` when `markerAllowed`.
   */
  private skipEmptyLines(from: number, markerAllowed: boolean): number {
    let line = from;
    while (line < this.lineStarts.length && this.indentOf(line) < 0) line++;
    if (line < this.lineStarts.length && this.indentOf(line) === 0) {
      if (this.isDocumentMarker(line, '...')) decline();
      if (!markerAllowed && this.isDocumentMarker(line, '---')) decline();
    }
    return line;
  }

  /** Spaces before the line's first character, or -1 for a blank or comment-only line. Tabs there are declined. */
  private indentOf(line: number): number {
    const start = this.lineStarts[line]!;
    const end = this.lineEnds[line]!;
    let at = start;
    while (at < end && this.text.charCodeAt(at) === SPACE) at++;
    if (at === end) return -1;
    const c = this.text.charCodeAt(at);
    if (c === TAB) decline();
    return c === HASH ? -1 : at - start;
  }

  private isDocumentMarker(line: number, marker: string): boolean {
    const start = this.lineStarts[line]!;
    return this.text.startsWith(marker, start) && this.isBlankOrEnd(start + 3, this.lineEnds[line]!);
  }

  /** After a node on a line: only blanks and a comment (separated by a blank) may follow. */
  private expectLineEnd(from: number, end: number): void {
    let at = from;
    while (at < end && this.text.charCodeAt(at) === SPACE) at++;
    if (at === end) return;
    if (this.text.charCodeAt(at) !== HASH || at === from) decline();
  }

  private isBlankOrEnd(offset: number, end: number): boolean {
    return offset >= end || this.text.charCodeAt(offset) === SPACE;
  }

  private skipSpaces(from: number, end: number): number {
    let at = from;
    while (at < end && this.text.charCodeAt(at) === SPACE) at++;
    if (at < end && this.text.charCodeAt(at) === TAB) decline();
    return at;
  }

  private range(start: number, end: number): SourceRange {
    return this.lines.range(start, end);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Block collections.

  /** The block mapping or sequence starting at `offset` on `line` (at its start, or after `- `). */
  private blockCollection(line: number, offset: number, depth: number): ObjectNode | ListNode {
    const end = this.lineEnds[line]!;
    if (this.text.charCodeAt(offset) === DASH && this.isBlankOrEnd(offset + 1, end)) {
      return this.blockSequence(line, offset, depth);
    }
    const key = this.scanKey(offset, end);
    if (key === undefined) decline(); // a document that is a scalar or a flow collection
    return this.blockMapping(line, key, depth);
  }

  private blockMapping(firstLine: number, firstKey: KeyScan, depth: number): ObjectNode {
    if (depth > this.maxDepth) decline();
    const column = firstKey.start - this.lineStarts[firstLine]!;
    const entries = new Map<string, ObjectEntry>();
    let line = firstLine;
    let key = firstKey;
    let lastValue: ValueNode | undefined;
    for (;;) {
      const keyRange = this.range(key.start, key.end);
      this.line = line;
      const value = this.valueAfterIndicator(line, key.colon + 1, column, true, depth);
      lastValue = value;
      const name = this.strings.own(key.key);
      const previous = entries.get(name);
      if (previous !== undefined) {
        const message = duplicateKeyMessage(name, keyRange, previous.keyRange);
        this.report(keyRange, message, 'duplicate-key');
      }
      entries.set(name, { key: name, keyRange, value });

      const following = this.nextLineAt(column);
      if (following === undefined) break;
      const { line: next, offset } = following;
      const nextKey = this.scanKey(offset, this.lineEnds[next]!);
      if (nextKey === undefined) {
        decline(); // `- item` under keys at the same column, or a scalar: not a mapping entry
      }
      line = next;
      key = nextKey;
    }
    const start = this.lines.position(firstKey.start);
    return { kind: 'object', entries, range: { file: this.file, start, end: lastValue.range.end } };
  }

  /**
   * The next line with content after the current one, when it continues a block collection at `column`: undefined
   * at the end of the text or at a smaller indent (the collection ends); a larger indent is declined.
   */
  private nextLineAt(column: number): { line: number; offset: number } | undefined {
    const next = this.skipEmptyLines(this.line, false);
    if (next >= this.lineStarts.length) return undefined;
    const indent = this.indentOf(next);
    if (indent < column) return undefined;
    if (indent > column) decline();
    return { line: next, offset: this.lineStarts[next]! + indent };
  }

  private blockSequence(firstLine: number, firstDash: number, depth: number): ListNode {
    if (depth > this.maxDepth) decline();
    const column = firstDash - this.lineStarts[firstLine]!;
    const items: ValueNode[] = [];
    let line = firstLine;
    let dash = firstDash;
    for (;;) {
      this.line = line;
      items.push(this.valueAfterIndicator(line, dash + 1, column, false, depth));
      const following = this.nextLineAt(column);
      if (following === undefined) break;
      const { line: next, offset } = following;
      // Anything else at this column ends the sequence: the next key of the mapping it is the value of.
      if (this.text.charCodeAt(offset) !== DASH || !this.isBlankOrEnd(offset + 1, this.lineEnds[next]!)) break;
      line = next;
      dash = offset;
    }
    const last = items[items.length - 1]!;
    return { kind: 'list', items, range: { ...this.range(firstDash, firstDash), end: last.range.end } };
  }

  /**
   * The value after a mapping's `:` or a sequence's `-` at `from` on `line`, whose collection is at `column`. Leaves
   * `this.line` at the first line after the value.
   */
  private valueAfterIndicator(
    line: number,
    from: number,
    column: number,
    inMapping: boolean,
    depth: number,
  ): ValueNode {
    const end = this.lineEnds[line]!;
    const start = this.skipSpaces(from, end);
    const c = start < end ? this.text.charCodeAt(start) : -1;
    if (c === -1 || c === HASH) {
      if (c === HASH && start === from) decline();
      return this.valueBelow(line, start, column, inMapping, depth);
    }
    if (c === BANG) return this.taggedBlockValue(line, start, column, inMapping, depth);
    if (!inMapping) {
      // `- - item` and `- Key: value`: a collection starting on the sequence item's line.
      if (c === DASH && this.isBlankOrEnd(start + 1, end)) return this.blockCollection(line, start, depth + 1);
      const key = this.scanKey(start, end);
      if (key !== undefined) return this.blockMapping(line, key, depth + 1);
    }
    return this.inlineValue(line, start, column, depth);
  }

  /** `Key:` or `-` with nothing after it on its line: a collection on the lines below, or null. */
  private valueBelow(line: number, emptyAt: number, column: number, inMapping: boolean, depth: number): ValueNode {
    const next = this.skipEmptyLines(line + 1, false);
    if (next < this.lineStarts.length) {
      const indent = this.indentOf(next);
      const offset = this.lineStarts[next]! + indent;
      const end = this.lineEnds[next]!;
      const c = this.text.charCodeAt(offset);
      const isDash = c === DASH && this.isBlankOrEnd(offset + 1, end);
      if (indent > column) {
        if (isDash || this.scanKey(offset, end) !== undefined) return this.blockCollection(next, offset, depth + 1);
        // A scalar or flow collection alone on the line below (`Fn::ImportValue:` then `!Join [...]`).
        if (c === PIPE || c === GREATER) decline(); // a block scalar header on a line of its own
        if (c === BANG) return this.taggedBlockValue(next, offset, column, inMapping, depth, true);
        return this.inlineValue(next, offset, column, depth);
      }
      // A mapping's value may be a sequence at the mapping's own column.
      if (inMapping && indent === column && isDash) return this.blockSequence(next, offset, depth + 1);
    }
    this.line = line + 1;
    const at = this.range(emptyAt, emptyAt);
    return { kind: 'literal', value: null, range: at };
  }

  /**
   * `!Tag` after `:` or `-`: the tagged node on the same line, or a block collection below it. On a line of its own
   * (`ownLine`), only a scalar or flow collection on the same line is read.
   */
  private taggedBlockValue(
    line: number,
    tagStart: number,
    column: number,
    inMapping: boolean,
    depth: number,
    ownLine = false,
  ): ValueNode {
    const end = this.lineEnds[line]!;
    const tagEnd = this.scanTag(tagStart, end);
    const start = this.skipSpaces(tagEnd, end);
    const c = start < end ? this.text.charCodeAt(start) : -1;
    if (ownLine && (c === -1 || c === HASH || c === PIPE || c === GREATER)) decline();
    if (c === -1 || c === HASH) {
      if (c === HASH && start === tagEnd) decline();
      const next = this.skipEmptyLines(line + 1, false);
      if (next >= this.lineStarts.length) decline(); // a tag on nothing
      const indent = this.indentOf(next);
      const offset = this.lineStarts[next]! + indent;
      if (indent > column) return this.tagged(tagStart, tagEnd, () => this.blockCollection(next, offset, depth + 1));
      // `Key: !Sub` with its sequence at the mapping's column.
      const isDash = this.text.charCodeAt(offset) === DASH && this.isBlankOrEnd(offset + 1, this.lineEnds[next]!);
      if (!inMapping || indent !== column || !isDash) decline(); // a tag on nothing
      return this.tagged(tagStart, tagEnd, () => this.blockSequence(next, offset, depth + 1));
    }
    if (c === BANG || (c === DASH && this.isBlankOrEnd(start + 1, end))) decline();
    return this.tagged(tagStart, tagEnd, () => this.inlineValue(line, start, column, depth, true));
  }

  /** A scalar, flow collection or block scalar starting at `start` on `line`, after which the line ends. */
  private inlineValue(line: number, start: number, column: number, depth: number, asString = false): ValueNode {
    const end = this.lineEnds[line]!;
    const c = this.text.charCodeAt(start);
    if (c === LEFT_BRACKET || c === LEFT_BRACE) {
      this.flowLine = line;
      this.flowMinIndent = column + 1;
      const flow = this.flowCollection(start, depth + 1, 1);
      this.expectLineEnd(flow.end, this.lineEnds[this.flowLine]!);
      this.line = this.flowLine + 1;
      return flow.node;
    }
    if (c === PIPE || c === GREATER) return this.blockScalar(line, start, column, asString);
    // Continuation lines of scalars must be indented more than the collection, as `yaml`'s lexer requires.
    let scalar: Scalar;
    if (c === SINGLE_QUOTE || c === DOUBLE_QUOTE) {
      scalar = this.quoted(start, end, { line, minIndent: column + 1 })!;
    } else {
      scalar = this.plain(start, end, false);
      const rest = this.skipSpaces(scalar.end, end);
      // Stopped by `: `: a mapping where a scalar belongs (`Key: a: b`), which `yaml` rejects.
      if (rest < end && this.text.charCodeAt(rest) !== HASH) decline();
      if (rest === end) scalar = this.plainContinued(line, scalar, column + 1);
    }
    const lastLine = scalar.lastLine ?? line;
    this.expectLineEnd(scalar.end, this.lineEnds[lastLine]!);
    this.line = lastLine + 1;
    return this.literal(scalar, asString);
  }

  /** A plain scalar that `first` starts, with its continuation lines (indented at least `minIndent`), unfolded. */
  private plainContinued(line: number, first: Scalar, minIndent: number): Scalar {
    const text = this.text;
    let end = first.end;
    let lastLine = line;
    for (let next = line + 1; next < this.lineStarts.length; next++) {
      const lineStart = this.lineStarts[next]!;
      const lineEnd = this.lineEnds[next]!;
      let at = lineStart;
      while (at < lineEnd && text.charCodeAt(at) === SPACE) at++;
      if (at === lineEnd) continue; // blank: part of the scalar only when more text follows
      const c = text.charCodeAt(at);
      if (c === TAB) decline();
      if (at - lineStart < minIndent || c === HASH) break;
      // Indicators starting a continuation line are text to `yaml`, but doubtful enough to leave to it.
      if (c === DASH || !this.canStartPlain(at, lineEnd, false)) decline();
      const part = this.plain(at, lineEnd, false);
      const rest = this.skipSpaces(part.end, lineEnd);
      if (rest < lineEnd && text.charCodeAt(rest) !== HASH) decline(); // `: ` in a continuation line
      end = part.end;
      lastLine = next;
      if (rest < lineEnd) break; // a comment ends the scalar
    }
    if (lastLine === line) return first;
    const value = unfoldLines(text.slice(first.start, end));
    return { value, start: first.start, end, quoted: false, lastLine };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Keys, tags and scalars on one line.

  /** The implicit key starting at `start` (`Key:` or `'Key':`), or undefined when the line holds no key there. */
  private scanKey(start: number, end: number): KeyScan | undefined {
    const c = this.text.charCodeAt(start);
    let scalar: Scalar;
    if (c === SINGLE_QUOTE || c === DOUBLE_QUOTE) {
      const quoted = this.quoted(start, end);
      if (quoted === undefined) return undefined; // continued on the next line: not a key
      scalar = quoted;
    } else {
      // Values that cannot be keys; `-key:` could, but is rare enough to leave to `yaml` with the other indicators.
      if (c === BANG || c === LEFT_BRACKET || c === LEFT_BRACE || c === PIPE || c === GREATER) return undefined;
      if (c === DASH || !this.canStartPlain(start, end, false)) decline();
      scalar = this.plain(start, end, false);
    }
    const colon = this.skipSpaces(scalar.end, end); // `Type : String`
    if (colon >= end || this.text.charCodeAt(colon) !== COLON || !this.isBlankOrEnd(colon + 1, end)) return undefined;
    if (colon - start > MAX_KEY_LENGTH) decline();
    return { key: scalar.value, start, end: scalar.end, colon };
  }

  /** `!Name`: its end. Only simple local tag names; `!!str`, `!<…>`, `!a!b` are declined. */
  private scanTag(start: number, end: number): number {
    let at = start + 1;
    while (at < end && isTagNameChar(this.text.charCodeAt(at))) at++;
    if (at === start + 1 || !this.isBlankOrEnd(at, end)) decline();
    return at;
  }

  /**
   * Wraps what `parse` reads in the long form of the tag between `tagStart` and `tagEnd`, reporting unknown tags and
   * wrong argument kinds before the argument's own diagnostics, as the converter does. `parse` must read the tagged
   * scalars as strings: the custom tags (and `yaml`'s fallback for unknown ones) keep a tagged scalar's text.
   */
  private tagged(tagStart: number, tagEnd: number, parse: () => ValueNode): ValueNode {
    const tag = this.text.slice(tagStart, tagEnd);
    const tagRange = this.range(tagStart, tagEnd);
    const intrinsic = INTRINSIC_TAGS.get(tag);
    const mark = this.diagnostics.length;
    const argument = parse();
    if (intrinsic === undefined) {
      this.diagnostics.splice(mark, 0, this.diagnostic(tagRange, unknownTagMessage(tag, tagRange), 'unknown-tag'));
      return argument;
    }
    const shape: NodeShape = argument.kind === 'list' ? 'sequence' : argument.kind === 'object' ? 'mapping' : 'scalar';
    if (!intrinsic.shapes.includes(shape)) {
      const message = invalidTagMessage(tag, tagRange, intrinsic, shape);
      this.diagnostics.splice(mark, 0, this.diagnostic(tagRange, message, 'invalid-tag'));
    }
    const split = intrinsic.key === 'Fn::GetAtt' && argument.kind === 'literal';
    // The literal was the last scalar read, so its content span is the last one recorded.
    const value = split ? getAttArgument(this.lines, argument, this.lastContentStart, this.lastContentEnd) : argument;
    return wrapIntrinsic(intrinsic, tagRange, value);
  }

  /** Where the text of the last scalar read starts and ends (inside quotes; a block scalar's end untrimmed). */
  private lastContentStart = 0;
  private lastContentEnd = 0;

  /** A literal from a scalar: plain ones resolved by the core schema unless `asString` (under a tag). */
  private literal(scalar: Scalar, asString: boolean, rawEnd?: number): LiteralNode {
    const quote = scalar.quoted ? 1 : 0;
    this.lastContentStart = scalar.start + quote;
    this.lastContentEnd = (rawEnd ?? scalar.end) - quote;
    const value = asString || scalar.quoted || rawEnd !== undefined ? scalar.value : resolvePlain(scalar.value);
    return { kind: 'literal', value: typeof value === 'string' ? this.strings.own(value) : value, range: this.range(scalar.start, scalar.end) };
  }

  /** Whether a plain scalar may start at `start` (YAML indicators may not start one). */
  private canStartPlain(start: number, end: number, inFlow: boolean): boolean {
    if (start >= end) return false;
    const c = this.text.charCodeAt(start);
    switch (c) {
      case DASH: {
        // `-1`, `-foo`: a dash followed by a space (or, in flow, an indicator) is a sequence entry instead.
        const next = start + 1 < end ? this.text.charCodeAt(start + 1) : SPACE;
        return next !== SPACE && next !== TAB && !(inFlow && isFlowIndicator(next));
      }
      case 0x3f: // ?
      case COLON:
      case COMMA:
      case LEFT_BRACKET:
      case RIGHT_BRACKET:
      case LEFT_BRACE:
      case RIGHT_BRACE:
      case HASH:
      case 0x26: // &
      case 0x2a: // *
      case BANG:
      case PIPE:
      case GREATER:
      case SINGLE_QUOTE:
      case DOUBLE_QUOTE:
      case 0x25: // %
      case 0x40: // @
      case 0x60: // `
      case SPACE:
      case TAB:
        return false;
      default:
        return true;
    }
  }

  /**
   * A plain scalar's first line from `start`: it stops before ` #`, before `: ` (or `:` at the end of the line) and,
   * in flow, before `,[]{}` and `:` followed by one of them. `end` of the result is its last non-blank character + 1.
   */
  private plain(start: number, lineEnd: number, inFlow: boolean): Scalar {
    if (!this.canStartPlain(start, lineEnd, inFlow)) decline();
    const text = this.text;
    let last = start; // one past the last non-space character
    let at = start;
    while (at < lineEnd) {
      const c = text.charCodeAt(at);
      if (c === SPACE) {
        if (at + 1 < lineEnd && text.charCodeAt(at + 1) === HASH) break;
      } else if (c === TAB) {
        decline();
      } else if (c === COLON) {
        const next = at + 1 < lineEnd ? text.charCodeAt(at + 1) : SPACE;
        if (next === SPACE || next === TAB || (inFlow && isFlowIndicator(next))) break;
        last = at + 1;
      } else if (inFlow && isFlowIndicator(c)) {
        break;
      } else {
        last = at + 1;
      }
      at++;
    }
    return { value: text.slice(start, last), start, end: last, quoted: false };
  }

  /**
   * A quoted scalar starting at `start`, on the line ending at `lineEnd`. With `continued` (a block value) it may go
   * on over the lines below, each blank or indented at least `minIndent`; without, undefined when not closed on its
   * line.
   */
  private quoted(
    start: number,
    lineEnd: number,
    continued?: { line: number; minIndent: number },
  ): Scalar | undefined {
    const text = this.text;
    const single = text.charCodeAt(start) === SINGLE_QUOTE;
    const close = single ? this.closingSingleQuote(start) : this.closingDoubleQuote(start);
    const line = continued?.line ?? 0;
    let lastLine = line;
    if (close >= lineEnd) {
      if (continued === undefined) return undefined;
      const minIndent = continued.minIndent;
      while (this.lineStarts[lastLine + 1]! <= close) {
        lastLine++;
        const lineStart = this.lineStarts[lastLine]!;
        const lineEnd = this.lineEnds[lastLine]!;
        let at = lineStart;
        while (at < lineEnd && text.charCodeAt(at) === SPACE) at++;
        if (at < lineEnd && (at - lineStart < minIndent || text.charCodeAt(at) === TAB)) decline();
      }
    }
    const inner = text.slice(start + 1, close);
    const value = single ? unfoldLines(inner).replace(/''/g, "'") : doubleQuotedValue(inner);
    if (value === undefined) decline();
    const scalar: Scalar = { value, start, end: close + 1, quoted: true };
    if (lastLine !== line) scalar.lastLine = lastLine;
    return scalar;
  }

  private closingSingleQuote(start: number): number {
    let close = this.text.indexOf("'", start + 1);
    while (close >= 0 && this.text.charCodeAt(close + 1) === SINGLE_QUOTE) close = this.text.indexOf("'", close + 2);
    if (close < 0) decline();
    return close;
  }

  /** The next `"` not escaped by an odd number of backslashes. */
  private closingDoubleQuote(start: number): number {
    let close = this.text.indexOf('"', start + 1);
    while (close >= 0) {
      let backslashes = 0;
      while (this.text.charCodeAt(close - 1 - backslashes) === BACKSLASH) backslashes++;
      if (backslashes % 2 === 0) break;
      close = this.text.indexOf('"', close + 1);
    }
    if (close < 0) decline();
    return close;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Flow collections. They may span lines: each line after the first indented more than the block collection
  // around them (`flowMinIndent`), except the outermost closing bracket, which may sit at that collection's column.
  // Line breaks are allowed between items only; plain scalars in them end at the end of their line.

  /** The line the flow collection being read has reached. */
  private flowLine = 0;
  private flowMinIndent = 0;

  private flowCollection(start: number, depth: number, level: number): { node: ValueNode; end: number } {
    if (depth > this.maxDepth) decline();
    const open = this.text.charCodeAt(start);
    return open === LEFT_BRACKET ? this.flowSequence(start, depth, level) : this.flowMapping(start, depth, level);
  }

  private flowSequence(start: number, depth: number, level: number): { node: ValueNode; end: number } {
    const items: ValueNode[] = [];
    let at = this.flowSkip(start + 1, level);
    for (;;) {
      const itemStart = this.nextFlowItem(at, RIGHT_BRACKET, items.length === 0, level);
      if (itemStart === undefined) return { node: { kind: 'list', items, range: this.range(start, at + 1) }, end: at + 1 };
      const item = this.flowItem(itemStart, depth, level);
      items.push(item.node);
      at = this.flowSkip(item.end, level);
    }
  }

  private flowMapping(start: number, depth: number, level: number): { node: ValueNode; end: number } {
    const entries = new Map<string, ObjectEntry>();
    let at = this.flowSkip(start + 1, level);
    for (;;) {
      const entryStart = this.nextFlowItem(at, RIGHT_BRACE, entries.size === 0, level);
      if (entryStart === undefined) return { node: { kind: 'object', entries, range: this.range(start, at + 1) }, end: at + 1 };
      at = entryStart;
      // The key, its `: ` and the start of its value on one line.
      const end = this.lineEnds[this.flowLine]!;
      const c = this.text.charCodeAt(at);
      const key = c === SINGLE_QUOTE || c === DOUBLE_QUOTE ? this.quoted(at, end) : this.plain(at, end, true);
      if (key === undefined) decline();
      const colon = key.end;
      if (colon >= end || this.text.charCodeAt(colon) !== COLON || !this.isBlankOrEnd(colon + 1, end)) decline();
      const keyRange = this.range(key.start, key.end);
      const value = this.flowItem(this.skipSpaces(colon + 1, end), depth, level);
      const name = this.strings.own(key.value);
      const previous = entries.get(name);
      if (previous !== undefined) {
        this.report(keyRange, duplicateKeyMessage(name, keyRange, previous.keyRange), 'duplicate-key');
      }
      entries.set(name, { key: name, keyRange, value: value.node });
      at = this.flowSkip(value.end, level);
    }
  }

  /**
   * Where the next item of a flow collection starts, `at` being the first character after the previous item (or
   * after the opening bracket): past its comma, or undefined at the closing bracket `close`. A trailing comma is
   * declined.
   */
  private nextFlowItem(at: number, close: number, first: boolean, level: number): number | undefined {
    if (this.text.charCodeAt(at) === close) return undefined;
    if (first) return at;
    if (this.text.charCodeAt(at) !== COMMA) decline();
    const next = this.flowSkip(at + 1, level);
    if (this.text.charCodeAt(next) === close) decline(); // a trailing comma
    return next;
  }

  /**
   * From `from` on `flowLine`: the next character that is not a blank, a line break or in a comment, inside a flow
   * collection `level` deep. Declines at the end of the text and where `yaml`'s lexer finds a line under-indented.
   */
  private flowSkip(from: number, level: number): number {
    const text = this.text;
    let at = from;
    for (;;) {
      const end = this.lineEnds[this.flowLine]!;
      while (at < end && text.charCodeAt(at) === SPACE) at++;
      if (at < end) {
        const c = text.charCodeAt(at);
        if (c === TAB) decline();
        // A `#` right after a token is no comment; what reads it declines.
        if (c !== HASH || text.charCodeAt(at - 1) !== SPACE) {
          // `yaml` rejects a comment at the start of a line after a value; elsewhere `#` is no comment.
          if (c === HASH && at === this.lineStarts[this.flowLine]) decline();
          return at;
        }
      }
      this.flowLine++;
      if (this.flowLine >= this.lineStarts.length) decline(); // never closed
      const lineStart = this.lineStarts[this.flowLine]!;
      const lineEnd = this.lineEnds[this.flowLine]!;
      at = lineStart;
      while (at < lineEnd && text.charCodeAt(at) === SPACE) at++;
      if (at === lineEnd) continue;
      const c = text.charCodeAt(at);
      const indent = at - lineStart;
      if (c === TAB) decline();
      if (indent < this.flowMinIndent && c !== HASH) {
        const closesOutermost = level === 1 && (c === RIGHT_BRACKET || c === RIGHT_BRACE);
        if (!closesOutermost || indent !== this.flowMinIndent - 1) decline();
      }
    }
  }

  /** One item of a flow collection: a scalar, a nested collection or a tagged one of those. */
  private flowItem(start: number, depth: number, level: number, asString = false): { node: ValueNode; end: number } {
    const end = this.lineEnds[this.flowLine]!;
    if (start >= end) decline();
    const c = this.text.charCodeAt(start);
    if (c === LEFT_BRACKET || c === LEFT_BRACE) return this.flowCollection(start, depth + 1, level + 1);
    if (c === BANG) {
      const tagEnd = this.scanTag(start, end);
      const argumentStart = this.skipSpaces(tagEnd, end);
      if (argumentStart >= end) decline();
      const a = this.text.charCodeAt(argumentStart);
      if (a === BANG || a === COMMA || a === RIGHT_BRACKET || a === RIGHT_BRACE || a === HASH) decline();
      let itemEnd = argumentStart;
      const node = this.tagged(start, tagEnd, () => {
        const item = this.flowItem(argumentStart, depth, level, true);
        itemEnd = item.end;
        return item.node;
      });
      return { node, end: itemEnd };
    }
    if (c === SINGLE_QUOTE || c === DOUBLE_QUOTE) {
      const scalar = this.quoted(start, end);
      if (scalar === undefined) decline(); // quoted scalars in flow collections stay on one line
      return { node: this.literal(scalar, asString), end: scalar.end };
    }
    const scalar = this.plain(start, end, true);
    if (this.text.charCodeAt(scalar.end) === COLON) decline(); // a pair inside a flow sequence, or a bad key
    return { node: this.literal(scalar, asString), end: scalar.end };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Block scalars.

  /**
   * `|`, `>`, with `-` or `+`: the lines below indented more than the collection at `column`. The extent and the
   * value follow `yaml`'s lexer and `resolveBlockScalar`; explicit indentation indicators and empty block scalars are
   * declined.
   */
  private blockScalar(line: number, start: number, column: number, asString: boolean): ValueNode {
    const text = this.text;
    const folded = text.charCodeAt(start) === GREATER;
    const lineEnd = this.lineEnds[line]!;
    let at = start + 1;
    let chomp = '';
    const c = at < lineEnd ? text.charCodeAt(at) : -1;
    if (c === DASH || c === 0x2b) {
      chomp = text[at]!;
      at++;
    }
    if (at < lineEnd && text.charCodeAt(at) !== SPACE) decline(); // indentation indicators, `|#`, `|x`
    this.expectLineEnd(at, lineEnd);
    if (line + 1 >= this.lineStarts.length) decline();
    const sourceStart = this.lineStarts[line + 1]!;

    // The lexer: the first non-blank line sets the indentation, which must exceed the collection's.
    let indent = 0;
    let scan = sourceStart;
    let lastNewline = sourceStart - 1;
    for (; scan < text.length; scan++) {
      const ch = text.charCodeAt(scan);
      if (ch === SPACE) indent++;
      else if (ch === 0x0a) {
        lastNewline = scan;
        indent = 0;
      } else if (ch !== 0x0d) break;
    }
    if (scan >= text.length || indent <= column) decline(); // empty block scalar
    const trimIndent = indent;
    // Continue over lines that are blank or indented at least as much.
    let newline = lastNewline;
    for (;;) {
      const next = text.indexOf('\n', newline + 1);
      const lineStart = newline + 1;
      let spaces = 0;
      while (text.charCodeAt(lineStart + spaces) === SPACE) spaces++;
      const ch = lineStart + spaces < text.length ? text.charCodeAt(lineStart + spaces) : -1;
      const blank = ch === 0x0a || ch === 0x0d || ch === -1;
      if (ch === -1 && lineStart + spaces >= text.length) {
        newline = text.length;
        break;
      }
      if (!blank && spaces < trimIndent) break;
      if (next < 0) {
        newline = text.length;
        break;
      }
      newline = next;
    }
    let end = newline; // the source ends after this line break (or at the end of the text)
    if (end < text.length) {
      // Trailing insufficiently indented tabs make `yaml` report an error.
      let i = end + 1;
      while (text.charCodeAt(i) === SPACE) i++;
      if (text.charCodeAt(i) === TAB) decline();
    }
    if (chomp !== '+') {
      // Drop trailing lines with fewer spaces than the indentation.
      for (;;) {
        let i = end - 1;
        if (text.charCodeAt(i) === 0x0d) i--;
        const lastChar = i;
        while (text.charCodeAt(i) === SPACE) i--;
        if (text.charCodeAt(i) === 0x0a && i >= sourceStart && i + 1 + trimIndent > lastChar) end = i;
        else break;
      }
    }
    const sourceEnd = end < text.length ? end + 1 : text.length;
    const source = text.slice(sourceStart, sourceEnd);
    const value = blockScalarValue(source, trimIndent, folded, chomp);
    if (value === undefined) decline();

    // The next line to read is the first one the source does not cover.
    let next = line + 1;
    while (next < this.lineStarts.length && this.lineStarts[next]! < sourceEnd) next++;
    this.line = next;
    // The converter ends the range at the last character that is not a blank or a line break.
    let valueEnd = sourceEnd;
    while (valueEnd > start) {
      const ch = text.charCodeAt(valueEnd - 1);
      if (ch !== 0x0a && ch !== 0x0d && ch !== SPACE && ch !== TAB) break;
      valueEnd--;
    }
    return this.literal({ value, start, end: valueEnd, quoted: false }, asString, sourceEnd);
  }

  // -------------------------------------------------------------------------------------------------------------

  private report(location: SourceRange, message: string, code: string): void {
    this.diagnostics.push(this.diagnostic(location, message, code));
  }

  private diagnostic(location: SourceRange, message: string, code: string): Diagnostic {
    return { file: this.file, message, severity: 'error', location, code };
  }
}

const SIMPLE_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['0', '\0'],
  ['a', '\x07'],
  ['b', '\b'],
  ['e', '\x1b'],
  ['f', '\f'],
  ['n', '\n'],
  ['r', '\r'],
  ['t', '\t'],
  ['v', '\v'],
  ['N', '\u0085'],
  ['_', '\u00a0'],
  ['L', '\u2028'],
  ['P', '\u2029'],
  [' ', ' '],
  ['"', '"'],
  ['/', '/'],
  ['\\', '\\'],
  ['\t', '\t'],
]);

function isFlowIndicator(c: number): boolean {
  return c === COMMA || c === LEFT_BRACKET || c === RIGHT_BRACKET || c === LEFT_BRACE || c === RIGHT_BRACE;
}

function isTagNameChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/**
 * A plain scalar's value under YAML 1.2's core schema, as `yaml` resolves it (the same tests, in the same order:
 * null, bool, octal, decimal and hexadecimal int, inf/nan, exponent float, float); anything else is a string.
 */
export function resolvePlain(source: string): string | number | boolean | null {
  const c = source.charCodeAt(0);
  // Only these first characters can start a non-string: skips the tests for most words.
  const maybeNumber = (c >= 0x30 && c <= 0x39) || c === DASH || c === 0x2b || c === DOT;
  if (!maybeNumber) {
    switch (source) {
      case '':
      case '~':
      case 'null':
      case 'Null':
      case 'NULL':
        return null;
      case 'true':
      case 'True':
      case 'TRUE':
        return true;
      case 'false':
      case 'False':
      case 'FALSE':
        return false;
      default:
        return source;
    }
  }
  if (/^0o[0-7]+$/.test(source)) return parseInt(source.substring(2), 8);
  if (/^[-+]?[0-9]+$/.test(source)) return parseInt(source, 10);
  if (/^0x[0-9a-fA-F]+$/.test(source)) return parseInt(source.substring(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(source)) {
    if (source.slice(-3).toLowerCase() === 'nan') return NaN;
    return source[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(source)) return parseFloat(source);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(source)) return parseFloat(source);
  return source;
}

/**
 * The value of a block scalar whose source (the lines after its header) is `source`, as `yaml`'s
 * `resolveBlockScalar` computes it with auto-detected indentation `trimIndent`; undefined where `yaml` would report
 * an error.
 */
function blockScalarValue(source: string, trimIndent: number, folded: boolean, chomp: string): string | undefined {
  const lines = splitBlockLines(source);
  let chompStart = lines.length;
  for (let i = lines.length - 1; i >= 0; --i) {
    const content = lines[i]![1];
    if (content === '' || content === '\r') chompStart = i;
    else break;
  }
  if (chompStart === 0) return undefined;
  let contentStart = 0;
  for (let i = 0; i < chompStart; ++i) {
    const [indent, content] = lines[i]!;
    if (content === '' || content === '\r') {
      if (indent.length > trimIndent) return undefined; // more-indented leading empty lines
    } else {
      if (indent.length !== trimIndent) return undefined;
      contentStart = i;
      break;
    }
  }
  for (let i = lines.length - 1; i >= chompStart; --i) {
    if (lines[i]![0].length > trimIndent) chompStart = i + 1;
  }
  let value = '';
  let separator = '';
  let previousMoreIndented = false;
  for (let i = 0; i < contentStart; ++i) value += lines[i]![0].slice(trimIndent) + '\n';
  for (let i = contentStart; i < chompStart; ++i) {
    const [indent, rawContent] = lines[i]!;
    const content = rawContent.endsWith('\r') ? rawContent.slice(0, -1) : rawContent;
    if (content && indent.length < trimIndent) return undefined;
    if (!folded) {
      value += separator + indent.slice(trimIndent) + content;
      separator = '\n';
    } else if (indent.length > trimIndent || content[0] === '\t') {
      if (separator === ' ') separator = '\n';
      else if (!previousMoreIndented && separator === '\n') separator = '\n\n';
      value += separator + indent.slice(trimIndent) + content;
      separator = '\n';
      previousMoreIndented = true;
    } else if (content === '') {
      if (separator === '\n') value += '\n';
      else separator = '\n';
    } else {
      value += separator + content;
      separator = ' ';
      previousMoreIndented = false;
    }
  }
  if (chomp === '+') {
    for (let i = chompStart; i < lines.length; ++i) value += '\n' + lines[i]![0].slice(trimIndent);
    if (value[value.length - 1] !== '\n') value += '\n';
  } else if (chomp === '') {
    value += '\n';
  }
  return value;
}

/** `[indent, content]` of each line, as `yaml` splits a block scalar's source (only spaces count as indentation). */
function splitBlockLines(source: string): Array<[string, string]> {
  const lines: Array<[string, string]> = [];
  let start = 0;
  for (;;) {
    let contentStart = start;
    while (source.charCodeAt(contentStart) === SPACE) contentStart++;
    const newline = source.indexOf('\n', contentStart);
    const end = newline < 0 ? source.length : newline;
    lines.push([source.slice(start, contentStart), source.slice(contentStart, end)]);
    if (newline < 0) return lines;
    start = newline + 1;
  }
}

/** `yaml`'s folding of a multi-line plain or single-quoted scalar: lines trimmed and joined, empty lines kept. */
function unfoldLines(source: string): string {
  let newline = source.indexOf('\n');
  if (newline < 0) return source;
  let result = trimBlanks(lineContent(source, 0, newline), false, true);
  let separator = ' ';
  let from = newline + 1;
  for (newline = source.indexOf('\n', from); newline >= 0; newline = source.indexOf('\n', from)) {
    const middle = trimBlanks(lineContent(source, from, newline), true, true);
    if (middle === '') {
      if (separator === '\n') result += separator;
      else separator = '\n';
    } else {
      result += separator + middle;
      separator = ' ';
    }
    from = newline + 1;
  }
  return result + separator + trimBlanks(source.slice(from), true, false);
}

/** The line from `start` to the line feed at `newline`, without a carriage return before it. */
function lineContent(source: string, start: number, newline: number): string {
  return source.slice(start, newline > start && source.charCodeAt(newline - 1) === 0x0d ? newline - 1 : newline);
}

function trimBlanks(text: string, start: boolean, end: boolean): string {
  let from = 0;
  let to = text.length;
  const blank = (c: number): boolean => c === SPACE || c === TAB;
  if (start) while (from < to && blank(text.charCodeAt(from))) from++;
  if (end) while (to > from && blank(text.charCodeAt(to - 1))) to--;
  return text.slice(from, to);
}

/** `yaml`'s value of a double-quoted scalar's inner text (escapes, folded line breaks); undefined for a bad escape. */
function doubleQuotedValue(source: string): string | undefined {
  let result = '';
  for (let i = 0; i < source.length; ++i) {
    const ch = source[i]!;
    if (ch === '\r' && source[i + 1] === '\n') continue;
    if (ch === '\n') {
      // One line break folds to a space, more to one line feed fewer; the next line's indentation goes.
      let fold = '';
      let next = source[i + 1];
      while (next === ' ' || next === '\t' || next === '\n' || next === '\r') {
        if (next === '\r' && source[i + 2] !== '\n') break;
        if (next === '\n') fold += '\n';
        i += 1;
        next = source[i + 1];
      }
      result += fold === '' ? ' ' : fold;
    } else if (ch === '\\') {
      const escape = source[++i];
      const simple = escape === undefined ? undefined : SIMPLE_ESCAPES.get(escape);
      if (simple !== undefined) {
        result += simple;
      } else if (escape === '\n' || (escape === '\r' && source[i + 1] === '\n')) {
        // An escaped line break: nothing, and the next line's indentation goes too.
        if (escape === '\r') i += 1;
        let next = source[i + 1];
        while (next === ' ' || next === '\t') next = source[++i + 1];
      } else if (escape === 'x' || escape === 'u' || escape === 'U') {
        const length = escape === 'x' ? 2 : escape === 'u' ? 4 : 8;
        const hex = source.substr(i + 1, length);
        if (hex.length !== length || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
        const code = parseInt(hex, 16);
        if (code > 0x10ffff) return undefined;
        result += String.fromCodePoint(code);
        i += length;
      } else {
        return undefined;
      }
    } else if (ch === ' ' || ch === '\t') {
      // Blanks before a line break go.
      const blanksStart = i;
      let next = source[i + 1];
      while (next === ' ' || next === '\t') next = source[++i + 1];
      if (next !== '\n' && !(next === '\r' && source[i + 2] === '\n')) result += source.slice(blanksStart, i + 1);
    } else {
      result += ch;
    }
  }
  return result;
}
