import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CDK_OUTPUT_FOLDER, isCloudAssembly, isCloudAssemblyNonTemplate } from '../../parsers/cloudformation/cdk.js';
import type { Diagnostic } from '../graph/types.js';
import { displayPath } from './paths.js';
import { compareText } from './result.js';

/** What a discovered file is, judged by its name; CloudFormation candidates are confirmed by content later. */
export type FileKind = 'terraform' | 'terraform-json' | 'tfvars' | 'cloudformation-candidate';

export interface DiscoveredFile {
  absolutePath: string;
  /** Relative to the working directory with `/` separators, or absolute when outside it. */
  displayPath: string;
  kind: FileKind;
  /** Named on the command line: read whatever its name, and say why when it is not scanned. */
  explicit: boolean;
  /**
   * `target` files are reported on. `context` files are the Terraform siblings of a file named on the command
   * line (one folder is one module): read so that links resolve, never reported on.
   */
  role: 'target' | 'context';
}

/** Folders that never hold the user's own infrastructure code. `.terraform` holds downloaded modules (expanded later on demand). */
const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules', '.terraform', '.hg', '.svn']);

export function kindFromName(fileName: string): FileKind | undefined {
  const name = fileName.toLowerCase();
  if (name.endsWith('.tf')) return 'terraform';
  if (name.endsWith('.tf.json')) return 'terraform-json';
  if (name.endsWith('.tfvars') || name.endsWith('.tfvars.json')) return 'tfvars';
  if (/\.(ya?ml|json|template)$/.test(name)) return 'cloudformation-candidate';
  return undefined;
}

export interface DiscoveryResult {
  files: DiscoveredFile[];
  diagnostics: Diagnostic[];
}

/**
 * Walks the given paths. Files named explicitly are always read; folders are walked recursively, skipping
 * SKIPPED_DIRECTORIES, following symbolic links once (a link back into a visited folder is not walked again).
 * Inside a CDK cloud assembly (`cdk.out/`) the templates are read, not the manifests and `asset.*` folders.
 * The result is sorted by display path so every run reports in the same order.
 */
export interface DiscoveryOptions {
  siblingContext?: boolean;
  /** Files and folders found while walking that the configuration's `ignore` globs exclude (named files are always read). */
  ignore?: (absolutePath: string, isDirectory: boolean) => boolean;
}

export async function discover(paths: readonly string[], cwd: string, options: DiscoveryOptions = {}): Promise<DiscoveryResult> {
  const files = new Map<string, DiscoveredFile>();
  const diagnostics: Diagnostic[] = [];
  const visitedDirectories = new Set<string>();

  // Keyed by real path: a file reached twice (through a linked folder, or named inside a named folder) is read once.
  const addFile = async (absolutePath: string, kind: FileKind, explicit: boolean, role: 'target' | 'context' = 'target'): Promise<void> => {
    const key = await fs.realpath(absolutePath).catch(() => absolutePath);
    const existing = files.get(key);
    if (existing && (existing.explicit || role === 'context')) return;
    files.set(key, { absolutePath, displayPath: displayPath(absolutePath, cwd), kind, explicit, role });
  };

  const walk = async (directory: string, inCloudAssembly: boolean): Promise<void> => {
    let realDirectory: string;
    try {
      realDirectory = await fs.realpath(directory);
    } catch (error) {
      diagnostics.push(readDiagnostic(directory, cwd, error));
      return;
    }
    if (visitedDirectories.has(realDirectory)) return;
    visitedDirectories.add(realDirectory);
    let entries;
    try {
      entries = await fs.readdir(directory, { withFileTypes: true });
    } catch (error) {
      diagnostics.push(readDiagnostic(directory, cwd, error));
      return;
    }
    // The assets and manifests of a CDK cloud assembly are not templates: skipped silently, as SKIPPED_DIRECTORIES.
    const cloudAssembly = inCloudAssembly || isCloudAssembly(path.basename(directory), new Set(entries.map((entry) => entry.name)));
    for (const entry of entries) {
      const child = path.join(directory, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = await fs.stat(child).catch(() => undefined);
        if (!target) continue; // a dangling link is not the user's code
        isDirectory = target.isDirectory();
        isFile = target.isFile();
      }
      if (options.ignore?.(child, isDirectory)) continue;
      if (cloudAssembly && (isDirectory || isFile) && isCloudAssemblyNonTemplate(entry.name, isDirectory)) continue;
      if (isDirectory) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) await walk(child, cloudAssembly);
      } else if (isFile) {
        const kind = kindFromName(entry.name);
        if (kind) await addFile(child, kind, false);
      }
    }
  };

  for (const given of paths) {
    const absolutePath = path.resolve(cwd, given);
    const stat = await fs.stat(absolutePath).catch((error: unknown) => error as NodeJS.ErrnoException);
    if (stat instanceof Error) {
      diagnostics.push(readDiagnostic(absolutePath, cwd, stat));
    } else if (stat.isDirectory()) {
      await walk(absolutePath, absolutePath.split(path.sep).includes(CDK_OUTPUT_FOLDER));
    } else {
      await addFile(absolutePath, kindFromName(path.basename(absolutePath)) ?? 'cloudformation-candidate', true);
    }
  }

  // A Terraform file named alone still belongs to its module: its siblings come along as context, so a split
  // resource in the named file links to its bucket next door (pre-commit passes changed files one by one).
  const explicitTerraformFolders = new Set(
    options.siblingContext === false
      ? []
      : [...files.values()].filter((file) => file.explicit && isTerraformSource(file.kind)).map((file) => path.dirname(file.absolutePath)),
  );
  for (const folder of explicitTerraformFolders) {
    const entries = await fs.readdir(folder, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const kind = kindFromName(entry.name);
      if (entry.isFile() && kind && isTerraformSource(kind)) await addFile(path.join(folder, entry.name), kind, false, 'context');
    }
  }

  const sorted = [...files.values()].sort((a, b) => compareText(a.displayPath, b.displayPath));
  return { files: sorted, diagnostics };
}

function isTerraformSource(kind: FileKind): boolean {
  return kind === 'terraform' || kind === 'terraform-json';
}


function readDiagnostic(absolutePath: string, cwd: string, error: unknown): Diagnostic {
  const code = (error as NodeJS.ErrnoException).code;
  const file = displayPath(absolutePath, cwd);
  const reason =
    code === 'ENOENT' ? 'no such file or folder'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'ELOOP' ? 'too many levels of symbolic links'
    : (error as Error).message;
  return { file, message: `cannot read ${file}: ${reason}`, severity: 'error', code: 'read-error' };
}
