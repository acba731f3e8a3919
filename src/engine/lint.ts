/**
 * One scan: discover → read → parse → graph → views → rules → RunResult. Bad input never stops the scan: every
 * file that cannot be read or parsed becomes a diagnostic and the other files are still judged.
 */
import { hash } from 'node:crypto';
import path from 'node:path';
import type { ParameterValues } from '../../parsers/cloudformation/evaluate.js';
import { parseTerraformFile, type TerraformFileBody } from '../../parsers/terraform/index.js';
import { setHcl2jsonWorkers } from '../../parsers/terraform/hcl2json-pool.js';
import { RULES } from '../../rules/index.js';
import { applyConfig, DEFAULT_FAIL_ON, DEFAULT_PRESET, isIgnored, loadRunConfig, matchesGlobsBelow, resolveConfigPath, type S3lintConfig } from '../config/config.js';
import { compileGlob } from '../config/glob.js';
import { closestMatch } from '../config/suggest.js';
import { Graph, type ScopeInput } from '../graph/graph.js';
import { exposureSummary } from '../graph/exposure.js';
import { buildS3Views, type BucketView, type S3Views } from '../graph/s3.js';
import { buildProjectView, type ProjectView } from '../graph/project.js';
import type { Diagnostic, Framework, ResourceNode, Severity, SourceRange } from '../graph/types.js';
import { distinct, push } from '../collections.js';
import { discover, type DiscoveredFile } from './discover.js';
import { selectShard } from './shard.js';
import { packageInfo, ruleDocsUrl } from './package-info.js';
import { displayPath } from './paths.js';
import { applySuppressions, localDate, type Suppression } from './suppressions.js';
import { resolveCompatRules } from './compat.js';
import { DEFAULT_MAX_FILE_BYTES, readSource } from './read.js';
import { readModuleFolder, terraformProject, type VariablesFile } from './terraform-project.js';
import { distinctResources, lineSpan, notAimedAt, parseFile } from './parse-file.js';
import { planScopes } from './terraform-plan.js';
import { mergeVariantBuckets, mergeVariantEvaluations, mergeVariantFindings, pushScoped, scopedList, type Scoped, type VariantScope } from './variants.js';
import { detached } from '../../parsers/strings.js';
import {
  compareFindings,
  compareText,
  mergeCallerCopies,
  REPORT_VERSION,
  type BucketSummary,
  type Evaluation,
  type Finding,
  type FailOn,
  type FindingResource,
  type RunResult,
} from './result.js';
import { formatMessage, type AnyRule, type PresetChoice, type RelatedLocation, type RuleContext } from './rule.js';

export interface LintOptions {
  /** Files and folders to scan, relative to `cwd`. */
  paths: readonly string[];
  cwd?: string;
  /** Overrides the configuration file's preset. */
  preset?: PresetChoice;
  /** Overrides the configuration file's `failOn` (recorded in `summary.failOn`). */
  failOn?: FailOn;
  /**
   * The configuration file: a path, `false` for none, or undefined to search upward from the first scanned path
   * (the nearest `.s3lint.yaml`, `.s3lint.yml` or `s3lint.config.json`, up to the repository root).
   */
  config?: string | false;
  /** Runs exactly these rules, without configuration (the fixture harness). */
  rules?: readonly AnyRule[];
  /** Rules loaded from plugins named on the command line: they run whatever the preset. */
  extraRules?: readonly AnyRule[];
  maxFileBytes?: number;
  /**
   * Report only on buckets with a resource in one of these files (absolute paths), as `--changed-since` asks;
   * every file is still read, so links and context stay whole.
   */
  changedFiles?: readonly string[];
  /**
   * Read the other Terraform files of a named file's folder as context (default true: one folder is one module).
   * The fixture harness turns it off to judge each fixture file alone.
   */
  siblingContext?: boolean;
  /** Today as YYYY-MM-DD, for suppression expiry (tests inject it; default: the local date). */
  today?: string;
  /**
   * CloudFormation parameter values by name (`--parameters FILE`), over the configuration file's `parameters`;
   * both override the templates' `Default`s. A list for `List<…>` and `CommaDelimitedList` parameters.
   */
  parameters?: Record<string, unknown>;
  /** Runs only these rules, by id, whatever the preset and the configuration file say (`--rule`). */
  onlyRules?: readonly string[];
  /** Never runs these rules, by id (`--skip-rule`), over everything else that turns a rule on. */
  skipRules?: readonly string[];
  /** Globs of files and folders not to scan, relative to `cwd` (`--exclude`), beside the configuration's `ignore`. */
  exclude?: readonly string[];
  /** Honour other scanners' suppressions (checkov, trivy/tfsec, KICS, cfn-nag); overrides the configuration's `compat`. */
  compat?: boolean;
  /**
   * Terraform variable-definitions files (`--var-file`), relative to `cwd`, applied to every root module after its
   * own `terraform.tfvars` and `*.auto.tfvars` and after the configuration's `varFiles`.
   */
  varFiles?: readonly string[];
  /** Terraform variable values (`--var name=value`), applied last, in order. */
  variables?: readonly [string, string][];
  /** Told after each file is read and parsed: drives the terminal's progress line. */
  onProgress?: (done: number, total: number) => void;
  /** hcl2json workers for the Terraform files our parser rejects (`--jobs`); default: one per core. */
  jobs?: number;
  /** Scan only this shard of the discovered files (`--shard k/n`, `index` from 1): for a CI matrix. */
  shard?: { index: number; count: number };
  /**
   * Called in a large scan (`LARGE_SCAN_FILES` files or more) when every file is parsed, and again when most of the
   * parse trees have become garbage: the CLI passes a full garbage collection (see `docs/architecture.md`).
   */
  collectGarbage?: () => void;
}

/** From this many files a scan asks for `collectGarbage`: a full collection costs milliseconds, worth it only here. */
export const LARGE_SCAN_FILES = 200;

export async function lint(options: LintOptions): Promise<RunResult> {
  const started = performance.now();
  const cwd = options.cwd ?? process.cwd();
  const paths = options.paths.length > 0 ? options.paths : ['.'];
  const settings = await settingsFor(options, paths, cwd);
  if ('errors' in settings) return configurationFailure(settings.errors, options, started);
  const { rules, severities, preset, failOn, config, compat } = settings;
  const excluded = (options.exclude ?? []).flatMap((pattern) => compileGlob(pattern) ?? []);
  const ignore = (config && config.ignore.length > 0) || excluded.length > 0
    ? (absolutePath: string, isDirectory: boolean) =>
        (config !== undefined && isIgnored(displayPath(absolutePath, cwd), config, displayPath(path.dirname(config.file), cwd), { isDirectory, cwd })) ||
        matchesGlobsBelow(cwd, absolutePath, excluded, isDirectory)
    : undefined;
  const discovered = await discover(paths, cwd, { siblingContext: options.siblingContext, ignore });
  const discovery = options.shard ? { ...discovered, files: await selectShard(discovered.files, options.shard) } : discovered;
  const parameters: ParameterValues = { ...config?.parameters, ...options.parameters };
  if (options.jobs !== undefined) setHcl2jsonWorkers(options.jobs);
  let done = 0;
  const parsed = await Promise.all(
    discovery.files.map(async (file) => {
      const result = await parseFile(file, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, parameters, compat);
      options.onProgress?.(++done, discovery.files.length);
      return result;
    }),
  );

  const errors: Diagnostic[] = [...settings.diagnostics, ...discovery.diagnostics];
  if (discovery.files.length === 0 && discovery.diagnostics.length === 0) {
    const where = paths.join(', ');
    errors.push({ file: where, code: 'nothing-to-scan', severity: 'note', message: `no Terraform or CloudFormation files found in ${where}` });
  }
  const terraformFolders = new Map<string, TerraformFileBody[]>();
  const variableFiles = new Map<string, VariablesFile[]>();
  const scopes: ScopeInput[] = [];
  const variantScopes = new Map<string, VariantScope>();
  parsed.forEach((result, index) => {
    const file = discovery.files[index]!;
    errors.push(...(file.role === 'context' ? result.diagnostics.map(asContextDiagnostic) : result.diagnostics));
    if (result.terraform) push(terraformFolders, result.terraform.folder, result.terraform.body);
    if (result.variables) push(variableFiles, result.variables.folder, result.variables.file);
    const variants = result.cloudformation ?? [];
    variants.forEach((variant, index) => {
      const key = variants.length === 1 ? file.displayPath : `${file.displayPath}#${index + 1}`;
      if (variants.length > 1) variantScopes.set(key, { template: file.displayPath, count: variants.length, assumptions: variant.assumptions });
      scopes.push({ key, framework: 'cloudformation', nodes: variant.resources, files: [file.displayPath] });
    });
  });
  const filesScanned = parsed.filter((file) => file.scanned).length;
  const suppressions = parsed.flatMap((file) => (file.terraform ? [] : (file.suppressions ?? [])));
  let terraformSuppressions = parsed.flatMap((file) => (file.terraform ? (file.suppressions ?? []) : []));
  const loadTerraformFile = terraformFileLoader(options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, parameters, compat, (found) => terraformSuppressions.push(...found));
  const plans = parsed.flatMap((file) => (file.plan ? [file.plan] : []));
  // All that is needed of the parse results is taken. Their trees stay only where they are used, to go as soon as
  // they are (a Terraform root's once it is expanded).
  parsed.length = 0;
  const collectGarbage = discovery.files.length >= LARGE_SCAN_FILES ? options.collectGarbage : undefined;
  collectGarbage?.();
  let plannedRoots: ReadonlySet<string> | undefined;
  if (plans.length > 0) {
    const planned = await planScopes(plans, async (folder) => terraformFolders.get(folder) ?? (await readModuleFolder(folder, cwd, loadTerraformFile, errors)));
    scopes.push(...planned.scopes);
    errors.push(...planned.diagnostics);
    plannedRoots = planned.roots;
  }
  if (terraformFolders.size > 0) {
    const runVariableFiles = await readVariableFiles([...(config?.varFiles ?? []).map((file) => resolveConfigPath(config!, file)), ...(options.varFiles ?? []).map((file) => path.resolve(cwd, file))], cwd, errors);
    const project = await terraformProject({
      cwd,
      folders: terraformFolders,
      variableFiles,
      extraVariableFiles: runVariableFiles,
      variables: options.variables ?? [],
      ...(plannedRoots ? { plannedRoots } : {}),
      loadFile: loadTerraformFile,
    });
    scopes.push(...project.scopes);
    errors.push(...project.diagnostics);
    const createsNothing = project.createsNothing.map((range) => lineSpan(range, range));
    terraformSuppressions = terraformSuppressions.filter(notAimedAt(createsNothing));
  }

  const graph = Graph.fromScopes(scopes);
  // What is left of the parse trees is garbage from here on (the called modules' files, the variable files, and the
  // expressions' syntax trees, each holding its file's text): let it go before the rules add the findings.
  graph.releaseSyntaxTrees();
  terraformFolders.clear();
  variableFiles.clear();
  scopes.length = 0;
  collectGarbage?.();
  const views = buildS3Views(graph);
  const focus = focusFiles(discovery.files, options.changedFiles, cwd);
  const resources = distinctResources(graph.nodes);
  const judgedRun = runRules(rules, severities, graph, views, errors, focus, projectVariants(graph, variantScopes));
  const applied = applySuppressions({
    findings: mergeVariantFindings(judgedRun.findings, variantScopes),
    evaluations: mergeVariantEvaluations(judgedRun.evaluations, variantScopes),
    // Other scanners' ids become the ids of the rules whose equivalents name them, plugins' rules included.
    suppressions: resolveCompatRules([...suppressions, ...terraformSuppressions], [...RULES, ...rules]),
    resources,
    knownRuleIds: new Set([...RULES, ...rules].map((rule) => rule.id)),
    activeRuleIds: new Set(rules.map((rule) => rule.id)),
    today: options.today ?? localDate(),
    ...(focus ? { judgedFiles: focus } : {}),
  });
  const { evaluations, diagnostics } = applied;
  const findings = mergeCallerCopies(applied.findings);
  const suppressed = mergeCallerCopies(applied.suppressed);
  errors.push(...diagnostics);

  const counts = { error: 0, warning: 0, note: 0 };
  for (const finding of findings) counts[finding.severity]++;
  const info = packageInfo();
  return {
    version: REPORT_VERSION,
    tool: { name: info.name, version: info.version, informationUri: info.homepage },
    findings: findings.sort(compareFindings),
    suppressed: suppressed.sort(compareFindings),
    errors: errors.sort(compareDiagnostics),
    evaluations,
    summary: {
      filesDiscovered: discovery.files.length,
      filesScanned,
      resources: resources.length,
      buckets: mergeVariantBuckets(bucketSummaries(views, graph, focus), variantScopes),
      findings: counts,
      suppressed: suppressed.length,
      unresolved: evaluations.filter((evaluation) => evaluation.outcome === 'unresolved').length,
      errors: errors.filter((diagnostic) => diagnostic.severity === 'error').length,
      rules: rules.map((rule) => rule.id),
      preset,
      failOn,
      ...(config ? { config: config.displayFile } : {}),
      durationMs: Math.round(performance.now() - started),
    },
  };
}

/**
 * Reads a Terraform file outside the scan (a called module's) as context. Built outside `lint` on purpose: a
 * closure there would share `lint`'s scope, and with it the graph, with whatever keeps the loader (a caught read
 * error keeps its async stack, loader included).
 */
function terraformFileLoader(
  maxFileBytes: number,
  parameters: ParameterValues,
  compat: boolean,
  onSuppressions: (found: readonly Suppression[]) => void,
): (absolutePath: string, display: string) => Promise<{ body?: TerraformFileBody; diagnostics: Diagnostic[] }> {
  return async (absolutePath, display) => {
    const kind = display.endsWith('.json') ? 'terraform-json' : 'terraform';
    const loaded = await parseFile({ absolutePath, displayPath: display, kind, explicit: false, role: 'context' }, maxFileBytes, parameters, compat);
    onSuppressions(loaded.suppressions ?? []);
    return { body: loaded.terraform?.body, diagnostics: loaded.diagnostics.map(asContextDiagnostic) };
  };
}

/** The summary of each bucket in focus (kept out of `lint` for the reason given at `terraformFileLoader`). */
function bucketSummaries(views: S3Views, graph: Graph, focus: ReadonlySet<string> | undefined): Scoped<BucketSummary> {
  const summaries = scopedList<BucketSummary>();
  for (const bucket of views.buckets) {
    if (focus && !bucketFiles(bucket).some((file) => focus.has(file))) continue;
    pushScoped(summaries, bucketSummary(bucket, graph), graph.scopeOf(bucket.subject).key);
  }
  return summaries;
}

interface RunSettings {
  rules: AnyRule[];
  /** Severities set by the configuration file, by rule id. */
  severities: ReadonlyMap<string, Severity>;
  preset: string;
  failOn: FailOn;
  config?: S3lintConfig;
  /** Warnings from the configuration file that did not stop it from loading. */
  diagnostics: Diagnostic[];
  /** Honour other scanners' suppressions. */
  compat: boolean;
}

/** The rules, severities and thresholds of this run: configuration file, then options (the command line) over it. */
async function settingsFor(options: LintOptions, paths: readonly string[], cwd: string): Promise<RunSettings | { errors: Diagnostic[] }> {
  const extra = options.extraRules ?? [];
  const available = [...(options.rules ?? RULES), ...extra];
  const unknown = unknownRuleMessages(options, available);
  if (unknown.length > 0) return { errors: unknown.map((message) => ({ file: '(options)', code: 'unknown-rule', severity: 'error', message })) };
  if (options.rules) {
    return {
      rules: selectRules(available, available, options),
      severities: new Map(),
      preset: 'custom',
      failOn: options.failOn ?? DEFAULT_FAIL_ON,
      diagnostics: [],
      compat: options.compat ?? false,
    };
  }
  const loaded = await loadRunConfig(options.config, paths[0]!, cwd);
  if (!loaded.config && loaded.diagnostics.length > 0) return { errors: loaded.diagnostics };
  if (loaded.diagnostics.some((diagnostic) => diagnostic.severity === 'error')) return { errors: loaded.diagnostics };
  const applied = applyConfig(RULES, loaded.config, { preset: options.preset, failOn: options.failOn });
  const severities = new Map<string, Severity>();
  for (const configured of applied.rules) if (configured.severity) severities.set(configured.rule.id, configured.severity);
  return {
    rules: selectRules([...applied.rules.map((configured) => configured.rule), ...extra], available, options),
    severities,
    preset: applied.preset,
    failOn: applied.failOn,
    config: loaded.config,
    diagnostics: loaded.diagnostics,
    compat: options.compat ?? loaded.config?.compat ?? false,
  };
}

/**
 * `--rule` runs exactly the rules it names (in registry order), whatever the preset and the configuration file
 * turn on or off; `--skip-rule` then takes rules out. Severities set in the configuration file still apply.
 */
function selectRules(configured: readonly AnyRule[], available: readonly AnyRule[], options: Pick<LintOptions, 'onlyRules' | 'skipRules'>): AnyRule[] {
  const only = options.onlyRules ?? [];
  const skip = new Set(options.skipRules ?? []);
  return (only.length > 0 ? available.filter((rule) => only.includes(rule.id)) : configured).filter((rule) => !skip.has(rule.id));
}

/** One message per id of `onlyRules` or `skipRules` that names no rule, with the closest id when one is near. */
export function unknownRuleMessages(options: Pick<LintOptions, 'onlyRules' | 'skipRules'>, rules: readonly AnyRule[]): string[] {
  const ids = rules.map((rule) => rule.id);
  const check = (flag: string, given: readonly string[] = []): string[] =>
    given
      .filter((id) => !ids.includes(id))
      .map((id) => {
        const suggestion = closestMatch(id, ids);
        return `${flag}: unknown rule ${JSON.stringify(id)}${suggestion === undefined ? '' : `, did you mean "${suggestion}"?`} (run s3lint rules for the list)`;
      });
  return [...check('--rule', options.onlyRules), ...check('--skip-rule', options.skipRules)];
}

/** An invalid configuration stops the run before anything is scanned: its findings would not mean what the user asked. */
function configurationFailure(errors: Diagnostic[], options: LintOptions, started: number): RunResult {
  const info = packageInfo();
  return {
    version: REPORT_VERSION,
    tool: { name: info.name, version: info.version, informationUri: info.homepage },
    findings: [],
    suppressed: [],
    errors,
    evaluations: [],
    summary: {
      filesDiscovered: 0,
      filesScanned: 0,
      resources: 0,
      buckets: [],
      findings: { error: 0, warning: 0, note: 0 },
      suppressed: 0,
      unresolved: 0,
      errors: errors.filter((diagnostic) => diagnostic.severity === 'error').length,
      rules: [],
      preset: options.preset ?? DEFAULT_PRESET,
      failOn: options.failOn ?? DEFAULT_FAIL_ON,
      durationMs: Math.round(performance.now() - started),
    },
  };
}

/** A problem in a sibling read only for context does not fail the run: the user did not ask about that file. */
function asContextDiagnostic(diagnostic: Diagnostic): Diagnostic {
  if (diagnostic.severity !== 'error') return diagnostic;
  return { ...diagnostic, severity: 'warning', message: `${diagnostic.message} (read as context for a file named on the command line)` };
}

/** The display paths findings are limited to, or undefined when every scanned file counts. */
function focusFiles(files: readonly DiscoveredFile[], changedFiles: readonly string[] | undefined, cwd: string): Set<string> | undefined {
  const hasContext = files.some((file) => file.role === 'context');
  if (!hasContext && !changedFiles) return undefined;
  const changed = changedFiles ? new Set(changedFiles.map((file) => path.resolve(cwd, file))) : undefined;
  return new Set(
    files.filter((file) => file.role === 'target' && (!changed || changed.has(file.absolutePath))).map((file) => file.displayPath),
  );
}

/**
 * The run's variable-definitions files (`varFiles`, `--var-file`), parsed. A file that cannot be read or parsed is
 * an error: the values the user asked for would be missing.
 */
async function readVariableFiles(files: readonly string[], cwd: string, errors: Diagnostic[]): Promise<VariablesFile[]> {
  const read: VariablesFile[] = [];
  for (const absolutePath of files) {
    const display = displayPath(absolutePath, cwd);
    const source = await readSource(absolutePath, display);
    if ('diagnostic' in source) {
      errors.push({ ...source.diagnostic, severity: 'error', message: `variables file: ${source.diagnostic.message}` });
      continue;
    }
    const result = await parseTerraformFile(display, source.text, 'tfvars');
    errors.push(...result.diagnostics);
    if (result.body) read.push({ file: display, body: result.body });
  }
  return read;
}

/** One thing a rule judges, with what findings and evaluations say about it. */
interface Subject {
  value: unknown;
  id: string;
  type: string;
  framework: Framework;
  /** Where the evaluation points, and the file `--changed-since` matches. */
  headerRange: SourceRange;
  /** Files whose change puts the subject in focus. */
  files: string[];
  /** Terraform: the `module` blocks that create the subject, outermost first. */
  moduleCalls: SourceRange[];
  /** The graph scope of the subject (a CloudFormation variant's own), `''` for the project. */
  scope: string;
  constructPath?: string;
  /** What findings and evaluations name: one object per subject, shared by every rule. */
  resource: FindingResource;
  /** The related locations every finding on the subject lists: its module calls. */
  callsRelated: RelatedLocation[];
}

/** The project as account-level rules see it: once, or once per combination of open CloudFormation conditions. */
interface ProjectVariant {
  view: ProjectView;
  scope: string;
}

/**
 * With templates judged per combination of their open conditions, the project is judged once per combination
 * index: each template takes its combination of that index (its last for a shorter list), so every combination
 * of every template is judged. Each project variant is registered in `variants` for the merge.
 */
function projectVariants(graph: Graph, variants: Map<string, VariantScope>): ProjectVariant[] {
  const templates = new Map<string, string[]>();
  for (const [key, variant] of variants) push(templates, variant.template, key);
  if (templates.size === 0) return [];
  const count = Math.max(...[...templates.values()].map((keys) => keys.length));
  const projects: ProjectVariant[] = [];
  for (let index = 0; index < count; index++) {
    const chosen = new Set([...templates.values()].map((keys) => keys[Math.min(index, keys.length - 1)]!));
    const scope = `(project)#${index + 1}`;
    variants.set(scope, { template: '(project)', count, assumptions: [...chosen].flatMap((key) => variants.get(key)?.assumptions ?? []) });
    projects.push({ view: buildProjectView(graph, (candidate) => !variants.has(candidate.key) || chosen.has(candidate.key)), scope });
  }
  return projects;
}

/**
 * The subjects a rule judges. A bucket, access point, policy or resource is the same subject for every rule that
 * judges it: built once per scan (`cache`, by the view or node), since a large scan has thousands of them.
 */
function subjectsFor(rule: AnyRule, views: S3Views, graph: Graph, projects: readonly ProjectVariant[], cache: WeakMap<object, Subject>): Subject[] {
  const frameworks = rule.meta.frameworks;
  const cached = (key: object, build: () => Omit<Subject, 'resource' | 'callsRelated'>): Subject => {
    let subject = cache.get(key);
    if (!subject) {
      subject = withResource(build());
      cache.set(key, subject);
    }
    return subject;
  };
  // `files`: the files whose change puts the subject in focus, when they are more than its own (a bucket's).
  const ofResource = (value: object, node: ResourceNode, id = node.id, files?: string[]): Subject =>
    cached(value, () => {
      const moduleCalls = node.moduleCalls ?? [];
      return {
        value,
        id,
        type: node.type,
        framework: node.framework,
        headerRange: node.headerRange,
        // A change to a module call changes what the module creates (`bucketFiles` counts the calls too).
        files: files ?? [node.file, ...moduleCalls.map((call) => call.file)],
        moduleCalls,
        scope: graph.scopeOf(node).key,
        ...(node.constructPath ? { constructPath: node.constructPath } : {}),
      };
    });
  switch (rule.appliesTo) {
    case 'bucket': {
      const kinds = rule.bucketKinds ?? ['general-purpose'];
      return [...views.buckets, ...views.otherBuckets]
        .filter((bucket) => kinds.includes(bucket.kind) && frameworks.includes(bucket.framework))
        .map((bucket) => ofResource(bucket, bucket.subject, bucket.id, bucketFiles(bucket)));
    }
    case 'accessPoint':
      return views.accessPoints.filter((point) => frameworks.includes(point.framework)).map((point) => ofResource(point, point.subject));
    case 'policy':
      return views.policies.filter((policy) => frameworks.includes(policy.framework)).map((policy) => ofResource(policy, policy.subject));
    case 'resource': {
      const types = new Set(rule.resourceTypes ?? []);
      return graph.nodes
        .filter((node) => node.mode === 'resource' && types.has(node.type) && frameworks.includes(node.framework))
        .map((node) => ofResource(node, node));
    }
    case 'project': {
      const variants = projects.length > 0 ? projects : [{ view: views.project, scope: '' }];
      return variants
        .filter(({ view }) => view.present)
        .map(({ view, scope }) =>
          cached(view, () => ({ value: view, id: view.id, type: 'project', framework: view.framework, headerRange: view.anchor, files: [view.anchor.file], moduleCalls: [], scope })),
        );
    }
  }
}

function withResource(subject: Omit<Subject, 'resource' | 'callsRelated'>): Subject {
  const resource: FindingResource = {
    id: subject.id,
    type: subject.type,
    framework: subject.framework,
    ...(subject.constructPath ? { constructPath: subject.constructPath } : {}),
    ...(subject.moduleCalls[0] ? { calledFrom: subject.moduleCalls[0].file } : {}),
  };
  const callsRelated = subject.moduleCalls.map((call) => ({ location: call, message: 'the module call that creates this resource' }));
  return { ...subject, resource, callsRelated };
}

const filesOfBucket = new WeakMap<BucketView, string[]>();

/** The files of a bucket and its settings: asked for by every rule, so worked out once per bucket. */
function bucketFiles(bucket: BucketView): string[] {
  let files = filesOfBucket.get(bucket);
  if (!files) {
    // The module calls that create the bucket count too: changing an input changes the bucket.
    files = [
      bucket.subject.file,
      ...[...bucket.parts.values()].flatMap((nodes) => nodes.map((node) => node.file)),
      ...(bucket.subject.moduleCalls ?? []).map((call) => call.file),
    ];
    filesOfBucket.set(bucket, files);
  }
  return files;
}

function runRules(
  rules: readonly AnyRule[],
  severities: ReadonlyMap<string, Severity>,
  graph: Graph,
  views: S3Views,
  errors: Diagnostic[],
  focus: ReadonlySet<string> | undefined,
  projects: readonly ProjectVariant[],
): { findings: Scoped<Finding>; evaluations: Scoped<Evaluation> } {
  const findings = scopedList<Finding>();
  const evaluations = scopedList<Evaluation>();
  const subjects = new WeakMap<object, Subject>();
  // Most rules judge the same list (every general-purpose bucket of both frameworks): listed once per kind of list.
  const subjectLists = new Map<string, Subject[]>();
  for (const rule of rules) {
    const helpUri = ruleDocsUrl(rule.id);
    // One context per rule, pointed at each subject in turn: a large scan judges hundreds of thousands of subjects.
    let subject!: Subject;
    let reported: Finding[] = [];
    let unresolved: { location: SourceRange; reason: string }[] = [];
    const context: RuleContext<string> = {
      views,
      graph,
      report: (descriptor) => {
        const template = rule.meta.messages[descriptor.messageId] ?? descriptor.messageId;
        const { resource, callsRelated } = subject;
        // An empty discriminator tells nothing apart: the same as none (and a baseline cannot record it).
        const discriminator = descriptor.discriminator || undefined;
        const finding: Finding = {
          ruleId: rule.id,
          practice: rule.meta.practice,
          severity: severities.get(rule.id) ?? descriptor.severity ?? rule.meta.severity,
          messageId: descriptor.messageId,
          message: formatMessage(template, descriptor.data),
          location: descriptor.at,
          resource,
          related: descriptor.related?.length ? [...descriptor.related, ...callsRelated] : callsRelated,
          remediation: rule.meta.remediation[subject.framework] ?? '',
          helpUri,
          // Two roots may call modules of the same name: the outermost call's file tells their resources apart.
          fingerprint: fingerprint({
            ruleId: rule.id,
            file: descriptor.at.file,
            resource: subject.id,
            calledFrom: resource.calledFrom,
            messageId: descriptor.messageId,
            discriminator,
          }),
        };
        // Set after the literal rather than spread into it: a spread makes a new object per finding.
        if (discriminator !== undefined) finding.discriminator = discriminator;
        reported.push(finding);
      },
      // A reason may quote a slice of some file's text: the report keeps it, so it must not keep the text.
      unresolved: (location, reason) => unresolved.push({ location, reason: detached(reason) }),
    };
    const listKey = [rule.appliesTo, rule.meta.frameworks, rule.bucketKinds ?? '', rule.resourceTypes ?? ''].join('|');
    let list = subjectLists.get(listKey);
    if (!list) {
      list = subjectsFor(rule, views, graph, projects, subjects);
      subjectLists.set(listKey, list);
    }
    for (subject of list) {
      if (focus && !subject.files.some((file) => focus.has(file))) continue;
      if (reported.length > 0) reported = [];
      if (unresolved.length > 0) unresolved = [];
      try {
        rule.check(subject.value as never, context);
      } catch (error) {
        errors.push({
          file: subject.headerRange.file,
          code: 'rule-crashed',
          severity: 'error',
          location: subject.headerRange,
          message: `rule ${rule.id} failed on ${subject.id}: ${error instanceof Error ? error.message : String(error)}`,
        });
        continue;
      }
      for (const finding of dedupe(reported)) pushScoped(findings, finding, subject.scope);
      const evaluation: Evaluation = {
        ruleId: rule.id,
        practice: rule.meta.practice,
        resource: subject.resource,
        location: subject.headerRange,
        outcome: reported.length > 0 ? 'fail' : unresolved.length > 0 ? 'unresolved' : 'pass',
      };
      if (evaluation.outcome === 'unresolved') evaluation.unresolved = unresolved;
      pushScoped(evaluations, evaluation, subject.scope);
    }
  }
  return { findings, evaluations };
}

/** Two reports of one rule at the same place for the same subject are one finding (one root cause, one finding). */
function dedupe(findings: Finding[]): Finding[] {
  if (findings.length < 2) return findings;
  return distinct(findings, (finding) => `${finding.messageId}\u0000${JSON.stringify(finding.location)}`);
}

/** What a fingerprint is made of. */
export interface FingerprintParts {
  ruleId: string;
  file: string;
  /** The resource's address or logical id. */
  resource: string;
  /** The file of the outermost module call: two roots may call modules of the same name. */
  calledFrom?: string;
  messageId: string;
  discriminator?: string;
}

export function fingerprint(parts: FingerprintParts): string {
  const subject = parts.calledFrom ? `${parts.calledFrom} ${parts.resource}` : parts.resource;
  const fields = [parts.ruleId, parts.file, subject, parts.messageId];
  // Absent, it adds nothing: the fingerprints of findings without one stay what they always were.
  if (parts.discriminator !== undefined) fields.push(parts.discriminator);
  // The first 16 bytes as hex, straight from the digest: a flat string, not a slice that keeps all 64 characters.
  return hash('sha256', fields.join('\u0000'), 'buffer').toString('hex', 0, 16);
}

function bucketSummary(view: BucketView, graph: Graph): BucketSummary {
  const { exposure, reasons } = exposureSummary(view, graph);
  return {
    id: view.id,
    type: view.subject.type,
    framework: view.framework,
    file: view.subject.file,
    line: view.subject.headerRange.start.line,
    inScannedCode: view.bucket !== undefined,
    ...(view.subject.moduleCalls?.[0] ? { calledFrom: view.subject.moduleCalls[0].file } : {}),
    exposure,
    exposureReasons: reasons,
  };
}

function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return compareText(a.file, b.file) || (a.location?.start.line ?? 0) - (b.location?.start.line ?? 0) || compareText(a.code, b.code);
}

