/**
 * Tokenizer for the HCL native syntax (hashicorp/hcl `hclsyntax/spec.md`), modelled on the token stream of the
 * reference scanner so that template whitespace stripping and heredoc handling behave the same way.
 *
 * One linear pass with an explicit mode stack (no recursion): the normal expression mode, quoted templates,
 * heredoc templates and bare templates (Terraform JSON strings). Tokens live in typed arrays; a token is its
 * type and its [start, end) offsets into the text (UTF-16 code units), nothing else.
 */

export const Tok = {
  EOF: 0,
  Newline: 1,
  Ident: 2,
  Number: 3,
  OBrace: 4,
  CBrace: 5,
  OBrack: 6,
  CBrack: 7,
  OParen: 8,
  CParen: 9,
  Dot: 10,
  Comma: 11,
  Star: 12,
  Slash: 13,
  Percent: 14,
  Plus: 15,
  Minus: 16,
  Equal: 17,
  Lt: 18,
  Gt: 19,
  Bang: 20,
  Question: 21,
  Colon: 22,
  EqualOp: 23,
  NotEqual: 24,
  GtEq: 25,
  LtEq: 26,
  And: 27,
  Or: 28,
  DoubleColon: 29,
  Ellipsis: 30,
  FatArrow: 31,
  OQuote: 32,
  CQuote: 33,
  OHeredoc: 34,
  CHeredoc: 35,
  /** `${` or `${~`. */
  TemplateInterp: 36,
  /** `%{` or `%{~`. */
  TemplateControl: 37,
  /** `}` or `~}` closing an interpolation or directive. */
  TemplateSeqEnd: 38,
  /** Literal text of a quoted template: escapes still to be decoded. */
  QuotedLit: 39,
  /** Literal text of a heredoc or bare template (may end with its newline). */
  StringLit: 40,
} as const;

export type TokenType = (typeof Tok)[keyof typeof Tok];

const TOKEN_NAMES: readonly string[] = [
  'end of file', 'newline', 'identifier', 'number', '"{"', '"}"', '"["', '"]"', '"("', '")"', '"."', '","', '"*"',
  '"/"', '"%"', '"+"', '"-"', '"="', '"<"', '">"', '"!"', '"?"', '":"', '"=="', '"!="', '">="', '"<="', '"&&"',
  '"||"', '"::"', '"..."', '"=>"', 'opening quote', 'closing quote', 'heredoc', 'heredoc end marker',
  '"${"', '"%{"', '"}"', 'string', 'string',
];

export function tokenName(type: TokenType): string {
  return TOKEN_NAMES[type] ?? 'token';
}

/** A problem found while tokenizing: the token stream stops there (an EOF token sits at `start`). */
export interface LexError {
  message: string;
  start: number;
  end: number;
}

export class TokenList {
  types: Uint8Array;
  starts: Uint32Array;
  ends: Uint32Array;
  count = 0;

  constructor(capacity: number) {
    const size = Math.max(16, capacity);
    this.types = new Uint8Array(size);
    this.starts = new Uint32Array(size);
    this.ends = new Uint32Array(size);
  }

  push(type: TokenType, start: number, end: number): void {
    if (this.count === this.types.length) this.grow();
    this.types[this.count] = type;
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.count++;
  }

  private grow(): void {
    const size = this.types.length * 2;
    const types = new Uint8Array(size);
    const starts = new Uint32Array(size);
    const ends = new Uint32Array(size);
    types.set(this.types);
    starts.set(this.starts);
    ends.set(this.ends);
    this.types = types;
    this.starts = starts;
    this.ends = ends;
  }
}

export interface LexResult {
  tokens: TokenList;
  error?: LexError;
}

export type LexMode = 'config' | 'template';

/** Tokenizes `text` from offset `start` (after a byte order mark, say); `template` mode is a bare template. */
export function lex(text: string, mode: LexMode = 'config', start = 0, reuse?: TokenList): LexResult {
  return new Lexer(text, mode, start, reuse).run();
}

const Mode = { Normal: 0, Quoted: 1, Heredoc: 2, Bare: 3 } as const;
type Mode = (typeof Mode)[keyof typeof Mode];

interface Frame {
  mode: Mode;
  /** Heredoc only: the closing marker. */
  marker: string;
  /** Heredoc only: no token has been emitted yet on the current line. */
  startOfLine: boolean;
}

const C_TAB = 0x09;
const C_LF = 0x0a;
const C_CR = 0x0d;
const C_SPACE = 0x20;
const C_BANG = 0x21;
const C_QUOTE = 0x22;
const C_HASH = 0x23;
const C_DOLLAR = 0x24;
const C_PERCENT = 0x25;
const C_AMP = 0x26;
const C_LPAREN = 0x28;
const C_RPAREN = 0x29;
const C_STAR = 0x2a;
const C_PLUS = 0x2b;
const C_COMMA = 0x2c;
const C_MINUS = 0x2d;
const C_DOT = 0x2e;
const C_SLASH = 0x2f;
const C_0 = 0x30;
const C_9 = 0x39;
const C_COLON = 0x3a;
const C_LT = 0x3c;
const C_EQUAL = 0x3d;
const C_GT = 0x3e;
const C_QUESTION = 0x3f;
const C_UPPER_E = 0x45;
const C_LBRACK = 0x5b;
const C_BACKSLASH = 0x5c;
const C_RBRACK = 0x5d;
const C_UNDERSCORE = 0x5f;
const C_LOWER_E = 0x65;
const C_LBRACE = 0x7b;
const C_PIPE = 0x7c;
const C_RBRACE = 0x7d;
const C_TILDE = 0x7e;

const ID_START = /^\p{ID_Start}$/u;
const ID_CONTINUE = /^\p{ID_Continue}$/u;

/** 1: may start an identifier, 2: may continue one (ASCII only; other code points go through the regexes). */
const ASCII_IDENT = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === C_UNDERSCORE;
  if (letter) ASCII_IDENT[c] = 3;
  else if ((c >= C_0 && c <= C_9) || c === C_MINUS) ASCII_IDENT[c] = 2;
}

function isDigit(c: number): boolean {
  return c >= C_0 && c <= C_9;
}

/** Go's `unicode.IsSpace`, which HCL uses for strip markers and flush heredocs. */
export function isUnicodeSpace(c: number): boolean {
  if (c <= 0x20) return c === C_SPACE || (c >= C_TAB && c <= C_CR);
  if (c < 0x85) return false;
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

export function trimUnicodeSpace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isUnicodeSpace(s.charCodeAt(start))) start++;
  while (end > start && isUnicodeSpace(s.charCodeAt(end - 1))) end--;
  return s.slice(start, end);
}

class Failure {
  constructor(readonly error: LexError) {}
}

class Lexer {
  private readonly tokens: TokenList;
  private readonly stack: Frame[];
  /** Open braces in normal mode, counted across the whole stack as the reference scanner does. */
  private braces = 0;
  /** For each open interpolation: the brace level whose closing `}` ends it. */
  private readonly returnBraces: number[] = [];
  private pos: number;
  private readonly length: number;

  constructor(
    private readonly text: string,
    mode: LexMode,
    start: number,
    reuse: TokenList | undefined,
  ) {
    this.length = text.length;
    this.pos = start;
    if (reuse) reuse.count = 0;
    // Roughly one token per five characters in typical Terraform.
    this.tokens = reuse ?? new TokenList(text.length >> 2);
    this.stack = [frame(mode === 'config' ? Mode.Normal : Mode.Bare)];
  }

  run(): LexResult {
    let error: LexError | undefined;
    try {
      while (this.pos < this.length) {
        const top = this.stack[this.stack.length - 1] as Frame;
        switch (top.mode) {
          case Mode.Normal:
            this.scanNormal();
            break;
          case Mode.Quoted:
            this.scanQuoted();
            break;
          case Mode.Heredoc:
            this.scanHeredoc(top);
            break;
          case Mode.Bare:
            this.scanBare();
            break;
        }
      }
    } catch (caught) {
      if (!(caught instanceof Failure)) throw caught;
      error = caught.error;
      this.pos = error.start;
    }
    this.tokens.push(Tok.EOF, this.pos, this.pos);
    return error ? { tokens: this.tokens, error } : { tokens: this.tokens };
  }

  private fail(message: string, start: number, end = start + 1): never {
    throw new Failure({ message, start, end });
  }

  private emit(type: TokenType, start: number, end: number): void {
    this.tokens.push(type, start, end);
    this.pos = end;
  }

  /** Scans tokens until the mode changes (a string or heredoc opens, an interpolation closes) or the text ends. */
  private scanNormal(): void {
    const depth = this.stack.length;
    while (this.pos < this.length && this.stack.length === depth) this.scanNormalToken();
  }

  private scanNormalToken(): void {
    const text = this.text;
    let start = this.pos;
    let c = text.charCodeAt(start);
    if (c === C_SPACE || c === C_TAB) {
      do c = text.charCodeAt(++start);
      while (c === C_SPACE || c === C_TAB);
      this.pos = start;
      if (start >= this.length) return;
    }
    const next = text.charCodeAt(start + 1);
    switch (c) {
      case C_LF:
        return this.emit(Tok.Newline, start, start + 1);
      case C_CR:
        if (next === C_LF) return this.emit(Tok.Newline, start, start + 2);
        return this.fail('Invalid character: a carriage return must be followed by a line feed', start);
      case C_HASH:
        return this.lineComment(start);
      case C_SLASH:
        if (next === C_SLASH) return this.lineComment(start);
        if (next === C_STAR) return this.blockComment(start);
        return this.emit(Tok.Slash, start, start + 1);
      case C_QUOTE:
        this.emit(Tok.OQuote, start, start + 1);
        this.stack.push(frame(Mode.Quoted));
        return;
      case C_LT:
        if (next === C_LT && this.heredocIntroducer(start)) return;
        if (next === C_EQUAL) return this.emit(Tok.LtEq, start, start + 2);
        return this.emit(Tok.Lt, start, start + 1);
      case C_LBRACE:
        this.braces++;
        return this.emit(Tok.OBrace, start, start + 1);
      case C_RBRACE:
        return this.closeBrace(start, start + 1, false);
      case C_TILDE:
        if (next === C_RBRACE) return this.closeBrace(start, start + 2, true);
        return this.fail('Invalid character: "~" is only valid next to the braces of a template sequence', start);
      case C_EQUAL:
        if (next === C_EQUAL) return this.emit(Tok.EqualOp, start, start + 2);
        if (next === C_GT) return this.emit(Tok.FatArrow, start, start + 2);
        return this.emit(Tok.Equal, start, start + 1);
      case C_BANG:
        if (next === C_EQUAL) return this.emit(Tok.NotEqual, start, start + 2);
        return this.emit(Tok.Bang, start, start + 1);
      case C_GT:
        if (next === C_EQUAL) return this.emit(Tok.GtEq, start, start + 2);
        return this.emit(Tok.Gt, start, start + 1);
      case C_AMP:
        if (next === C_AMP) return this.emit(Tok.And, start, start + 2);
        return this.fail('Invalid character: bitwise operators are not supported; did you mean "&&"?', start);
      case C_PIPE:
        if (next === C_PIPE) return this.emit(Tok.Or, start, start + 2);
        return this.fail('Invalid character: bitwise operators are not supported; did you mean "||"?', start);
      case C_COLON:
        if (next === C_COLON) return this.emit(Tok.DoubleColon, start, start + 2);
        return this.emit(Tok.Colon, start, start + 1);
      case C_DOT:
        if (next === C_DOT && text.charCodeAt(start + 2) === C_DOT) return this.emit(Tok.Ellipsis, start, start + 3);
        return this.emit(Tok.Dot, start, start + 1);
      case C_LBRACK:
        return this.emit(Tok.OBrack, start, start + 1);
      case C_RBRACK:
        return this.emit(Tok.CBrack, start, start + 1);
      case C_LPAREN:
        return this.emit(Tok.OParen, start, start + 1);
      case C_RPAREN:
        return this.emit(Tok.CParen, start, start + 1);
      case C_COMMA:
        return this.emit(Tok.Comma, start, start + 1);
      case C_STAR:
        return this.emit(Tok.Star, start, start + 1);
      case C_PERCENT:
        return this.emit(Tok.Percent, start, start + 1);
      case C_PLUS:
        return this.emit(Tok.Plus, start, start + 1);
      case C_MINUS:
        return this.emit(Tok.Minus, start, start + 1);
      case C_QUESTION:
        return this.emit(Tok.Question, start, start + 1);
    }
    if (isDigit(c)) return this.emit(Tok.Number, start, this.numberEnd(start));
    const identEnd = this.identifierEnd(start);
    if (identEnd > start) return this.emit(Tok.Ident, start, identEnd);
    return this.fail(invalidCharacterMessage(text, start), start, start + (c >= 0xd800 && c <= 0xdbff ? 2 : 1));
  }

  /** `#` and `//` comments stand for the newline that ends them. */
  private lineComment(start: number): void {
    const text = this.text;
    let end = text.indexOf('\n', start);
    if (end < 0) {
      this.pos = this.length;
      return;
    }
    end++;
    this.emit(Tok.Newline, start, end);
  }

  private blockComment(start: number): void {
    const close = this.text.indexOf('*/', start + 2);
    if (close < 0) this.fail('Unterminated comment: there is no "*/" to close this "/*" comment', start, start + 2);
    this.pos = close + 2;
  }

  /** `<<ID` or `<<-ID` followed by a newline opens a heredoc; anything else is two less-than signs. */
  private heredocIntroducer(start: number): boolean {
    const text = this.text;
    let p = start + 2;
    if (text.charCodeAt(p) === C_MINUS) p++;
    const nameStart = p;
    const nameEnd = this.identifierEnd(nameStart);
    if (nameEnd === nameStart) return false;
    let end = nameEnd;
    if (text.charCodeAt(end) === C_CR) end++;
    if (text.charCodeAt(end) !== C_LF) return false;
    this.emit(Tok.OHeredoc, start, end + 1);
    const heredoc = frame(Mode.Heredoc);
    heredoc.marker = text.slice(nameStart, nameEnd);
    this.stack.push(heredoc);
    return true;
  }

  private closeBrace(start: number, end: number, strip: boolean): void {
    const returns = this.returnBraces;
    const endsSequence = returns.length > 0 && returns[returns.length - 1] === this.braces;
    // `~}` is always a sequence end, so that the parser can reject it where a plain brace was expected.
    this.emit(endsSequence || strip ? Tok.TemplateSeqEnd : Tok.CBrace, start, end);
    this.braces--;
    if (endsSequence) {
      returns.pop();
      this.stack.pop();
    }
  }

  private openSequence(type: TokenType, start: number): void {
    const end = this.text.charCodeAt(start + 2) === C_TILDE ? start + 3 : start + 2;
    this.emit(type, start, end);
    this.braces++;
    this.returnBraces.push(this.braces);
    this.stack.push(frame(Mode.Normal));
  }

  /**
   * At `$` or `%` inside a template: opens a sequence, or emits the escape `$${` / `%%{` or a lone `$` / `%`
   * as a literal token of its own (the reference scanner splits literals there too).
   */
  private dollarOrPercent(start: number, literal: TokenType): void {
    const text = this.text;
    const c = text.charCodeAt(start);
    const next = text.charCodeAt(start + 1);
    if (next === C_LBRACE) return this.openSequence(c === C_DOLLAR ? Tok.TemplateInterp : Tok.TemplateControl, start);
    if (next === c && text.charCodeAt(start + 2) === C_LBRACE) return this.emit(literal, start, start + 3);
    this.emit(literal, start, start + 1);
  }

  private scanQuoted(): void {
    const text = this.text;
    const start = this.pos;
    const c = text.charCodeAt(start);
    if (c === C_QUOTE) {
      this.emit(Tok.CQuote, start, start + 1);
      this.stack.pop();
      return;
    }
    if (c === C_DOLLAR || c === C_PERCENT) return this.dollarOrPercent(start, Tok.QuotedLit);
    let p = start;
    while (p < this.length) {
      const d = text.charCodeAt(p);
      if (d === C_QUOTE || d === C_DOLLAR || d === C_PERCENT) break;
      if (d === C_LF || d === C_CR) {
        if (p > start) break;
        this.fail('Unterminated template string: a quoted string cannot contain a line break; use "\\n" or a heredoc', p);
      }
      if (d === C_BACKSLASH) {
        const escaped = text.charCodeAt(p + 1);
        if (p + 1 >= this.length || escaped === C_LF || escaped === C_CR) {
          this.fail('Invalid escape sequence: a backslash must be followed by an escape character', p);
        }
        p += 2;
        continue;
      }
      p++;
    }
    this.emit(Tok.QuotedLit, start, p);
  }

  private scanHeredoc(top: Frame): void {
    const text = this.text;
    const start = this.pos;
    if (top.startOfLine && this.heredocEnd(top, start)) return;
    const c = text.charCodeAt(start);
    if (c === C_DOLLAR || c === C_PERCENT) {
      top.startOfLine = false;
      return this.dollarOrPercent(start, Tok.StringLit);
    }
    let p = start;
    while (p < this.length) {
      const d = text.charCodeAt(p);
      if (d === C_DOLLAR || d === C_PERCENT) break;
      if (d === C_LF) {
        this.emit(Tok.StringLit, start, p + 1);
        top.startOfLine = true;
        return;
      }
      if (d === C_CR && text.charCodeAt(p + 1) !== C_LF) {
        this.fail('Invalid character: a carriage return must be followed by a line feed', p);
      }
      p++;
    }
    top.startOfLine = false;
    this.emit(Tok.StringLit, start, p);
  }

  /** A line holding only the marker (spaces around it allowed) and ending with a newline closes the heredoc. */
  private heredocEnd(top: Frame, start: number): boolean {
    const text = this.text;
    const newline = text.indexOf('\n', start);
    if (newline < 0) return false;
    let contentEnd = newline;
    if (text.charCodeAt(contentEnd - 1) === C_CR && contentEnd - 1 >= start) contentEnd--;
    const line = text.slice(start, contentEnd);
    if (line.length < top.marker.length || trimUnicodeSpace(line) !== top.marker) return false;
    this.tokens.push(Tok.CHeredoc, start, contentEnd);
    this.tokens.push(Tok.Newline, contentEnd, newline + 1);
    this.pos = newline + 1;
    this.stack.pop();
    return true;
  }

  private scanBare(): void {
    const text = this.text;
    const start = this.pos;
    const c = text.charCodeAt(start);
    if (c === C_DOLLAR || c === C_PERCENT) return this.dollarOrPercent(start, Tok.StringLit);
    let p = start;
    while (p < this.length) {
      const d = text.charCodeAt(p);
      if (d === C_DOLLAR || d === C_PERCENT) break;
      p++;
    }
    this.emit(Tok.StringLit, start, p);
  }

  /** Scans `digit (digit | "." | [eE][+-]?digit)*` without a trailing dot, as the reference scanner does. */
  private numberEnd(start: number): number {
    const text = this.text;
    let p = start + 1;
    for (;;) {
      const c = text.charCodeAt(p);
      if (isDigit(c) || c === C_DOT) {
        p++;
        continue;
      }
      if (c === C_LOWER_E || c === C_UPPER_E) {
        const sign = text.charCodeAt(p + 1);
        if (isDigit(sign)) {
          p += 2;
          continue;
        }
        if ((sign === C_PLUS || sign === C_MINUS) && isDigit(text.charCodeAt(p + 2))) {
          p += 3;
          continue;
        }
      }
      break;
    }
    while (text.charCodeAt(p - 1) === C_DOT) p--;
    return p;
  }

  /** End of the identifier starting at `start`, or `start` when none starts there. */
  private identifierEnd(start: number): number {
    const text = this.text;
    const length = this.length;
    const first = text.charCodeAt(start);
    let p: number;
    if (first < 128) {
      if ((ASCII_IDENT[first] as number) !== 3) return start;
      p = start + 1;
    } else {
      const cp = text.codePointAt(start) as number;
      if (!ID_START.test(String.fromCodePoint(cp))) return start;
      p = start + (cp > 0xffff ? 2 : 1);
    }
    while (p < length) {
      const c = text.charCodeAt(p);
      if (c < 128) {
        if ((ASCII_IDENT[c] as number) === 0) break;
        p++;
        continue;
      }
      const cp = text.codePointAt(p) as number;
      if (!ID_CONTINUE.test(String.fromCodePoint(cp))) break;
      p += cp > 0xffff ? 2 : 1;
    }
    return p;
  }
}

function frame(mode: Mode): Frame {
  return { mode, marker: '', startOfLine: true };
}

function invalidCharacterMessage(text: string, at: number): string {
  const c = text.charCodeAt(at);
  if (c === 0x27) return 'Invalid character: single quotes are not valid; use double quotes (") to enclose strings';
  if (c === 0x3b) return 'Invalid character: the ";" character is not valid; use newlines to separate arguments and blocks';
  if (c === 0x60) return 'Invalid character: the "`" character is not valid';
  const cp = text.codePointAt(at) ?? c;
  return `Invalid character: U+${cp.toString(16).toUpperCase().padStart(4, '0')} is not valid here`;
}
