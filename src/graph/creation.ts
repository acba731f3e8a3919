/** Whether the scanned code creates a resource at all: several views and rules must not judge what is never created. */
import type { ResourceNode, SourceRange, ValueNode } from './types.js';
import { describe, isDynamic } from './values.js';

/**
 * Whether the scan creates a resource. Terraform `count = 0` or an empty literal `for_each` creates nothing (the
 * Terraform reader already leaves such resources out of the graph, so views meet this state only defensively); a
 * `count`/`for_each` that depends on input, or a CloudFormation `Condition`, may or may not create it.
 */
export type Creation = { state: 'created' } | { state: 'skipped'; range: SourceRange } | { state: 'conditional'; range: SourceRange; reason: string };

export function creation(node: ResourceNode): Creation {
  if (node.framework === 'cloudformation') {
    const condition = node.definition.entries.get('Condition');
    if (!condition) return { state: 'created' };
    return { state: 'conditional', range: condition.keyRange, reason: `${node.id} is created only when condition ${describe(condition.value)} holds` };
  }
  for (const key of ['count', 'for_each']) {
    const entry = node.body.entries.get(key);
    if (!entry) continue;
    const value = entry.value;
    if (isDynamic(value)) return { state: 'conditional', range: value.range, reason: `${node.id} is created only if ${key} = ${describe(value)} is not empty` };
    if (createsNoInstance(value)) return { state: 'skipped', range: value.range };
  }
  return { state: 'created' };
}

/** A literal `count = 0` (or null) or an empty literal `for_each`: Terraform creates no instance. */
export function createsNoInstance(value: ValueNode): boolean {
  if (value.kind === 'literal') return value.value === 0 || value.value === null;
  if (value.kind === 'list') return value.items.length === 0;
  if (value.kind === 'object') return value.entries.size === 0;
  return false;
}

