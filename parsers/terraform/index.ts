/**
 * Terraform entry point. The TypeScript parser reads each file into the positioned tree; @cdktf/hcl2json, the
 * reference parser whose error messages users know, runs (in a worker) only on a file ours rejects, to report its
 * errors the way Terraform would. The two agree on which files are valid (test/parsers/hcl-agreement.test.ts and
 * the corpus comparison), and skipping hcl2json on valid files is most of the speed of a Terraform scan: it costs
 * about thirteen times our parser and a WebAssembly start. `.tf.json` files are JSON.
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
  const parsed = parseHclFile(file, text);
  if (parsed.body) return { body: parsed.body, diagnostics: parsed.diagnostics };
  const validation = await validateHcl(file, text);
  if (validation.some((diagnostic) => diagnostic.severity === 'error')) return { diagnostics: validation };
  // hcl2json accepted the file and ours did not: a gap in our parser, reported as such rather than guessed around.
  const diagnostics = parsed.diagnostics.map((diagnostic) => ({
    ...diagnostic,
    code: 'internal-parse-error',
    message: `${diagnostic.message} (hcl2json accepts this file; this is an s3lint parser bug, please report it)`,
  }));
  return { diagnostics: [...validation, ...diagnostics] };
}
