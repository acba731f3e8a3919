/**
 * The blocks of one Terraform module (one folder) as written, before evaluation: what the plan reader maps planned
 * values back to, and the pieces the evaluator (instances.ts) builds resource instances from.
 */
import type { ObjectNode, ResourceNode, SourceRange, ValueNode } from '../../src/graph/types.js';

export interface TerraformFileBody {
  file: string;
  body: ObjectNode;
}

/** One `resource` or `data` block of a module, with its labels and file. */
export interface ResourceBlock {
  file: string;
  mode: 'resource' | 'data';
  type: string;
  name: string;
  block: ObjectNode;
}

/** The `resource` and `data` blocks of a module's files, in file order. */
export function resourceBlocks(files: readonly TerraformFileBody[]): ResourceBlock[] {
  const found: ResourceBlock[] = [];
  for (const { file, body } of files) {
    for (const mode of ['resource', 'data'] as const) {
      const blocks = body.entries.get(mode)?.value;
      if (blocks?.kind !== 'list') continue;
      for (const block of blocks.items) {
        if (block.kind !== 'object' || !block.block || block.block.labels.length !== 2) continue;
        const [type, name] = block.block.labels as [string, string];
        found.push({ file, mode, type, name, block });
      }
    }
  }
  return found;
}

/** A block's address inside its module: `aws_s3_bucket.b`, `data.aws_iam_policy_document.p`. */
export function blockAddressOf({ mode, type, name }: Pick<ResourceBlock, 'mode' | 'type' | 'name'>): string {
  return mode === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
}

/** The resource node of a block, or of one instance of it: the instance's address and evaluated body. */
export function resourceNode(resource: ResourceBlock, id: string, body: ObjectNode): ResourceNode {
  const { file, mode, type, name, block } = resource;
  return {
    id,
    framework: 'terraform',
    type,
    mode,
    name,
    file,
    range: block.range,
    headerRange: headerRange(block.range, mode, type, name),
    body,
    definition: body,
    references: collectReferences(body),
  };
}

/** The `resource` and `data` blocks as written, one node each, by address without instance key. */
export function terraformResources(files: readonly TerraformFileBody[]): ResourceNode[] {
  return resourceBlocks(files).map((resource) => resourceNode(resource, blockAddressOf(resource), resource.block));
}

/** `resource "type" "name"` as written with single spaces: the span findings about the whole resource point at. */
export function headerRange(range: SourceRange, mode: string, ...labels: string[]): SourceRange {
  const length = [mode, ...labels.map((label) => `"${label}"`)].join(' ').length;
  return { file: range.file, start: range.start, end: { line: range.start.line, column: range.start.column + length } };
}

export function collectReferences(node: ValueNode): string[] {
  const found = new Set<string>();
  const visit = (value: ValueNode): void => {
    switch (value.kind) {
      case 'expression':
        for (const reference of value.references) found.add(reference);
        if (value.decoded) visit(value.decoded);
        break;
      case 'literal':
        if (value.decoded) visit(value.decoded);
        break;
      case 'list':
        value.items.forEach(visit);
        break;
      case 'object':
        for (const entry of value.entries.values()) visit(entry.value);
        break;
    }
  };
  visit(node);
  return [...found].sort();
}

/** The headers of `provider "aws"` blocks, where findings about the account as a whole can point. */
export function terraformProviders(files: readonly TerraformFileBody[]): SourceRange[] {
  const ranges: SourceRange[] = [];
  for (const { body } of files) {
    const blocks = body.entries.get('provider')?.value;
    for (const block of blocks?.kind === 'list' ? blocks.items : []) {
      if (block.kind !== 'object' || block.block?.labels[0] !== 'aws') continue;
      ranges.push(headerRange(block.range, 'provider', 'aws'));
    }
  }
  return ranges;
}
