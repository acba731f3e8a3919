/**
 * One scan: discover → read → parse → graph → views → rules → RunResult. Bad input never stops the scan: every
 * file that cannot be read or parsed becomes a diagnostic and the other files are still judged.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { cloudFormationResources, parseCloudFormation } from '../../parsers/cloudformation/index.js';
import { evaluateTemplate, mayNeedEvaluation, type ParameterValues } from '../../parsers/cloudformation/evaluate.js';
import { looksLikeCloudFormation } from '../../parsers/cloudformation/detect.js';
import { parseTerraformFile, terraformBlocksCreatingNothing, terraformModuleCalls, terraformProviders, terraformResources, terraformSymbols, type ModuleCall, type TerraformFileBody } from '../../parsers/terraform/index.js';
import { RULES } from '../../rules/index.js';
import { applyConfig, DEFAULT_FAIL_ON, DEFAULT_PRESET, isIgnored, loadRunConfig, matchesGlobsBelow, type S3lintConfig } from '../config/config.js';
import { compileGlob } from '../config/glob.js';
import { closestMatch } from '../config/suggest.js';
import { Graph, type ScopeInput } from '../graph/graph.js';
import { exposureSummary } from '../graph/exposure.js';
import { buildS3Views, type BucketView, type S3Views } from '../graph/s3.js';
import type { Diagnostic, Framework, ResourceNode, Severity, SourceRange } from '../graph/types.js';
import { discover, type DiscoveredFile } from './discover.js';
import { packageInfo, ruleDocsUrl } from './package-info.js';
import { displayPath } from './paths.js';
import { applySuppressions, cloudFormationSuppressions, collectSuppressions, localDate, type Suppression } from './suppressions.js';
import { cloudFormationCompatSuppressions, collectCompatSuppressions, resolveCompatRules } from './compat.js';
import { DEFAULT_MAX_FILE_BYTES, readSource } from './read.js';
import {
  compareFindings,
  compareText,
  REPORT_VERSION,
  type BucketSummary,
  type Evaluation,
  type Finding,
  type FailOn,
  type FindingResource,
  type RunResult,
} from './result.js';
import { formatMessage, type AnyRule, type PresetChoice, type RuleContext } from './rule.js';

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
}

interface ParsedFile {
  scanned: boolean;
  diagnostics: Diagnostic[];
  /** Inline `s3lint-ignore` comments and CloudFormation `Metadata` suppressions found in the file. */
  suppressions?: Suppression[];
  terraform?: { folder: string; body: TerraformFileBody };
  cloudformation?: ResourceNode[];
}

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
  const discovery = await discover(paths, cwd, { siblingContext: options.siblingContext, ignore });
  const parameters: ParameterValues = { ...config?.parameters, ...options.parameters };
  const parsed = await Promise.all(discovery.files.map((file) => parseFile(file, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, parameters, compat)));

  const errors: Diagnostic[] = [...settings.diagnostics, ...discovery.diagnostics];
  if (discovery.files.length === 0 && discovery.diagnostics.length === 0) {
    const where = paths.join(', ');
    errors.push({ file: where, code: 'nothing-to-scan', severity: 'note', message: `no Terraform or CloudFormation files found in ${where}` });
  }
  const terraformFolders = new Map<string, TerraformFileBody[]>();
  const scopes: ScopeInput[] = [];
  parsed.forEach((result, index) => {
    const file = discovery.files[index]!;
    errors.push(...(file.role === 'context' ? result.diagnostics.map(asContextDiagnostic) : result.diagnostics));
    if (result.terraform) {
      const bodies = terraformFolders.get(result.terraform.folder) ?? [];
      bodies.push(result.terraform.body);
      terraformFolders.set(result.terraform.folder, bodies);
    }
    if (result.cloudformation) {
      scopes.push({ key: file.displayPath, framework: 'cloudformation', nodes: result.cloudformation, files: [file.displayPath] });
    }
  });
  for (const [folder, bodies] of terraformFolders) {
    scopes.push({
      key: folder,
      framework: 'terraform',
      nodes: terraformResources(bodies),
      symbols: terraformSymbols(bodies),
      files: bodies.map((body) => body.file),
      providers: terraformProviders(bodies),
    });
  }
  errors.push(...unexpandedModules(terraformFolders));

  const graph = Graph.fromScopes(scopes);
  const views = buildS3Views(graph);
  const focus = focusFiles(discovery.files, options.changedFiles, cwd);
  const judgedRun = runRules(rules, severities, graph, views, errors, focus);
  const { findings, suppressed, evaluations, diagnostics } = applySuppressions({
    findings: judgedRun.findings,
    evaluations: judgedRun.evaluations,
    // Other scanners' ids become the ids of the rules whose equivalents name them, plugins' rules included.
    suppressions: resolveCompatRules(parsed.flatMap((file) => file.suppressions ?? []), [...RULES, ...rules]),
    resources: graph.nodes,
    knownRuleIds: new Set([...RULES, ...rules].map((rule) => rule.id)),
    activeRuleIds: new Set(rules.map((rule) => rule.id)),
    today: options.today ?? localDate(),
    ...(focus ? { judgedFiles: focus } : {}),
  });
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
      filesScanned: parsed.filter((file) => file.scanned).length,
      resources: graph.nodes.length,
      buckets: views.buckets.filter((bucket) => !focus || bucketFiles(bucket).some((file) => focus.has(file))).map((bucket) => bucketSummary(bucket, graph)),
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

async function parseFile(file: DiscoveredFile, maxFileBytes: number, parameters: ParameterValues, compat: boolean): Promise<ParsedFile> {
  const source = await readSource(file.absolutePath, file.displayPath, maxFileBytes);
  if ('diagnostic' in source) {
    // An empty file that discovery found by name is simply nothing to scan; say so only when it was asked for.
    const quiet = source.diagnostic.code === 'empty-file' && !file.explicit;
    return { scanned: false, diagnostics: quiet ? [] : [source.diagnostic] };
  }
  try {
    if (file.kind === 'cloudformation-candidate') return parseTemplate(file, source.text, parameters, compat);
    const result = await parseTerraformFile(file.displayPath, source.text, file.kind);
    const folder = path.posix.dirname(file.displayPath);
    const isModuleFile = result.body !== undefined && file.kind !== 'tfvars';
    const createNothing = isModuleFile ? terraformBlocksCreatingNothing(result.body!).map((range) => lineSpan(range, range)) : [];
    return {
      scanned: result.body !== undefined || !result.diagnostics.some((d) => d.severity === 'error'),
      diagnostics: result.diagnostics,
      terraform: isModuleFile ? { folder, body: { file: file.displayPath, body: result.body! } } : undefined,
      suppressions: isModuleFile ? commentSuppressions(file.displayPath, source.text, compat).filter(notAimedAt(createNothing)) : [],
    };
  } catch (error) {
    return { scanned: false, diagnostics: [internalError(file.displayPath, error)] };
  }
}

function parseTemplate(file: DiscoveredFile, text: string, parameters: ParameterValues, compat: boolean): ParsedFile {
  if (!looksLikeCloudFormation(text)) {
    const diagnostics: Diagnostic[] = file.explicit
      ? [{ file: file.displayPath, code: 'not-a-template', severity: 'note', message: `${file.displayPath} is neither Terraform nor a CloudFormation template; skipped` }]
      : [];
    return { scanned: false, diagnostics };
  }
  const result = parseCloudFormation(file.displayPath, text);
  // Parameters, conditions, mappings and the intrinsics they feed are folded before the template becomes resources.
  const evaluation = result.template && mayNeedEvaluation(text) ? evaluateTemplate(result.template, parameters) : undefined;
  const template = evaluation?.template ?? result.template;
  const resources = template ? cloudFormationResources(file.displayPath, template) : undefined;
  const switchedOff = (evaluation?.skipped ?? []).map((skipped) => lineSpan(skipped.keyRange, skipped.range));
  return {
    scanned: result.template !== undefined,
    diagnostics: [...result.diagnostics, ...(evaluation?.diagnostics ?? [])],
    cloudformation: resources,
    suppressions: resources
      ? [
          ...commentSuppressions(file.displayPath, text, compat).filter(notAimedAt(switchedOff)),
          ...resources.flatMap((resource) => (compat ? [...cloudFormationSuppressions(resource), ...cloudFormationCompatSuppressions(resource)] : cloudFormationSuppressions(resource))),
        ]
      : [],
  };
}

/** `s3lint-ignore` comments and, with `compat: true`, the other scanners' comments. */
function commentSuppressions(file: string, text: string, compat: boolean): Suppression[] {
  return compat ? [...collectSuppressions(file, text), ...collectCompatSuppressions(file, text)] : collectSuppressions(file, text);
}

interface LineSpan {
  first: number;
  last: number;
}

function lineSpan(start: SourceRange, end: SourceRange): LineSpan {
  return { first: start.start.line, last: end.end.line };
}

/**
 * Keeps the comment suppressions that are not aimed at a resource the code never creates (`count = 0`, a false
 * CloudFormation `Condition`): those have nothing to silence, rightly, and must not be reported as unused.
 */
function notAimedAt(spans: readonly LineSpan[]): (suppression: Suppression) => boolean {
  return (suppression) => {
    const line = suppression.targetLine;
    return line === undefined || !spans.some((span) => span.first <= line && line <= span.last);
  };
}

/**
 * Module calls are not expanded yet: say so once per module source and folder, so a registry module that creates a
 * public bucket is never a silent pass. A local module whose folder is part of the scan is judged there, as a root.
 */
function unexpandedModules(folders: ReadonlyMap<string, TerraformFileBody[]>): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [folder, bodies] of folders) {
    const bySource = new Map<string, ModuleCall[]>();
    for (const call of terraformModuleCalls(bodies)) {
      const local = call.source !== undefined && /^\.\.?\//.test(call.source);
      if (local && folders.has(path.posix.normalize(path.posix.join(folder, call.source!)))) continue;
      const key = call.source ?? `module.${call.name}`;
      bySource.set(key, [...(bySource.get(key) ?? []), call]);
    }
    for (const [source, calls] of bySource) {
      const first = calls[0]!;
      const names = calls.map((call) => `module.${call.name}`).join(', ');
      diagnostics.push({
        file: first.file,
        code: 'module-not-expanded',
        severity: 'note',
        location: first.headerRange,
        message: `${names} (${first.source === undefined ? 'its source is not a literal' : `source ${JSON.stringify(source)}`}) is not expanded: s3lint does not judge the resources a module creates unless its folder is scanned`,
      });
    }
  }
  return diagnostics;
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

function internalError(file: string, error: unknown): Diagnostic {
  const reason = error instanceof Error ? error.message : String(error);
  return { file, code: 'internal-error', severity: 'error', message: `s3lint failed on ${file}: ${reason}; the rest of the scan goes on` };
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
}

function subjectsFor(rule: AnyRule, views: S3Views, graph: Graph): Subject[] {
  const frameworks = rule.meta.frameworks;
  const ofResource = (value: unknown, node: ResourceNode, files: string[] = [node.file]): Subject => ({
    value,
    id: node.id,
    type: node.type,
    framework: node.framework,
    headerRange: node.headerRange,
    files,
  });
  switch (rule.appliesTo) {
    case 'bucket': {
      const kinds = rule.bucketKinds ?? ['general-purpose'];
      return [...views.buckets, ...views.otherBuckets]
        .filter((bucket) => kinds.includes(bucket.kind) && frameworks.includes(bucket.framework))
        .map((bucket) => ({ ...ofResource(bucket, bucket.subject, bucketFiles(bucket)), id: bucket.id }));
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
      const project = views.project;
      if (!project.present) return [];
      return [{ value: project, id: project.id, type: 'project', framework: project.framework, headerRange: project.anchor, files: [project.anchor.file] }];
    }
  }
}

function bucketFiles(bucket: BucketView): string[] {
  return [bucket.subject.file, ...[...bucket.parts.values()].flatMap((nodes) => nodes.map((node) => node.file))];
}

function runRules(
  rules: readonly AnyRule[],
  severities: ReadonlyMap<string, Severity>,
  graph: Graph,
  views: S3Views,
  errors: Diagnostic[],
  focus: ReadonlySet<string> | undefined,
): { findings: Finding[]; evaluations: Evaluation[] } {
  const findings: Finding[] = [];
  const evaluations: Evaluation[] = [];
  for (const rule of rules) {
    for (const subject of subjectsFor(rule, views, graph)) {
      if (focus && !subject.files.some((file) => focus.has(file))) continue;
      const resource: FindingResource = { id: subject.id, type: subject.type, framework: subject.framework };
      const reported: Finding[] = [];
      const unresolved: { location: SourceRange; reason: string }[] = [];
      const context: RuleContext<string> = {
        views,
        graph,
        report: (descriptor) => {
          const template = rule.meta.messages[descriptor.messageId] ?? descriptor.messageId;
          reported.push({
            ruleId: rule.id,
            practice: rule.meta.practice,
            severity: severities.get(rule.id) ?? descriptor.severity ?? rule.meta.severity,
            messageId: descriptor.messageId,
            message: formatMessage(template, descriptor.data),
            location: descriptor.at,
            resource,
            related: descriptor.related ?? [],
            remediation: rule.meta.remediation[subject.framework] ?? '',
            helpUri: ruleDocsUrl(rule.id),
            fingerprint: fingerprint(rule.id, descriptor.at.file, subject.id, descriptor.messageId),
          });
        },
        unresolved: (location, reason) => unresolved.push({ location, reason }),
      };
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
      findings.push(...dedupe(reported));
      evaluations.push({
        ruleId: rule.id,
        practice: rule.meta.practice,
        resource,
        location: subject.headerRange,
        outcome: reported.length > 0 ? 'fail' : unresolved.length > 0 ? 'unresolved' : 'pass',
        ...(unresolved.length > 0 && reported.length === 0 ? { unresolved } : {}),
      });
    }
  }
  return { findings, evaluations };
}

/** Two reports of one rule at the same place for the same subject are one finding (one root cause, one finding). */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = `${finding.messageId}\u0000${JSON.stringify(finding.location)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function fingerprint(ruleId: string, file: string, resourceId: string, messageId: string): string {
  return createHash('sha256').update([ruleId, file, resourceId, messageId].join('\u0000')).digest('hex').slice(0, 32);
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
    exposure,
    exposureReasons: reasons,
  };
}

function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return compareText(a.file, b.file) || (a.location?.start.line ?? 0) - (b.location?.start.line ?? 0) || compareText(a.code, b.code);
}

