/** The plain JavaScript value of a value tree (positions dropped), for comparing parser output with expectations. */
import type { ValueNode } from '../src/graph/types.js';

export function plain(node: ValueNode | undefined): unknown {
  if (node === undefined) return undefined;
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'list':
      return node.items.map(plain);
    case 'object':
      return Object.fromEntries([...node.entries].map(([key, entry]) => [key, plain(entry.value)]));
    case 'expression':
      return { expression: node.text };
  }
}
