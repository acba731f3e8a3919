/**
 * Turns the Terraform folders of a scan into evaluated module instances: finds the roots, loads the code of the
 * modules they call (local folders, and modules `terraform init` downloaded into `.terraform/modules`), gives each
 * root its variable values (tfvars files, `--var-file`, `--var`) and expands every root.
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { expandRoot, isLocalSource, localModuleFolder, moduleCallSites, BlockTracker, MAX_MODULE_DEPTH, type ModuleResolver } from '../../parsers/terraform/instances.js';
import type { TerraformFileBody } from '../../parsers/terraform/index.js';
import { parseHclExpression } from '../../parsers/terraform/hcl/to-value.js';
import type { ScopeInput } from '../graph/graph.js';
import type { Diagnostic, ObjectNode, SourceRange, ValueNode } from '../graph/types.js';
import { displayPath } from './paths.js';

/** A parsed variable-definitions file (`.tfvars`, `.tfvars.json`). */
export interface VariablesFile {
  file: string;
  body: ObjectNode;
}

/** What loading one module file gives: its body when it parsed, and its diagnostics and suppressions. */
export interface LoadedModuleFile {
  body?: TerraformFileBody;
  diagnostics: Diagnostic[];
}

export interface TerraformProjectInput {
  cwd: string;
  /**
   * The scanned Terraform files, by module folder (display path). Taken over: a root folder's entry is deleted once
   * the root is expanded, so that its parse trees (most of a large scan's memory) can go while the others expand.
   */
  folders: Map<string, TerraformFileBody[]>;
  /** The scanned variable-definitions files, by folder. */
  variableFiles: ReadonlyMap<string, VariablesFile[]>;
  /** `--var-file` and the configuration's `varFiles`, parsed, in order: applied to every root. */
  extraVariableFiles: readonly VariablesFile[];
  /** `--var name=value`, in order. */
  variables: readonly [string, string][];
  /** Root folders a Terraform plan in the scan stands for: judged from the plan, not evaluated here. */
  plannedRoots?: ReadonlySet<string>;
  /** Reads and parses one `.tf` / `.tf.json` file of a module folder outside the scan. */
  loadFile(absolutePath: string, displayPath: string): Promise<LoadedModuleFile>;
}

export interface TerraformProject {
  scopes: ScopeInput[];
  diagnostics: Diagnostic[];
  /** Blocks that create nothing in any module instance. */
  createsNothing: SourceRange[];
}

/** The `.tf` and `.tf.json` files of a module folder outside the scan, parsed; undefined when it has none. */
export async function readModuleFolder(
  folder: string,
  cwd: string,
  load: TerraformProjectInput['loadFile'],
  diagnostics: Diagnostic[],
): Promise<TerraformFileBody[] | undefined> {
  const absolute = path.resolve(cwd, folder);
  // Checked first rather than caught: see `readInstalledModules`.
  if (!existsSync(absolute)) return undefined;
  const entries = await fs.readdir(absolute, { withFileTypes: true }).catch(() => undefined);
  const names = (entries ?? []).filter((entry) => entry.isFile() && /\.tf(\.json)?$/.test(entry.name)).map((entry) => entry.name).sort();
  const bodies: TerraformFileBody[] = [];
  for (const name of names) {
    const file = path.join(absolute, name);
    const loaded = await load(file, displayPath(file, cwd));
    diagnostics.push(...loaded.diagnostics);
    if (loaded.body) bodies.push(loaded.body);
  }
  return bodies.length > 0 ? bodies : undefined;
}

/** Module folders loaded from outside the scan, all roots together: far beyond real projects. */
const MAX_LOADED_FOLDERS = 500;

export async function terraformProject(input: TerraformProjectInput): Promise<TerraformProject> {
  const loader = new ModuleLoader(input);
  const called = await loader.loadClosure([...input.folders.keys()]);
  const roots = [...input.folders.keys()].filter((folder) => !called.has(folder));
  // Reached through calls from a root, whatever their count: a module called only with `count = 0` creates nothing.
  const reached = loader.reachableFrom([...roots, ...(input.plannedRoots ?? [])]);
  const tracker = new BlockTracker();
  const scopes: ScopeInput[] = [];
  const diagnostics: Diagnostic[] = [...loader.diagnostics];
  const expanded = new Set<string>();
  const expand = (root: string, judged = true): void => {
    let result: ReturnType<typeof expandRoot>;
    try {
      result = expandRoot(root, input.folders.get(root) ?? [], rootInputs(root, input), loader, tracker);
    } catch (error) {
      // Not expected; one root's failure must not lose the rest of the scan.
      expanded.add(root);
      const file = input.folders.get(root)?.[0]?.file ?? root;
      diagnostics.push({ file, code: 'internal-error', severity: 'error', message: `s3lint failed to evaluate the Terraform module in ${root}: ${error instanceof Error ? error.message : String(error)}; the rest of the scan goes on` });
      return;
    }
    if (judged) diagnostics.push(...result.diagnostics);
    // No other folder calls a root: nothing will read its files again.
    if (!called.has(root)) {
      input.folders.delete(root);
      loader.release(root);
    }
    for (const instance of result.instances) {
      expanded.add(instance.folder);
      if (!judged) continue;
      scopes.push({
        key: instance.scopeKey,
        framework: 'terraform',
        nodes: instance.nodes,
        symbols: instance.symbols,
        files: instance.files.map((body) => body.file),
        providers: instance.providers,
        module: instance.address,
      });
    }
  };
  // A folder another scanned folder calls as a module is judged through its callers, with their inputs.
  // A root a plan stands for is judged from the plan; expanding it here only marks the modules it calls.
  for (const folder of input.plannedRoots ?? []) if (input.folders.has(folder)) expand(folder, false);
  const folders = [...input.folders.keys()].filter((folder) => !input.plannedRoots?.has(folder));
  for (const folder of folders) if (!called.has(folder)) expand(folder);
  // Folders that only call each other (a cycle) have no root: each is judged as its own.
  for (const folder of folders) if (!reached.has(folder) && !expanded.has(folder)) expand(folder);
  return { scopes, diagnostics, createsNothing: tracker.createsNothing() };
}

/** A root's variable values: its auto-loaded tfvars files in Terraform's order, then the run's files, then `--var`. */
function rootInputs(root: string, input: TerraformProjectInput): Map<string, ValueNode> {
  const values = new Map<string, ValueNode>();
  const files = [...(input.variableFiles.get(root) ?? [])].filter((file) => autoLoaded(path.posix.basename(file.file))).sort((a, b) => autoLoadOrder(a.file) - autoLoadOrder(b.file) || (a.file < b.file ? -1 : 1));
  for (const file of [...files, ...input.extraVariableFiles]) {
    for (const [name, entry] of file.body.entries) values.set(name, entry.value);
  }
  for (const [name, text] of input.variables) values.set(name, commandLineValue(text));
  return values;
}

/** Terraform loads `terraform.tfvars(.json)` and `*.auto.tfvars(.json)` of the root folder by itself. */
function autoLoaded(name: string): boolean {
  return name === 'terraform.tfvars' || name === 'terraform.tfvars.json' || /\.auto\.tfvars(\.json)?$/.test(name);
}

function autoLoadOrder(file: string): number {
  const name = path.posix.basename(file);
  return name === 'terraform.tfvars' ? 0 : name === 'terraform.tfvars.json' ? 1 : 2;
}

const COMMAND_LINE: SourceRange = { file: '(--var)', start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };

/** `--var name=value`: a list or map is HCL, as Terraform reads it for complex types; anything else is the string. */
function commandLineValue(text: string): ValueNode {
  if (/^\s*[[{]/.test(text)) {
    const parsed = parseHclExpression(text, COMMAND_LINE);
    if (parsed) return parsed;
  }
  return { kind: 'literal', value: text, range: COMMAND_LINE };
}

/** Loads module code on demand and answers where a module call's code lives. */
class ModuleLoader implements ModuleResolver {
  readonly diagnostics: Diagnostic[] = [];
  private readonly loaded = new Map<string, TerraformFileBody[] | undefined>();
  private readonly installed = new Map<string, Map<string, string> | undefined>();
  /** The folders each folder's module calls lead to, as the closure found them. */
  private readonly edges = new Map<string, Set<string>>();

  /** The folders reached from `roots` through module calls, the roots included. */
  reachableFrom(roots: readonly string[]): Set<string> {
    const reached = new Set(roots);
    const queue = [...roots];
    for (let folder = queue.shift(); folder !== undefined; folder = queue.shift()) {
      for (const target of this.edges.get(folder) ?? []) {
        if (reached.has(target)) continue;
        reached.add(target);
        queue.push(target);
      }
    }
    return reached;
  }

  constructor(private readonly input: TerraformProjectInput) {
    for (const [folder, bodies] of input.folders) this.loaded.set(folder, bodies);
  }

  files(folder: string): TerraformFileBody[] | undefined {
    return this.loaded.get(folder);
  }

  /** Lets go of a folder's files: a root's, once it is expanded. */
  release(folder: string): void {
    this.loaded.delete(folder);
  }

  folderOf(call: { callerFolder: string; root: string; keyPath: readonly string[]; source: string }): string | undefined {
    if (isLocalSource(call.source)) return localModuleFolder(call.callerFolder, call.source);
    const directory = this.installed.get(call.root)?.get(call.keyPath.join('.'));
    return directory === undefined ? undefined : localModuleFolder(call.root, directory);
  }

  /**
   * Loads every module the scanned folders call, transitively, each considered as a root. Returns the folders that
   * some scanned folder calls.
   */
  async loadClosure(roots: readonly string[]): Promise<Set<string>> {
    const called = new Set<string>();
    const visited = new Set<string>();
    const queue = roots.map((root) => ({ root, folder: root, keyPath: [] as string[] }));
    while (queue.length > 0) {
      const { root, folder, keyPath } = queue.shift()!;
      const state = `${root}\u0000${folder}\u0000${keyPath.join('.')}`;
      if (visited.has(state) || keyPath.length > MAX_MODULE_DEPTH) continue;
      visited.add(state);
      if (!this.installed.has(root)) this.installed.set(root, await this.readInstalledModules(root));
      for (const call of moduleCallSites(this.loaded.get(folder) ?? [])) {
        if (call.source === undefined) continue;
        const target = this.folderOf({ callerFolder: folder, root, keyPath: [...keyPath, call.name], source: call.source });
        if (target === undefined || target === folder) continue;
        if (!this.loaded.has(target)) {
          if (this.loaded.size >= this.input.folders.size + MAX_LOADED_FOLDERS) continue;
          this.loaded.set(target, await this.loadFolder(target));
        }
        if (this.loaded.get(target) === undefined) continue;
        called.add(target);
        this.edges.set(folder, (this.edges.get(folder) ?? new Set()).add(target));
        queue.push({ root, folder: target, keyPath: [...keyPath, call.name] });
      }
    }
    return called;
  }

  private async loadFolder(folder: string): Promise<TerraformFileBody[] | undefined> {
    return readModuleFolder(folder, this.input.cwd, this.input.loadFile, this.diagnostics);
  }

  /** `.terraform/modules/modules.json` of a root: module key (`a.b`) → folder, relative to the root. */
  private async readInstalledModules(root: string): Promise<Map<string, string> | undefined> {
    const file = path.resolve(this.input.cwd, root, '.terraform', 'modules', 'modules.json');
    // Checked first rather than caught: a rejected read's error keeps its async stack (this loader and, through
    // it, the whole scan) alive for as long as V8 holds on to that error.
    if (!existsSync(file)) return undefined;
    const text = await fs.readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    try {
      const parsed = JSON.parse(text) as { Modules?: { Key?: unknown; Dir?: unknown }[] };
      const modules = new Map<string, string>();
      for (const entry of parsed.Modules ?? []) {
        if (typeof entry.Key === 'string' && entry.Key !== '' && typeof entry.Dir === 'string') modules.set(entry.Key, entry.Dir);
      }
      return modules;
    } catch {
      this.diagnostics.push({
        file: displayPath(file, this.input.cwd),
        code: 'invalid-modules-manifest',
        severity: 'warning',
        message: `${displayPath(file, this.input.cwd)} is not valid JSON; the modules terraform init downloaded are not expanded`,
      });
      return undefined;
    }
  }
}
