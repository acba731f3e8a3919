/**
 * CloudFormation YAML → positioned value tree, with every short-form intrinsic (`!Ref X`, `!GetAtt A.B`, `!Sub …`)
 * turned into its long form (`{ Ref: X }`, `{ "Fn::GetAtt": [A, B] }`, `{ "Fn::Sub": … }`), as CloudFormation
 * itself reads the template.
 *
 * `yaml` builds the syntax tree (its own custom-tag machinery only knows the tag names, so that it neither warns nor
 * coerces), and this module converts that tree itself: it needs the tag's source position, reports what `yaml`
 * accepts silently (unknown tags, duplicate keys) and bounds what could blow up (aliases, nesting).
 *
 * Ranges: 1-based, `end` exclusive, columns in UTF-16 code units; a leading byte order mark is not counted.
 */

import { Composer, isAlias, isMap, isPair, isScalar, isSeq, Parser, YAMLMap, YAMLSeq } from 'yaml';
import type { CollectionTag, CST, Document, Pair, Scalar, ScalarTag, YAMLError } from 'yaml';
import { capDiagnostics, pushAll } from '../diagnostics.js';
import { parseFastYaml } from './fast-yaml.js';
import {
  DEFAULT_MAX_ALIAS_COUNT,
  DEFAULT_YAML_MAX_DEPTH,
  duplicateKeyMessage,
  formatPosition,
  getAttArgument,
  INTRINSIC_TAGS,
  invalidTagMessage,
  LineIndex,
  unknownTagMessage,
  wrapIntrinsic,
  type CloudFormationYamlOptions,
  type CloudFormationYamlResult,
  type NodeShape,
} from './yaml-shared.js';

export {
  DEFAULT_MAX_ALIAS_COUNT,
  DEFAULT_YAML_MAX_DEPTH,
  formatPosition,
  INTRINSIC_TAGS,
  type CloudFormationYamlOptions,
  type CloudFormationYamlResult,
} from './yaml-shared.js';
import type {
  Diagnostic,
  LiteralNode,
  ObjectEntry,
  ObjectNode,
  Position,
  SourceRange,
  ValueNode,
} from '../../src/graph/types.js';

/** Nodes copied by alias expansion: a safety net behind `maxAliasCount` for aliases of very large nodes. */
const MAX_ALIAS_COPIED_NODES = 1_000_000;

/** Registers every short-form tag with `yaml` for each node kind, so it keeps the node as written without warning. */
function yamlCustomTags(): Array<ScalarTag | CollectionTag> {
  const tags: Array<ScalarTag | CollectionTag> = [];
  for (const tag of INTRINSIC_TAGS.keys()) {
    tags.push({ tag, resolve: (source: string) => source });
    tags.push({ tag, collection: 'seq', nodeClass: YAMLSeq });
    tags.push({ tag, collection: 'map', nodeClass: YAMLMap });
  }
  return tags;
}

const COMPOSER_OPTIONS = {
  version: '1.2',
  schema: 'core',
  customTags: yamlCustomTags(),
  // Duplicates are reported here, with the CloudFormation meaning (the last value wins).
  uniqueKeys: false,
  merge: false,
  strict: true,
  prettyErrors: false,
} as const;

export function parseCloudFormationYaml(
  file: string,
  text: string,
  options: CloudFormationYamlOptions = {},
): CloudFormationYamlResult {
  try {
    const fast = options.fastPath === false ? undefined : parseFastYaml(file, text, options);
    const result = fast ?? parseYamlText(file, text, options);
    return { ...result, diagnostics: capDiagnostics(file, result.diagnostics) };
  } catch (error) {
    // Not expected; the promise is that no input text ever makes the parser throw.
    const message = `Internal error while parsing YAML: ${error instanceof Error ? error.message : String(error)}`;
    return { diagnostics: [{ file, message, severity: 'error', code: 'parse-error' }] };
  }
}

function parseYamlText(file: string, rawText: string, options: CloudFormationYamlOptions): CloudFormationYamlResult {
  // Without the byte order mark, offsets and columns agree with what an editor shows.
  const text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
  const lines = new LineIndex(file, text);
  const maxDepth = options.maxDepth ?? DEFAULT_YAML_MAX_DEPTH;

  const tokens = Array.from(new Parser().parse(text));
  const cst = scanSyntaxTree(tokens, maxDepth);
  // `yaml` composes recursively: refuse deep input before it can overflow the stack.
  if (cst.tooDeepAt !== undefined) {
    return { diagnostics: [tooDeepDiagnostic(lines, lines.range(cst.tooDeepAt, cst.tooDeepAt + 1), maxDepth)] };
  }

  const documents = Array.from(new Composer(COMPOSER_OPTIONS).compose(tokens, true, text.length));
  // A caller already deep in its own stack can still make `yaml` overflow below the cap: it catches the overflow.
  const exhausted = firstExhaustion(documents);
  if (exhausted !== undefined) {
    return { diagnostics: [tooDeepDiagnostic(lines, lines.range(exhausted, exhausted + 1), maxDepth)] };
  }
  const diagnostics = yamlDiagnostics(lines, documents);
  if (diagnostics.some((diagnostic) => diagnostic.severity === 'error')) return { diagnostics };

  const first = documents[0];
  if (first === undefined || first.contents === null) return { diagnostics };
  const converter = new ValueConverter(lines, cst.tags, {
    maxDepth,
    maxAliasCount: options.maxAliasCount ?? DEFAULT_MAX_ALIAS_COUNT,
  });
  const value = converter.convertDocument(first.contents);
  pushAll(diagnostics, converter.diagnostics);
  return value === undefined ? { diagnostics } : { value, diagnostics };
}

function tooDeepDiagnostic(lines: LineIndex, location: SourceRange, maxDepth: number): Diagnostic {
  return {
    file: lines.file,
    message: `Nesting too deep at ${formatPosition(location.start)} (limit ${maxDepth} levels); the file is not parsed`,
    severity: 'error',
    location,
    code: 'nesting-too-deep',
  };
}

/** The offset of the first stack overflow `yaml` caught while composing, if any. */
function firstExhaustion(documents: Document.Parsed[]): number | undefined {
  let first: number | undefined;
  for (const document of documents) {
    for (const error of document.errors) {
      if (error.code === 'RESOURCE_EXHAUSTION' && (first === undefined || error.pos[0] < first)) first = error.pos[0];
    }
  }
  return first;
}

/** YAML errors and warnings of every document, plus a warning when the file holds more than one document. */
function yamlDiagnostics(lines: LineIndex, documents: Document.Parsed[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const document of documents) {
    for (const error of document.errors) diagnostics.push(yamlErrorDiagnostic(lines, error, 'error'));
    for (const warning of document.warnings) {
      // Unknown tags are reported by the converter, with CloudFormation's list of tags.
      if (warning.code !== 'TAG_RESOLVE_FAILED') diagnostics.push(yamlErrorDiagnostic(lines, warning, 'warning'));
    }
  }
  const extra = documents.slice(1).find((document) => document.contents !== null);
  if (extra !== undefined) {
    const location = lines.range(extra.range[0], extra.range[0]);
    diagnostics.push({
      file: lines.file,
      message: `A second YAML document starts at ${formatPosition(location.start)}; only the first is scanned`,
      severity: 'warning',
      location,
      code: 'multiple-documents',
    });
  }
  return diagnostics;
}

function yamlErrorDiagnostic(lines: LineIndex, error: YAMLError, severity: 'error' | 'warning'): Diagnostic {
  const location = lines.range(error.pos[0], Math.max(error.pos[0], error.pos[1]));
  const kind = severity === 'error' ? 'YAML syntax error' : 'YAML warning';
  // A quote "missing" before the end of the text usually means an under-indented continuation line: lenient
  // parsers (PyYAML) accept those, YAML 1.2 does not.
  const endsEarly = /^Missing closing .?quote/.test(error.message) && lines.text.slice(error.pos[0]).trim() !== '';
  const hint = endsEarly ? ' (the lines of a quoted string must be indented more than its key)' : '';
  return {
    file: lines.file,
    message: `${kind} at ${formatPosition(location.start)}: ${error.message}${hint}`,
    severity,
    location,
    code: severity === 'error' ? 'parse-error' : 'yaml-warning',
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The concrete syntax tree: where the tags are, and how deep collections nest.

interface TagToken {
  offset: number;
  source: string;
}

interface SyntaxTreeFacts {
  /** Every tag token, by offset. */
  tags: TagToken[];
  /** The first collection (in text order) nested deeper than the cap, if any. */
  tooDeepAt?: number;
}

/** Walks the CST with an explicit stack (it may be arbitrarily deep). */
function scanSyntaxTree(tokens: CST.Token[], maxDepth: number): SyntaxTreeFacts {
  const facts: SyntaxTreeFacts = { tags: [] };
  const collectTags = (sourceTokens: readonly CST.SourceToken[] | undefined): void => {
    for (const token of sourceTokens ?? []) {
      if (token.type === 'tag') facts.tags.push({ offset: token.offset, source: token.source });
    }
  };
  const stack: Array<{ token: CST.Token; depth: number }> = tokens.map((token) => ({ token, depth: 0 }));
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const { token, depth } = entry;
    if (token.type === 'document') {
      collectTags(token.start);
      if (token.value !== undefined) stack.push({ token: token.value, depth });
      continue;
    }
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    const inner = depth + 1;
    if (inner > maxDepth) {
      if (facts.tooDeepAt === undefined || token.offset < facts.tooDeepAt) facts.tooDeepAt = token.offset;
      continue; // nothing inside matters any more
    }
    for (const item of token.items as CST.CollectionItem[]) {
      collectTags(item.start);
      collectTags(item.sep);
      if (item.key) stack.push({ token: item.key, depth: inner });
      if (item.value) stack.push({ token: item.value, depth: inner });
    }
  }
  facts.tags.sort((a, b) => a.offset - b.offset);
  return facts;
}

// ---------------------------------------------------------------------------------------------------------------
// Conversion of the `yaml` tree into value nodes.

/** Thrown to abandon the conversion (alias bomb, nesting); caught in `convertDocument`. */
class ConversionStop extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

interface AnchorState {
  /** Set once the anchored node is converted; absent while converting it (an alias inside it is a cycle). */
  value?: ValueNode;
  /** Alias expansions that happened inside the anchored node: expanding it again costs as many. */
  expansions: number;
}

/** A node of `yaml`'s tree, narrowed with its `is…` guards: the boundary with its loosely typed tree. */
type YamlNode = unknown;

interface ConverterLimits {
  maxDepth: number;
  maxAliasCount: number;
}

class ValueConverter {
  readonly diagnostics: Diagnostic[] = [];
  private readonly anchors = new Map<string, AnchorState>();
  private aliasExpansions = 0;
  private copiedNodes = 0;

  constructor(
    private readonly lines: LineIndex,
    private readonly tags: readonly TagToken[],
    private readonly limits: ConverterLimits,
  ) {}

  convertDocument(contents: YamlNode): ValueNode | undefined {
    try {
      return this.convert(contents, 0);
    } catch (error) {
      if (!(error instanceof ConversionStop)) throw error;
      this.diagnostics.push(error.diagnostic);
      return undefined;
    }
  }

  private convert(node: YamlNode, depth: number): ValueNode {
    if (isAlias(node)) {
      const [start, end] = nodeRange(node);
      return this.expandAlias(node.source, start, end, depth);
    }
    const anchor = isScalar(node) || isMap(node) || isSeq(node) ? node.anchor : undefined;
    if (anchor === undefined) return this.convertTagged(node, depth);
    const state: AnchorState = { expansions: 0 };
    // A later anchor with the same name replaces this one for the aliases that follow it.
    this.anchors.set(anchor, state);
    const before = this.aliasExpansions;
    const value = this.convertTagged(node, depth);
    state.value = value;
    state.expansions = this.aliasExpansions - before;
    return value;
  }

  /** Converts the node and wraps it in its intrinsic's long form when it carries a short-form tag. */
  private convertTagged(node: YamlNode, depth: number): ValueNode {
    const tag = isScalar(node) || isMap(node) || isSeq(node) ? node.tag : undefined;
    if (tag === undefined || isStandardTag(tag)) return this.convertUntagged(node, depth);
    const nodeStart = nodeRange(node)[0];
    const tagRange = this.tagRange(tag, nodeStart);
    const intrinsic = INTRINSIC_TAGS.get(tag);
    if (intrinsic === undefined) {
      this.report(tagRange, unknownTagMessage(tag, tagRange), 'unknown-tag');
      return this.convertUntagged(node, depth);
    }
    const shape = shapeOf(node);
    if (!intrinsic.shapes.includes(shape)) {
      this.report(tagRange, invalidTagMessage(tag, tagRange, intrinsic, shape), 'invalid-tag');
    }
    const argument =
      intrinsic.key === 'Fn::GetAtt' && isScalar(node)
        ? this.splitGetAtt(node)
        : this.convertUntagged(node, depth); // the wrapper is not a YAML collection: the cap counts those
    return wrapIntrinsic(intrinsic, tagRange, argument);
  }

  private convertUntagged(node: YamlNode, depth: number): ValueNode {
    if (isScalar(node)) return this.convertScalar(node);
    if (depth >= this.limits.maxDepth) this.stopTooDeep(nodeRange(node)[0]);
    if (isMap(node)) return this.convertMap(node.items as PairNode[], nodeRange(node), node.flow === true, depth);
    if (isSeq(node)) return this.convertSeq(node, depth);
    if (isPair(node)) return this.convertMap([node], pairRange(node), true, depth);
    // Not produced by the composer for parsed text; kept total rather than trusting that.
    return { kind: 'literal', value: null, range: this.lines.range(0, 0) };
  }

  private convertScalar(node: ScalarNode): LiteralNode {
    const [start, end] = nodeRange(node);
    const valueEnd = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED' ? this.trimEnd(start, end) : end;
    return { kind: 'literal', value: literalValue(node), range: this.lines.range(start, valueEnd) };
  }

  private convertMap(
    pairs: readonly PairNode[],
    range: readonly [number, number],
    flow: boolean,
    depth: number,
  ): ObjectNode {
    const entries = new Map<string, ObjectEntry>();
    let lastEnd: Position | undefined;
    for (const pair of pairs) {
      const keyRange = this.keyRange(pair);
      const value =
        pair.value === null || pair.value === undefined
          ? this.emptyValue(keyRange)
          : this.convert(pair.value, depth + 1);
      lastEnd = value.range.end;
      const key = this.keyText(pair, keyRange);
      if (key === undefined) continue;
      const previous = entries.get(key);
      if (previous !== undefined) {
        this.report(keyRange, duplicateKeyMessage(key, keyRange, previous.keyRange), 'duplicate-key');
      }
      entries.set(key, { key, keyRange, value });
    }
    return { kind: 'object', entries, range: this.collectionRange(range, flow, lastEnd) };
  }

  private convertSeq(node: SeqNode, depth: number): ValueNode {
    const items: ValueNode[] = [];
    const range = nodeRange(node);
    for (const item of node.items) {
      const empty = item === null || item === undefined;
      items.push(empty ? this.emptyValue(this.lines.range(range[0], range[0])) : this.convert(item, depth + 1));
    }
    const lastEnd = items.length > 0 ? items[items.length - 1]!.range.end : undefined;
    return { kind: 'list', items, range: this.collectionRange(range, node.flow === true, lastEnd) };
  }

  /** A flow collection ends at its closing bracket, a block collection at the end of its last value (not on the next line). */
  private collectionRange(range: readonly [number, number], flow: boolean, lastEnd: Position | undefined): SourceRange {
    const whole = this.lines.range(range[0], range[1]);
    if (flow || lastEnd === undefined) return whole;
    return { file: whole.file, start: whole.start, end: lastEnd };
  }

  /** `!GetAtt Bucket.Arn` → `[Bucket, Arn]`, split at the first dot; each part positioned when the text maps 1:1. */
  private splitGetAtt(node: ScalarNode): ValueNode {
    const [start, end] = nodeRange(node);
    const quoted = node.type === 'QUOTE_SINGLE' || node.type === 'QUOTE_DOUBLE' ? 1 : 0;
    return getAttArgument(this.lines, this.convertScalar(node), start + quoted, end - quoted);
  }

  private expandAlias(name: string, start: number, end: number, depth: number): ValueNode {
    const at = this.lines.range(start, end);
    const state = this.anchors.get(name);
    if (state === undefined || state.value === undefined) {
      const why = state === undefined ? 'no anchor of that name precedes it' : 'it is inside the node it refers to';
      this.report(at, `Alias *${name} at ${formatPosition(at.start)} cannot be resolved: ${why}`, 'invalid-alias');
      return { kind: 'literal', value: null, range: at };
    }
    this.aliasExpansions += 1 + state.expansions;
    if (this.aliasExpansions > this.limits.maxAliasCount) {
      const limit = this.limits.maxAliasCount;
      const message = `Alias *${name} at ${formatPosition(at.start)} takes alias expansion beyond ${limit}; the file is not parsed`;
      this.stop(at, message, 'alias-limit');
    }
    return this.copy(state.value, depth, at);
  }

  /** A deep copy that keeps the anchored node's ranges, bounded in depth and in total size. */
  private copy(value: ValueNode, depth: number, alias: SourceRange): ValueNode {
    if (++this.copiedNodes > MAX_ALIAS_COPIED_NODES) {
      const message = `Alias at ${formatPosition(alias.start)} copies more than ${MAX_ALIAS_COPIED_NODES} nodes; the file is not parsed`;
      this.stop(alias, message, 'alias-limit');
    }
    switch (value.kind) {
      case 'literal':
      case 'expression':
        return { ...value };
      case 'list':
        if (depth >= this.limits.maxDepth) this.stopTooDeep(this.lines.offsetOf(alias.start));
        return { ...value, items: value.items.map((item) => this.copy(item, depth + 1, alias)) };
      case 'object': {
        if (depth >= this.limits.maxDepth) this.stopTooDeep(this.lines.offsetOf(alias.start));
        const entries = new Map<string, ObjectEntry>();
        for (const [key, entry] of value.entries) {
          entries.set(key, { ...entry, value: this.copy(entry.value, depth + 1, alias) });
        }
        return { ...value, entries };
      }
    }
  }

  private keyRange(pair: PairNode): SourceRange {
    const key = pair.key;
    if (key === null || key === undefined) {
      const valueStart = pair.value ? nodeRange(pair.value)[0] : 0;
      return this.lines.range(valueStart, valueStart);
    }
    const [start, end] = nodeRange(key);
    const tag = isScalar(key) || isMap(key) || isSeq(key) ? key.tag : undefined;
    const from = tag !== undefined && !isStandardTag(tag) ? this.tagOffset(tag, start) : start;
    return this.lines.range(from, end);
  }

  /** The key as a string: scalars as written (`1.0` stays "1.0"); other keys are reported and their entry skipped. */
  private keyText(pair: PairNode, keyRange: SourceRange): string | undefined {
    const key = pair.key;
    if (isScalar(key) && (key.tag === undefined || isStandardTag(key.tag))) {
      return typeof key.source === 'string' ? key.source : String(key.value);
    }
    const what = describeKey(key);
    const message = `Mapping key at ${formatPosition(keyRange.start)} is ${what}; keys must be plain strings, the entry is ignored`;
    this.report(keyRange, message, 'invalid-key');
    return undefined;
  }

  /** `Key:` with nothing after it: null, placed just after the key. */
  private emptyValue(after: SourceRange): LiteralNode {
    return { kind: 'literal', value: null, range: { file: after.file, start: after.end, end: after.end } };
  }

  private tagRange(tag: string, nodeStart: number): SourceRange {
    const token = this.tagToken(tag, nodeStart);
    if (token === undefined) return this.lines.range(nodeStart, nodeStart);
    return this.lines.range(token.offset, token.offset + token.source.length);
  }

  private tagOffset(tag: string, nodeStart: number): number {
    return this.tagToken(tag, nodeStart)?.offset ?? nodeStart;
  }

  /** The node's tag token: the last one before the node, preferring one spelled like the tag (`!<!Ref>` is not). */
  private tagToken(tag: string, nodeStart: number): TagToken | undefined {
    const nearest = lastIndexBefore(this.tags, nodeStart);
    for (let index = nearest; index >= 0 && index > nearest - 4; index--) {
      if (this.tags[index]!.source === tag) return this.tags[index];
    }
    return this.tags[nearest];
  }

  /** Block scalars' ranges include the line breaks after them; positions should stop at the last character. */
  private trimEnd(start: number, end: number): number {
    const text = this.lines.text;
    let at = end;
    while (at > start) {
      const c = text.charCodeAt(at - 1);
      if (c !== 0x0a && c !== 0x0d && c !== 0x20 && c !== 0x09) break;
      at--;
    }
    return at;
  }

  private report(location: SourceRange, message: string, code: string): void {
    this.diagnostics.push({ file: this.lines.file, message, severity: 'error', location, code });
  }

  private stop(location: SourceRange, message: string, code: string): never {
    throw new ConversionStop({ file: this.lines.file, message, severity: 'error', location, code });
  }

  private stopTooDeep(offset: number): never {
    throw new ConversionStop(tooDeepDiagnostic(this.lines, this.lines.range(offset, offset + 1), this.limits.maxDepth));
  }
}

type ScalarNode = Scalar<unknown>;
type SeqNode = YAMLSeq<unknown>;
type PairNode = Pair<unknown, unknown>;

/** The standard YAML tags (`!!str`, `!!int` …) and the non-specific tag `!` leave the value as `yaml` resolved it. */
function isStandardTag(tag: string): boolean {
  return tag === '!' || tag.startsWith('tag:yaml.org,2002:');
}

function describeKey(key: YamlNode): string {
  if (key === null || key === undefined) return 'an empty key';
  if (isAlias(key)) return 'an alias';
  return isScalar(key) ? 'a scalar with a tag' : `a ${shapeOf(key)}`;
}

function shapeOf(node: YamlNode): NodeShape {
  if (isMap(node) || isPair(node)) return 'mapping';
  if (isSeq(node)) return 'sequence';
  return 'scalar';
}

/** `[start, valueEnd]` offsets of a node. */
function nodeRange(node: YamlNode): readonly [number, number] {
  if (isPair(node)) return pairRange(node);
  const range = isScalar(node) || isMap(node) || isSeq(node) || isAlias(node) ? node.range : undefined;
  return range ? [range[0], range[1]] : [0, 0];
}

/** A pair standing for a one-entry mapping (`[a: 1]`): from its key to the end of its value. */
function pairRange(pair: PairNode): readonly [number, number] {
  const key = pair.key ? nodeRange(pair.key) : undefined;
  const value = pair.value ? nodeRange(pair.value) : undefined;
  const start = key?.[0] ?? value?.[0] ?? 0;
  return [start, value?.[1] ?? key?.[1] ?? start];
}

/** A scalar's value as the value tree holds it: YAML 1.2 core types; anything else (`!!timestamp`) as written. */
function literalValue(node: ScalarNode): string | number | boolean | null {
  const value = node.value;
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  if (typeof value === 'bigint') return Number(value);
  return typeof node.source === 'string' ? node.source : String(value);
}

/** Index of the last tag token strictly before `offset`, or -1. */
function lastIndexBefore(tags: readonly TagToken[], offset: number): number {
  let low = 0;
  let high = tags.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    if (tags[middle]!.offset < offset) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}
