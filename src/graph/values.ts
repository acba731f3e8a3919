import type { ExpressionNode, ListNode, ObjectEntry, ObjectNode, SourceRange, ValueNode } from './types.js';

/**
 * What a rule sees of one setting: known, unknown (depends on an input not known statically) or absent.
 * Unknown is never a pass (decision 5): rules report it as unresolved.
 */
export type Value<T> =
  | { state: 'known'; value: T; range: SourceRange }
  | { state: 'unknown'; expression: string; range: SourceRange }
  | { state: 'absent'; range: SourceRange };

/** The entry of an object, or, for a Terraform block list, of its first block. */
export function child(node: ValueNode | undefined, key: string): ValueNode | undefined {
  const object = asObject(node);
  return object?.entries.get(key)?.value;
}

/** Follows a path of keys; a list on the way (a Terraform block) is entered at its first element. */
export function at(node: ValueNode | undefined, ...keys: string[]): ValueNode | undefined {
  let current = node;
  for (const key of keys) current = child(current, key);
  return current;
}

/** An object node, or the first object of a list (Terraform blocks are lists of objects). */
export function asObject(node: ValueNode | undefined): ObjectNode | undefined {
  if (!node) return undefined;
  if (node.kind === 'object') return node;
  if (node.kind === 'list') {
    const first = node.items[0];
    return first?.kind === 'object' ? first : undefined;
  }
  return undefined;
}

/** Every object of a repeated block or list; a single object counts as one. */
export function objects(node: ValueNode | undefined): ObjectNode[] {
  if (!node) return [];
  if (node.kind === 'object') return [node];
  if (node.kind === 'list') return node.items.filter((item): item is ObjectNode => item.kind === 'object');
  return [];
}

export function items(node: ValueNode | undefined): ValueNode[] {
  if (!node) return [];
  if (node.kind === 'list') return node.items;
  return [node];
}

/** The key's own range when present, else the value's. */
export function keyRange(object: ObjectNode | undefined, key: string): SourceRange | undefined {
  return object?.entries.get(key)?.keyRange;
}

export function stringValue(node: ValueNode | undefined, absentAt: SourceRange): Value<string> {
  return scalarValue(node, absentAt, (v): v is string => typeof v === 'string');
}

/** Booleans, accepting the strings "true"/"false" as Terraform and CloudFormation both do. */
export function booleanValue(node: ValueNode | undefined, absentAt: SourceRange): Value<boolean> {
  if (node?.kind === 'literal' && typeof node.value === 'string') {
    const lower = node.value.toLowerCase();
    if (lower === 'true' || lower === 'false') return { state: 'known', value: lower === 'true', range: node.range };
  }
  return scalarValue(node, absentAt, (v): v is boolean => typeof v === 'boolean');
}

function scalarValue<T>(
  node: ValueNode | undefined,
  absentAt: SourceRange,
  accept: (value: unknown) => value is T,
): Value<T> {
  if (!node) return { state: 'absent', range: absentAt };
  if (node.kind === 'literal') {
    if (node.value === null) return { state: 'absent', range: absentAt };
    if (accept(node.value)) return { state: 'known', value: node.value, range: node.range };
    return { state: 'unknown', expression: String(node.value), range: node.range };
  }
  return { state: 'unknown', expression: describe(node), range: node.range };
}

/** A short description of a value for messages. */
export function describe(node: ValueNode): string {
  switch (node.kind) {
    case 'literal':
      return JSON.stringify(node.value);
    case 'expression':
      return node.text.length > 80 ? `${node.text.slice(0, 77)}...` : node.text;
    case 'list':
      return `[${node.items.length} items]`;
    case 'object': {
      const keys = [...node.entries.keys()];
      if (keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'))) {
        return `${keys[0]} ${describe(node.entries.get(keys[0]!)!.value)}`;
      }
      return `{${keys.slice(0, 4).join(', ')}${keys.length > 4 ? ', ...' : ''}}`;
    }
  }
}

export function isList(node: ValueNode | undefined): node is ListNode {
  return node?.kind === 'list';
}

/** A range covering one line from `start` for `length` columns: for headers and keys. */
export function lineRange(range: SourceRange, length: number): SourceRange {
  return { file: range.file, start: range.start, end: { line: range.start.line, column: range.start.column + length } };
}

/** A CloudFormation intrinsic function (`{Ref: …}`, `{"Fn::If": …}`): a value decided at deploy time. */
export function isIntrinsic(node: ValueNode | undefined): boolean {
  if (node?.kind !== 'object' || node.entries.size !== 1) return false;
  const key = node.entries.keys().next().value as string;
  return key === 'Ref' || key.startsWith('Fn::') || key === 'Condition';
}

/** A value whose shape is decided at deploy time: a Terraform expression or a CloudFormation intrinsic. */
export function isDynamic(node: ValueNode | undefined): boolean {
  return node?.kind === 'expression' || isIntrinsic(node);
}

/** An unknown Value for a setting whose container is dynamic. */
export function unknownAt<T>(node: ValueNode): Value<T> {
  return { state: 'unknown', expression: describe(node), range: node.range };
}

/** Terraform `dynamic "<name>" { … }` blocks of a body: their content depends on `for_each`. */
export function dynamicBlocks(body: ObjectNode | undefined, name: string): ObjectNode[] {
  return objects(body?.entries.get('dynamic')?.value).filter((block) => block.block?.labels[0] === name);
}

/** A copy of a value with every range, keys' included, at `range`: a value given elsewhere, shown where it is used. */
export function placedAt(node: ValueNode, range: SourceRange): ValueNode {
  switch (node.kind) {
    case 'literal':
    case 'expression':
      return { ...node, range };
    case 'list':
      return { ...node, items: node.items.map((item) => placedAt(item, range)), range };
    case 'object': {
      const entries = new Map<string, ObjectEntry>();
      for (const [key, entry] of node.entries) entries.set(key, { key, keyRange: range, value: placedAt(entry.value, range) });
      return { ...node, entries, range };
    }
  }
}

/** The value with each expression node inside it (jsonencode trees included) replaced by `map`'s result. */
export function mapExpressions(node: ValueNode, map: (node: ExpressionNode) => ExpressionNode): ValueNode {
  switch (node.kind) {
    case 'literal': {
      const decoded = node.decoded ? mapExpressions(node.decoded, map) : undefined;
      return decoded === node.decoded ? node : { ...node, decoded };
    }
    case 'expression': {
      const decoded = node.decoded ? mapExpressions(node.decoded, map) : undefined;
      const mapped = map(node);
      return decoded === node.decoded ? mapped : { ...mapped, decoded };
    }
    case 'list': {
      const items = node.items.map((item) => mapExpressions(item, map));
      return items.every((item, index) => item === node.items[index]) ? node : { ...node, items };
    }
    case 'object': {
      let changed = false;
      const entries = new Map<string, ObjectEntry>();
      for (const [key, entry] of node.entries) {
        const value = mapExpressions(entry.value, map);
        changed ||= value !== entry.value;
        entries.set(key, value === entry.value ? entry : { ...entry, value });
      }
      return changed ? { ...node, entries } : node;
    }
  }
}

/**
 * Drops the evaluators' syntax trees (`ExpressionNode.ast`) from a value, in place. Once the graph is built nothing
 * evaluates again, and each tree keeps its whole file's text alive (32 MB on 2,000 generated `.tf` files). `seen`
 * holds the lists and objects already walked: values are shared between instances and references.
 */
export function releaseSyntaxTrees(node: ValueNode, seen: Set<ValueNode>): void {
  if (node.kind === 'expression') {
    node.ast = undefined;
  } else if (node.kind === 'list' || node.kind === 'object') {
    if (seen.has(node)) return;
    seen.add(node);
    if (node.kind === 'list') for (const item of node.items) releaseSyntaxTrees(item, seen);
    else for (const entry of node.entries.values()) releaseSyntaxTrees(entry.value, seen);
    return;
  }
  if (node.decoded) releaseSyntaxTrees(node.decoded, seen);
}
