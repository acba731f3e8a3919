/**
 * ProjectView: the scanned project as a whole. Account-wide services (Macie, GuardDuty, Access Analyzer, Storage
 * Lens) are judged once per scan, and their findings attach to one place: the first file, in path order, that
 * defines the AWS provider or a CloudFormation stack; else the first file of the shallowest Terraform module.
 */
import type { Graph, Scope } from './graph.js';
import type { Framework, ResourceNode, SourceRange } from './types.js';

export interface ProjectView {
  /** Always `project`: the subject id of account-level findings. */
  id: string;
  /** Where findings about the project point. */
  anchor: SourceRange;
  framework: Framework;
  /** False when the scan found no Terraform module and no template: account-level rules have nothing to judge. */
  present: boolean;
  /** Every resource of the scan, for rules that look for an account-wide service anywhere in it. */
  resources: ResourceNode[];
}

const START = { line: 1, column: 1 };

/**
 * `includes` leaves scopes out: a CloudFormation template judged once per combination of its open conditions is
 * one project per combination, each with that combination's resources only.
 */
export function buildProjectView(graph: Graph, includes: (scope: Scope) => boolean = () => true): ProjectView {
  const scopes = graph.scopes.filter(includes);
  const resources = scopes.flatMap((scope) => scope.nodes);
  const candidates: { range: SourceRange; framework: Framework }[] = [];
  for (const scope of scopes) {
    if (scope.framework === 'cloudformation' && scope.files[0] !== undefined) {
      candidates.push({ range: { file: scope.files[0], start: START, end: { line: 1, column: 1 } }, framework: 'cloudformation' });
    }
    for (const range of scope.providers) candidates.push({ range, framework: 'terraform' });
  }
  candidates.sort((a, b) => compareText(a.range.file, b.range.file) || a.range.start.line - b.range.start.line);
  const first = candidates[0];
  if (first) return { id: 'project', anchor: first.range, framework: first.framework, present: true, resources };

  // No provider and no template: the first file of the module nearest the root of the scan.
  const modules = scopes
    .filter((scope) => scope.files.length > 0)
    .sort((a, b) => depth(a.key) - depth(b.key) || compareText(a.key, b.key));
  const root = modules[0];
  if (!root) return { id: 'project', anchor: { file: '.', start: START, end: START }, framework: 'terraform', present: false, resources };
  const file = [...root.files].sort(compareText)[0]!;
  return { id: 'project', anchor: { file, start: START, end: { line: 1, column: 1 } }, framework: root.framework, present: true, resources };
}

/** Code-unit order, the same on every machine and locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function depth(folder: string): number {
  return folder === '.' ? 0 : folder.split('/').length;
}
