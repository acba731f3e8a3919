/**
 * Custom rules from plugins: `--plugin ./my-rules.js`, repeatable. A plugin is an ES module (or CommonJS) file
 * whose rules follow the same contract as the built-in ones (`Rule` in `rule.ts`).
 *
 * The contract, in order of preference:
 *
 * ```js
 * // my-rules.js: a default export that receives the API and returns the rules
 * export default function plugin({ defineRule }) {
 *   return [defineRule({ id: 'my-rule', meta: { … }, appliesTo: 'bucket', check(bucket, context) { … } })];
 * }
 * ```
 *
 * or `export const rules = [ { id, meta, appliesTo, check }, … ]` (plain objects: `defineRule` only adds types).
 * The API is passed in rather than imported from `s3lint` because a plugin file lives in the user's repository,
 * where `import … from 's3lint'` resolves only if s3lint is installed in a `node_modules` above it; `npx s3lint`
 * and a global install would fail. TypeScript authors can still `import type { Rule } from 's3lint'`.
 *
 * Every rule is checked by hand before it runs; a plugin that cannot be found, loaded or understood, and every
 * invalid rule, is a `plugin-error` diagnostic (severity error, exit code 2) and the other rules still run.
 *
 * SECURITY: loading a plugin runs its code with the user's rights. Plugins come only from the command line
 * (or an API caller), never from a configuration file or anything else found in the scanned tree, so scanning
 * an untrusted pull request never runs code from it.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES } from '../../rules/index.js';
import type { Diagnostic, Framework, Severity } from '../graph/types.js';
import { packageInfo } from './package-info.js';
import { isPracticeKey, PRACTICES } from './practices.js';
import { defineRule, formatMessage, PRESET_NAMES, type AnyRule, type PeerTool } from './rule.js';
import { describeValue, isRecord } from './shape.js';

export const PLUGIN_API_VERSION = 1;

/** What a plugin's default export receives. */
export interface PluginApi {
  apiVersion: typeof PLUGIN_API_VERSION;
  /** The running s3lint's version. */
  version: string;
  defineRule: typeof defineRule;
  formatMessage: typeof formatMessage;
  practices: typeof PRACTICES;
}

export interface LoadedPlugins {
  /** Valid rules from every plugin, in command-line order, with defaults filled in (see `loadPlugins`). */
  rules: AnyRule[];
  diagnostics: Diagnostic[];
}

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MESSAGE_ID = /^[A-Za-z_$][\w$]*$/;
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'note'];
const FRAMEWORKS: readonly Framework[] = ['terraform', 'cloudformation'];
const PEER_TOOLS: readonly PeerTool[] = ['checkov', 'trivy', 'kics', 'cfn-nag', 'cdk-nag', 'cfn-guard', 'security-hub'];
const PRESETS: readonly string[] = PRESET_NAMES.filter((name) => name !== 'all');

/**
 * Loads the plugins named by `specifiers`, each a file path relative to `cwd` (absolute paths work too).
 *
 * Call it ONLY with paths the user typed on the command line or passed to the API. Never pass it paths read from
 * a configuration file or any other file in the scanned tree: scanning an untrusted pull request must not run
 * its code, and `import()` runs the module.
 *
 * A file named twice is loaded once. Rule ids must be kebab-case and unique across the built-in rules and every
 * plugin. `meta.presets`, `remediation`, `references` and `equivalents` may be left out (they default to empty);
 * the caller decides which plugin rules run (the CLI runs every one it loaded, whatever the preset).
 */
export async function loadPlugins(specifiers: readonly string[], cwd: string): Promise<LoadedPlugins> {
  const rules: AnyRule[] = [];
  const diagnostics: Diagnostic[] = [];
  const taken = new Map<string, string>(RULES.map((rule) => [rule.id, 'a built-in rule']));
  const loaded = new Set<string>();
  for (const specifier of specifiers) {
    const absolute = path.resolve(cwd, specifier);
    if (loaded.has(absolute)) continue;
    loaded.add(absolute);
    const fail = (message: string): void => {
      diagnostics.push({ file: specifier, code: 'plugin-error', severity: 'error', message: `plugin ${specifier}: ${message}` });
    };

    const candidates = await exportedRules(absolute, fail);
    if (!candidates) continue;
    candidates.forEach((candidate, index) => {
      const name = isRecord(candidate) && typeof candidate.id === 'string' ? `rule "${candidate.id}"` : `rule #${index + 1}`;
      const problems = validateRule(candidate);
      if (problems.length === 0) {
        const id = (candidate as { id: string }).id;
        const owner = taken.get(id);
        if (owner) problems.push(`id "${id}" is already used by ${owner}`);
      }
      if (problems.length > 0) {
        for (const problem of problems) fail(`${name}: ${problem}`);
        return;
      }
      const rule = normalise(candidate as unknown as AnyRule);
      taken.set(rule.id, `plugin ${specifier}`);
      rules.push(rule);
    });
  }
  return { rules, diagnostics };
}

/** The array of candidate rules a plugin exports, or undefined after reporting why there is none. */
async function exportedRules(absolute: string, fail: (message: string) => void): Promise<unknown[] | undefined> {
  try {
    const info = await stat(absolute);
    if (!info.isFile()) {
      fail(`${absolute} is not a file; name the plugin's JavaScript file`);
      return undefined;
    }
  } catch {
    fail(`file not found (looked for ${absolute})`);
    return undefined;
  }

  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(absolute).href)) as Record<string, unknown>;
  } catch (error) {
    // Node 20 gives no line for a module's syntax error (only its message); the file name is all there is.
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    fail(error instanceof SyntaxError ? `cannot be loaded: ${reason}` : `failed while loading: ${reason}`);
    return undefined;
  }

  const hasRules = module.rules !== undefined;
  if (hasRules && typeof module.default === 'function') {
    fail('exports both a default function and `rules`; export one of them');
    return undefined;
  }
  let exported: unknown;
  if (typeof module.default === 'function') {
    const api: PluginApi = { apiVersion: PLUGIN_API_VERSION, version: packageInfo().version, defineRule, formatMessage, practices: PRACTICES };
    try {
      exported = await (module.default as (api: PluginApi) => unknown)(api);
    } catch (error) {
      fail(`its default export threw: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
      return undefined;
    }
    if (!Array.isArray(exported)) {
      fail(`its default export must return an array of rules, returned ${describeValue(exported)}`);
      return undefined;
    }
    return exported;
  }
  // `export const rules = [...]`, or CommonJS `module.exports = { rules: [...] }` (seen as the default export).
  exported = hasRules ? module.rules : isRecord(module.default) ? module.default.rules : undefined;
  if (exported === undefined) {
    fail('exports no rules: export a default function `(api) => rules` or an array named `rules`');
    return undefined;
  }
  if (!Array.isArray(exported)) {
    fail(`\`rules\` must be an array of rules, found ${describeValue(exported)}`);
    return undefined;
  }
  return exported;
}

/** Every problem with one candidate rule, each a short sentence; empty when it keeps the rule contract. */
function validateRule(rule: unknown): string[] {
  if (!isRecord(rule)) return [`must be an object with id, meta, appliesTo and check, found ${describeValue(rule)}`];
  const problems: string[] = [];
  if (typeof rule.id !== 'string' || !KEBAB.test(rule.id)) {
    problems.push(`id must be a kebab-case string such as "my-bucket-rule", found ${describeValue(rule.id)}`);
  }
  if (rule.appliesTo !== 'bucket') problems.push(`appliesTo must be "bucket", found ${describeValue(rule.appliesTo)}`);
  if (typeof rule.check !== 'function') problems.push(`check must be a function (bucket, context) => void, found ${describeValue(rule.check)}`);

  const meta = rule.meta;
  if (!isRecord(meta)) {
    problems.push(`meta must be an object, found ${describeValue(meta)}`);
    return problems;
  }
  for (const key of ['title', 'description'] as const) {
    if (typeof meta[key] !== 'string' || (meta[key] as string).trim() === '') problems.push(`meta.${key} must be a non-empty string, found ${describeValue(meta[key])}`);
  }
  if (typeof meta.practice !== 'string' || !isPracticeKey(meta.practice)) {
    problems.push(`meta.practice must be a key of the practice catalog (such as "s3.versioning"; see api.practices), found ${describeValue(meta.practice)}`);
  }
  if (typeof meta.severity !== 'string' || !(SEVERITIES as readonly string[]).includes(meta.severity)) {
    problems.push(`meta.severity must be one of ${SEVERITIES.join(', ')}, found ${describeValue(meta.severity)}`);
  }
  if (!Array.isArray(meta.frameworks) || meta.frameworks.length === 0 || !meta.frameworks.every((f) => (FRAMEWORKS as readonly unknown[]).includes(f))) {
    problems.push(`meta.frameworks must be a non-empty array of ${FRAMEWORKS.join(', ')}, found ${describeValue(meta.frameworks)}`);
  }
  if (!isRecord(meta.messages) || Object.keys(meta.messages).length === 0) {
    problems.push(`meta.messages must be an object mapping message ids to templates, found ${describeValue(meta.messages)}`);
  } else {
    for (const [id, template] of Object.entries(meta.messages)) {
      if (!MESSAGE_ID.test(id)) problems.push(`meta.messages key "${id}" must be an identifier such as "publicBucket"`);
      if (typeof template !== 'string' || template === '') problems.push(`meta.messages.${id} must be a non-empty string, found ${describeValue(template)}`);
    }
  }
  // Optional for plugins; checked when present because reporters read them.
  if (meta.presets !== undefined && (!Array.isArray(meta.presets) || !meta.presets.every((p) => PRESETS.includes(p as string)))) {
    problems.push(`meta.presets, when given, must be an array of ${PRESETS.join(', ')}, found ${describeValue(meta.presets)}`);
  }
  if (meta.remediation !== undefined) {
    if (!isRecord(meta.remediation) || !Object.entries(meta.remediation).every(([k, v]) => (FRAMEWORKS as readonly string[]).includes(k) && typeof v === 'string')) {
      problems.push(`meta.remediation, when given, must map ${FRAMEWORKS.join(' and ')} to strings, found ${describeValue(meta.remediation)}`);
    }
  }
  if (meta.references !== undefined && (!Array.isArray(meta.references) || !meta.references.every((r) => typeof r === 'string'))) {
    problems.push(`meta.references, when given, must be an array of URLs, found ${describeValue(meta.references)}`);
  }
  if (meta.equivalents !== undefined) {
    const valid =
      isRecord(meta.equivalents) &&
      Object.entries(meta.equivalents).every(
        ([tool, ids]) => (PEER_TOOLS as readonly string[]).includes(tool) && Array.isArray(ids) && ids.every((id) => typeof id === 'string'),
      );
    if (!valid) problems.push(`meta.equivalents, when given, must map ${PEER_TOOLS.join(', ')} to arrays of ids, found ${describeValue(meta.equivalents)}`);
  }
  return problems;
}

/** A copy with the optional metadata filled in, so the engine and reporters read a complete rule. */
function normalise(rule: AnyRule): AnyRule {
  const meta = rule.meta as Partial<AnyRule['meta']> & Pick<AnyRule['meta'], 'title' | 'description' | 'practice' | 'severity' | 'frameworks' | 'messages'>;
  return {
    ...rule,
    meta: {
      ...meta,
      presets: meta.presets ?? [],
      remediation: meta.remediation ?? {},
      references: meta.references ?? [],
      equivalents: meta.equivalents ?? {},
    },
  };
}
