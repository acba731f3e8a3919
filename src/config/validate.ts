/**
 * ajv's errors, turned into one plain sentence each: the key path, the value found and what was expected.
 *
 *   rules.s3-bucket-versioning-enabled: "sometimes" is not one of off, error, warning, note
 *   ignore: "dist" should be an array
 *   unknown key "varfiles", did you mean "varFiles"? (expected one of preset, rules, ignore, varFiles, parameters, failOn, compat)
 *   rules: unknown rule "s3-bucket-foo" (run s3lint rules for the list)
 */
import type { ErrorObject } from 'ajv';
import { closestMatch } from './suggest.js';
import type { JsonSchema } from './schema.js';

export interface ConfigProblem {
  /** Where the problem is: the key path, decoded. The location is that of the last key (or list item). */
  path: string[];
  message: string;
}

/** One problem per mistake, in the order ajv found them (the caller sorts by position). */
export function describeErrors(errors: readonly ErrorObject[], data: unknown): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  let remaining = [...errors];

  // anyOf: keep the errors of the one branch whose type fits the value; otherwise say what the branches accept.
  for (const anyOf of errors.filter((error) => error.keyword === 'anyOf')) {
    const prefix = `${anyOf.schemaPath}/`;
    const inside = (error: ErrorObject): boolean =>
      error.schemaPath.startsWith(prefix) &&
      (error.instancePath === anyOf.instancePath || error.instancePath.startsWith(`${anyOf.instancePath}/`));
    const branches = Array.isArray(anyOf.schema) ? (anyOf.schema as JsonSchema[]) : [];
    const fitting = branches.flatMap((branch, index) => (typeFits(branch.type, anyOf.data) ? [index] : []));
    const branchOf = (error: ErrorObject): number => Number(error.schemaPath.slice(prefix.length).split('/')[0]);
    if (fitting.length === 1) {
      remaining = remaining.filter((error) => error !== anyOf && !(inside(error) && branchOf(error) !== fitting[0]));
    } else {
      remaining = remaining.filter((error) => error !== anyOf && !inside(error));
      const path = decodePointer(anyOf.instancePath);
      const expected = branches.map(describeBranch).join(', or ');
      problems.push({ path, message: `${formatPath(path, data)}: ${formatValue(anyOf.data)} should be ${expected}` });
    }
  }

  // An enum says more than the type error next to it.
  const enumAt = new Set(remaining.filter((error) => error.keyword === 'enum').map((error) => `${parentOf(error.schemaPath)} ${error.instancePath}`));
  remaining = remaining.filter((error) => !(error.keyword === 'type' && enumAt.has(`${parentOf(error.schemaPath)} ${error.instancePath}`)));

  // Unknown property names: report the name, and nothing about the value under it.
  const unknownPaths: string[] = [];
  for (const error of remaining) {
    if (error.keyword === 'propertyNames') continue;
    if (error.propertyName !== undefined) {
      const path = decodePointer(error.instancePath);
      unknownPaths.push(`${error.instancePath}/${encodeSegment(error.propertyName)}`);
      problems.push({ path: [...path, error.propertyName], message: unknownNameMessage(path, error, data) });
    }
  }
  for (const error of remaining) {
    if (error.keyword === 'propertyNames' || error.propertyName !== undefined) continue;
    if (unknownPaths.some((unknown) => error.instancePath === unknown || error.instancePath.startsWith(`${unknown}/`))) continue;
    problems.push(describeError(error, data));
  }
  return problems;
}

function describeError(error: ErrorObject, data: unknown): ConfigProblem {
  const path = decodePointer(error.instancePath);
  const where = formatPath(path, data);
  const found = formatValue(error.data);
  switch (error.keyword) {
    case 'enum':
      return { path, message: `${where}: ${found} is not one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}` };
    case 'type':
      return { path, message: `${where}: ${found} should be ${describeTypes((error.params as { type: string | string[] }).type)}` };
    case 'additionalProperties': {
      const key = (error.params as { additionalProperty: string }).additionalProperty;
      const properties = Object.keys(((error.parentSchema as JsonSchema | undefined)?.properties as JsonSchema | undefined) ?? {}).filter(
        (name) => name !== '$schema',
      );
      const suggestion = closestMatch(key, properties);
      const didYouMean = suggestion === undefined ? '' : `, did you mean "${suggestion}"?`;
      const expected = properties.length === 0 ? '' : ` (expected one of ${properties.join(', ')})`;
      const prefix = path.length === 0 ? '' : `${where}: `;
      return { path: [...path, key], message: `${prefix}unknown key ${JSON.stringify(key)}${didYouMean}${expected}` };
    }
    case 'pattern':
      if (path[0] === 'ignore') {
        const message =
          error.data === ''
            ? `${where}: "" should be a glob pattern, not empty`
            : `${where}: ${found} should not start with "!" (negated patterns are not supported; list only what to ignore)`;
        return { path, message };
      }
      return { path, message: `${where}: ${found} should match the pattern ${(error.params as { pattern: string }).pattern}` };
    case 'minLength':
      return { path, message: `${where}: ${found} should not be empty` };
    case 'required':
      return { path, message: `${where}: the key "${(error.params as { missingProperty: string }).missingProperty}" is missing` };
    default:
      return { path, message: `${where}: ${found} ${(error.message ?? 'is not valid').replace(/^must\b/, 'should')}` };
  }
}

function unknownNameMessage(path: string[], error: ErrorObject, data: unknown): string {
  const name = error.propertyName!;
  const candidates = Array.isArray((error.params as { allowedValues?: unknown }).allowedValues)
    ? ((error.params as { allowedValues: unknown[] }).allowedValues.map(String))
    : [];
  const suggestion = closestMatch(name, candidates);
  const didYouMean = suggestion === undefined ? '' : `, did you mean "${suggestion}"?`;
  if (path.length === 1 && path[0] === 'rules') {
    return `rules: unknown rule ${JSON.stringify(name)}${didYouMean} (run s3lint rules for the list)`;
  }
  return `${formatPath(path, data)}: unknown key ${JSON.stringify(name)}${didYouMean}`;
}

/** Whether a value has one of the JSON schema types (no type: any value). */
function typeFits(type: unknown, value: unknown): boolean {
  if (type === undefined) return true;
  const types = Array.isArray(type) ? (type as string[]) : [String(type)];
  return types.some((name) => jsonTypeOf(value) === name || (name === 'number' && jsonTypeOf(value) === 'integer'));
}

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function describeBranch(branch: JsonSchema): string {
  if (Array.isArray(branch.enum)) return `one of ${branch.enum.join(', ')}`;
  const properties = branch.properties;
  if (branch.type === 'object' && properties !== null && typeof properties === 'object') {
    return `an object { ${Object.keys(properties).join(', ')} }`;
  }
  return describeTypes(branch.type as string | string[] | undefined);
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean',
  array: 'an array',
  object: 'an object',
  null: 'null',
};

function describeTypes(type: string | string[] | undefined): string {
  if (type === undefined) return 'a value';
  const names = (Array.isArray(type) ? type : type.split(',')).map((name) => TYPE_WORDS[name] ?? name);
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} or ${names.at(-1)!}`;
}

/** The value found, as JSON, shortened when long. */
export function formatValue(value: unknown): string {
  const json = value === undefined ? 'nothing' : JSON.stringify(value) ?? String(value);
  return json.length > 60 ? `${json.slice(0, 57)}…` : json;
}

/** `rules.s3-bucket-versioning-enabled`, `ignore[2]`; `(top level)` for the document itself. */
export function formatPath(path: readonly string[], data: unknown): string {
  if (path.length === 0) return '(top level)';
  let text = '';
  let current: unknown = data;
  for (const segment of path) {
    if (Array.isArray(current)) {
      text += `[${segment}]`;
      current = current[Number(segment)];
    } else {
      text += text === '' ? segment : `.${segment}`;
      current = current !== null && typeof current === 'object' && Object.hasOwn(current, segment) ? (current as Record<string, unknown>)[segment] : undefined;
    }
  }
  return text;
}

export function decodePointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function encodeSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function parentOf(schemaPath: string): string {
  return schemaPath.slice(0, schemaPath.lastIndexOf('/'));
}
