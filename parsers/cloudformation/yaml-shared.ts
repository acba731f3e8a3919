/**
 * What both CloudFormation YAML readers share: the `yaml`-based reader (yaml.ts) and the fast path for the common
 * subset (fast-yaml.ts) must build the same value tree, so the short-form tag table, the intrinsic wrapping, the
 * `!GetAtt` split, the messages and the offset → position index are defined once, here.
 */

import type { Diagnostic, LiteralNode, ObjectEntry, ObjectNode, Position, SourceRange, ValueNode } from '../../src/graph/types.js';

export interface CloudFormationYamlOptions {
  /** Collections allowed inside each other (aliases included). Default 500 (see DEFAULT_YAML_MAX_DEPTH). */
  maxDepth?: number;
  /** Alias expansions allowed, counting the aliases inside an aliased node each time it is expanded. Default 1000. */
  maxAliasCount?: number;
  /**
   * Try the fast parser of the common subset first (see fast-yaml.ts); default true. `false` always runs `yaml`:
   * the agreement test compares both.
   */
  fastPath?: boolean;
}

export interface CloudFormationYamlResult {
  /** The first document's value; absent for an empty document or when the text is not valid YAML. */
  value?: ValueNode;
  diagnostics: Diagnostic[];
}

/**
 * `yaml` composes recursively and runs out of stack at about 750 levels of flow collections on Node's main thread
 * (default 984 KB stack), so the YAML cap is lower than JSON's. Real templates nest fewer than 30 levels.
 */
export const DEFAULT_YAML_MAX_DEPTH = 500;
export const DEFAULT_MAX_ALIAS_COUNT = 1000;

export type NodeShape = 'scalar' | 'sequence' | 'mapping';

export interface Intrinsic {
  /** The long-form key: `Ref`, `Condition`, `Fn::Sub` … */
  key: string;
  /** The node kinds CloudFormation accepts after the tag. */
  shapes: readonly NodeShape[];
}

const SCALAR: readonly NodeShape[] = ['scalar'];
const SEQUENCE: readonly NodeShape[] = ['sequence'];
const MAPPING: readonly NodeShape[] = ['mapping'];

/**
 * The short-form tags. Functions whose argument may itself be an intrinsic accept a mapping, since YAML allows only
 * one tag per node (`!Base64 { "Fn::Sub": … }`, `!GetAZs { Ref: AWS::Region }`, `!Length { Ref: List }`).
 */
export const INTRINSIC_TAGS: ReadonlyMap<string, Intrinsic> = new Map<string, Intrinsic>([
  ['!Ref', { key: 'Ref', shapes: SCALAR }],
  ['!Condition', { key: 'Condition', shapes: SCALAR }],
  ['!Sub', { key: 'Fn::Sub', shapes: ['scalar', 'sequence'] }],
  ['!GetAtt', { key: 'Fn::GetAtt', shapes: ['scalar', 'sequence'] }],
  ['!If', { key: 'Fn::If', shapes: SEQUENCE }],
  ['!Join', { key: 'Fn::Join', shapes: SEQUENCE }],
  ['!Select', { key: 'Fn::Select', shapes: SEQUENCE }],
  ['!Split', { key: 'Fn::Split', shapes: SEQUENCE }],
  ['!FindInMap', { key: 'Fn::FindInMap', shapes: SEQUENCE }],
  ['!Base64', { key: 'Fn::Base64', shapes: ['scalar', 'mapping'] }],
  ['!Cidr', { key: 'Fn::Cidr', shapes: SEQUENCE }],
  ['!ImportValue', { key: 'Fn::ImportValue', shapes: ['scalar', 'mapping'] }],
  ['!GetAZs', { key: 'Fn::GetAZs', shapes: ['scalar', 'mapping'] }],
  ['!And', { key: 'Fn::And', shapes: SEQUENCE }],
  ['!Or', { key: 'Fn::Or', shapes: SEQUENCE }],
  ['!Not', { key: 'Fn::Not', shapes: SEQUENCE }],
  ['!Equals', { key: 'Fn::Equals', shapes: SEQUENCE }],
  ['!Transform', { key: 'Fn::Transform', shapes: MAPPING }],
  ['!Length', { key: 'Fn::Length', shapes: ['sequence', 'mapping'] }],
  ['!ToJsonString', { key: 'Fn::ToJsonString', shapes: ['sequence', 'mapping'] }],
  ['!ForEach', { key: 'Fn::ForEach', shapes: SEQUENCE }],
  // Functions of the template's `Rules` section.
  ['!Contains', { key: 'Fn::Contains', shapes: SEQUENCE }],
  ['!EachMemberEquals', { key: 'Fn::EachMemberEquals', shapes: SEQUENCE }],
  ['!EachMemberIn', { key: 'Fn::EachMemberIn', shapes: SEQUENCE }],
  ['!RefAll', { key: 'Fn::RefAll', shapes: SCALAR }],
  ['!ValueOf', { key: 'Fn::ValueOf', shapes: SEQUENCE }],
  ['!ValueOfAll', { key: 'Fn::ValueOfAll', shapes: SEQUENCE }],
]);


export function unknownTagMessage(tag: string, tagRange: SourceRange): string {
  return `Unknown tag ${tag} at ${formatPosition(tagRange.start)}; CloudFormation has no such intrinsic`;
}

export function invalidTagMessage(tag: string, tagRange: SourceRange, intrinsic: Intrinsic, shape: NodeShape): string {
  return `${tag} at ${formatPosition(tagRange.start)} takes a ${intrinsic.shapes.join(' or a ')}, not a ${shape}`;
}

export function duplicateKeyMessage(key: string, keyRange: SourceRange, firstKeyRange: SourceRange): string {
  const second = formatPosition(keyRange.start);
  const first = formatPosition(firstKeyRange.start);
  return `Duplicate key ${JSON.stringify(key)} at ${second} (first defined at ${first}); the last value is used`;
}

/** The long form of a short-form tag: `{ Fn::Sub: argument }`, from the tag to the end of its argument. */
export function wrapIntrinsic(intrinsic: Intrinsic, tagRange: SourceRange, argument: ValueNode): ObjectNode {
  const entry: ObjectEntry = { key: intrinsic.key, keyRange: tagRange, value: argument };
  const range: SourceRange = { file: tagRange.file, start: tagRange.start, end: argument.range.end };
  return { kind: 'object', entries: new Map([[intrinsic.key, entry]]), range };
}

/**
 * `!GetAtt Bucket.Arn` → `[Bucket, Arn]`, split at the first dot; each part positioned when the scalar's text
 * (`contentStart`..`contentEnd`, inside any quotes) maps 1:1 onto its value.
 */
export function getAttArgument(
  lines: LineIndex,
  whole: LiteralNode,
  contentStart: number,
  contentEnd: number,
): ValueNode {
  const text = String(whole.value ?? '');
  const dot = text.indexOf('.');
  if (dot < 0) return { kind: 'list', items: [{ ...whole, value: text }], range: whole.range };
  const mapsOneToOne = lines.text.slice(contentStart, contentEnd) === text && !text.includes('\n');
  const partRange = (from: number, to: number): SourceRange =>
    mapsOneToOne ? lines.range(contentStart + from, contentStart + to) : whole.range;
  const items: ValueNode[] = [
    { kind: 'literal', value: text.slice(0, dot), range: partRange(0, dot) },
    { kind: 'literal', value: text.slice(dot + 1), range: partRange(dot + 1, text.length) },
  ];
  return { kind: 'list', items, range: whole.range };
}

// ---------------------------------------------------------------------------------------------------------------
// Offsets → positions.

/** Line starts of the text (line breaks are `\n`; a `\r` before it ends the line too), searched by bisection. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) this.starts.push(at + 1);
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (this.starts[middle]! <= clamped) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: clamped - this.starts[low]! + 1 };
  }

  offsetOf(position: Position): number {
    return (this.starts[position.line - 1] ?? 0) + position.column - 1;
  }

  range(start: number, end: number): SourceRange {
    return { file: this.file, start: this.position(start), end: this.position(end) };
  }
}

export function formatPosition(position: Position): string {
  return `${position.line}:${position.column}`;
}
