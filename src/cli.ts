#!/usr/bin/env node
/**
 * The command line: arguments → lint → reporter → exit code (0 clean, 1 findings at or above --fail-on,
 * 2 usage, configuration or input errors).
 */
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { findRule, RULES } from '../rules/index.js';
import { lint, unknownRuleMessages } from './engine/lint.js';
import { packageInfo } from './engine/package-info.js';
import { applyBaselineToResult, createBaseline, describeResolved, formatBaseline, loadBaseline } from './engine/baseline.js';
import { mergeReports, readReports, ReportMergeError } from './engine/merge.js';
import { parseShardSpec, type Shard } from './engine/shard.js';
import { loadPlugins } from './engine/plugins.js';
import { exitCodeFor, type RunResult } from './engine/result.js';
import type { Diagnostic } from './graph/types.js';
import { PRESET_NAMES } from './engine/rule.js';
import { applyConfig, loadRunConfig } from './config/config.js';
import { loadParameterFile } from './config/parameters.js';
import { changedFilesSince, GitError } from './engine/git.js';
import type { ReporterContext } from './reporters/context.js';
import { formatGithub } from './reporters/github.js';
import { jsonChunks } from './reporters/json.js';
import { junitChunks } from './reporters/junit.js';
import { FORMAT_NAMES, OutputSpecError, parseOutputSpecs, type OutputSpec } from './reporters/outputs.js';
import { sarifChunks } from './reporters/sarif.js';
import { textChunks } from './reporters/text.js';
import { progressLine, wantsProgress } from './progress.js';
import { fullGarbageCollection } from './memory.js';

const FAIL_ON = ['error', 'warning', 'note', 'none'] as const;

class UsageError extends Error {}

/** The options that choose and write reports, the same for a scan and a merge. */
const FORMAT_OPTION = {
  alias: 'f',
  type: 'string',
  array: true,
  describe: `report format, repeatable: ${FORMAT_NAMES.join(' | ')}, each optionally FORMAT:FILE`,
} as const;
const OUTPUT_OPTION = { alias: 'o', type: 'string', describe: 'write the report to this file instead of stdout' } as const;
const QUIET_OPTION = { alias: 'q', type: 'boolean', default: false, describe: 'print only errors' } as const;
const COLOR_OPTION = { type: 'boolean', describe: 'force colour on or off (default: on for a terminal, off with NO_COLOR)' } as const;

async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const parser = yargs(argv)
    .scriptName('s3lint')
    .usage('$0 [paths..]\n\nFind S3 exposure and data-protection gaps in Terraform and CloudFormation before you deploy.')
    .command(
      ['$0 [paths..]', 'scan'],
      'scan files and folders (default: the current folder)',
      (y) =>
        y
          .positional('paths', { type: 'string', array: true, describe: 'Terraform and CloudFormation files or folders' })
          .option('format', FORMAT_OPTION)
          .option('output', OUTPUT_OPTION)
          .option('preset', { choices: PRESET_NAMES, describe: 'which rules run (default: the config file\'s, else recommended)' })
          .option('fail-on', { choices: FAIL_ON, describe: 'lowest severity that makes the exit code 1 (default: the config file\'s, else error)' })
          .option('config', {
            alias: 'c',
            type: 'string',
            describe: 'configuration file (default: the nearest .s3lint.yaml, .s3lint.yml or s3lint.config.json); --no-config for none',
          })
          .option('baseline', { type: 'string', describe: 'report only findings that are not in this baseline file' })
          .option('write-baseline', { type: 'string', describe: "record this scan's findings in a baseline file" })
          .option('plugin', { type: 'string', array: true, describe: 'load custom rules from this JavaScript file (repeatable; never from a config file)' })
          // Repeatable by repetition, not `array: true`, so that `--rule ID path` leaves the path a path.
          .option('rule', { type: 'string', describe: 'run only this rule, whatever the preset and config file (repeatable)' })
          .option('skip-rule', { type: 'string', describe: 'never run this rule (repeatable)' })
          .option('exclude', { type: 'string', describe: 'do not scan files and folders matching this glob, relative to the current folder (repeatable)' })
          .option('changed-since', { type: 'string', describe: 'report only on buckets whose files changed since this git ref' })
          .option('parameters', {
            type: 'string',
            describe: 'CloudFormation parameter values: a JSON file, [{ParameterKey, ParameterValue}] or {Parameters: {…}}',
          })
          .option('var-file', { type: 'string', describe: 'Terraform variable values from this .tfvars or .tfvars.json file, for every root module (repeatable)' })
          .option('var', { type: 'string', describe: 'a Terraform variable value, NAME=VALUE, for every root module (repeatable)' })
          .option('shard', { type: 'string', describe: 'scan only part K of N, split by module folder, for a CI matrix; join the JSON reports with s3lint merge (K/N, e.g. 2/3)' })
          .option('quiet', QUIET_OPTION)
          .option('color', COLOR_OPTION)
          .option('max-file-size', { type: 'number', describe: 'largest file to scan, in MB', default: 10 })
          .option('jobs', { alias: 'j', type: 'number', describe: 'worker threads for the reference HCL parser, on files s3lint\'s own parser rejects (default: the number of cores)' }),
      async (args) => {
        const outputs = parseOutputSpecs(args.format ?? [], args.output);
        const cwd = process.cwd();
        const changedFiles = args['changed-since'] === undefined ? undefined : changedFilesSince(args['changed-since'], cwd);
        // Plugins come from the command line only: a config file in a scanned pull request must never run code.
        const plugins = await loadPlugins(args.plugin ?? [], cwd);
        const parameters = args.parameters === undefined ? undefined : readParameters(args.parameters, cwd);
        const variables = repeated(args.var).map(variableAssignment);
        const shard = args.shard === undefined ? undefined : shardOption(args.shard);
        const selection = { onlyRules: repeated(args.rule), skipRules: repeated(args['skip-rule']), exclude: excludePatterns(repeated(args.exclude)) };
        const unknownRules = unknownRuleMessages(selection, [...RULES, ...plugins.rules]);
        if (unknownRules.length > 0) throw new UsageError(unknownRules.join('\n'));
        const jobs = args.jobs;
        if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1)) throw new UsageError(`--jobs ${String(jobs)}: expected a whole number of at least 1`);
        const progress = wantsProgress(process.stderr, process.stdout, process.env) ? progressLine(process.stderr) : undefined;
        let result = await lint({
          paths: args.paths ?? [],
          cwd,
          preset: args.preset,
          failOn: args['fail-on'],
          // yargs reads `--no-config` as `config: false`.
          config: (args.config as string | boolean | undefined) === false ? false : args.config,
          extraRules: plugins.rules,
          changedFiles,
          maxFileBytes: Math.round(args['max-file-size'] * 1024 * 1024),
          ...(parameters ? { parameters } : {}),
          varFiles: repeated(args['var-file']),
          variables,
          ...(shard ? { shard } : {}),
          ...(jobs !== undefined ? { jobs } : {}),
          ...(progress ? { onProgress: progress.update } : {}),
          collectGarbage: fullGarbageCollection,
          ...selection,
        });
        progress?.finish();
        exitCode = await report(result, { ...args, plugins, outputs, cwd });
      },
    )
    .command(
      'merge <reports..>',
      'merge the JSON reports of a sharded scan (--shard K/N) into one report',
      (y) =>
        y
          .positional('reports', { type: 'string', array: true, demandOption: true, describe: 'JSON reports written by s3lint --format json' })
          .option('format', FORMAT_OPTION)
          .option('output', OUTPUT_OPTION)
          .option('fail-on', { choices: FAIL_ON, describe: "lowest severity that makes the exit code 1 (default: the reports')" })
          .option('baseline', { type: 'string', describe: 'report only findings that are not in this baseline file' })
          .option('write-baseline', { type: 'string', describe: 'record the merged findings in a baseline file' })
          .option('plugin', { type: 'string', array: true, describe: "the shards' custom rules, for their titles and help in the reports (repeatable)" })
          .option('quiet', QUIET_OPTION)
          .option('color', COLOR_OPTION),
      async (args) => {
        const outputs = parseOutputSpecs(args.format ?? [], args.output);
        const cwd = process.cwd();
        const plugins = await loadPlugins(args.plugin ?? [], cwd);
        const result = mergeReports(await readReports(args.reports, cwd), { failOn: args['fail-on'] });
        exitCode = await report(result, { ...args, plugins, outputs, cwd });
      },
    )
    .command(
      'rules',
      'list the rules and whether they run under the current preset and configuration file',
      (y) =>
        y
          .option('preset', { choices: PRESET_NAMES })
          .option('config', { alias: 'c', type: 'string', describe: 'configuration file (default: the nearest one)' })
          .option('format', { choices: ['text', 'json'] as const, default: 'text' as const }),
      async (args) => {
        // yargs reads `--no-config` as `config: false`.
        const loaded = await loadRunConfig(args.config as string | false | undefined, '.', process.cwd());
        const failed = loaded.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
        if (failed.length > 0) throw new UsageError(failed.map((diagnostic) => `${diagnostic.file}: ${diagnostic.message}`).join('\n'));
        const applied = applyConfig(RULES, loaded.config, { preset: args.preset });
        const enabled = new Map(applied.rules.map((configured) => [configured.rule.id, configured.severity]));
        const table = RULES.map((rule) => ({
          id: rule.id,
          practice: rule.meta.practice,
          severity: enabled.get(rule.id) ?? rule.meta.severity,
          presets: rule.meta.presets,
          frameworks: rule.meta.frameworks,
          title: rule.meta.title,
          enabled: enabled.has(rule.id),
        }));
        if (args.format === 'json') {
          process.stdout.write(`${JSON.stringify(table, null, 2)}\n`);
          return;
        }
        const width = Math.max(...table.map((row) => row.id.length));
        for (const row of table) {
          process.stdout.write(`${row.enabled ? 'on ' : 'off'}  ${row.id.padEnd(width)}  ${row.severity.padEnd(7)}  ${row.practice}\n`);
        }
      },
    )
    .command(
      'explain <rule>',
      "print a rule's documentation",
      (y) => y.positional('rule', { type: 'string', demandOption: true }),
      (args) => {
        const rule = findRule(args.rule);
        if (!rule) throw new UsageError(`unknown rule "${args.rule}"; run \`s3lint rules\` for the list`);
        process.stdout.write(readRuleDocs(rule.id) ?? `${rule.id}: ${rule.meta.description}\n`);
      },
    )
    .strict()
    .version(packageInfo().version)
    .alias('h', 'help')
    .alias('v', 'version')
    .wrap(Math.min(110, process.stdout.columns || 110))
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    });
  await parser.parseAsync();
  return exitCode;
}

interface ReportSettings {
  plugins: Awaited<ReturnType<typeof loadPlugins>>;
  outputs: OutputSpec[];
  cwd: string;
  baseline?: string;
  'write-baseline'?: string;
  quiet: boolean;
  color?: boolean;
}

/** The end of a scan or a merge: plugin problems, baselines, every report asked for; returns the exit code. */
async function report(scanned: RunResult, settings: ReportSettings): Promise<number> {
  let result = withDiagnostics(scanned, settings.plugins.diagnostics);
  if (settings['write-baseline']) writeReportFile(settings['write-baseline'], formatBaseline(createBaseline(result.findings)));
  if (settings.baseline) result = await applyBaselineFile(result, settings.baseline, settings.cwd);
  const ran = new Set(result.summary.rules);
  const context: ReporterContext = { rules: [...RULES, ...settings.plugins.rules].filter((rule) => ran.has(rule.id)), cwd: settings.cwd };
  for (const output of settings.outputs) writeOutput(result, output, context, { quiet: settings.quiet, color: settings.color });
  return exitCodeFor(result, result.summary.failOn);
}

/** The `--parameters` file's values; a missing or malformed file stops the run as a usage error. */
function readParameters(file: string | string[], cwd: string): Record<string, unknown> {
  if (Array.isArray(file)) throw new UsageError('--parameters may be given once');
  const loaded = loadParameterFile(file, cwd);
  if ('error' in loaded) throw new UsageError(loaded.error);
  return loaded.parameters;
}

/** `--shard K/N`; anything else stops the run before a file is read. */
function shardOption(text: string | string[]): Shard {
  if (Array.isArray(text)) throw new UsageError('--shard may be given once');
  const shard = parseShardSpec(text);
  if ('error' in shard) throw new UsageError(shard.error);
  return shard;
}

/** `--var NAME=VALUE`, as Terraform's `-var` reads it. */
function variableAssignment(text: string): [string, string] {
  const match = /^([A-Za-z_][\w-]*)=(.*)$/s.exec(text);
  if (!match) throw new UsageError(`--var ${JSON.stringify(text)}: expected NAME=VALUE`);
  return [match[1]!, match[2]!];
}

/** The values of an option given any number of times (yargs gives one value as a string, several as an array). */
function repeated(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : [value].flat();
}

/** `--exclude` patterns, with the configuration's `ignore` rules: no negation, nothing empty. */
function excludePatterns(patterns: string[]): string[] {
  for (const pattern of patterns) {
    if (pattern.trim() === '') throw new UsageError('--exclude needs a glob pattern, not an empty string');
    if (pattern.startsWith('!')) throw new UsageError(`--exclude ${pattern}: negated patterns are not supported; list only what to exclude`);
  }
  return patterns;
}

function useColor(flag: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  return process.stdout.isTTY === true;
}

/** Adds diagnostics found outside the scan (plugins, the baseline file) to the result. */
function withDiagnostics(result: RunResult, diagnostics: readonly Diagnostic[]): RunResult {
  if (diagnostics.length === 0) return result;
  const errors = [...result.errors, ...diagnostics];
  return { ...result, errors, summary: { ...result.summary, errors: errors.filter((d) => d.severity === 'error').length } };
}

/** Moves findings recorded in the baseline to `suppressed`, and notes the entries that no longer occur. */
async function applyBaselineFile(result: RunResult, file: string, cwd: string): Promise<RunResult> {
  const loaded = await loadBaseline(file, cwd);
  if (!loaded.baseline) return withDiagnostics(result, loaded.diagnostics);
  const applied = applyBaselineToResult(result, loaded.baseline, file);
  const notes: Diagnostic[] = applied.resolved.map((entry) => ({ file, code: 'baseline-resolved', severity: 'note', message: describeResolved(entry) }));
  if (applied.unchecked.length > 0) {
    notes.push({ file, code: 'baseline-unchecked', severity: 'note', message: `${applied.unchecked.length} baseline entries were not checked by this run (other rules, paths or changed files)` });
  }
  return withDiagnostics(applied.result, [...loaded.diagnostics, ...notes]);
}

const WRITE_BATCH = 1 << 20;

function writeReportFile(file: string, report: string | Iterable<string>): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  if (typeof report === 'string') {
    writeFileSync(file, report);
    return;
  }
  const descriptor = openSync(file, 'w');
  try {
    // Pieces are small (one finding each): written in batches of about a megabyte, not one system call each.
    let batch = '';
    for (const chunk of report) {
      batch += chunk;
      if (batch.length >= WRITE_BATCH) {
        writeSync(descriptor, batch);
        batch = '';
      }
    }
    if (batch.length > 0) writeSync(descriptor, batch);
  } finally {
    closeSync(descriptor);
  }
}

function writeOutput(result: RunResult, output: OutputSpec, context: ReporterContext, options: { quiet: boolean; color?: boolean }): void {
  const write = (report: string | Iterable<string>): void => {
    if (output.file !== undefined) writeReportFile(output.file, report);
    else if (typeof report === 'string') process.stdout.write(report);
    else for (const chunk of report) process.stdout.write(chunk);
  };
  switch (output.format) {
    case 'text':
      write(textChunks(result, { quiet: options.quiet, color: output.file ? false : useColor(options.color), sourceLines: readLines() }));
      return;
    case 'json':
      write(jsonChunks(result));
      return;
    case 'junit':
      write(junitChunks(result, context));
      return;
    case 'sarif':
      write(sarifChunks(result, context, { ruleDocumentation: readRuleDocs }));
      return;
    case 'github': {
      const { annotations, summary } = formatGithub(result, context, githubLinks());
      write(annotations);
      // The step summary is the one file written without being named on the command line: GitHub names it.
      const summaryFile = process.env.GITHUB_STEP_SUMMARY;
      if (summaryFile) appendFileSync(summaryFile, summary);
      return;
    }
  }
}

/** A rule's Markdown docs, shipped beside its code. */
function readRuleDocs(ruleId: string): string | undefined {
  const file = path.join(packageInfo().root, 'rules', `${ruleId}.md`);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

function githubLinks(): { repositoryUrl?: string; sha?: string; workspace?: string } {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_SHA: sha, GITHUB_WORKSPACE: workspace } = process.env;
  return { ...(server && repository && sha ? { repositoryUrl: `${server}/${repository}`, sha } : {}), ...(workspace ? { workspace } : {}) };
}

/** The lines of a file, for code frames. Reports go file by file, so only the last file read is kept. */
function readLines(): (file: string) => string[] | undefined {
  let last: { file: string; lines: string[] | undefined } | undefined;
  return (file) => {
    if (last?.file !== file) {
      let lines: string[] | undefined;
      try {
        lines = readFileSync(file, 'utf8').split('\n');
      } catch {
        // Unreadable now: the report goes on without a code frame.
      }
      last = { file, lines };
    }
    return last.lines;
  };
}

function isUsageError(error: unknown): boolean {
  return error instanceof UsageError || error instanceof OutputSpecError || error instanceof GitError || error instanceof ReportMergeError;
}

// `s3lint … | head`: a reader that stops early is not an error of the scan; end quietly with the scan's exit code.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

main(hideBin(process.argv)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`s3lint: ${message}\n`);
    if (!isUsageError(error) && process.env.S3LINT_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    if (isUsageError(error)) process.stderr.write('run `s3lint --help` for usage\n');
    process.exitCode = 2;
  },
);
