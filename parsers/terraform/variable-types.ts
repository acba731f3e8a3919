/**
 * What Terraform does to a variable's value with its `type` that matters for reading it: object attributes declared
 * `optional(T)` or `optional(T, default)` that the value leaves out are present, as the default or null. Without
 * it, `try(var.settings.versioning, false)` would take the fallback where Terraform reads the declared default.
 * Other conversions (strings to numbers and the like) are left to where the value is used.
 */
import type { ObjectEntry, ObjectNode, ValueNode } from '../../src/graph/types.js';
import type { Expression } from './hcl/ast.js';
import { convertExpression, isHclAst, type HclSource } from './hcl/to-value.js';

/** Nesting of `object`/`list`/`map` constraints followed: far beyond real variable types. */
const MAX_TYPE_DEPTH = 16;

/** The value with the optional attributes its `type` declares filled in; the value itself when nothing changes. */
export function withTypeDefaults(value: ValueNode, type: ValueNode | undefined): ValueNode {
  const ast = type?.kind === 'expression' ? type.ast : undefined;
  if (!isHclAst(ast)) return value;
  return conform(value, ast.expression, ast.source, 0);
}

function conform(value: ValueNode, type: Expression, source: HclSource, depth: number): ValueNode {
  if (depth > MAX_TYPE_DEPTH || type.type !== 'FunctionCall' || type.args.length === 0) return value;
  const [argument] = type.args as [Expression];
  switch (type.name) {
    case 'object':
      return argument.type === 'Object' && value.kind === 'object' ? conformObject(value, argument.items, source, depth) : value;
    case 'list':
    case 'set':
      if (value.kind !== 'list') return value;
      return changed(value.items, (item) => conform(item, argument, source, depth + 1), (items) => ({ ...value, items })) ?? value;
    case 'map':
      if (value.kind !== 'object') return value;
      return conformEntries(value, () => argument, source, depth) ?? value;
    case 'optional':
      return conform(value, argument, source, depth + 1);
    default:
      return value;
  }
}

function conformObject(value: ObjectNode, attributes: readonly { key: Expression; value: Expression }[], source: HclSource, depth: number): ValueNode {
  const types = new Map<string, Expression>();
  for (const attribute of attributes) if (attribute.key.type === 'Variable') types.set(attribute.key.name, attribute.value);
  const conformed = conformEntries(value, (key) => types.get(key), source, depth) ?? value;
  let entries: Map<string, ObjectEntry> | undefined;
  for (const [name, type] of types) {
    if (conformed.kind !== 'object' || conformed.entries.has(name)) continue;
    if (type.type !== 'FunctionCall' || type.name !== 'optional') continue;
    const fallback = type.args[1];
    // Absent and optional: the declared default (converted to its own type), or null.
    const filled: ValueNode = fallback
      ? conform(convertExpression(fallback, source), type.args[0] as Expression, source, depth + 1)
      : { kind: 'literal', value: null, range: value.range };
    entries ??= new Map(conformed.entries);
    entries.set(name, { key: name, keyRange: value.range, value: filled });
  }
  return entries ? { ...conformed, entries } : conformed;
}

/** Each entry conformed to the type `typeOf` gives its key; undefined when nothing changes. */
function conformEntries(value: ObjectNode, typeOf: (key: string) => Expression | undefined, source: HclSource, depth: number): ObjectNode | undefined {
  let entries: Map<string, ObjectEntry> | undefined;
  for (const [key, entry] of value.entries) {
    const type = typeOf(key);
    if (!type) continue;
    const conformed = conform(entry.value, type, source, depth + 1);
    if (conformed === entry.value) continue;
    entries ??= new Map(value.entries);
    entries.set(key, { ...entry, value: conformed });
  }
  return entries ? { ...value, entries } : undefined;
}

/** The list mapped item by item, built by `rebuild` only when an item changed. */
function changed<T>(items: readonly ValueNode[], map: (item: ValueNode) => ValueNode, rebuild: (items: ValueNode[]) => T): T | undefined {
  const mapped = items.map(map);
  return mapped.some((item, index) => item !== items[index]) ? rebuild(mapped) : undefined;
}
