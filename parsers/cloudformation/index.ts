/**
 * CloudFormation templates (JSON or YAML, SAM included) → a positioned template tree and one ResourceNode per
 * resource. JSON templates go through the strict JSON parser, everything else through the YAML path with the
 * short-form tags; both give the same long-form tree.
 */

import type {
  Diagnostic,
  ObjectEntry,
  ObjectNode,
  ResourceNode,
  SourceRange,
  ValueNode,
} from '../../src/graph/types.js';
import { capDiagnostics, pushAll } from '../diagnostics.js';
import { parseJson } from '../json.js';
import { constructPathOf } from './cdk.js';
import { parseCloudFormationYaml } from './yaml.js';

export { looksLikeCloudFormation } from './detect.js';

export interface CloudFormationParseResult {
  /** The template mapping; absent when the text is not a template at all (syntax error, empty, not a mapping). */
  template?: ObjectNode;
  diagnostics: Diagnostic[];
}

/** Language extensions' `Fn::ForEach::Name` entries generate resources: they are not resources themselves. */
const FOR_EACH_PREFIX = 'Fn::ForEach::';

export function parseCloudFormation(file: string, text: string): CloudFormationParseResult {
  const parsed = isJsonTemplate(text) ? parseJson(file, text) : parseCloudFormationYaml(file, text);
  const diagnostics = [...parsed.diagnostics];
  const value = parsed.value;
  if (value === undefined) {
    if (!diagnostics.some((diagnostic) => diagnostic.severity === 'error')) {
      const message = `${file} is empty: no CloudFormation template`;
      diagnostics.push({ file, message, severity: 'error', code: 'not-a-template' });
    }
    return { diagnostics };
  }
  if (value.kind !== 'object') {
    diagnostics.push({
      file,
      message: `A CloudFormation template is a mapping; ${file} holds ${describeKind(value)} at ${formatStart(value.range)}`,
      severity: 'error',
      location: value.range,
      code: 'not-a-template',
    });
    return { diagnostics };
  }
  pushAll(diagnostics, checkResources(file, value));
  return { template: value, diagnostics: capDiagnostics(file, diagnostics) };
}

/** JSON when the first character that is not whitespace (after a byte order mark) opens an object. */
function isJsonTemplate(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || (i === 0 && c === 0xfeff)) continue;
    return c === 0x7b; // '{'
  }
  return false;
}

/** Reports what makes `Resources` or one of its resources unusable; `cloudFormationResources` skips the same ones. */
function checkResources(file: string, template: ObjectNode): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const error = (location: SourceRange, message: string, code = 'invalid-resource'): void => {
    diagnostics.push({ file, message, severity: 'error', location, code });
  };
  const resources = template.entries.get('Resources');
  if (resources === undefined) {
    diagnostics.push({
      file,
      message: `The template has no Resources section`,
      severity: 'warning',
      location: template.range,
      code: 'invalid-template',
    });
    return diagnostics;
  }
  if (resources.value.kind !== 'object') {
    const where = formatStart(resources.keyRange);
    error(resources.keyRange, `Resources at ${where} must be a mapping of logical ids to resources`, 'invalid-template');
    return diagnostics;
  }
  for (const entry of resources.value.entries.values()) {
    if (entry.key.startsWith(FOR_EACH_PREFIX)) {
      diagnostics.push({
        file,
        message: `${entry.key} at ${formatStart(entry.keyRange)} is not expanded: the resources it generates are not scanned`,
        severity: 'note',
        location: entry.keyRange,
        code: 'unsupported-foreach',
      });
      continue;
    }
    const problem = resourceProblem(entry);
    if (problem === undefined) continue;
    error(entry.keyRange, `Resource ${entry.key} at ${formatStart(entry.keyRange)} ${problem}; it is skipped`);
  }
  return diagnostics;
}

/** Why the entry cannot be read as a resource, or undefined when it can. */
function resourceProblem(entry: ObjectEntry): string | undefined {
  if (entry.value.kind !== 'object') return `must be a mapping, not ${describeKind(entry.value)}`;
  const type = entry.value.entries.get('Type');
  if (type === undefined) return 'has no Type';
  if (type.value.kind !== 'literal' || typeof type.value.value !== 'string') return 'has a Type that is not a string';
  return undefined;
}

export function cloudFormationResources(file: string, template: ObjectNode): ResourceNode[] {
  const resources = template.entries.get('Resources');
  if (resources === undefined || resources.value.kind !== 'object') return [];
  const nodes: ResourceNode[] = [];
  for (const entry of resources.value.entries.values()) {
    if (entry.key.startsWith(FOR_EACH_PREFIX) || resourceProblem(entry) !== undefined) continue;
    const definition = entry.value as ObjectNode;
    const type = definition.entries.get('Type')?.value;
    const properties = definition.entries.get('Properties')?.value;
    const emptyBody: ObjectNode = { kind: 'object', entries: new Map(), range: definition.range };
    const constructPath = constructPathOf(definition);
    nodes.push({
      id: entry.key,
      framework: 'cloudformation',
      type: type?.kind === 'literal' ? String(type.value) : '',
      mode: 'resource',
      name: entry.key,
      file,
      range: definition.range,
      headerRange: entry.keyRange,
      body: properties?.kind === 'object' ? properties : emptyBody,
      definition,
      references: resourceReferences(definition),
      ...(constructPath === undefined ? {} : { constructPath }),
    });
  }
  return nodes;
}

/**
 * Logical ids (resources and parameters) the definition refers to through `Ref`, `Fn::GetAtt`, `Fn::Sub` and
 * `DependsOn`, sorted and unique. Pseudo parameters (`AWS::Region`) are not logical ids.
 */
export function resourceReferences(definition: ObjectNode): string[] {
  const found = new Set<string>();
  const add = (name: string): void => {
    if (name !== '' && !name.startsWith('AWS::')) found.add(name);
  };
  addDependsOn(definition.entries.get('DependsOn')?.value, add);
  // An explicit stack: the tree may be as deep as the parsers allow.
  const stack: ValueNode[] = [definition];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node.kind === 'list') {
      pushAll(stack, node.items);
      continue;
    }
    if (node.kind === 'expression') {
      node.references.forEach(add);
      continue;
    }
    if (node.kind !== 'object') continue;
    addIntrinsicReferences(node, add);
    for (const entry of node.entries.values()) stack.push(entry.value);
  }
  return [...found].sort();
}

function addDependsOn(value: ValueNode | undefined, add: (name: string) => void): void {
  if (value === undefined) return;
  const items = value.kind === 'list' ? value.items : [value];
  for (const item of items) if (item.kind === 'literal' && typeof item.value === 'string') add(item.value);
}

/**
 * The logical ids (and pseudo parameters) one intrinsic function object names: `Ref`, `Fn::GetAtt` in both forms,
 * the variables of `Fn::Sub` that are not its own. Not the intrinsics nested in its arguments.
 */
export function intrinsicReferences(node: ObjectNode): string[] {
  const names: string[] = [];
  addIntrinsicReferences(node, (name) => names.push(name));
  return names;
}

/** The names an intrinsic function object (a mapping with a single `Ref` / `Fn::…` key) refers to. */
function addIntrinsicReferences(node: ObjectNode, add: (name: string) => void): void {
  if (node.entries.size !== 1) return;
  const [entry] = node.entries.values();
  if (entry === undefined) return;
  const argument = entry.value;
  switch (entry.key) {
    case 'Ref':
      if (argument.kind === 'literal' && typeof argument.value === 'string') add(argument.value);
      return;
    case 'Fn::GetAtt': {
      const target = argument.kind === 'list' ? argument.items[0] : argument;
      if (target?.kind === 'literal' && typeof target.value === 'string') {
        // The list form names the resource alone; the string form (`A.B`) needs splitting at the first dot.
        add(argument.kind === 'list' ? target.value : beforeFirstDot(target.value));
      }
      return;
    }
    case 'Fn::Sub': {
      const template = argument.kind === 'list' ? argument.items[0] : argument;
      if (template?.kind !== 'literal' || typeof template.value !== 'string') return;
      const variables = argument.kind === 'list' ? argument.items[1] : undefined;
      const local = variables?.kind === 'object' ? new Set(variables.entries.keys()) : new Set<string>();
      for (const name of subVariables(template.value)) if (!local.has(name)) add(name);
      return;
    }
  }
}

/** The logical ids in a `Fn::Sub` string: `${Name}` and `${Name.Attr}`; `${!Literal}` is literal text. */
export function subVariables(template: string): string[] {
  const names: string[] = [];
  for (let open = template.indexOf('${'); open >= 0; open = template.indexOf('${', open + 2)) {
    const close = template.indexOf('}', open + 2);
    if (close < 0) break;
    const content = template.slice(open + 2, close).trim();
    if (!content.startsWith('!')) names.push(beforeFirstDot(content));
    open = close - 1; // resume after the closing brace
  }
  return names;
}

function beforeFirstDot(text: string): string {
  const dot = text.indexOf('.');
  return dot < 0 ? text : text.slice(0, dot);
}

function describeKind(value: ValueNode): string {
  if (value.kind === 'list') return 'a list';
  if (value.kind === 'object') return 'a mapping';
  if (value.kind === 'expression') return 'an expression';
  return value.value === null ? 'null' : `a ${typeof value.value}`;
}

function formatStart(range: SourceRange): string {
  return `${range.start.line}:${range.start.column}`;
}
