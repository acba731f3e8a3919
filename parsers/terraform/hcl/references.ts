/**
 * The Terraform addresses an HCL expression refers to: each traversal's root with the attributes that name
 * the object (`aws_s3_bucket.logs`, `data.aws_iam_policy_document.p`, `module.m`, `var.x`, `local.x`,
 * `each.value`, `count.index`, `path.module`). Names bound by `for` expressions and template `for`
 * directives are not references.
 */

import type { Expression, TemplatePart, TraversalStep } from './ast.js';

export function collectReferences(expression: Expression): string[] {
  const found = new Set<string>();
  walk(expression, undefined, found);
  return [...found];
}

/** How many names make up an address starting with this root: `data.TYPE.NAME`, otherwise `ROOT.NAME`. */
function addressLength(root: string): number {
  return root === 'data' ? 3 : 2;
}

/** The address a traversal from the variable `root` names: attributes until the address is complete. */
export function referenceAddress(root: string, steps: readonly TraversalStep[]): { address: string; used: number } {
  const wanted = addressLength(root) - 1;
  let address = root;
  let used = 0;
  while (used < wanted) {
    const step = steps[used];
    if (step?.kind !== 'attr') break;
    address += '.' + step.name;
    used++;
  }
  return { address, used };
}

function walk(expression: Expression, bound: ReadonlySet<string> | undefined, found: Set<string>): void {
  switch (expression.type) {
    case 'Literal':
      return;
    case 'Variable':
      if (!bound?.has(expression.name)) found.add(expression.name);
      return;
    case 'Traversal':
      walkTraversal(expression.source, expression.steps, bound, found);
      return;
    case 'Template':
      walkParts(expression.parts, bound, found);
      return;
    case 'FunctionCall':
      for (const arg of expression.args) walk(arg, bound, found);
      return;
    case 'Tuple':
      for (const item of expression.items) walk(item, bound, found);
      return;
    case 'Object':
      for (const item of expression.items) {
        // A bare identifier key is a literal name, not a variable.
        if (item.key.type !== 'Variable') walk(item.key, bound, found);
        walk(item.value, bound, found);
      }
      return;
    case 'For': {
      walk(expression.collection, bound, found);
      const inner = withNames(bound, expression.keyVar, expression.valueVar);
      if (expression.keyExpr) walk(expression.keyExpr, inner, found);
      walk(expression.valueExpr, inner, found);
      if (expression.condition) walk(expression.condition, inner, found);
      return;
    }
    case 'Unary':
      walk(expression.operand, bound, found);
      return;
    case 'Binary':
      walk(expression.left, bound, found);
      walk(expression.right, bound, found);
      return;
    case 'Conditional':
      walk(expression.condition, bound, found);
      walk(expression.trueResult, bound, found);
      walk(expression.falseResult, bound, found);
      return;
    case 'Parentheses':
      walk(expression.expression, bound, found);
      return;
  }
}

function walkTraversal(
  source: Expression,
  steps: readonly TraversalStep[],
  bound: ReadonlySet<string> | undefined,
  found: Set<string>,
): void {
  if (source.type === 'Variable') {
    if (!bound?.has(source.name)) found.add(referenceAddress(source.name, steps).address);
  } else {
    walk(source, bound, found);
  }
  for (const step of steps) {
    if (step.kind === 'index') walk(step.key, bound, found);
  }
}

function walkParts(parts: readonly TemplatePart[], bound: ReadonlySet<string> | undefined, found: Set<string>): void {
  for (const part of parts) {
    switch (part.type) {
      case 'TemplateLiteral':
        break;
      case 'Interpolation':
        walk(part.expression, bound, found);
        break;
      case 'TemplateIf':
        walk(part.condition, bound, found);
        walkParts(part.then, bound, found);
        walkParts(part.else, bound, found);
        break;
      case 'TemplateFor':
        walk(part.collection, bound, found);
        walkParts(part.body, withNames(bound, part.keyVar, part.valueVar), found);
        break;
    }
  }
}

function withNames(bound: ReadonlySet<string> | undefined, ...names: (string | undefined)[]): ReadonlySet<string> {
  const next = new Set(bound);
  for (const name of names) if (name !== undefined) next.add(name);
  return next;
}
