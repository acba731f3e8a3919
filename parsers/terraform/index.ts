/**
 * Terraform entry point: hcl2json validates each file in an isolated worker (the reference parser, whose
 * errors users know), then the TypeScript parser builds the positioned tree. `.tf.json` files are JSON.
 */
import type { Diagnostic, ObjectNode } from '../../src/graph/types.js';
import { parseJson } from '../json.js';
import { validateHcl } from './hcl2json-pool.js';
import { parseTerraformJsonFile } from './hcl/tf-json.js';
import { parseHclFile } from './hcl/to-value.js';

export { terraformProviders, terraformResources, type TerraformFileBody } from './module.js';

export type TerraformFileKind = 'terraform' | 'terraform-json' | 'tfvars';

export interface TerraformParseResult {
  body?: ObjectNode;
  diagnostics: Diagnostic[];
}

export async function parseTerraformFile(file: string, text: string, kind: TerraformFileKind): Promise<TerraformParseResult> {
  if (kind === 'terraform-json') return parseTerraformJsonFile(file, text);
  if (file.toLowerCase().endsWith('.json')) {
    // A `.tfvars.json` file: one object of variable values.
    const parsed = parseJson(file, text);
    return { ...(parsed.value?.kind === 'object' ? { body: parsed.value } : {}), diagnostics: parsed.diagnostics };
  }
  const validation = await validateHcl(file, text);
  if (validation.some((diagnostic) => diagnostic.severity === 'error')) return { diagnostics: validation };
  const parsed = parseHclFile(file, text);
  if (!parsed.body) {
    // hcl2json accepted the file and ours did not: a gap in our parser, reported as such rather than guessed around.
    const diagnostics = parsed.diagnostics.map((diagnostic) => ({
      ...diagnostic,
      code: 'internal-parse-error',
      message: `${diagnostic.message} (hcl2json accepts this file; this is an s3lint parser bug, please report it)`,
    }));
    return { diagnostics: [...validation, ...diagnostics] };
  }
  return { body: parsed.body, diagnostics: [...validation, ...parsed.diagnostics] };
}
