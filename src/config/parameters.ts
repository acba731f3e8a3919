/**
 * `--parameters FILE`: CloudFormation parameter values in the forms AWS tools already use, so the file a
 * pipeline deploys with is the file s3lint reads:
 * - the AWS CLI's `--parameters file://…` list: `[{ "ParameterKey": "Env", "ParameterValue": "prod" }, …]`
 *   (an entry with `UsePreviousValue` and no value says nothing about the value and is skipped), also with
 *   `"Env=prod"` strings as `aws cloudformation deploy --parameter-overrides` accepts them;
 * - a CodePipeline template configuration file: `{ "Parameters": { "Env": "prod" }, "Tags": … }`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formatPosition, parseJson } from '../../parsers/json.js';
import type { ValueNode } from '../graph/types.js';

export type ParameterFileResult = { parameters: Record<string, unknown> } | { error: string };

const FORMS = 'expected [{ "ParameterKey": …, "ParameterValue": … }] or { "Parameters": { … } }';

/** Reads the file (relative to `cwd`); a missing or malformed file is an error message naming the file and the place. */
export function loadParameterFile(file: string, cwd: string): ParameterFileResult {
  let text: string;
  try {
    text = readFileSync(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : error instanceof Error ? error.message : String(error);
    return { error: `--parameters ${file}: cannot read the file: ${reason}` };
  }
  return parseParameterFile(file, text);
}

export function parseParameterFile(file: string, text: string): ParameterFileResult {
  const parsed = parseJson(file, text);
  const failure = parsed.diagnostics.find((diagnostic) => diagnostic.severity === 'error');
  if (failure !== undefined || parsed.value === undefined) {
    return { error: `--parameters ${file}: not valid JSON: ${failure?.message ?? 'the file is empty'}` };
  }
  const root = parsed.value;
  const fail = (node: ValueNode, message: string): ParameterFileResult => ({
    error: `--parameters ${file} ${formatPosition(node.range.start)}: ${message}`,
  });
  const parameters: Record<string, unknown> = {};
  if (root.kind === 'list') {
    for (const [index, item] of root.items.entries()) {
      if (item.kind === 'literal' && typeof item.value === 'string') {
        const equals = item.value.indexOf('=');
        if (equals <= 0) return fail(item, `entry ${index} ${JSON.stringify(item.value)} is not "Key=Value"`);
        parameters[item.value.slice(0, equals)] = item.value.slice(equals + 1);
        continue;
      }
      if (item.kind !== 'object') return fail(item, `entry ${index} is not an object; ${FORMS}`);
      const key = item.entries.get('ParameterKey')?.value;
      if (key?.kind !== 'literal' || typeof key.value !== 'string' || key.value === '') {
        return fail(item, `entry ${index} has no "ParameterKey" string`);
      }
      const value = item.entries.get('ParameterValue')?.value;
      if (value === undefined) continue; // UsePreviousValue: the deployed value, unknown here
      if (value.kind !== 'literal' || value.value === null) return fail(value, `"ParameterValue" of ${key.value} is not a string`);
      parameters[key.value] = value.value;
    }
    return { parameters };
  }
  const values = root.kind === 'object' ? root.entries.get('Parameters')?.value : undefined;
  if (values === undefined) return fail(root, FORMS);
  if (values.kind !== 'object') return fail(values, '"Parameters" must map parameter names to values');
  for (const [name, entry] of values.entries) {
    const value = plain(entry.value);
    if (value === undefined) return fail(entry.value, `the value of ${name} must be a string, a number, a boolean or a list of them`);
    parameters[name] = value;
  }
  return { parameters };
}

function plain(node: ValueNode): unknown {
  if (node.kind === 'literal') return node.value === null ? undefined : node.value;
  if (node.kind === 'list' && node.items.every((item) => item.kind === 'literal' && item.value !== null)) {
    return node.items.map((item) => (item.kind === 'literal' ? item.value : undefined));
  }
  return undefined;
}
