/**
 * Recursive-descent parser for the HCL native syntax, following the grammar and the error cases of the
 * reference implementation (hashicorp/hcl `hclsyntax`). It stops at the first syntax error: the caller gets a
 * problem with offsets, never an exception. Nesting deeper than `maxDepth` is a problem too, long before the
 * JavaScript stack could overflow.
 */

import type {
  Attribute,
  BinaryOperator,
  Block,
  BlockLabel,
  Body,
  BodyItem,
  Expression,
  ForExpr,
  FunctionCallExpr,
  LiteralExpr,
  ObjectExpr,
  ObjectItem,
  TemplateExpr,
  TemplatePart,
  TraversalStep,
  TupleExpr,
} from './ast.js';
import { isUnicodeSpace, lex, Tok, TokenList, tokenName, type LexError, type TokenType } from './lexer.js';
import { StringPool } from '../../strings.js';

export const DEFAULT_MAX_DEPTH = 500;

export interface ParseOptions {
  /** Nesting allowed (blocks, brackets, parentheses, templates, unary operators). Default 500. */
  maxDepth?: number;
}

export interface ParseProblem {
  code: 'parse-error' | 'nesting-too-deep';
  message: string;
  start: number;
  end: number;
}

export interface ParseResult<T> {
  /** Absent when there is a problem. */
  value?: T;
  problem?: ParseProblem;
}

const BYTE_ORDER_MARK = 0xfeff;

/** Offset where the content starts: after a byte order mark, which HCL ignores. */
export function contentStart(text: string): number {
  return text.charCodeAt(0) === BYTE_ORDER_MARK ? 1 : 0;
}

/** Parses a whole configuration file into its top-level body. */
export function parseConfig(text: string, options: ParseOptions = {}): ParseResult<Body> {
  const start = contentStart(text);
  return run(text, lex(text, 'config', start, sharedTokens), options, (parser) => parser.parseFile(start));
}

/** Parses a bare template, such as a string of Terraform's JSON syntax (`"arn:${var.partition}:s3"`). */
export function parseTemplateText(text: string, options: ParseOptions = {}): ParseResult<TemplateExpr> {
  return run(text, lex(text, 'template', 0, sharedTokens), options, (parser) => parser.parseBareTemplate());
}

/** Parses a standalone expression (newlines are insignificant, as inside parentheses). */
export function parseExpressionText(text: string, options: ParseOptions = {}): ParseResult<Expression> {
  return run(text, lex(text, 'config', 0, sharedTokens), options, (parser) => parser.parseStandaloneExpression());
}

/**
 * Token storage reused from one parse to the next: parsing is synchronous and the tree keeps no token, so one
 * buffer serves every call and large files do not allocate fresh typed arrays each time.
 */
const sharedTokens = new TokenList(1 << 14);

function run<T>(
  text: string,
  lexed: { tokens: TokenList; error?: LexError },
  options: ParseOptions,
  parse: (parser: Parser) => T,
): ParseResult<T> {
  const parser = new Parser(text, lexed.tokens, options.maxDepth ?? DEFAULT_MAX_DEPTH);
  let value: T | undefined;
  let problem: ParseProblem | undefined;
  try {
    value = parse(parser);
  } catch (caught) {
    // Only ParseFailure is expected; anything else is a bug, still reported as a problem rather than thrown.
    problem =
      caught instanceof ParseFailure
        ? caught.problem
        : { code: 'parse-error', message: `Internal parser error: ${caught instanceof Error ? caught.message : String(caught)}`, start: 0, end: 0 };
  }
  // The token stream stops at a lexical error: report it unless the parser failed earlier in the text.
  const lexError = lexed.error;
  if (lexError && !(problem && problem.start < lexError.start)) {
    problem = { code: 'parse-error', message: lexError.message, start: lexError.start, end: lexError.end };
  }
  return problem ? { problem } : { value: value as T };
}

class ParseFailure extends Error {
  constructor(readonly problem: ParseProblem) {
    super(problem.message);
  }
}

/** Binding strength of each binary operator token (HCL precedence levels); 0 for other tokens. */
const BINARY_LEVEL = new Uint8Array(64);
const BINARY_OPERATOR: (BinaryOperator | undefined)[] = [];
function defineOperator(type: TokenType, operator: BinaryOperator, level: number): void {
  BINARY_LEVEL[type] = level;
  BINARY_OPERATOR[type] = operator;
}
defineOperator(Tok.Or, '||', 1);
defineOperator(Tok.And, '&&', 2);
defineOperator(Tok.EqualOp, '==', 3);
defineOperator(Tok.NotEqual, '!=', 3);
defineOperator(Tok.Lt, '<', 4);
defineOperator(Tok.Gt, '>', 4);
defineOperator(Tok.LtEq, '<=', 4);
defineOperator(Tok.GtEq, '>=', 4);
defineOperator(Tok.Plus, '+', 5);
defineOperator(Tok.Minus, '-', 5);
defineOperator(Tok.Star, '*', 6);
defineOperator(Tok.Slash, '/', 6);
defineOperator(Tok.Percent, '%', 6);

const NUMBER_LITERAL = /^[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

/** Template content before the directive structure is built (the reference parser's "template tokens"). */
type TemplateToken =
  | { kind: 'literal'; value: string; start: number; end: number }
  | { kind: 'interpolation'; expression: Expression; start: number; end: number }
  | { kind: 'if'; condition: Expression; start: number; end: number }
  | { kind: 'for'; keyVar?: string; valueVar: string; collection: Expression; start: number; end: number }
  | { kind: 'else' | 'endif' | 'endfor'; start: number; end: number };

type TemplateLiteralToken = Extract<TemplateToken, { kind: 'literal' }>;

class Parser {
  private readonly types: Uint8Array;
  private readonly starts: Uint32Array;
  private readonly ends: Uint32Array;
  private readonly last: number;
  private pos = 0;
  /** Whether newlines are significant here (bodies, object constructors) or skipped (brackets, parentheses). */
  private includeNewlines = true;
  private readonly newlineModes: boolean[] = [];
  private depth = 0;
  private readonly strings: StringPool;

  constructor(
    private readonly text: string,
    tokens: TokenList,
    private readonly maxDepth: number,
  ) {
    this.types = tokens.types;
    this.starts = tokens.starts;
    this.ends = tokens.ends;
    this.last = tokens.count - 1;
    this.strings = new StringPool(text);
  }

  parseFile(start: number): Body {
    const items = this.parseBodyItems(Tok.EOF, -1);
    return { start, end: this.text.length, items };
  }

  parseBareTemplate(): TemplateExpr {
    const tokens = this.parseTemplateTokens(Tok.EOF, 0);
    return this.finishTemplate(tokens, 0, this.text.length, undefined);
  }

  parseStandaloneExpression(): Expression {
    this.pushNewlines(false);
    const expression = this.parseExpression();
    const next = this.peekIndex();
    if (this.types[next] !== Tok.EOF) this.failAt(next, 'Extra characters after expression', 'Expected the end of the expression.');
    this.popNewlines();
    return expression;
  }

  // ---- tokens -------------------------------------------------------------------------------------------

  private peekIndex(): number {
    let i = this.pos;
    if (!this.includeNewlines) {
      while (this.types[i] === Tok.Newline) i++;
    }
    return i;
  }

  private peekType(): TokenType {
    return this.types[this.peekIndex()] as TokenType;
  }

  /** Consumes the next token (never past the final EOF) and returns its index. */
  private read(): number {
    const i = this.peekIndex();
    this.pos = i < this.last ? i + 1 : this.last;
    return i;
  }

  private typeOf(index: number): TokenType {
    return this.types[index] as TokenType;
  }

  /** The token's text, as a string the tree may keep (see `StringPool`). */
  private tokenText(index: number): string {
    return this.strings.own(this.text.slice(this.starts[index], this.ends[index]));
  }

  private tokenStart(index: number): number {
    return this.starts[index] as number;
  }

  private tokenEnd(index: number): number {
    return this.ends[index] as number;
  }

  private tokenLength(index: number): number {
    return (this.ends[index] as number) - (this.starts[index] as number);
  }

  private isKeyword(index: number, keyword: string): boolean {
    return this.types[index] === Tok.Ident && this.tokenLength(index) === keyword.length && this.text.startsWith(keyword, this.tokenStart(index));
  }

  private pushNewlines(include: boolean): void {
    this.newlineModes.push(this.includeNewlines);
    this.includeNewlines = include;
  }

  private popNewlines(): void {
    this.includeNewlines = this.newlineModes.pop() ?? true;
  }

  private failAt(index: number, summary: string, detail: string): never {
    return this.failSpan(this.tokenStart(index), this.tokenEnd(index), summary, detail);
  }

  private failSpan(start: number, end: number, summary: string, detail: string): never {
    throw new ParseFailure({ code: 'parse-error', message: `${summary}: ${detail}`, start, end });
  }

  private enter(at: number): void {
    if (++this.depth > this.maxDepth) this.tooDeep(at);
  }

  private leave(): void {
    this.depth--;
  }

  private tooDeep(at: number): never {
    throw new ParseFailure({
      code: 'nesting-too-deep',
      message: `Nesting too deep: more than ${this.maxDepth} levels of nested blocks or expressions`,
      start: this.tokenStart(at),
      end: this.tokenEnd(at),
    });
  }

  private expect(type: TokenType, summary: string, detail: string): number {
    const index = this.peekIndex();
    if (this.types[index] !== type) this.failAt(index, summary, detail);
    return this.read();
  }

  // ---- structure ----------------------------------------------------------------------------------------

  /** Items up to the `end` token (EOF or a closing brace), which is consumed. */
  private parseBodyItems(end: TokenType, openBrace: number): BodyItem[] {
    const items: BodyItem[] = [];
    const attributeNames = new Set<string>();
    for (;;) {
      const next = this.peekIndex();
      const type = this.typeOf(next);
      if (type === end) {
        this.read();
        return items;
      }
      if (type === Tok.Newline) {
        this.read();
        continue;
      }
      if (type !== Tok.Ident) this.invalidBodyItem(next, openBrace);
      const item = this.parseBodyItem();
      if (item.type === 'Attribute') this.checkRedefinition(attributeNames, item);
      items.push(item);
    }
  }

  private invalidBodyItem(index: number, openBrace: number): never {
    const type = this.typeOf(index);
    if (type === Tok.OQuote) this.failAt(index, 'Invalid argument name', 'Argument names must not be quoted.');
    if (type === Tok.EOF && openBrace >= 0) {
      this.failAt(
        openBrace,
        'Unclosed configuration block',
        'There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.',
      );
    }
    return this.failAt(index, 'Argument or block definition required', 'An argument or block definition is required here.');
  }

  private checkRedefinition(names: Set<string>, attribute: Attribute): void {
    if (!names.has(attribute.name)) {
      names.add(attribute.name);
      return;
    }
    this.failSpan(
      attribute.nameSpan.start,
      attribute.nameSpan.end,
      'Attribute redefined',
      `The argument "${attribute.name}" was already set earlier in this body. Each argument may be set only once.`,
    );
  }

  private parseBodyItem(): BodyItem {
    const ident = this.read();
    const next = this.peekIndex();
    switch (this.typeOf(next)) {
      case Tok.Equal:
        return this.finishAttribute(ident, false);
      case Tok.OQuote:
      case Tok.OBrace:
      case Tok.Ident:
        return this.finishBlock(ident);
      default:
        return this.failAt(
          ident,
          'Argument or block definition required',
          'An argument or block definition is required here. To set an argument, use the equals sign "=" to introduce the argument value.',
        );
    }
  }

  private finishAttribute(ident: number, singleLine: boolean): Attribute {
    this.read(); // =
    const expression = this.parseExpression();
    if (!singleLine) this.expectEndOfLine('argument');
    return {
      type: 'Attribute',
      name: this.tokenText(ident),
      nameSpan: { start: this.tokenStart(ident), end: this.tokenEnd(ident) },
      expression,
      start: this.tokenStart(ident),
      end: expression.end,
    };
  }

  private expectEndOfLine(what: 'argument' | 'block'): void {
    const end = this.peekIndex();
    const type = this.typeOf(end);
    if (type === Tok.Newline) {
      this.read();
      return;
    }
    if (type === Tok.EOF) return;
    if (what === 'block') this.failAt(end, 'Missing newline after block definition', 'A block definition must end with a newline.');
    if (type === Tok.Comma) {
      this.failAt(
        end,
        'Unexpected comma after argument',
        'Argument definitions must be separated by newlines, not commas. An argument definition must end with a newline.',
      );
    }
    this.failAt(end, 'Missing newline after argument', 'An argument definition must end with a newline.');
  }

  private finishBlock(ident: number): Block {
    const labels: BlockLabel[] = [];
    let openBrace = -1;
    while (openBrace < 0) {
      const next = this.peekIndex();
      switch (this.typeOf(next)) {
        case Tok.OBrace:
          openBrace = this.read();
          break;
        case Tok.OQuote:
          labels.push(this.parseQuotedLabel());
          break;
        case Tok.Ident:
          this.read();
          labels.push({ value: this.tokenText(next), quoted: false, start: this.tokenStart(next), end: this.tokenEnd(next) });
          break;
        default:
          this.invalidBlockHeader(next);
      }
    }
    this.enter(openBrace);
    const afterBrace = this.peekType();
    const items =
      afterBrace === Tok.Newline || afterBrace === Tok.EOF || afterBrace === Tok.CBrace
        ? this.parseBodyItems(Tok.CBrace, openBrace)
        : this.parseSingleAttributeBody(openBrace);
    this.leave();
    const closeBrace = this.pos - 1;
    this.expectEndOfLine('block');
    return {
      type: 'Block',
      blockType: this.tokenText(ident),
      typeSpan: { start: this.tokenStart(ident), end: this.tokenEnd(ident) },
      labels,
      body: { start: this.tokenStart(openBrace), end: this.tokenEnd(closeBrace), items },
      start: this.tokenStart(ident),
      end: this.tokenEnd(closeBrace),
    };
  }

  private invalidBlockHeader(index: number): never {
    const type = this.typeOf(index);
    if (type === Tok.Equal) {
      this.failAt(index, 'Invalid block definition', 'The equals sign "=" indicates an argument definition, and must not be used when defining a block.');
    }
    if (type === Tok.Newline) {
      this.failAt(
        index,
        'Invalid block definition',
        'A block definition must have block content delimited by "{" and "}", starting on the same line as the block header.',
      );
    }
    return this.failAt(index, 'Invalid block definition', 'Either a quoted string block label or an opening brace ("{") is expected here.');
  }

  /** `name { key = value }` on one line. */
  private parseSingleAttributeBody(openBrace: number): BodyItem[] {
    const ident = this.read();
    const next = this.peekIndex();
    const nextType = this.typeOf(next);
    if (this.typeOf(ident) !== Tok.Ident || nextType !== Tok.Equal) {
      if (this.typeOf(ident) === Tok.Ident && (nextType === Tok.OQuote || nextType === Tok.OBrace || nextType === Tok.Ident)) {
        this.failAt(
          ident,
          'Argument definition required',
          'A single-line block definition can contain only a single argument. To define a nested block, place it on a line of its own within its parent block.',
        );
      }
      this.failAt(ident, 'Argument or block definition required', 'An argument or block definition is required here.');
    }
    const attribute = this.finishAttribute(ident, true);
    const close = this.peekIndex();
    switch (this.typeOf(close)) {
      case Tok.CBrace:
        this.read();
        return [attribute];
      case Tok.Comma:
        return this.failAt(
          close,
          'Invalid single-argument block definition',
          'Single-line block syntax can include only one argument definition. To define multiple arguments, use the multi-line block syntax with one argument definition per line.',
        );
      case Tok.Newline:
        return this.failAt(
          close,
          'Invalid single-argument block definition',
          "An argument definition on the same line as its containing block creates a single-line block definition, which must also be closed on the same line. Place the block's closing brace immediately after the argument definition.",
        );
      case Tok.EOF:
        return this.failAt(openBrace, 'Unclosed configuration block', 'There is no closing brace for this block before the end of the file.');
      default:
        return this.failAt(
          close,
          'Invalid single-argument block definition',
          'A single-line block definition must end with a closing brace immediately after its single argument definition.',
        );
    }
  }

  /** A block label: a quoted string without interpolation. */
  private parseQuotedLabel(): BlockLabel {
    const open = this.read();
    let value = '';
    for (;;) {
      const index = this.read();
      switch (this.typeOf(index)) {
        case Tok.CQuote:
          return { value: this.strings.own(value), quoted: true, start: this.tokenStart(open), end: this.tokenEnd(index) };
        case Tok.QuotedLit:
          value += this.decodeLiteral(index, true);
          break;
        case Tok.TemplateInterp:
        case Tok.TemplateControl: {
          const which = this.typeOf(index) === Tok.TemplateInterp ? '$' : '%';
          this.failAt(
            index,
            'Invalid string literal',
            `Template sequences are not allowed in this string. To include a literal "${which}", double it (as "${which}${which}") to escape it.`,
          );
          break;
        }
        case Tok.EOF:
          this.failAt(index, 'Unterminated string literal', 'Unable to find the closing quote mark before the end of the file.');
          break;
        default:
          this.failAt(index, 'Invalid string literal', 'This item is not valid in a string literal.');
      }
    }
  }

  // ---- expressions --------------------------------------------------------------------------------------

  private parseExpression(): Expression {
    this.enter(this.peekIndex());
    const expression = this.parseConditional();
    this.leave();
    return expression;
  }

  private parseConditional(): Expression {
    const condition = this.parseBinary(1);
    if (this.peekType() !== Tok.Question) return condition;
    this.read();
    const trueResult = this.parseExpression();
    this.expect(
      Tok.Colon,
      'Missing false expression in conditional',
      'The conditional operator (...?...:...) requires a false expression, delimited by a colon.',
    );
    const falseResult = this.parseExpression();
    return { type: 'Conditional', condition, trueResult, falseResult, start: condition.start, end: falseResult.end };
  }

  /** Precedence climbing: operators at `minLevel` or tighter, left-associative within a level. */
  private parseBinary(minLevel: number): Expression {
    let left = this.parseOperand();
    let chain = 0;
    for (;;) {
      const opIndex = this.peekIndex();
      const type = this.typeOf(opIndex);
      const level = BINARY_LEVEL[type] as number;
      if (level === 0 || level < minLevel) return left;
      // A long chain nests on its left side: count it against the depth limit like any other nesting.
      if (this.depth + ++chain > this.maxDepth) this.tooDeep(opIndex);
      this.read();
      const right = this.parseBinary(level + 1);
      left = { type: 'Binary', operator: BINARY_OPERATOR[type] as BinaryOperator, left, right, start: left.start, end: right.end };
    }
  }

  private parseOperand(): Expression {
    return this.parseTraversals(this.parseTerm());
  }

  private parseTerm(): Expression {
    const index = this.peekIndex();
    switch (this.typeOf(index)) {
      case Tok.OParen:
        return this.parseParentheses();
      case Tok.Number:
        this.read();
        return this.numberLiteral(index);
      case Tok.Ident:
        return this.parseIdentifierTerm();
      case Tok.OQuote:
        return this.parseQuotedTemplate();
      case Tok.OHeredoc:
        return this.parseHeredoc();
      case Tok.Minus:
      case Tok.Bang:
        return this.parseUnary();
      case Tok.OBrack:
        return this.parseTuple();
      case Tok.OBrace:
        return this.parseObject();
      case Tok.EOF:
        return this.failAt(index, 'Missing expression', 'Expected the start of an expression, but found the end of the file.');
      default:
        return this.failAt(
          index,
          'Invalid expression',
          `Expected the start of an expression, but found ${tokenName(this.typeOf(index))}.`,
        );
    }
  }

  private parseParentheses(): Expression {
    const open = this.read();
    this.pushNewlines(false);
    const expression = this.parseExpression();
    const close = this.expect(Tok.CParen, 'Unbalanced parentheses', 'Expected a closing parenthesis to terminate the expression.');
    this.popNewlines();
    return { type: 'Parentheses', expression, start: this.tokenStart(open), end: this.tokenEnd(close) };
  }

  private numberLiteral(index: number): LiteralExpr {
    const raw = this.tokenText(index);
    if (!NUMBER_LITERAL.test(raw)) this.failAt(index, 'Invalid number literal', 'Failed to recognize the value of this number literal.');
    return { type: 'Literal', value: Number(raw), raw, start: this.tokenStart(index), end: this.tokenEnd(index) };
  }

  private parseIdentifierTerm(): Expression {
    const index = this.read();
    const next = this.peekType();
    if (next === Tok.OParen || next === Tok.DoubleColon) return this.finishFunctionCall(index);
    const name = this.tokenText(index);
    const start = this.tokenStart(index);
    const end = this.tokenEnd(index);
    if (name === 'true' || name === 'false') return { type: 'Literal', value: name === 'true', raw: name, start, end };
    if (name === 'null') return { type: 'Literal', value: null, raw: name, start, end };
    return { type: 'Variable', name, start, end };
  }

  private parseUnary(): Expression {
    const operator = this.read();
    this.enter(operator);
    // The operand is a term with its traversals only: `-a + b` is `(-a) + b`.
    const operand = this.parseOperand();
    this.leave();
    return {
      type: 'Unary',
      operator: this.typeOf(operator) === Tok.Minus ? '-' : '!',
      operand,
      start: this.tokenStart(operator),
      end: operand.end,
    };
  }

  private parseTraversals(source: Expression): Expression {
    const steps: TraversalStep[] = [];
    let inAttributeSplat = false;
    for (;;) {
      const type = this.peekType();
      if (type === Tok.Dot) {
        const step = this.parseDotStep(inAttributeSplat);
        if (step.kind === 'splat') inAttributeSplat = true;
        steps.push(step);
      } else if (type === Tok.OBrack) {
        const step = this.parseBracketStep();
        inAttributeSplat = false;
        steps.push(step);
      } else {
        break;
      }
    }
    if (steps.length === 0) return source;
    const end = (steps[steps.length - 1] as TraversalStep).end;
    return { type: 'Traversal', source, steps: exact(steps), start: source.start, end };
  }

  /** `.name`, the legacy index `.0`, or the attribute-only splat `.*`. */
  private parseDotStep(inAttributeSplat: boolean): TraversalStep {
    const dot = this.read();
    const start = this.tokenStart(dot);
    const index = this.peekIndex();
    switch (this.typeOf(index)) {
      case Tok.Ident:
        this.read();
        return { kind: 'attr', name: this.tokenText(index), start, end: this.tokenEnd(index) };
      case Tok.Number: {
        this.read();
        const raw = this.tokenText(index);
        if (raw.includes('.')) {
          const [first, second] = raw.split('.');
          this.failAt(
            index,
            'Invalid legacy index syntax',
            `When using the legacy index syntax, chaining two indexes together is not permitted. Use the proper index syntax instead, like [${first}][${second}].`,
          );
        }
        const key = this.numberLiteral(index);
        return { kind: 'index', key, legacy: true, start, end: this.tokenEnd(index) };
      }
      case Tok.Star:
        if (inAttributeSplat) {
          this.failAt(index, 'Nested splat expression not allowed', 'A splat expression (*) cannot be used inside another attribute-only splat expression.');
        }
        this.read();
        return { kind: 'splat', full: false, start, end: this.tokenEnd(index) };
      default:
        return this.failAt(index, 'Invalid attribute name', 'An attribute name is required after a dot.');
    }
  }

  /** `[key]` or the full splat `[*]`. */
  private parseBracketStep(): TraversalStep {
    const open = this.read();
    const start = this.tokenStart(open);
    if (this.peekType() === Tok.Star) {
      this.read();
      const close = this.read();
      if (this.typeOf(close) !== Tok.CBrack) {
        this.failAt(
          close,
          'Missing close bracket on splat index',
          'The star for a full splat operator must be immediately followed by a closing bracket ("]").',
        );
      }
      return { kind: 'splat', full: true, start, end: this.tokenEnd(close) };
    }
    this.pushNewlines(false);
    const key = this.parseExpression();
    const close = this.expect(Tok.CBrack, 'Missing close bracket on index', 'The index operator must end with a closing bracket ("]").');
    this.popNewlines();
    return { kind: 'index', key, legacy: false, start, end: this.tokenEnd(close) };
  }

  private finishFunctionCall(nameIndex: number): FunctionCallExpr {
    let name = this.tokenText(nameIndex);
    let nameEnd = this.tokenEnd(nameIndex);
    while (this.peekType() === Tok.DoubleColon) {
      this.read();
      const part = this.read();
      if (this.typeOf(part) !== Tok.Ident) {
        this.failAt(part, 'Missing function name', 'Function scope resolution symbol :: must be followed by a function name in this scope.');
      }
      name += '::' + this.tokenText(part);
      nameEnd = this.tokenEnd(part);
    }
    this.expect(Tok.OParen, 'Missing open parenthesis', 'Function selector must be followed by an open parenthesis to begin the function call.');
    this.pushNewlines(false);
    const args: Expression[] = [];
    let expandFinal = false;
    let close: number;
    for (;;) {
      if (this.peekType() === Tok.CParen) {
        close = this.read();
        break;
      }
      args.push(this.parseExpression());
      const separator = this.read();
      const type = this.typeOf(separator);
      if (type === Tok.CParen) {
        close = separator;
        break;
      }
      if (type === Tok.Ellipsis) {
        expandFinal = true;
        close = this.expect(
          Tok.CParen,
          'Missing closing parenthesis',
          'An expanded function argument (with ...) must be immediately followed by closing parentheses.',
        );
        break;
      }
      if (type !== Tok.Comma) this.badArgumentSeparator(separator, nameIndex);
      if (this.peekType() === Tok.CParen) {
        close = this.read();
        break;
      }
    }
    this.popNewlines();
    const start = this.tokenStart(nameIndex);
    return { type: 'FunctionCall', name, nameSpan: { start, end: nameEnd }, args: exact(args), expandFinal, start, end: this.tokenEnd(close) };
  }

  private badArgumentSeparator(separator: number, nameIndex: number): never {
    if (this.typeOf(separator) === Tok.EOF) {
      this.failAt(
        nameIndex,
        'Unterminated function call',
        'There is no closing parenthesis for this function call before the end of the file. This may be caused by incorrect parenthesis nesting elsewhere in this file.',
      );
    }
    return this.failAt(separator, 'Missing argument separator', 'A comma is required to separate each function argument from the next.');
  }

  private parseTuple(): Expression {
    const open = this.read();
    this.pushNewlines(false);
    if (this.isKeyword(this.peekIndex(), 'for')) {
      const result = this.finishFor(open, false);
      this.popNewlines();
      return result;
    }
    const items: Expression[] = [];
    let close: number;
    for (;;) {
      if (this.peekType() === Tok.CBrack) {
        close = this.read();
        break;
      }
      items.push(this.parseExpression());
      const next = this.peekIndex();
      const type = this.typeOf(next);
      if (type === Tok.CBrack) {
        close = this.read();
        break;
      }
      if (type === Tok.EOF) {
        this.failAt(
          open,
          'Unterminated tuple constructor expression',
          'There is no corresponding closing bracket before the end of the file. This may be caused by incorrect bracket nesting elsewhere in this file.',
        );
      }
      if (type !== Tok.Comma) this.failAt(next, 'Missing item separator', 'Expected a comma to mark the beginning of the next item.');
      this.read();
    }
    this.popNewlines();
    const tuple: TupleExpr = { type: 'Tuple', items, start: this.tokenStart(open), end: this.tokenEnd(close) };
    return tuple;
  }

  private parseObject(): Expression {
    const open = this.read();
    // `for` may follow on the next line: for expressions are not newline-sensitive, object constructors are.
    this.pushNewlines(false);
    const isFor = this.isKeyword(this.peekIndex(), 'for');
    this.popNewlines();
    if (isFor) return this.finishFor(open, true);

    this.pushNewlines(true);
    const items: ObjectItem[] = [];
    let close: number;
    for (;;) {
      const next = this.peekIndex();
      const type = this.typeOf(next);
      if (type === Tok.Newline) {
        this.read();
        continue;
      }
      if (type === Tok.CBrace) {
        close = this.read();
        break;
      }
      items.push(this.parseObjectItem(open));
      const after = this.peekIndex();
      const afterType = this.typeOf(after);
      if (afterType === Tok.CBrace) {
        close = this.read();
        break;
      }
      if (afterType !== Tok.Comma && afterType !== Tok.Newline) {
        if (afterType === Tok.EOF) this.unterminatedObject(open);
        this.failAt(after, 'Missing attribute separator', 'Expected a newline or comma to mark the beginning of the next attribute.');
      }
      this.read();
    }
    this.popNewlines();
    const object: ObjectExpr = { type: 'Object', items, start: this.tokenStart(open), end: this.tokenEnd(close) };
    return object;
  }

  private parseObjectItem(open: number): ObjectItem {
    const key = this.parseExpression();
    const separator = this.peekIndex();
    const type = this.typeOf(separator);
    if (type !== Tok.Equal && type !== Tok.Colon) {
      if (type === Tok.Newline || type === Tok.Comma) {
        this.failAt(separator, 'Missing attribute value', 'Expected an attribute value, introduced by an equals sign ("=").');
      }
      if (type === Tok.EOF) this.unterminatedObject(open);
      this.failAt(
        separator,
        'Missing key/value separator',
        type === Tok.Ident
          ? 'Expected an equals sign ("=") to mark the beginning of the attribute value. If you intended to given an attribute name containing periods or spaces, write the name in quotes to create a string literal.'
          : 'Expected an equals sign ("=") to mark the beginning of the attribute value.',
      );
    }
    this.read();
    const value = this.parseExpression();
    return { key, value, start: key.start, end: value.end };
  }

  private unterminatedObject(open: number): never {
    return this.failAt(
      open,
      'Unterminated object constructor expression',
      'There is no corresponding closing brace before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.',
    );
  }

  /** `k, v in collection` after `for`, shared by for expressions and `%{ for }` directives. */
  private parseForHead(
    construct: string,
    invalid: (index: number, detail: string) => never,
  ): { keyVar?: string; valueVar: string; collection: Expression } {
    let next = this.peekIndex();
    if (this.typeOf(next) !== Tok.Ident) invalid(next, `${construct} requires variable name after 'for'.`);
    let valueVar = this.tokenText(this.read());
    let keyVar: string | undefined;
    if (this.peekType() === Tok.Comma) {
      this.read();
      keyVar = valueVar;
      next = this.peekIndex();
      if (this.typeOf(next) !== Tok.Ident) invalid(next, `${construct} requires value variable name after comma.`);
      valueVar = this.tokenText(this.read());
    }
    next = this.peekIndex();
    if (!this.isKeyword(next, 'in')) invalid(next, `${construct} requires the 'in' keyword after its name declarations.`);
    this.read();
    return { keyVar, valueVar, collection: this.parseExpression() };
  }

  private finishFor(open: number, object: boolean): ForExpr {
    this.pushNewlines(false);
    this.read(); // for
    const closeType = object ? Tok.CBrace : Tok.CBrack;
    const invalid = (index: number, detail: string): never => this.failAt(index, "Invalid 'for' expression", detail);
    const { keyVar, valueVar, collection } = this.parseForHead('For expression', invalid);
    let next = this.peekIndex();
    if (this.typeOf(next) !== Tok.Colon) invalid(next, 'For expression requires a colon after the collection expression.');
    this.read();

    let keyExpr: Expression | undefined;
    let valueExpr = this.parseExpression();
    if (this.peekType() === Tok.FatArrow) {
      this.read();
      keyExpr = valueExpr;
      valueExpr = this.parseExpression();
    }
    let group = false;
    let ellipsis = -1;
    if (this.peekType() === Tok.Ellipsis) {
      ellipsis = this.read();
      group = true;
    }
    let condition: Expression | undefined;
    if (this.isKeyword(this.peekIndex(), 'if')) {
      this.read();
      condition = this.parseExpression();
    }
    next = this.peekIndex();
    if (this.typeOf(next) !== closeType) invalid(next, "Extra characters after the end of the 'for' expression.");
    const close = this.read();
    this.popNewlines();

    if (!object && keyExpr) this.failSpan(keyExpr.start, keyExpr.end, "Invalid 'for' expression", 'Key expression is not valid when building a tuple.');
    if (!object && group) invalid(ellipsis, 'Grouping ellipsis (...) cannot be used when building a tuple.');
    if (object && !keyExpr) this.failSpan(valueExpr.start, valueExpr.end, "Invalid 'for' expression", 'Key expression is required when building an object.');

    const result: ForExpr = {
      type: 'For',
      valueVar,
      collection,
      valueExpr,
      group,
      object,
      start: this.tokenStart(open),
      end: this.tokenEnd(close),
    };
    if (keyVar !== undefined) result.keyVar = keyVar;
    if (keyExpr) result.keyExpr = keyExpr;
    if (condition) result.condition = condition;
    return result;
  }

  // ---- templates ----------------------------------------------------------------------------------------

  private parseQuotedTemplate(): TemplateExpr {
    const open = this.read();
    this.enter(open);
    const tokens = this.parseTemplateTokens(Tok.CQuote, this.tokenEnd(open));
    const close = this.pos - 1;
    const template = this.finishTemplate(tokens, this.tokenStart(open), this.tokenEnd(close), undefined);
    this.leave();
    return template;
  }

  private parseHeredoc(): TemplateExpr {
    const open = this.read();
    this.enter(open);
    const introducer = this.tokenText(open).trimEnd();
    const flush = introducer.charCodeAt(2) === 0x2d; // <<-
    const marker = introducer.slice(flush ? 3 : 2);
    const tokens = this.parseTemplateTokens(Tok.CHeredoc, this.tokenEnd(open));
    if (flush) flushHeredocIndentation(tokens);
    const close = this.pos - 1;
    const template = this.finishTemplate(tokens, this.tokenStart(open), this.tokenEnd(close), { marker, flush });
    this.leave();
    return template;
  }

  private finishTemplate(
    tokens: TemplateToken[],
    start: number,
    end: number,
    heredoc: { marker: string; flush: boolean } | undefined,
  ): TemplateExpr {
    const melded = meldLiterals(tokens);
    const unwrap = melded.length === 1 && (melded[0] as TemplateToken).kind === 'interpolation';
    const cursor = { index: 0 };
    const parts = this.buildTemplateParts(melded, cursor, undefined);
    const template: TemplateExpr = { type: 'Template', parts, unwrap, start, end };
    if (heredoc) template.heredoc = heredoc;
    return template;
  }

  /**
   * Reads template tokens up to `end` (consumed), applying strip markers (`${~`, `~}`) to the neighbouring
   * literals as the reference parser does: only the literal token immediately next to the marker is trimmed.
   */
  private parseTemplateTokens(end: TokenType, contentStart: number): TemplateToken[] {
    const tokens: TemplateToken[] = [];
    let trimNextLeft = false;
    let previousIsLiteral = false;
    for (;;) {
      const index = this.read();
      const type = this.typeOf(index);
      if (type === end) break;
      const trimLeft = trimNextLeft;
      const canTrimPrevious = previousIsLiteral;
      trimNextLeft = false;
      previousIsLiteral = false;
      if (type === Tok.QuotedLit || type === Tok.StringLit) {
        let value = this.decodeLiteral(index, type === Tok.QuotedLit);
        if (trimLeft) value = trimStartSpace(value);
        tokens.push({ kind: 'literal', value, start: this.tokenStart(index), end: this.tokenEnd(index) });
        previousIsLiteral = true;
        continue;
      }
      if (type !== Tok.TemplateInterp && type !== Tok.TemplateControl) this.unterminatedTemplate(index);
      if (canTrimPrevious && this.tokenLength(index) === 3) {
        const previous = tokens[tokens.length - 1] as TemplateLiteralToken;
        previous.value = trimEndSpace(previous.value);
      }
      this.pushNewlines(false);
      const token = type === Tok.TemplateInterp ? this.parseInterpolation(index, end) : this.parseDirective(index);
      this.popNewlines();
      tokens.push(token);
      trimNextLeft = this.text.charCodeAt(token.end - 2) === 0x7e; // ~}
    }
    if (tokens.length === 0) tokens.push({ kind: 'literal', value: '', start: contentStart, end: contentStart });
    return tokens;
  }

  private unterminatedTemplate(index: number): never {
    return this.failAt(index, 'Unterminated template string', 'No closing marker was found for the string.');
  }

  private parseInterpolation(open: number, end: TokenType): TemplateToken {
    const expression = this.parseExpression();
    const close = this.peekIndex();
    const type = this.typeOf(close);
    if (type !== Tok.TemplateSeqEnd) {
      if (type === Tok.EOF || ((type === Tok.CQuote || type === Tok.OQuote) && end === Tok.CQuote)) {
        this.failAt(
          open,
          'Unclosed template interpolation sequence',
          'There is no closing brace for this interpolation sequence before the end of the string. This might be caused by incorrect nesting inside the given expression.',
        );
      }
      this.failAt(
        close,
        'Extra characters after interpolation expression',
        'Expected a closing brace to end the interpolation expression, but found extra characters. To include a literal "${" in a string, escape it as "$${".',
      );
    }
    this.read();
    return { kind: 'interpolation', expression, start: this.tokenStart(open), end: this.tokenEnd(close) };
  }

  private parseDirective(open: number): TemplateToken {
    const keywordIndex = this.peekIndex();
    if (this.typeOf(keywordIndex) !== Tok.Ident) {
      this.failAt(
        keywordIndex,
        'Invalid template directive',
        'A template directive keyword ("if", "for", etc) is expected at the beginning of a %{ sequence.',
      );
    }
    this.read();
    const keyword = this.tokenText(keywordIndex);
    const start = this.tokenStart(open);
    let token: TemplateToken;
    switch (keyword) {
      case 'if':
        token = { kind: 'if', condition: this.parseExpression(), start, end: 0 };
        break;
      case 'else':
      case 'endif':
      case 'endfor':
        token = { kind: keyword, start, end: 0 };
        break;
      case 'for':
        token = this.parseForDirective(start);
        break;
      default:
        return this.failAt(
          keywordIndex,
          'Invalid template control keyword',
          `"${keyword}" is not a valid template control keyword; expected "if", "else", "endif", "for" or "endfor".`,
        );
    }
    const close = this.peekIndex();
    if (this.typeOf(close) !== Tok.TemplateSeqEnd) {
      this.failAt(close, `Extra characters in ${keyword} marker`, 'Expected a closing brace to end the sequence, but found extra characters.');
    }
    this.read();
    token.end = this.tokenEnd(close);
    return token;
  }

  private parseForDirective(start: number): TemplateToken {
    const invalid = (index: number, detail: string): never => this.failAt(index, "Invalid 'for' directive", detail);
    const { keyVar, valueVar, collection } = this.parseForHead('For directive', invalid);
    const token: TemplateToken = { kind: 'for', valueVar, collection, start, end: 0 };
    if (keyVar !== undefined) token.keyVar = keyVar;
    return token;
  }

  /** Turns the flat token list into parts, nesting `if`/`for` directives; stops at an unmatched closer. */
  private buildTemplateParts(
    tokens: TemplateToken[],
    cursor: { index: number },
    closers: readonly TemplateToken['kind'][] | undefined,
  ): TemplatePart[] {
    const parts: TemplatePart[] = [];
    while (cursor.index < tokens.length) {
      const token = tokens[cursor.index] as TemplateToken;
      switch (token.kind) {
        case 'literal':
          parts.push({ type: 'TemplateLiteral', value: this.strings.own(token.value), start: token.start, end: token.end });
          cursor.index++;
          break;
        case 'interpolation':
          parts.push({ type: 'Interpolation', expression: token.expression, start: token.start, end: token.end });
          cursor.index++;
          break;
        case 'if':
        case 'for':
          parts.push(this.buildDirective(tokens, cursor));
          break;
        default:
          if (closers?.includes(token.kind)) return exact(parts);
          this.failSpan(token.start, token.end, `Unexpected ${token.kind} directive`, 'The control directives within this template are unbalanced.');
      }
    }
    if (closers !== undefined) {
      const last = tokens[tokens.length - 1] as TemplateToken;
      this.failSpan(last.end, last.end, 'Unexpected end of template', `A directive is missing its corresponding ${closers[0]}.`);
    }
    return exact(parts);
  }

  private buildDirective(tokens: TemplateToken[], cursor: { index: number }): TemplatePart {
    const open = tokens[cursor.index] as TemplateToken;
    this.enter(this.pos - 1);
    cursor.index++;
    let part: TemplatePart;
    if (open.kind === 'if') {
      const then = this.buildTemplateParts(tokens, cursor, ['endif', 'else']);
      let elseParts: TemplatePart[] = [];
      if ((tokens[cursor.index] as TemplateToken).kind === 'else') {
        cursor.index++;
        elseParts = this.buildTemplateParts(tokens, cursor, ['endif']);
      }
      const close = tokens[cursor.index++] as TemplateToken;
      part = { type: 'TemplateIf', condition: open.condition, then, else: elseParts, start: open.start, end: close.end };
    } else if (open.kind === 'for') {
      const body = this.buildTemplateParts(tokens, cursor, ['endfor']);
      const close = tokens[cursor.index++] as TemplateToken;
      part = { type: 'TemplateFor', valueVar: open.valueVar, collection: open.collection, body, start: open.start, end: close.end };
      if (open.keyVar !== undefined) part.keyVar = open.keyVar;
    } else {
      return this.failSpan(open.start, open.end, 'Invalid template directive', 'Expected "if" or "for".');
    }
    this.leave();
    return part;
  }

  /** The value of a literal token: escapes decoded for quoted strings, `$${` and `%%{` everywhere. */
  private decodeLiteral(index: number, quoted: boolean): string {
    const start = this.tokenStart(index);
    const end = this.tokenEnd(index);
    const text = this.text;
    const length = end - start;
    const first = text.charCodeAt(start);
    // The scanner emits `$${` and `%%{` as tokens of their own.
    if (length === 3 && (first === 0x24 || first === 0x25) && text.charCodeAt(start + 1) === first && text.charCodeAt(start + 2) === 0x7b) {
      return first === 0x24 ? '${' : '%{';
    }
    if (!quoted || !hasBackslash(text, start, end)) return text.slice(start, end);
    return this.decodeEscapes(start, end);
  }

  private decodeEscapes(start: number, end: number): string {
    const text = this.text;
    let out = '';
    let runStart = start;
    let p = start;
    while (p < end) {
      if (text.charCodeAt(p) !== 0x5c) {
        p++;
        continue;
      }
      out += text.slice(runStart, p);
      const selector = text[p + 1] ?? '';
      const invalid = (detail: string): never => this.failSpan(p, Math.min(p + 2, end), 'Invalid escape sequence', detail);
      switch (selector) {
        case 'n':
          out += '\n';
          p += 2;
          break;
        case 'r':
          out += '\r';
          p += 2;
          break;
        case 't':
          out += '\t';
          p += 2;
          break;
        case '"':
          out += '"';
          p += 2;
          break;
        case '\\':
          out += '\\';
          p += 2;
          break;
        case 'u':
        case 'U': {
          const digits = selector === 'u' ? 4 : 8;
          const hex = text.slice(p + 2, Math.min(p + 2 + digits, end));
          if (hex.length !== digits || !/^[0-9a-fA-F]+$/.test(hex)) {
            invalid(`The \\${selector} escape sequence must be followed by ${digits === 4 ? 'four' : 'eight'} hexadecimal digits.`);
          }
          const codePoint = parseInt(hex, 16);
          if (codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
            invalid(`Cannot encode character U+${hex.toUpperCase()} in UTF-8.`);
          }
          out += String.fromCodePoint(codePoint);
          p += 2 + digits;
          break;
        }
        default:
          invalid(`The symbol "${selector}" is not a valid escape sequence selector.`);
      }
      runStart = p;
    }
    return out + text.slice(runStart, end);
  }
}

/**
 * A copy without spare room. An array grown by `push` keeps room for 17 items, and the syntax trees a large scan
 * holds until evaluation have hundreds of thousands of one- and two-item lists (10 MB on 2,000 generated files).
 */
function exact<T>(items: T[]): T[] {
  return items.slice();
}

/** Searches only [start, end): `indexOf` would scan on to the end of the file, making parsing quadratic. */
function hasBackslash(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === 0x5c) return true;
  return false;
}

function trimStartSpace(value: string): string {
  let i = 0;
  while (i < value.length && isUnicodeSpace(value.charCodeAt(i))) i++;
  return i === 0 ? value : value.slice(i);
}

function trimEndSpace(value: string): string {
  let i = value.length;
  while (i > 0 && isUnicodeSpace(value.charCodeAt(i - 1))) i--;
  return i === value.length ? value : value.slice(0, i);
}

/**
 * `<<-` heredocs: removes the smallest indentation of the lines from every line, as the reference parser does:
 * only literals that begin a line count; a line that begins with an interpolation has no indentation; lines
 * holding only spaces are ignored.
 */
function flushHeredocIndentation(tokens: TemplateToken[]): void {
  let minSpaces = Number.POSITIVE_INFINITY;
  let atLineStart = true;
  const adjust: TemplateLiteralToken[] = [];
  for (const token of tokens) {
    if (atLineStart) {
      atLineStart = false;
      let spaces = 0;
      if (token.kind === 'literal') {
        const leading = token.value.length - trimStartSpace(token.value).length;
        if (leading === token.value.length && token.value.endsWith('\n')) {
          spaces = Number.POSITIVE_INFINITY;
        } else {
          spaces = leading;
          adjust.push(token);
        }
      }
      minSpaces = Math.min(minSpaces, spaces);
    }
    if (token.kind === 'literal' && token.value.endsWith('\n')) atLineStart = true;
  }
  if (!Number.isFinite(minSpaces) || minSpaces === 0) return;
  for (const token of adjust) token.value = token.value.slice(minSpaces);
}

/** Joins adjacent literal tokens into one. */
function meldLiterals(tokens: TemplateToken[]): TemplateToken[] {
  if (tokens.length < 2) return tokens;
  const out: TemplateToken[] = [];
  for (const token of tokens) {
    const previous = out[out.length - 1];
    if (token.kind === 'literal' && previous?.kind === 'literal') {
      out[out.length - 1] = { kind: 'literal', value: previous.value + token.value, start: previous.start, end: token.end };
    } else {
      out.push(token);
    }
  }
  return out;
}

