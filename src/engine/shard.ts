/**
 * `--shard k/n`: the part of the discovered files one job of a CI matrix scans.
 *
 * The unit of work is what s3lint judges as a whole: a Terraform module folder (its `.tf`, `.tf.json` and `.tfvars`
 * files, target and context alike, and the JSON files beside them, which may be that folder's plan), or one other
 * file (a CloudFormation template, a plan in a folder without Terraform code). A folder that another folder calls as
 * a local module (`source = "./x"`, `"../x"`) is judged through its callers, so it travels with one of them: the
 * shard that holds it is the shard that judges it, as the whole scan would. Other callers in other shards load its
 * code from disk on demand, as they load any module outside the scan.
 *
 * Units are dealt greedily, largest first (by file count, then by a hash of their key), each to the least loaded
 * shard: the same files give the same shards on every machine, whatever the order of discovery, and shards differ
 * by at most one unit's files. Hash mod n would keep a unit's shard when others come and go, but with a few dozen
 * units and small n it leaves shards unbalanced at random, and a matrix waits for its slowest job.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { localModuleFolder } from '../../parsers/terraform/instances.js';
import type { DiscoveredFile } from './discover.js';
import { readSource } from './read.js';
import { compareText } from './result.js';

export interface Shard {
  /** From 1 to `count`. */
  index: number;
  count: number;
}

/** `k/n` as `--shard` reads it, or the reason it is not one. */
export function parseShardSpec(text: string): Shard | { error: string } {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(count)) return { error: `--shard ${JSON.stringify(text)}: expected K/N, this job's part K of N parts (for example 2/3)` };
  if (count < 1) return { error: `--shard ${text}: N must be at least 1` };
  if (index < 1 || index > count) return { error: `--shard ${text}: K must be between 1 and ${count}` };
  return { index, count };
}

/** Module folders read beyond the discovered ones while following calls: the bound `terraformProject` uses. */
const MAX_OUTSIDE_FOLDERS = 500;
/** The pre-scan reads a file of any size the scan might read; far beyond real Terraform. */
const MAX_PRESCAN_BYTES = 64 * 1024 * 1024;
/** Files read at once: a monorepo must not exhaust file descriptors. */
const READ_BATCH = 64;

/**
 * Over-approximates local module calls: any `source = "./…"` / `"../…"` (or `"source": "./…"` in JSON), even in a
 * comment or an `aws_s3_object`. A false call only sends a folder along with another one: it is still scanned, as
 * a root if nothing really calls it. Only a call this misses could split a module from its callers.
 */
const LOCAL_SOURCE = /(?:\bsource|"source")\s*[=:]\s*"(\.\.?(?:\/[^"\n]*)?)"/g;

export async function selectShard(files: readonly DiscoveredFile[], shard: Shard): Promise<DiscoveredFile[]> {
  if (!Number.isSafeInteger(shard.count) || shard.count < 1 || !Number.isSafeInteger(shard.index) || shard.index < 1 || shard.index > shard.count) {
    throw new RangeError(`shard ${shard.index}/${shard.count}: expected 1 ≤ index ≤ count`);
  }
  const units = await shardUnits(files);
  const assigned = assignUnits(units, shard.count);
  return units
    .filter((_, position) => assigned[position] === shard.index - 1)
    .flatMap((unit) => unit.files)
    .sort((a, b) => compareText(a.displayPath, b.displayPath));
}

interface ModuleFolder {
  absolute: string;
  /** Absolute paths of its `.tf` and `.tf.json` files. */
  files: string[];
}

export interface ShardUnit {
  /** `folder:<display path>` for a Terraform module folder, `file:<display path>` for anything else. */
  key: string;
  files: DiscoveredFile[];
}

/** The scan's files grouped into units, in a fixed order (by key), each file in exactly one unit. */
export async function shardUnits(files: readonly DiscoveredFile[]): Promise<ShardUnit[]> {
  const sorted = [...files].sort((a, b) => compareText(a.displayPath, b.displayPath));
  const folders = new Map<string, { absolute: string; files: DiscoveredFile[]; moduleFiles: string[] }>();
  for (const file of sorted) {
    if (file.kind === 'cloudformation-candidate') continue;
    const folder = path.posix.dirname(file.displayPath);
    let entry = folders.get(folder);
    if (!entry) folders.set(folder, (entry = { absolute: path.dirname(file.absolutePath), files: [], moduleFiles: [] }));
    entry.files.push(file);
    if (file.kind !== 'tfvars') entry.moduleFiles.push(file.absolutePath);
  }
  const standalone: DiscoveredFile[] = [];
  for (const file of sorted) {
    if (file.kind !== 'cloudformation-candidate') continue;
    // A plan stands for the module beside it: judged apart, that module would be judged twice.
    const folder = folders.get(path.posix.dirname(file.displayPath));
    if (folder && file.displayPath.toLowerCase().endsWith('.json')) folder.files.push(file);
    else standalone.push(file);
  }

  const moduleFolders = [...folders.keys()].filter((folder) => folders.get(folder)!.moduleFiles.length > 0);
  const calls = await moduleCalls(new Map(moduleFolders.map((folder) => [folder, { absolute: folders.get(folder)!.absolute, files: folders.get(folder)!.moduleFiles }])));
  const called = new Set<string>();
  for (const [caller, targets] of calls) for (const target of targets) if (target !== caller) called.add(target);

  // Each module folder goes with the first unit, in the engine's order, that reaches it: roots first, then the
  // first folder of each group that only calls itself round (which the engine also judges as a root).
  const owner = new Map<string, string>();
  const claim = (root: string): void => {
    owner.set(root, root);
    const queue = [root];
    const seen = new Set(queue);
    for (let next = 0; next < queue.length; next++) {
      for (const target of calls.get(queue[next]!) ?? []) {
        if (seen.has(target)) continue;
        seen.add(target);
        queue.push(target);
        if (folders.has(target) && !owner.has(target)) owner.set(target, root);
      }
    }
  };
  for (const folder of moduleFolders) if (!called.has(folder)) claim(folder);
  for (const folder of moduleFolders) if (!owner.has(folder)) claim(folder);

  const byOwner = new Map<string, DiscoveredFile[]>();
  for (const [folder, entry] of folders) {
    const unit = owner.get(folder) ?? folder; // a folder of `.tfvars` only: nothing calls it
    const unitFiles = byOwner.get(unit);
    if (unitFiles) unitFiles.push(...entry.files);
    else byOwner.set(unit, [...entry.files]);
  }
  const units: ShardUnit[] = [
    ...[...byOwner].map(([folder, unitFiles]) => ({ key: `folder:${folder}`, files: unitFiles })),
    ...standalone.map((file) => ({ key: `file:${file.displayPath}`, files: [file] })),
  ];
  return units.sort((a, b) => compareText(a.key, b.key));
}

/**
 * The local module calls of each folder (display path → called folders), following calls into folders outside
 * the scan: the engine loads their code on demand, and what they call is called too.
 */
async function moduleCalls(scanned: ReadonlyMap<string, ModuleFolder>): Promise<Map<string, string[]>> {
  const calls = new Map<string, string[]>();
  const queued = new Set(scanned.keys());
  let pending = [...scanned].map(([folder, entry]) => ({ folder, ...entry }));
  while (pending.length > 0) {
    const outside: { folder: string; absolute: string; files: string[] }[] = [];
    for (let start = 0; start < pending.length; start += READ_BATCH) {
      const batch = pending.slice(start, start + READ_BATCH);
      const sources = await Promise.all(batch.map((entry) => localSources(entry.files)));
      batch.forEach((entry, position) => {
        const targets = new Set<string>();
        for (const source of sources[position]!) {
          const target = localModuleFolder(entry.folder, source);
          if (target === entry.folder) continue;
          targets.add(target);
          if (queued.has(target) || queued.size >= scanned.size + MAX_OUTSIDE_FOLDERS) continue;
          queued.add(target);
          outside.push({ folder: target, absolute: path.resolve(entry.absolute, source), files: [] });
        }
        calls.set(entry.folder, [...targets]);
      });
    }
    for (const entry of outside) entry.files = await moduleFilesOf(entry.absolute);
    pending = outside.filter((entry) => entry.files.length > 0);
  }
  return calls;
}

async function localSources(files: readonly string[]): Promise<string[]> {
  const sources: string[] = [];
  for (const file of files) {
    const read = await readSource(file, file, MAX_PRESCAN_BYTES);
    if ('diagnostic' in read) continue; // the shard that scans the file reports it
    for (const match of read.text.matchAll(LOCAL_SOURCE)) sources.push(match[1]!);
  }
  return sources;
}

async function moduleFilesOf(folder: string): Promise<string[]> {
  const entries = await fs.readdir(folder, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile() && /\.tf(\.json)?$/.test(entry.name))
    .map((entry) => path.join(folder, entry.name))
    .sort(compareText);
}

/** The shard (from 0) of each unit: largest first, each to the least loaded shard. */
export function assignUnits(units: readonly ShardUnit[], count: number): number[] {
  const order = units
    .map((unit, position) => ({ position, size: unit.files.length, hash: stableHash(unit.key) }))
    .sort((a, b) => b.size - a.size || compareText(a.hash, b.hash) || a.position - b.position);
  // Shards beyond the number of units stay empty whatever happens: `--shard 1/1000000000` allocates nothing.
  const used = Math.max(1, Math.min(count, units.length));
  const loads = new Array<number>(used).fill(0);
  const assigned = new Array<number>(units.length).fill(0);
  for (const { position, size } of order) {
    let lightest = 0;
    for (let shard = 1; shard < used; shard++) if (loads[shard]! < loads[lightest]!) lightest = shard;
    loads[lightest]! += size;
    assigned[position] = lightest;
  }
  return assigned;
}

function stableHash(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
