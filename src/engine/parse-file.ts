/**
 * Reading and parsing one discovered file into what the engine assembles: Terraform bodies, variable files, plan
 * files, CloudFormation resources (once per combination of open conditions) and the file's suppressions. Kept apart
 * from the engine, which assembles the results: this module knows no rules.
 */
import path from 'node:path';
import { cloudFormationResources, parseCloudFormation } from '../../parsers/cloudformation/index.js';
import { mayNeedEvaluation, type ParameterValues } from '../../parsers/cloudformation/evaluate.js';
import { looksLikeCloudFormation } from '../../parsers/cloudformation/detect.js';
import { transformSam } from '../../parsers/cloudformation/sam.js';
import { evaluateTemplateVariants, type ConditionAssumption } from '../../parsers/cloudformation/variants.js';
import { looksLikeTerraformPlan } from '../../parsers/terraform/plan.js';
import { parseTerraformFile, type TerraformFileBody } from '../../parsers/terraform/index.js';
import type { Diagnostic, ResourceNode, SourceRange } from '../graph/types.js';
import { cloudFormationCompatSuppressions, collectCompatSuppressions } from './compat.js';
import { distinct } from '../collections.js';
import type { DiscoveredFile } from './discover.js';
import { readSource } from './read.js';
import { cloudFormationSuppressions, collectSuppressions, type Suppression } from './suppressions.js';
import type { PlanFile } from './terraform-plan.js';
import type { VariablesFile } from './terraform-project.js';

export interface ParsedFile {
  scanned: boolean;
  diagnostics: Diagnostic[];
  /** Inline `s3lint-ignore` comments and CloudFormation `Metadata` suppressions found in the file. */
  suppressions?: Suppression[];
  terraform?: { folder: string; body: TerraformFileBody };
  /** A `.tfvars` / `.tfvars.json` file. */
  variables?: { folder: string; file: VariablesFile };
  /** A Terraform plan JSON file, read once the configuration beside it is parsed. */
  plan?: PlanFile;
  /** The template's resources, once per variant (one unless an `Fn::If` depends on a condition not known). */
  cloudformation?: { resources: ResourceNode[]; assumptions: ConditionAssumption[] }[];
}

export async function parseFile(file: DiscoveredFile, maxFileBytes: number, parameters: ParameterValues, compat: boolean): Promise<ParsedFile> {
  const source = await readSource(file.absolutePath, file.displayPath, maxFileBytes);
  if ('diagnostic' in source) {
    // An empty file that discovery found by name is simply nothing to scan; say so only when it was asked for.
    const quiet = source.diagnostic.code === 'empty-file' && !file.explicit;
    return { scanned: false, diagnostics: quiet ? [] : [source.diagnostic] };
  }
  try {
    if (file.kind === 'cloudformation-candidate') return parseTemplate(file, source.text, parameters, compat);
    const result = await parseTerraformFile(file.displayPath, source.text, file.kind);
    const folder = path.posix.dirname(file.displayPath);
    const isModuleFile = result.body !== undefined && file.kind !== 'tfvars';
    return {
      scanned: result.body !== undefined || !result.diagnostics.some((d) => d.severity === 'error'),
      diagnostics: result.diagnostics,
      terraform: isModuleFile ? { folder, body: { file: file.displayPath, body: result.body! } } : undefined,
      variables: result.body !== undefined && file.kind === 'tfvars' ? { folder, file: { file: file.displayPath, body: result.body } } : undefined,
      suppressions: isModuleFile ? commentSuppressions(file.displayPath, source.text, compat) : [],
    };
  } catch (error) {
    return { scanned: false, diagnostics: [internalError(file.displayPath, error)] };
  }
}

function parseTemplate(file: DiscoveredFile, text: string, parameters: ParameterValues, compat: boolean): ParsedFile {
  if (file.displayPath.endsWith('.json') && looksLikeTerraformPlan(text)) {
    return { scanned: true, diagnostics: [], plan: { file: file.displayPath, folder: path.posix.dirname(file.displayPath), text } };
  }
  if (!looksLikeCloudFormation(text)) {
    const diagnostics: Diagnostic[] = file.explicit
      ? [{ file: file.displayPath, code: 'not-a-template', severity: 'note', message: `${file.displayPath} is neither Terraform nor a CloudFormation template; skipped` }]
      : [];
    return { scanned: false, diagnostics };
  }
  const result = parseCloudFormation(file.displayPath, text);
  // SAM resources become what the transform generates for S3; then parameters, conditions, mappings and the
  // intrinsics they feed are folded, once per combination of the conditions the parameters leave open.
  const source = result.template ? transformSam(result.template).template : undefined;
  const variants = source && mayNeedEvaluation(text) ? evaluateTemplateVariants(source, parameters) : undefined;
  const templates = variants ? variants.map((variant) => ({ template: variant.evaluation.template, assumptions: variant.assumptions })) : source ? [{ template: source, assumptions: [] }] : [];
  const cloudformation = templates.map(({ template, assumptions }) => ({ resources: cloudFormationResources(file.displayPath, template), assumptions }));
  const first = variants?.[0]?.evaluation;
  // A resource the parameter values switch off in every variant has nothing to silence; one an assumption leaves out does.
  const switchedOff = (first?.skipped ?? []).filter((skipped) => !skipped.byAssumption).map((skipped) => lineSpan(skipped.keyRange, skipped.range));
  const resources = distinctResources(cloudformation.flatMap((variant) => variant.resources));
  return {
    scanned: result.template !== undefined,
    diagnostics: [...result.diagnostics, ...(first?.diagnostics ?? [])],
    ...(source ? { cloudformation } : {}),
    suppressions: source
      ? [
          ...commentSuppressions(file.displayPath, text, compat).filter(notAimedAt(switchedOff)),
          ...resources.flatMap((resource) => (compat ? [...cloudFormationSuppressions(resource), ...cloudFormationCompatSuppressions(resource)] : cloudFormationSuppressions(resource))),
        ]
      : [],
  };
}

/** `s3lint-ignore` comments and, with `compat: true`, the other scanners' comments. */
function commentSuppressions(file: string, text: string, compat: boolean): Suppression[] {
  return compat ? [...collectSuppressions(file, text), ...collectCompatSuppressions(file, text)] : collectSuppressions(file, text);
}

export interface LineSpan {
  first: number;
  last: number;
}

export function lineSpan(start: SourceRange, end: SourceRange): LineSpan {
  return { first: start.start.line, last: end.end.line };
}

/**
 * Keeps the comment suppressions that are not aimed at a resource the code never creates (`count = 0`, a false
 * CloudFormation `Condition`): those have nothing to silence, rightly, and must not be reported as unused.
 */
export function notAimedAt(spans: readonly LineSpan[]): (suppression: Suppression) => boolean {
  return (suppression) => {
    const line = suppression.targetLine;
    return line === undefined || !spans.some((span) => span.first <= line && line <= span.last);
  };
}

function internalError(file: string, error: unknown): Diagnostic {
  const reason = error instanceof Error ? error.message : String(error);
  return { file, code: 'internal-error', severity: 'error', message: `s3lint failed on ${file}: ${reason}; the rest of the scan goes on` };
}


/** One resource per framework, file, id and calling root: the combinations of a template repeat theirs. */
export function distinctResources(nodes: readonly ResourceNode[]): ResourceNode[] {
  // The same module address under two roots is two resources; only a template's combinations repeat one.
  return distinct(nodes, (node) => `${node.framework}\u0000${node.file}\u0000${node.id}\u0000${node.moduleCalls?.[0]?.file ?? ''}`);
}

