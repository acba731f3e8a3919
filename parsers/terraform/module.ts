/**
 * Turns the parsed files of one Terraform module (one folder) into resource nodes. Files of a folder form one
 * module: references resolve across them.
 */
import { createsNoInstance } from '../../src/graph/creation.js';
import type { ObjectNode, ResourceNode, SourceRange, ValueNode } from '../../src/graph/types.js';

export interface TerraformFileBody {
  file: string;
  body: ObjectNode;
}

export function terraformResources(files: readonly TerraformFileBody[]): ResourceNode[] {
  const nodes: ResourceNode[] = [];
  for (const { file, body } of files) {
    for (const mode of ['resource', 'data'] as const) {
      const blocks = body.entries.get(mode)?.value;
      if (blocks?.kind !== 'list') continue;
      for (const block of blocks.items) {
        if (block.kind !== 'object' || !block.block || block.block.labels.length !== 2 || createsNothing(block)) continue;
        const [type, name] = block.block.labels as [string, string];
        const id = mode === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
        nodes.push({
          id,
          framework: 'terraform',
          type,
          mode,
          name,
          file,
          range: block.range,
          headerRange: headerRange(block.range, mode, type, name),
          body: block,
          definition: block,
          references: collectReferences(block),
        });
      }
    }
  }
  return nodes;
}

/**
 * `count = 0` or an empty literal `for_each` (`[]`, `{}`, `toset([])` folded to a list): Terraform creates no
 * instance, so there is nothing to judge. A count or for_each that depends on input is judged once.
 */
function createsNothing(block: ObjectNode): boolean {
  return ['count', 'for_each'].some((key) => {
    const value = block.entries.get(key)?.value;
    return value !== undefined && createsNoInstance(value);
  });
}

/** The blocks of resources that create nothing: suppressions written on them have nothing to silence, rightly. */
export function terraformBlocksCreatingNothing(body: ObjectNode): SourceRange[] {
  const ranges: SourceRange[] = [];
  for (const mode of ['resource', 'data'] as const) {
    const blocks = body.entries.get(mode)?.value;
    for (const block of blocks?.kind === 'list' ? blocks.items : []) {
      if (block.kind === 'object' && createsNothing(block)) ranges.push(block.range);
    }
  }
  return ranges;
}

/** `resource "type" "name"` as written with single spaces: the span findings about the whole resource point at. */
function headerRange(range: SourceRange, mode: string, ...labels: string[]): SourceRange {
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

/** The module's named values: every `locals` entry as `local.<name>`, every variable default as `var.<name>`. */
export function terraformSymbols(files: readonly TerraformFileBody[]): Map<string, ValueNode> {
  const symbols = new Map<string, ValueNode>();
  for (const { body } of files) {
    const locals = body.entries.get('locals')?.value;
    for (const block of locals?.kind === 'list' ? locals.items : []) {
      if (block.kind !== 'object') continue;
      for (const [name, entry] of block.entries) symbols.set(`local.${name}`, entry.value);
    }
    const variables = body.entries.get('variable')?.value;
    for (const block of variables?.kind === 'list' ? variables.items : []) {
      if (block.kind !== 'object' || !block.block?.labels[0]) continue;
      const fallback = block.entries.get('default')?.value;
      if (fallback) symbols.set(`var.${block.block.labels[0]}`, fallback);
    }
  }
  return symbols;
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

export interface ModuleCall {
  name: string;
  /** The `source` as written, when it is a literal. */
  source?: string;
  file: string;
  headerRange: SourceRange;
}

/** The `module "name" { source = … }` blocks of a module's files. */
export function terraformModuleCalls(files: readonly TerraformFileBody[]): ModuleCall[] {
  const calls: ModuleCall[] = [];
  for (const { file, body } of files) {
    const blocks = body.entries.get('module')?.value;
    for (const block of blocks?.kind === 'list' ? blocks.items : []) {
      if (block.kind !== 'object' || !block.block?.labels[0]) continue;
      const name = block.block.labels[0];
      const source = block.entries.get('source')?.value;
      calls.push({
        name,
        source: source?.kind === 'literal' && typeof source.value === 'string' ? source.value : undefined,
        file,
        headerRange: headerRange(block.range, 'module', name),
      });
    }
  }
  return calls;
}
