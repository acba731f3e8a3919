/**
 * The configuration file: `.s3lint.yaml`, `.s3lint.yml` or `s3lint.config.json`, found upward from a scanned path
 * (the nearest wins, the search stops at the repository root) or named with `--config`.
 *
 * The file is data only: YAML (1.2 core schema, no custom tags, unique keys) or strict JSON, validated against
 * the schema in `schema.ts` (shipped as `s3lint.schema.json`). Nothing it names is ever loaded as code: there are
 * no plugins, no `extends`, no JavaScript configuration files.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { distinct } from '../collections.js';
import { displayPath as toDisplayPath } from '../engine/paths.js';
import type { ValidateFunction } from 'ajv';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import { parseJson } from '../../parsers/json.js';
import type { FailOn } from '../engine/result.js';
import { inPreset, PRESET_NAMES, type AnyRule, type PresetChoice } from '../engine/rule.js';
import type { Diagnostic, Severity, SourceRange, ValueNode } from '../graph/types.js';
import { RULES } from '../../rules/index.js';
import { compileGlob, matchesAnyGlob, type CompiledGlob } from './glob.js';
import { buildConfigSchema, CONFIG_FILE_NAMES } from './schema.js';
import { describeErrors } from './validate.js';

export { CONFIG_FILE_NAMES } from './schema.js';

export interface RuleSetting {
  /** `off`, or the severity of every finding of the rule; absent (`{ options }` or `{}`): on, with its own severity. */
  severity?: Severity | 'off';
  options?: Record<string, unknown>;
}

export interface S3lintConfig {
  /** Absolute path of the configuration file. */
  file: string;
  /** The file as reports show it (relative to the working folder). */
  displayFile: string;
  preset?: PresetChoice;
  /** By rule id; the shorthand strings are normalised to `{ severity }`. */
  rules: Record<string, RuleSetting>;
  /** Glob patterns relative to the folder of `file`. */
  ignore: string[];
  /** As written: relative to the folder of `file` (see `resolveConfigPath`). */
  varFiles: string[];
  /** CloudFormation parameter values by name. */
  parameters: Record<string, unknown>;
  failOn?: FailOn;
  /** Read other scanners' suppression comments and Metadata (checkov, trivy/tfsec, KICS, cfn-nag). */
  compat?: boolean;
}

export interface ConfigLoadResult {
  /** Absent when the file cannot be read, parsed or validated (then `diagnostics` holds at least one error). */
  config?: S3lintConfig;
  /** `config-error` diagnostics: errors, and warnings (such as an unknown YAML tag) that do not stop the load. */
  diagnostics: Diagnostic[];
}

export interface ConfiguredRule {
  rule: AnyRule;
  /** Set by the configuration: every finding of the rule gets it. Absent: the rule chooses, as without configuration. */
  severity?: Severity;
  options?: Record<string, unknown>;
}

export interface AppliedConfig {
  rules: ConfiguredRule[];
  preset: PresetChoice;
  failOn: FailOn;
}

export const DEFAULT_PRESET: PresetChoice = 'recommended';
export const DEFAULT_FAIL_ON: FailOn = 'error';

// ---------------------------------------------------------------------------------------------------------------
// Finding the file

/**
 * The configuration file for a scanned path (relative to `cwd`, or absolute): searched in the path's folder (the
 * path itself when it is a folder) and then its parents, stopping after the repository root (the first folder
 * that holds `.git`) or at the file system root. In each folder the first of `CONFIG_FILE_NAMES` present wins.
 * Returns an absolute path.
 */
export function findConfigFile(startPath: string, cwd: string): string | undefined {
  const start = path.resolve(cwd, startPath);
  let directory = kindOf(start) === 'directory' ? start : path.dirname(start);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(directory, name);
      if (kindOf(candidate) === 'file') return candidate;
    }
    if (kindOf(path.join(directory, '.git')) !== undefined) return undefined;
    const parent = path.dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

function kindOf(file: string): 'file' | 'directory' | 'other' | undefined {
  try {
    const stats = statSync(file);
    return stats.isFile() ? 'file' : stats.isDirectory() ? 'directory' : 'other';
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Loading and validating

/**
 * The configuration of one run: `choice` names a file, `false` means none, and undefined searches upward from
 * `startPath` (the first scanned path). Shared by the scan and `s3lint rules`, so both read the same file.
 */
export async function loadRunConfig(choice: string | false | undefined, startPath: string, cwd: string): Promise<ConfigLoadResult> {
  const file = choice === false ? undefined : choice ? path.resolve(cwd, choice) : findConfigFile(startPath, cwd);
  return file ? loadConfig(file, toDisplayPath(file, cwd)) : { diagnostics: [] };
}

/** A configuration larger than this is refused unread (a real one is a few hundred bytes). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * Reads, parses and validates a configuration file. `file` is the path to read, `displayFile` the path that
 * diagnostics show. Every problem is a `config-error` diagnostic with the key path, the value found and what was
 * expected, at the line and column of the offending key; an invalid file gives no `config`.
 */
export async function loadConfig(file: string, displayFile: string): Promise<ConfigLoadResult> {
  const problem = (message: string, location?: SourceRange): Diagnostic => ({
    file: displayFile,
    message,
    severity: 'error',
    code: 'config-error',
    ...(location === undefined ? {} : { location }),
  });

  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_CONFIG_BYTES) return { diagnostics: [problem(`The configuration file is larger than 1 MB (${size} bytes); it is not read`)] };
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { diagnostics: [problem(`Cannot read the configuration file: ${errorText(error)}`)] };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  let parsed: ParsedConfig;
  try {
    parsed = file.toLowerCase().endsWith('.json') ? parseJsonConfig(displayFile, text) : parseYamlConfig(displayFile, text);
  } catch (error) {
    // A structure deep enough to exhaust the stack while converting; no real configuration gets here.
    return { diagnostics: [problem(`Cannot read the configuration file: ${errorText(error)}`)] };
  }
  if (parsed.value === undefined || parsed.diagnostics.some((diagnostic) => diagnostic.severity === 'error')) {
    return { diagnostics: parsed.diagnostics };
  }

  const validate = await configValidator();
  if (!validate(parsed.value)) {
    const problems = describeErrors(validate.errors ?? [], parsed.value).map((entry) => problem(entry.message, parsed.locate(entry.path)));
    return { diagnostics: [...parsed.diagnostics, ...sortDiagnostics(dedupe(problems))] };
  }
  return { config: normalise(file, displayFile, parsed.value as RawConfig), diagnostics: parsed.diagnostics };
}

let validatorPromise: Promise<ValidateFunction> | undefined;

/** ajv is loaded on the first configuration only, and the schema compiled once. */
function configValidator(): Promise<ValidateFunction> {
  validatorPromise ??= import('ajv').then(({ Ajv }) => {
    const ajv = new Ajv({ allErrors: true, verbose: true, allowUnionTypes: true, strict: true });
    return ajv.compile(buildConfigSchema(RULES));
  });
  return validatorPromise;
}

interface ParsedConfig {
  /** The plain value; undefined when the text does not parse. */
  value?: unknown;
  diagnostics: Diagnostic[];
  /** The range of the key (or list item) at the end of `keyPath`, or of the deepest part of it that exists. */
  locate(keyPath: readonly string[]): SourceRange | undefined;
}

function parseYamlConfig(displayFile: string, text: string): ParsedConfig {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    version: '1.2',
    schema: 'core',
    merge: false,
    uniqueKeys: true,
    strict: true,
    prettyErrors: false,
    lineCounter,
  });
  const range = (start: number, end: number): SourceRange => {
    const from = lineCounter.linePos(start);
    const to = lineCounter.linePos(Math.max(start, end));
    return { file: displayFile, start: { line: from.line, column: from.col }, end: { line: to.line, column: to.col } };
  };
  const diagnostics: Diagnostic[] = [];
  // `yaml` catches the stack overflow of deep nesting, once per level it unwinds: report the first one only.
  const exhausted = document.errors.filter((error) => error.code === 'RESOURCE_EXHAUSTION' || /call stack/i.test(error.message));
  const errors = exhausted.length > 0 ? [exhausted.reduce((a, b) => (b.pos[0] < a.pos[0] ? b : a))] : document.errors;
  for (const error of errors) {
    const location = range(error.pos[0], error.pos[1]);
    const where = `${location.start.line}:${location.start.column}`;
    diagnostics.push({
      file: displayFile,
      message: exhausted.length > 0 ? `The configuration nests too deeply at ${where}` : `YAML syntax error at ${where}: ${error.message}`,
      severity: 'error',
      location,
      code: 'config-error',
    });
  }
  for (const warning of document.warnings) {
    const location = range(warning.pos[0], warning.pos[1]);
    diagnostics.push({
      file: displayFile,
      message: `YAML warning at ${location.start.line}:${location.start.column}: ${warning.message}`,
      severity: 'warning',
      location,
      code: 'config-error',
    });
  }
  const locate = (keyPath: readonly string[]): SourceRange | undefined => {
    let node: unknown = document.contents;
    let target: unknown = node;
    for (const segment of keyPath) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === segment);
        if (pair === undefined) break;
        target = pair.key;
        node = pair.value;
      } else if (isSeq(node)) {
        const item = node.items[Number(segment)];
        if (item === undefined) break;
        target = item;
        node = item;
      } else {
        break;
      }
      if (isAlias(node)) break;
    }
    const nodeRange = (target as { range?: [number, number, number] } | null)?.range;
    return nodeRange === undefined ? undefined : range(nodeRange[0], nodeRange[1]);
  };
  if (diagnostics.some((diagnostic) => diagnostic.severity === 'error')) return { diagnostics, locate };
  // `toJS` would turn a list or mapping used as a key into text (and print a warning on the process).
  visit(document, {
    Pair(_, pair) {
      if (pair.key === null || isScalar(pair.key)) return;
      const keyRange = (pair.key as { range?: [number, number, number] }).range ?? [0, 0, 0];
      const location = range(keyRange[0], keyRange[1]);
      diagnostics.push({
        file: displayFile,
        message: `Only plain keys are allowed: the key at ${location.start.line}:${location.start.column} is a ${isSeq(pair.key) ? 'list' : isMap(pair.key) ? 'mapping' : 'alias'}`,
        severity: 'error',
        location,
        code: 'config-error',
      });
    },
  });
  if (diagnostics.some((diagnostic) => diagnostic.severity === 'error')) return { diagnostics, locate };
  // An empty file (or one with only comments) is an empty configuration.
  const value: unknown = document.contents === null ? {} : document.toJS({ maxAliasCount: 100 });
  return { value, diagnostics, locate };
}

function parseJsonConfig(displayFile: string, text: string): ParsedConfig {
  const result = parseJson(displayFile, text);
  const diagnostics = result.diagnostics.map((diagnostic): Diagnostic => ({
    ...diagnostic,
    message: diagnostic.code === 'duplicate-key' ? diagnostic.message.replace(/; the last value is used$/, '') : `JSON syntax error: ${diagnostic.message}`,
    severity: 'error',
    code: 'config-error',
  }));
  const root = result.value;
  const locate = (keyPath: readonly string[]): SourceRange | undefined => {
    let node: ValueNode | undefined = root;
    let target: SourceRange | undefined = root?.range;
    for (const segment of keyPath) {
      if (node?.kind === 'object') {
        const entry = node.entries.get(segment);
        if (entry === undefined) break;
        target = entry.keyRange;
        node = entry.value;
      } else if (node?.kind === 'list') {
        const item: ValueNode | undefined = node.items[Number(segment)];
        if (item === undefined) break;
        target = item.range;
        node = item;
      } else {
        break;
      }
    }
    return target;
  };
  return { value: root === undefined ? undefined : plainValue(root), diagnostics, locate };
}

/** The plain JSON value of a parsed node (JSON has no expressions); own properties only, whatever the keys. */
function plainValue(node: ValueNode): unknown {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'list':
      return node.items.map(plainValue);
    case 'object':
      return Object.fromEntries([...node.entries.values()].map((entry) => [entry.key, plainValue(entry.value)]));
    case 'expression':
      return node.text;
  }
}

interface RawConfig {
  preset?: PresetChoice;
  rules?: Record<string, string | { severity?: Severity | 'off'; options?: Record<string, unknown> }>;
  ignore?: string[];
  varFiles?: string[];
  parameters?: Record<string, unknown>;
  failOn?: FailOn;
  compat?: boolean;
}

function normalise(file: string, displayFile: string, raw: RawConfig): S3lintConfig {
  const rules: Record<string, RuleSetting> = {};
  for (const [id, setting] of Object.entries(raw.rules ?? {})) {
    if (typeof setting === 'string') {
      rules[id] = { severity: setting as Severity | 'off' };
    } else {
      rules[id] = {
        ...(setting.severity === undefined ? {} : { severity: setting.severity }),
        ...(setting.options === undefined ? {} : { options: setting.options }),
      };
    }
  }
  return {
    file: path.resolve(file),
    displayFile,
    ...(raw.preset === undefined ? {} : { preset: raw.preset }),
    rules,
    ignore: [...(raw.ignore ?? [])],
    varFiles: [...(raw.varFiles ?? [])],
    parameters: { ...(raw.parameters ?? {}) },
    ...(raw.failOn === undefined ? {} : { failOn: raw.failOn }),
    ...(raw.compat === undefined ? {} : { compat: raw.compat }),
  };
}

function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  return distinct(diagnostics, (diagnostic) => `${diagnostic.location?.start.line}:${diagnostic.location?.start.column}:${diagnostic.message}`);
}

function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  const line = (diagnostic: Diagnostic): number => diagnostic.location?.start.line ?? 0;
  const column = (diagnostic: Diagnostic): number => diagnostic.location?.start.column ?? 0;
  return diagnostics.sort((a, b) => line(a) - line(b) || column(a) - column(b) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
}

function errorText(error: unknown): string {
  if (error instanceof RangeError) return 'it nests too deeply';
  if (error instanceof Error && /alias count/i.test(error.message)) return 'it expands YAML aliases too many times (more than 100)';
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

/** A path written in the configuration (`varFiles`), as an absolute path: relative to the configuration's folder. */
export function resolveConfigPath(config: S3lintConfig, written: string): string {
  return path.resolve(path.dirname(config.file), written);
}

// ---------------------------------------------------------------------------------------------------------------
// Applying

/**
 * The rules to run and their settings. The preset (`overrides.preset` > `config.preset` > recommended) chooses
 * the base set; each `rules` entry then turns a rule off, or on (even outside the preset) with its severity, or
 * (`{}` / `{ options }`) on with its own severity. `failOn`: `overrides.failOn` > `config.failOn` > error.
 * The order of `rules` is kept.
 */
export function applyConfig(
  rules: readonly AnyRule[],
  config: S3lintConfig | undefined,
  overrides: { preset?: PresetChoice; failOn?: FailOn } = {},
): AppliedConfig {
  const preset = overrides.preset ?? config?.preset ?? DEFAULT_PRESET;
  const failOn = overrides.failOn ?? config?.failOn ?? DEFAULT_FAIL_ON;
  const configured: ConfiguredRule[] = [];
  for (const rule of rules) {
    const setting = config === undefined || !Object.hasOwn(config.rules, rule.id) ? undefined : config.rules[rule.id];
    if (setting === undefined) {
      if (inPreset(rule, preset)) configured.push({ rule });
      continue;
    }
    if (setting.severity === 'off') continue;
    configured.push({
      rule,
      ...(setting.severity === undefined ? {} : { severity: setting.severity }),
      ...(setting.options === undefined ? {} : { options: setting.options }),
    });
  }
  return { rules: configured, preset, failOn };
}

/** Whether a string is a preset name (for callers that read one from elsewhere). */
export function isPresetChoice(value: unknown): value is PresetChoice {
  return typeof value === 'string' && (PRESET_NAMES as readonly string[]).includes(value);
}

// ---------------------------------------------------------------------------------------------------------------
// Ignoring

const compiledIgnores = new WeakMap<S3lintConfig, CompiledGlob[]>();

/**
 * Whether the configuration's `ignore` patterns exclude a path. `displayPath` and `configDir` must be in the same
 * frame: both relative to the working folder (as `displayPath()` gives them, `/`-separated) or both absolute;
 * relative paths are otherwise taken from `options.cwd` (default: the process's working folder). Paths outside
 * `configDir` are never ignored. Pass `isDirectory` for a folder, so that folder-only patterns (`build/`) apply
 * to it and discovery can skip it whole.
 */
export function isIgnored(
  displayPath: string,
  config: S3lintConfig,
  configDir: string,
  options: { isDirectory?: boolean; cwd?: string } = {},
): boolean {
  if (config.ignore.length === 0) return false;
  let globs = compiledIgnores.get(config);
  if (globs === undefined) {
    globs = config.ignore.flatMap((pattern) => compileGlob(pattern) ?? []);
    compiledIgnores.set(config, globs);
  }
  const cwd = options.cwd ?? process.cwd();
  return matchesGlobsBelow(path.resolve(cwd, configDir), path.resolve(cwd, displayPath), globs, options.isDirectory ?? false);
}

/**
 * Whether globs written relative to `baseDir` match `absolutePath` (both absolute). A path outside `baseDir`, or
 * `baseDir` itself, never matches. Shared by the configuration's `ignore` and `--exclude`.
 */
export function matchesGlobsBelow(baseDir: string, absolutePath: string, globs: readonly CompiledGlob[], isDirectory: boolean): boolean {
  const relative = path.relative(baseDir, absolutePath);
  if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return false;
  return matchesAnyGlob(relative.split(path.sep).join('/'), globs, isDirectory);
}
