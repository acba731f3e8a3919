/**
 * `--shard k/n`: every file in exactly one shard, by module folder, a module folder with its callers, the same
 * shards on every run and machine.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discover } from '../src/engine/discover.js';
import { lint } from '../src/engine/lint.js';
import { exitCodeFor } from '../src/engine/result.js';
import { assignUnits, parseShardSpec, selectShard, shardUnits } from '../src/engine/shard.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const MONOREPO = 'testdata/shard/monorepo';

const temporary = mkdtempSync(path.join(tmpdir(), 's3lint-shard-'));
afterAll(() => rmSync(temporary, { recursive: true, force: true }));

/** A folder of files under the temporary folder; returns its path. */
function tree(name, files) {
  const root = path.join(temporary, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

async function shards(files, count) {
  const result = [];
  for (let index = 1; index <= count; index++) result.push((await selectShard(files, { index, count })).map((file) => file.displayPath));
  return result;
}

function shardOf(parts, file) {
  return parts.findIndex((part) => part.includes(file));
}

const call = (source) => `module "m" {\n  source = "${source}"\n}\n`;
const bucket = (name) => `resource "aws_s3_bucket" "b" {\n  bucket = "${name}"\n}\n`;

describe('--shard K/N', () => {
  it('reads K/N with 1 ≤ K ≤ N', () => {
    expect(parseShardSpec('1/1')).toEqual({ index: 1, count: 1 });
    expect(parseShardSpec('2/3')).toEqual({ index: 2, count: 3 });
    expect(parseShardSpec('12/12')).toEqual({ index: 12, count: 12 });
    expect(parseShardSpec('0/3')).toEqual({ error: '--shard 0/3: K must be between 1 and 3' });
    expect(parseShardSpec('4/3')).toEqual({ error: '--shard 4/3: K must be between 1 and 3' });
    expect(parseShardSpec('1/0')).toEqual({ error: '--shard 1/0: N must be at least 1' });
    for (const text of ['', '3', '1/2/3', '-1/3', '1.5/3', ' 1/3', 'a/b', '1/99999999999999999999']) {
      expect(parseShardSpec(text)).toEqual({ error: `--shard ${JSON.stringify(text)}: expected K/N, this job's part K of N parts (for example 2/3)` });
    }
  });

  it('refuses a shard outside 1..N when called directly', async () => {
    await expect(selectShard([], { index: 0, count: 2 })).rejects.toThrow(RangeError);
    await expect(selectShard([], { index: 3, count: 2 })).rejects.toThrow(RangeError);
  });
});

describe('selecting a shard', () => {
  it('splits the fixture by module folder, the module with its first caller, the same way every time', async () => {
    const { files } = await discover([MONOREPO], ROOT);
    const strip = (parts) => parts.map((part) => part.map((file) => file.slice(MONOREPO.length + 1)));
    expect(strip(await shards(files, 1))[0]).toHaveLength(11);
    // Pinned: a change here moves files between the jobs of every user's matrix.
    expect(strip(await shards(files, 2))).toEqual([
      ['envs/dev/main.tf', 'modules/bucket/main.tf', 'modules/bucket/variables.tf', 'services/api/main.tf', 'stacks/archive.json', 'stacks/site.yaml'],
      ['envs/prod/main.tf', 'envs/prod/terraform.tfvars', 'security/main.tf', 'services/worker/main.tf', 'services/worker/outputs.tf'],
    ]);
    expect(strip(await shards(files, 3))).toEqual([
      ['envs/dev/main.tf', 'modules/bucket/main.tf', 'modules/bucket/variables.tf', 'security/main.tf'],
      ['envs/prod/main.tf', 'envs/prod/terraform.tfvars', 'services/api/main.tf', 'stacks/site.yaml'],
      ['services/worker/main.tf', 'services/worker/outputs.tf', 'stacks/archive.json'],
    ]);
  });

  it('does not depend on the order of discovery', async () => {
    const { files } = await discover([MONOREPO], ROOT);
    const reversed = [...files].reverse();
    const rotated = [...files.slice(5), ...files.slice(0, 5)];
    for (const count of [2, 3, 4]) {
      const expected = await shards(files, count);
      expect(await shards(reversed, count)).toEqual(expected);
      expect(await shards(rotated, count)).toEqual(expected);
    }
  });

  it('puts every file of a generated monorepo in exactly one shard, for N = 1..5', async () => {
    // 30 stacks; every third calls a shared module (m3 calls m0 in turn); two folders that only call each other;
    // templates; a folder of variables only; a JSON file beside a stack.
    const files = {};
    const reaches = {};
    for (let i = 0; i < 30; i++) {
      const module = i % 3 === 0 ? `m${i % 4}` : undefined;
      files[`stack-${i}/main.tf`] = module ? call(`../modules/${module}`) + bucket(`s${i}`) : bucket(`s${i}`);
      if (i % 5 === 0) files[`stack-${i}/terraform.tfvars`] = 'region = "eu-west-1"\n';
      if (module) reaches[`stack-${i}`] = module === 'm3' ? ['modules/m3', 'modules/m0'] : [`modules/${module}`];
    }
    for (let m = 0; m < 4; m++) files[`modules/m${m}/main.tf`] = (m === 3 ? call('../m0') : '') + 'variable "name" {}\n';
    files['loop/a/main.tf'] = call('../b');
    files['loop/b/main.tf'] = call('../a');
    for (let t = 0; t < 5; t++) files[`cfn/t${t}.yaml`] = 'Resources: {}\n';
    files['vars/prod.tfvars'] = 'x = 1\n';
    files['stack-1/plan.json'] = '{}\n';
    const root = tree('generated', files);
    const { files: discovered } = await discover(['.'], root);
    const all = discovered.map((file) => file.displayPath).sort();
    expect(all).toEqual(Object.keys(files).sort());

    for (let count = 1; count <= 5; count++) {
      const parts = await shards(discovered, count);
      expect(parts.flat().sort(), `N = ${count}`).toEqual(all);
      expect(new Set(parts.flat()).size, `N = ${count}: disjoint`).toBe(all.length);
      // A folder's files stay together; the JSON file with the stack beside it.
      for (const file of all.filter((name) => !name.startsWith('cfn/'))) {
        const first = all.find((name) => path.posix.dirname(name) === path.posix.dirname(file));
        expect(shardOf(parts, file), file).toBe(shardOf(parts, first));
      }
      // Each module is in the shard of a stack that calls it.
      for (let m = 0; m < 4; m++) {
        const callers = Object.keys(reaches).filter((stack) => reaches[stack].includes(`modules/m${m}`));
        expect(callers.some((stack) => shardOf(parts, `${stack}/main.tf`) === shardOf(parts, `modules/m${m}/main.tf`)), `N = ${count}, m${m}`).toBe(true);
      }
      expect(shardOf(parts, 'loop/a/main.tf')).toBe(shardOf(parts, 'loop/b/main.tf'));
      // Balanced: shards differ by at most the largest unit (a stack with its module and variables: 4 files).
      const sizes = parts.map((part) => part.length);
      expect(Math.max(...sizes) - Math.min(...sizes), `N = ${count}: ${sizes}`).toBeLessThanOrEqual(4);
    }
  });

  it('keeps a module reached through a folder outside the scan with its caller', async () => {
    const { files } = await discover(['testdata/shard/chain'], ROOT, { ignore: (file) => file.endsWith(`${path.sep}wrapper`) });
    expect(files.map((file) => file.displayPath)).toEqual(['testdata/shard/chain/app/main.tf', 'testdata/shard/chain/leaf/main.tf', 'testdata/shard/chain/other/main.tf']);
    const units = await shardUnits(files);
    expect(units.map((unit) => [unit.key, unit.files.map((file) => path.posix.basename(path.posix.dirname(file.displayPath)))])).toEqual([
      ['folder:testdata/shard/chain/app', ['app', 'leaf']],
      ['folder:testdata/shard/chain/other', ['other']],
    ]);
  });

  it('reads a module call in .tf.json, and takes a call to a folder with no Terraform code for what it is: nothing', async () => {
    const root = tree('json-calls', {
      'app/main.tf.json': JSON.stringify({ module: { net: { source: '../net' } } }),
      'net/main.tf': bucket('n'),
      'site/main.tf': 'resource "aws_s3_object" "index" {\n  bucket = "site"\n  key    = "index.html"\n  source = "./public/index.html"\n}\n',
      'site/public/index.html': '<html></html>\n',
    });
    const { files } = await discover(['.'], root);
    const units = await shardUnits(files);
    expect(units.map((unit) => [unit.key, unit.files.map((file) => file.displayPath)])).toEqual([
      ['folder:app', ['app/main.tf.json', 'net/main.tf']],
      ['folder:site', ['site/main.tf']],
    ]);
  });

  it('keeps context files with their folder', async () => {
    const { files } = await discover([`${MONOREPO}/services/worker/outputs.tf`, `${MONOREPO}/envs/prod/main.tf`], ROOT);
    expect(files.map((file) => [file.displayPath.slice(MONOREPO.length + 1), file.role])).toEqual([
      ['envs/prod/main.tf', 'target'],
      ['services/worker/main.tf', 'context'],
      ['services/worker/outputs.tf', 'target'],
    ]);
    const parts = await shards(files, 2);
    expect(parts.map((part) => part.map((file) => file.slice(MONOREPO.length + 1)))).toEqual([
      ['services/worker/main.tf', 'services/worker/outputs.tf'],
      ['envs/prod/main.tf'],
    ]);
  });

  it('deals units largest first to the least loaded shard', () => {
    const unit = (key, size) => ({ key, files: Array.from({ length: size }, () => ({})) });
    const equal = Array.from({ length: 10 }, (_, index) => unit(`folder:f${index}`, 1));
    const counts = [0, 1, 2].map((shard) => assignUnits(equal, 3).filter((assigned) => assigned === shard).length);
    expect(counts).toEqual([4, 3, 3]);
    // One large folder and five small ones: 5 files each, where dealing one by one would give 7 and 3.
    const uneven = [unit('folder:big', 5), ...Array.from({ length: 5 }, (_, index) => unit(`folder:s${index}`, 1))];
    expect(assignUnits(uneven, 2)).toEqual([0, 1, 1, 1, 1, 1]);
    // More shards than units: one unit each, the rest empty, and nothing allocated for them.
    const spread = assignUnits(uneven, 1_000_000_000);
    expect([...spread].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(spread).toEqual(assignUnits(uneven, 6));
  });
});

describe('lint() with a shard', () => {
  it('scans only its shard, and an empty shard is a note, not a failure', async () => {
    const options = { paths: [`${MONOREPO}/stacks`], cwd: ROOT, config: false };
    const first = await lint({ ...options, shard: { index: 1, count: 3 } });
    const second = await lint({ ...options, shard: { index: 2, count: 3 } });
    const third = await lint({ ...options, shard: { index: 3, count: 3 } });
    expect([first, second, third].map((result) => result.summary.filesDiscovered)).toEqual([1, 1, 0]);
    expect(third.errors).toEqual([
      { file: `${MONOREPO}/stacks`, code: 'nothing-to-scan', severity: 'note', message: `no Terraform or CloudFormation files found in ${MONOREPO}/stacks` },
    ]);
    expect(exitCodeFor(third, third.summary.failOn)).toBe(0);
  });
});
