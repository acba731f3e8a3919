/**
 * Terraform plan JSON (`terraform show -json plan.out`): exact planned values, with positions mapped back to the
 * `.tf` source when the configuration sits beside the plan. A plan stands for its root module: when the same scan
 * also holds that folder's `.tf` files, the plan is what is judged and the folder is not evaluated again as a root.
 */
import path from 'node:path';
import { parseTerraformPlan, planScopeKey, type PlanScope } from '../../parsers/terraform/plan.js';
import { terraformResources, type TerraformFileBody } from '../../parsers/terraform/index.js';
import { resourceAddress, type ScopeInput } from '../graph/graph.js';
import type { Diagnostic, ResourceNode } from '../graph/types.js';

export interface PlanFile {
  file: string;
  /** The folder of the plan file: where its root module's `.tf` files are looked for. */
  folder: string;
  text: string;
}

export interface PlanScopes {
  scopes: ScopeInput[];
  diagnostics: Diagnostic[];
  /** Root module folders the plans stand for. */
  roots: Set<string>;
}

/** Reads each plan; `moduleFiles` gives the parsed `.tf` files of a folder (display path), for positions. */
export async function planScopes(plans: readonly PlanFile[], moduleFiles: (folder: string) => Promise<TerraformFileBody[] | undefined>): Promise<PlanScopes> {
  const result: PlanScopes = { scopes: [], diagnostics: [], roots: new Set() };
  for (const plan of plans) {
    const first = parseTerraformPlan(plan.file, plan.text);
    // The configuration's resources by module address, from the folders the plan's module calls name.
    const sources = new Map<string, Map<string, ResourceNode>>();
    for (const scope of first.scopes) {
      if (scope.folder === undefined || sources.has(scope.module)) continue;
      const bodies = await moduleFiles(normalizeFolder(path.posix.join(plan.folder, scope.folder)));
      if (bodies) sources.set(scope.module, new Map(terraformResources(bodies).map((node) => [node.id, node])));
    }
    const parsed = sources.size === 0
      ? first
      : parseTerraformPlan(plan.file, plan.text, { source: (module, address) => sources.get(module)?.get(resourceAddress(address)) });
    result.diagnostics.push(...parsed.diagnostics);
    if (parsed.scopes.length > 0) result.roots.add(plan.folder);
    for (const scope of parsed.scopes) result.scopes.push(scopeInput(plan.file, scope));
  }
  return result;
}

/** A plan's module as a graph scope; resources are named by their full address, as Terraform names them. */
function scopeInput(file: string, scope: PlanScope): ScopeInput {
  for (const node of scope.nodes) node.id = scope.addresses.get(node) ?? node.id;
  return { key: planScopeKey(file, scope.module), framework: 'terraform', nodes: scope.nodes, module: scope.module, files: [file] };
}

function normalizeFolder(folder: string): string {
  return path.posix.normalize(folder).replace(/\/$/, '') || '.';
}
