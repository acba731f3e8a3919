#!/usr/bin/env node
/**
 * The command line: arguments → lint → reporter → exit code (0 clean, 1 findings at or above --fail-on,
 * 2 usage, configuration or input errors).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { findRule, RULES, rulesForPreset } from '../rules/index.js';
import { lint } from './engine/lint.js';
import { packageInfo } from './engine/package-info.js';
import { exitCodeFor, type FailOn, type RunResult } from './engine/result.js';
import { PRESET_NAMES, type PresetChoice } from './engine/rule.js';
import { formatJson } from './reporters/json.js';
import { formatText } from './reporters/text.js';

const FORMATS = ['text', 'json'] as const;
type Format = (typeof FORMATS)[number];
const FAIL_ON = ['error', 'warning', 'note', 'none'] as const;

class UsageError extends Error {}

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
          .option('format', { alias: 'f', choices: FORMATS, default: 'text' as Format, describe: 'report format' })
          .option('output', { alias: 'o', type: 'string', describe: 'write the report to this file instead of stdout' })
          .option('preset', { choices: PRESET_NAMES, default: 'recommended' as PresetChoice, describe: 'which rules run' })
          .option('fail-on', { choices: FAIL_ON, default: 'error' as FailOn, describe: 'lowest severity that makes the exit code 1' })
          .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'print only errors' })
          .option('color', { type: 'boolean', describe: 'force colour on or off (default: on for a terminal, off with NO_COLOR)' })
          .option('max-file-size', { type: 'number', describe: 'largest file to scan, in MB', default: 10 }),
      async (args) => {
        const result = await lint({
          paths: args.paths ?? [],
          preset: args.preset,
          maxFileBytes: Math.round(args['max-file-size'] * 1024 * 1024),
        });
        const report = render(result, args.format, {
          quiet: args.quiet,
          color: args.output ? false : useColor(args.color),
        });
        writeReport(report, args.output);
        exitCode = exitCodeFor(result, args['fail-on']);
      },
    )
    .command(
      'rules',
      'list the rules and whether the preset runs them',
      (y) => y.option('preset', { choices: PRESET_NAMES, default: 'recommended' as PresetChoice }),
      (args) => {
        const enabled = new Set(rulesForPreset(args.preset).map((rule) => rule.id));
        const width = Math.max(...RULES.map((rule) => rule.id.length));
        for (const rule of RULES) {
          const state = enabled.has(rule.id) ? 'on ' : 'off';
          process.stdout.write(`${state}  ${rule.id.padEnd(width)}  ${rule.meta.severity.padEnd(7)}  ${rule.meta.practice}\n`);
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
        const docs = path.join(packageInfo().root, 'rules', `${rule.id}.md`);
        process.stdout.write(existsSync(docs) ? readFileSync(docs, 'utf8') : `${rule.id}: ${rule.meta.description}\n`);
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

function useColor(flag: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  return process.stdout.isTTY === true;
}

function render(result: RunResult, format: Format, options: { quiet: boolean; color: boolean }): string {
  if (format === 'json') return formatJson(result);
  const cache = new Map<string, string[] | undefined>();
  const sourceLines = (file: string): string[] | undefined => {
    if (!cache.has(file)) {
      try {
        cache.set(file, readFileSync(file, 'utf8').split('\n'));
      } catch {
        cache.set(file, undefined);
      }
    }
    return cache.get(file);
  };
  return formatText(result, { ...options, sourceLines });
}

function writeReport(report: string, output: string | undefined): void {
  if (!output) {
    process.stdout.write(report);
    return;
  }
  mkdirSync(path.dirname(path.resolve(output)), { recursive: true });
  writeFileSync(output, report);
}

main(hideBin(process.argv)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`s3lint: ${message}\n`);
    if (!(error instanceof UsageError) && process.env.S3LINT_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    if (error instanceof UsageError) process.stderr.write('run `s3lint --help` for usage\n');
    process.exitCode = 2;
  },
);
