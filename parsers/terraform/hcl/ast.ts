/**
 * Syntax tree of the HCL native syntax. Every node carries `start` and `end` offsets into the parsed text
 * (UTF-16 code units, `end` exclusive); `LineIndex` turns them into lines and columns.
 */

export interface Span {
  start: number;
  end: number;
}

/** A body: the whole file, or the inside of a block's braces. */
export interface Body extends Span {
  items: BodyItem[];
}

export type BodyItem = Attribute | Block;

export interface Attribute extends Span {
  type: 'Attribute';
  name: string;
  nameSpan: Span;
  expression: Expression;
}

export interface Block extends Span {
  type: 'Block';
  blockType: string;
  typeSpan: Span;
  labels: BlockLabel[];
  body: Body;
}

export interface BlockLabel extends Span {
  value: string;
  /** Written as a quoted string rather than a bare identifier. */
  quoted: boolean;
}

export type Expression =
  | LiteralExpr
  | TemplateExpr
  | VariableExpr
  | TraversalExpr
  | FunctionCallExpr
  | TupleExpr
  | ObjectExpr
  | ForExpr
  | UnaryExpr
  | BinaryExpr
  | ConditionalExpr
  | ParenthesesExpr;

/** A number, `true`, `false` or `null`. Strings are templates. */
export interface LiteralExpr extends Span {
  type: 'Literal';
  value: number | boolean | null;
  /** The source text: keeps a number's exact decimal digits. */
  raw: string;
}

/** A quoted string or heredoc. */
export interface TemplateExpr extends Span {
  type: 'Template';
  parts: TemplatePart[];
  /** Set for `<<EOT` / `<<-EOT` heredocs. */
  heredoc?: { marker: string; flush: boolean };
  /**
   * The template is a single interpolation and nothing else (`"${x}"`): it evaluates to the interpolated
   * value itself, not to a string.
   */
  unwrap: boolean;
}

export type TemplatePart = TemplateLiteral | TemplateInterpolation | TemplateIf | TemplateFor;

/** Literal text with escapes decoded, strip markers and heredoc indentation applied. */
export interface TemplateLiteral extends Span {
  type: 'TemplateLiteral';
  value: string;
}

export interface TemplateInterpolation extends Span {
  type: 'Interpolation';
  expression: Expression;
}

export interface TemplateIf extends Span {
  type: 'TemplateIf';
  condition: Expression;
  then: TemplatePart[];
  else: TemplatePart[];
}

export interface TemplateFor extends Span {
  type: 'TemplateFor';
  keyVar?: string;
  valueVar: string;
  collection: Expression;
  body: TemplatePart[];
}

export interface VariableExpr extends Span {
  type: 'Variable';
  name: string;
}

/**
 * A chain of postfix steps applied to `source`. Splat scope follows HCL: after an attribute-only splat (`.*`)
 * the following `attr` steps (and legacy `.0` indexes) apply to each element until the next bracket or splat;
 * after a full splat (`[*]`) every following step applies to each element.
 */
export interface TraversalExpr extends Span {
  type: 'Traversal';
  source: Expression;
  steps: TraversalStep[];
}

export type TraversalStep = AttrStep | IndexStep | SplatStep;

export interface AttrStep extends Span {
  kind: 'attr';
  name: string;
}

export interface IndexStep extends Span {
  kind: 'index';
  key: Expression;
  /** Written as the legacy `.0` form. */
  legacy: boolean;
}

export interface SplatStep extends Span {
  kind: 'splat';
  /** `[*]` rather than `.*`. */
  full: boolean;
}

export interface FunctionCallExpr extends Span {
  type: 'FunctionCall';
  /** With any namespace: `provider::aws::arn_parse`. */
  name: string;
  nameSpan: Span;
  args: Expression[];
  /** The last argument is followed by `...`. */
  expandFinal: boolean;
}

export interface TupleExpr extends Span {
  type: 'Tuple';
  items: Expression[];
}

export interface ObjectExpr extends Span {
  type: 'Object';
  items: ObjectItem[];
}

/** `key = value` or `key: value`. A bare identifier key is a `Variable` node that names the key literally. */
export interface ObjectItem extends Span {
  key: Expression;
  value: Expression;
}

export interface ForExpr extends Span {
  type: 'For';
  keyVar?: string;
  valueVar: string;
  collection: Expression;
  /** Object form only: the expression before `=>`. */
  keyExpr?: Expression;
  valueExpr: Expression;
  condition?: Expression;
  /** Object form with `...` after the value: values are grouped by key. */
  group: boolean;
  /** `{ for … }` rather than `[ for … ]`. */
  object: boolean;
}

export type UnaryOperator = '-' | '!';

export interface UnaryExpr extends Span {
  type: 'Unary';
  operator: UnaryOperator;
  operand: Expression;
}

export type BinaryOperator = '||' | '&&' | '==' | '!=' | '<' | '>' | '<=' | '>=' | '+' | '-' | '*' | '/' | '%';

export interface BinaryExpr extends Span {
  type: 'Binary';
  operator: BinaryOperator;
  left: Expression;
  right: Expression;
}

export interface ConditionalExpr extends Span {
  type: 'Conditional';
  condition: Expression;
  trueResult: Expression;
  falseResult: Expression;
}

export interface ParenthesesExpr extends Span {
  type: 'Parentheses';
  expression: Expression;
}

/** Turns offsets into 1-based lines and columns (UTF-16 code units); `\r\n` and `\n` end lines alike. */
export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(text: string, start = 0) {
    this.lineStarts[0] = start;
    let at = text.indexOf('\n', start);
    while (at >= 0) {
      this.lineStarts.push(at + 1);
      at = text.indexOf('\n', at + 1);
    }
  }

  /** Line of the previous lookup: conversions walk the text mostly forwards, so it is usually the answer. */
  private lastLine = 0;

  position(offset: number): { line: number; column: number } {
    const starts = this.lineStarts;
    // The same line as last time, or the next one; otherwise a binary search.
    for (let line = this.lastLine; line <= this.lastLine + 1; line++) {
      const lineStart = starts[line];
      if (lineStart === undefined || lineStart > offset) break;
      const nextStart = starts[line + 1];
      if (nextStart === undefined || offset < nextStart) {
        this.lastLine = line;
        return { line: line + 1, column: offset - lineStart + 1 };
      }
    }
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] as number) <= offset) low = mid;
      else high = mid - 1;
    }
    this.lastLine = low;
    return { line: low + 1, column: offset - (starts[low] as number) + 1 };
  }
}
