/**
 * Helpers shared by the HCL parser tests: compact views of value trees, and a comparison of our tree with
 * the JSON that @cdktf/hcl2json produces for the same file (the oracle).
 */
import type { ObjectNode, SourceRange, ValueNode } from '../../src/graph/types.js';

/** `line:column-line:column`. */
export function span(range: SourceRange): string {
  return `${range.start.line}:${range.start.column}-${range.end.line}:${range.end.column}`;
}

/** The plain value of a tree: literals as values, expression nodes as `${text}` markers. */
export function plain(node: ValueNode | undefined): unknown {
  if (!node) return undefined;
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'expression':
      return { expression: node.text };
    case 'list':
      return node.items.map(plain);
    case 'object':
      return Object.fromEntries([...node.entries].map(([key, entry]) => [key, plain(entry.value)]));
  }
}

/** Every range in a tree, in document order: for comparing two parses of equivalent texts. */
export function allRanges(node: ValueNode, out: string[] = []): string[] {
  out.push(`${node.kind}@${span(node.range)}`);
  if (node.kind === 'list') for (const item of node.items) allRanges(item, out);
  if (node.kind === 'object') {
    for (const entry of node.entries.values()) {
      out.push(`key ${entry.key}@${span(entry.keyRange)}`);
      allRanges(entry.value, out);
    }
  }
  if ((node.kind === 'literal' || node.kind === 'expression') && node.decoded) allRanges(node.decoded, out);
  return out;
}

/** Follows object keys and list indexes. */
export function dig(node: ValueNode | undefined, ...path: (string | number)[]): ValueNode | undefined {
  let current = node;
  for (const step of path) {
    if (current === undefined) return undefined;
    if (typeof step === 'number') current = current.kind === 'list' ? current.items[step] : undefined;
    else current = current.kind === 'object' ? current.entries.get(step)?.value : undefined;
  }
  return current;
}

// ---- oracle comparison -----------------------------------------------------------------------------------

/** Marks a value our parser leaves unknown (an expression node). */
export const UNKNOWN = Symbol('unknown');

type Shape = string | number | boolean | null | typeof UNKNOWN | Shape[] | { [key: string]: Shape };

/** Our body in hcl2json's layout: blocks nested by label into arrays of bodies, expressions as UNKNOWN. */
export function oracleShape(body: ObjectNode): { [key: string]: Shape } {
  const out: { [key: string]: Shape } = {};
  for (const [key, entry] of body.entries) {
    const value = entry.value;
    const blocks = value.kind === 'list' ? value.items.filter((item): item is ObjectNode => item.kind === 'object' && item.block !== undefined) : [];
    if (blocks.length === 0 || blocks.length !== (value.kind === 'list' ? value.items.length : 0)) {
      out[key] = valueShape(value);
      continue;
    }
    for (const block of blocks) {
      let level = out;
      let name = key;
      for (const label of block.block?.labels ?? []) {
        const next = level[name];
        level = (next !== undefined && typeof next === 'object' && next !== null && !Array.isArray(next) ? next : (level[name] = {})) as {
          [key: string]: Shape;
        };
        name = label;
      }
      const list = level[name];
      if (Array.isArray(list)) list.push(oracleShape(block));
      else level[name] = [oracleShape(block)];
    }
  }
  return out;
}

function valueShape(node: ValueNode): Shape {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'expression':
      return UNKNOWN;
    case 'list':
      return node.items.map(valueShape);
    case 'object':
      return Object.fromEntries([...node.entries].map(([key, entry]) => [key, valueShape(entry.value)]));
  }
}

export interface Agreement {
  /** Literal values equal on both sides. */
  literalsEqual: number;
  /** Values left unknown by us that hcl2json also leaves as an expression. */
  bothUnknown: number;
  /** Values we fold that hcl2json leaves as an expression (`(1)`, say). */
  weFoldMore: number;
  /** Values hcl2json gives literally that we leave unknown. */
  theyFoldMore: number;
  /** Where hcl2json folds more, with its value. */
  theyFoldMoreAt: string[];
  mismatches: string[];
}

export function newAgreement(): Agreement {
  return { literalsEqual: 0, bothUnknown: 0, weFoldMore: 0, theyFoldMore: 0, theyFoldMoreAt: [], mismatches: [] };
}

/** hcl2json writes expressions as `${…}` strings and escapes literal `${` as `$${`. */
function isOracleExpression(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const unescaped = value.replaceAll('$${', '').replaceAll('%%{', '');
  return unescaped.includes('${') || unescaped.includes('%{');
}

/** An expression anywhere inside, keys included (hcl2json keeps objects whose keys are templates). */
function containsOracleExpression(value: unknown): boolean {
  if (isOracleExpression(value)) return true;
  if (Array.isArray(value)) return value.some(containsOracleExpression);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).some(([key, inner]) => isOracleExpression(key) || containsOracleExpression(inner));
  }
  return false;
}

function escapeLikeOracle(value: string): string {
  // A function replacement: in a replacement string, `$$` would stand for a single `$`.
  return value.replaceAll('${', () => '$${').replaceAll('%{', () => '%%{');
}

/** Compares our shape with hcl2json's output, counting agreements into `agreement`. */
export function compareWithOracle(ours: Shape, theirs: unknown, path: string, agreement: Agreement): void {
  if (ours === UNKNOWN) {
    if (containsOracleExpression(theirs)) agreement.bothUnknown++;
    else {
      agreement.theyFoldMore++;
      agreement.theyFoldMoreAt.push(`${path}: ${JSON.stringify(theirs)?.slice(0, 120)}`);
    }
    return;
  }
  if (isOracleExpression(theirs)) {
    agreement.weFoldMore++;
    return;
  }
  if (Array.isArray(ours)) {
    if (!Array.isArray(theirs) || theirs.length !== ours.length) {
      agreement.mismatches.push(`${path}: list of ${ours.length} vs ${JSON.stringify(theirs)?.slice(0, 80)}`);
      return;
    }
    ours.forEach((item, i) => compareWithOracle(item, theirs[i], `${path}[${i}]`, agreement));
    return;
  }
  if (ours !== null && typeof ours === 'object') {
    if (theirs === null || typeof theirs !== 'object' || Array.isArray(theirs)) {
      agreement.mismatches.push(`${path}: object vs ${JSON.stringify(theirs)?.slice(0, 80)}`);
      return;
    }
    const theirObject = theirs as Record<string, unknown>;
    const keys = new Set([...Object.keys(ours), ...Object.keys(theirObject)]);
    for (const key of keys) {
      if (!(key in ours) || !(key in theirObject)) {
        agreement.mismatches.push(`${path}.${key}: present on one side only`);
        continue;
      }
      compareWithOracle(ours[key] as Shape, theirObject[key], `${path}.${key}`, agreement);
    }
    return;
  }
  const expected = typeof ours === 'string' ? escapeLikeOracle(ours) : ours;
  // hcl2json renders numbers through JSON, so an out-of-range number comes back as null.
  const same = expected === theirs || (typeof ours === 'number' && !Number.isFinite(ours) && theirs === null);
  if (same) agreement.literalsEqual++;
  else agreement.mismatches.push(`${path}: ${JSON.stringify(expected)} vs ${JSON.stringify(theirs)}`);
}
