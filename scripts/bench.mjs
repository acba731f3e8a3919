#!/usr/bin/env node
// Measures s3lint as built in dist/ (run through `npm run bench`, which builds first). Nothing here asserts:
// it prints numbers, to be compared by eye with the targets in README.md ("Performance").
//
// For each corpus (../shared/corpus when present, 2,000 generated .tf files, 1,000 generated CloudFormation
// templates): the full CLI scan as a user runs it (`node dist/s3lint.js DIR --preset all --format json -o FILE`,
// wall time and peak RSS of that process), and the bare parse of the same files with the same parsers, in this
// process, one file after the other on one thread (the TypeScript HCL parser for Terraform, and hcl2json for the
// files it rejects, as the scan does; the YAML / JSON template parser for CloudFormation): the floor the parsers set. Then the cold start of the CLI on one
// small file of each framework against `node -e 0`.
//
// usage: node scripts/bench.mjs [--runs N] [--cold-runs N] [--keep]
//   --runs N       scans per corpus, the median is printed (default 1: the 2,000-file scan takes tens of seconds)
//   --cold-runs N  runs per cold-start measurement, the median is printed (default 5)
//   --keep         keep the generated corpora (their folder is printed)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');
const CLI = path.join(DIST, 's3lint.js');
const SHARED = path.resolve(ROOT, '..', 'shared');
const TIME = '/usr/bin/time';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const RUNS = option('runs', 1);
const COLD_RUNS = option('cold-runs', 5);
const KEEP = args.includes('--keep');

if (!existsSync(CLI)) {
  console.error('dist/s3lint.js is missing: run `npm run bench` (it builds first) or `npm run build`');
  process.exit(1);
}

const dist = (file) => import(pathToFileURL(path.join(DIST, file)).href);
const { discover } = await dist('src/engine/discover.js');
const { readSource } = await dist('src/engine/read.js');
const { parseHclFile } = await dist('parsers/terraform/hcl/to-value.js');
const { parseTerraformJsonFile } = await dist('parsers/terraform/hcl/tf-json.js');
const { parseJson } = await dist('parsers/json.js');
const { parseCloudFormation, looksLikeCloudFormation } = await dist('parsers/cloudformation/index.js');
// hcl2json as the pool's worker loads it, but here on the main thread.
const hcl2json = createRequire(path.join(DIST, 'parsers', 'terraform', 'hcl2json-pool.js'))('@cdktf/hcl2json');

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/**
 * Runs the CLI in a child process; wall time around it, peak RSS from `/usr/bin/time -v`, or, where that is
 * missing, from `process.resourceUsage().maxRSS` printed by a preloaded exit hook inside the child.
 */
const RSS_HOOK = `data:text/javascript,${encodeURIComponent(
  "import { writeSync } from 'node:fs'; process.on('exit', () => writeSync(2, `\\nS3LINT_BENCH_MAXRSS_KB=${process.resourceUsage().maxRSS}\\n`));",
)}`;
const haveTime = existsSync(TIME) && spawnSync(TIME, ['-v', 'true']).status === 0;

function runCli(cliArgs, cwd = ROOT) {
  const command = haveTime ? TIME : process.execPath;
  const commandArgs = haveTime ? ['-v', process.execPath, CLI, ...cliArgs] : ['--import', RSS_HOOK, CLI, ...cliArgs];
  const started = process.hrtime.bigint();
  const child = spawnSync(command, commandArgs, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (child.status === null || child.status > 2) {
    throw new Error(`s3lint ${cliArgs.join(' ')} failed (status ${child.status}, signal ${child.signal}):\n${child.stderr}`);
  }
  const rss = haveTime ? /Maximum resident set size \(kbytes\): (\d+)/.exec(child.stderr) : /S3LINT_BENCH_MAXRSS_KB=(\d+)/.exec(child.stderr);
  return { seconds, peakMb: rss ? Number(rss[1]) / 1024 : NaN, status: child.status };
}

function timeProcess(command, commandArgs, cwd = ROOT) {
  const started = process.hrtime.bigint();
  const child = spawnSync(command, commandArgs, { cwd, stdio: 'ignore' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (child.status === null || child.status > 2) throw new Error(`${command} ${commandArgs.join(' ')} failed with ${child.status}`);
  return seconds;
}

/**
 * Parses every file the scan would read, one after the other, with the scan's own parsers; the texts are read
 * first and not timed. Returns the seconds spent in each parser.
 */
async function bareParse(dir) {
  const { files } = await discover([dir], ROOT, {});
  const sources = [];
  let bytes = 0;
  for (const file of files) {
    const source = await readSource(file.absolutePath, file.displayPath);
    if ('text' in source) {
      sources.push({ file, text: source.text });
      bytes += Buffer.byteLength(source.text);
    }
  }
  await hcl2json.parse('warm-up.tf', ''); // instantiate the WebAssembly before timing, as the worker does at start
  const time = { hcl2json: 0, hcl: 0, cloudformation: 0 };
  const timed = async (key, work) => {
    const started = process.hrtime.bigint();
    try {
      await work();
    } catch {
      // a file the parser rejects still cost its time
    }
    time[key] += Number(process.hrtime.bigint() - started) / 1e9;
  };
  for (const { file, text } of sources) {
    const name = file.displayPath;
    if (file.kind === 'cloudformation-candidate') {
      await timed('cloudformation', () => looksLikeCloudFormation(text) && parseCloudFormation(name, text));
    } else if (file.kind === 'terraform-json') {
      await timed('hcl', () => parseTerraformJsonFile(name, text));
    } else if (name.toLowerCase().endsWith('.json')) {
      await timed('hcl', () => parseJson(name, text));
    } else {
      // As the scan reads Terraform: our parser, then hcl2json only for a file ours rejects (for its messages).
      let valid = false;
      await timed('hcl', () => {
        valid = parseHclFile(name, text).body !== undefined;
      });
      if (!valid) await timed('hcl2json', () => hcl2json.parse('s3lint-input.tf', text));
    }
  }
  return { files: files.length, bytes, ...time, total: time.hcl2json + time.hcl + time.cloudformation };
}

function scan(dir, out) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const run = runCli([dir, '--preset', 'all', '--format', 'json', '-o', out]);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    runs.push({ ...run, durationMs: report.summary.durationMs, scanned: report.summary.filesScanned, errors: report.summary.errors });
  }
  const pick = (key) => median(runs.map((run) => run[key]));
  return { seconds: pick('seconds'), peakMb: Math.max(...runs.map((run) => run.peakMb)), lintSeconds: pick('durationMs') / 1000, scanned: runs[0].scanned, errors: runs[0].errors };
}

const pad = (value, width) => String(value).padStart(width);
const fixed = (value, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const percent = (value) => (Number.isFinite(value) ? `${Math.round(value * 100)} %` : 'n/a');

const work = mkdtempSync(path.join(tmpdir(), 's3lint-bench-'));
try {
  const corpora = [];
  const sharedCorpus = path.join(SHARED, 'corpus');
  if (existsSync(sharedCorpus)) corpora.push({ name: 'shared corpus', dir: sharedCorpus });
  else console.log(`(${sharedCorpus} is absent: skipped)`);
  for (const [name, generator, files] of [['gen-tf 2000', 'gen-tf.mjs', 2000], ['gen-cfn 1000', 'gen-cfn.mjs', 1000]]) {
    const script = path.join(SHARED, 'bench', generator);
    if (!existsSync(script)) {
      console.log(`(${script} is absent: ${name} skipped)`);
      continue;
    }
    const dir = path.join(work, generator.replace('.mjs', ''));
    const generated = spawnSync(process.execPath, [script, dir, '--files', String(files)], { encoding: 'utf8' });
    if (generated.status !== 0) throw new Error(`${generator} failed:\n${generated.stderr}`);
    corpora.push({ name, dir });
  }

  const rows = [];
  for (const corpus of corpora) {
    process.stderr.write(`… ${corpus.name}: scan`);
    const scanned = scan(corpus.dir, path.join(work, 'report.json'));
    process.stderr.write(', bare parse\n');
    const parsed = await bareParse(corpus.dir);
    rows.push({ corpus, scanned, parsed });
  }

  // Cold start: one small file of each framework, alone in its folder (a named .tf file brings its siblings).
  const small = (folder, name, text) => {
    mkdirSync(path.join(work, folder), { recursive: true });
    writeFileSync(path.join(work, folder, name), text);
    return path.join(work, folder, name);
  };
  const cfnFile = small('cold-cfn', 'template.yaml', [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Resources:',
    '  Logs:',
    '    Type: AWS::S3::Bucket',
    '    Properties:',
    '      VersioningConfiguration:',
    '        Status: Enabled',
    '',
  ].join('\n'));
  const tfFile = small('cold-tf', 'main.tf', [
    'resource "aws_s3_bucket" "logs" {',
    '  bucket = "acme-logs"',
    '}',
    '',
    'resource "aws_s3_bucket_versioning" "logs" {',
    '  bucket = aws_s3_bucket.logs.id',
    '  versioning_configuration {',
    '    status = "Enabled"',
    '  }',
    '}',
    '',
  ].join('\n'));
  process.stderr.write('… cold start\n');
  const cold = (commandArgs) => median(Array.from({ length: COLD_RUNS }, () => timeProcess(process.execPath, commandArgs)));
  const nodeBaseline = cold(['-e', '0']);
  const cfnCold = cold([CLI, cfnFile, '--format', 'json']);
  const tfCold = cold([CLI, tfFile, '--format', 'json']);

  console.log(`s3lint benchmark · node ${process.version} · ${(await import('node:os')).cpus().length} cores · peak RSS via ${haveTime ? '/usr/bin/time -v' : 'process.resourceUsage().maxRSS'}`);
  console.log('scan: node dist/s3lint.js DIR --preset all --format json -o FILE (wall time of the process, median of ' + RUNS + ')');
  console.log('parse: the same files, same parsers, in-process on one thread (TS HCL parser, hcl2json on the files it rejects | CloudFormation)');
  console.log('lint: RunResult.summary.durationMs (the scan without Node start-up, module loading and report writing)');
  console.log('');
  const header = ['corpus', 'files', 'MB', 'scan s', 'MB/s', 'peak MB', 'parse s', 'scan/parse', 'lint s', 'not parse'];
  const widths = [14, 6, 6, 7, 6, 8, 8, 10, 7, 9];
  const line = (cells) => cells.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]) : pad(cell, widths[i]))).join('  ');
  console.log(line(header));
  for (const { corpus, scanned, parsed } of rows) {
    const mb = parsed.bytes / 1e6;
    console.log(line([
      corpus.name,
      parsed.files,
      fixed(mb, 1),
      fixed(scanned.seconds),
      fixed(mb / scanned.seconds, 2),
      fixed(scanned.peakMb, 0),
      fixed(parsed.total),
      fixed(scanned.seconds / parsed.total),
      fixed(scanned.lintSeconds),
      percent(Math.max(0, 1 - parsed.total / scanned.lintSeconds)),
    ]));
  }
  console.log('');
  console.log('parse split (s):  ' + rows.map(({ corpus, parsed }) =>
    `${corpus.name}: hcl2json ${fixed(parsed.hcl2json)} + HCL ${fixed(parsed.hcl)} + CloudFormation ${fixed(parsed.cloudformation)}`).join(' · '));
  console.log('"not parse" = 1 − parse / lint: an estimate, assuming the scan spends on parsing what the bare parse does.');
  console.log('');
  console.log(`cold start (median of ${COLD_RUNS}):  node -e 0 ${fixed(nodeBaseline * 1000, 0)} ms · one CloudFormation file ${fixed(cfnCold * 1000, 0)} ms (${fixed(cfnCold / nodeBaseline, 1)}×) · one .tf file ${fixed(tfCold * 1000, 0)} ms (${fixed(tfCold / nodeBaseline, 1)}×)`);
  if (KEEP) console.log(`generated corpora kept in ${work}`);
} finally {
  if (!KEEP) rmSync(work, { recursive: true, force: true });
}
