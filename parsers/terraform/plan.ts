/**
 * Terraform plan JSON (`terraform show -json plan.out > plan.json`) as resource nodes, one per planned resource
 * instance, grouped by module instance.
 *
 * A plan knows what the code alone does not: variable values, module inputs, `count`/`for_each` instances. What
 * it still does not know is unknown after apply (`after_unknown`); such a value becomes an expression node whose
 * references come from the configuration expression that produces it, so a split `aws_s3_bucket_*` resource whose
 * `bucket = aws_s3_bucket.b.id` is not known yet still links to its bucket.
 *
 * An unknown value that the configuration does not write (the bucket's `arn`, `policy`, `versioning` on a bucket
 * being created) is computed by the provider: it is left out, as it is absent from the `.tf` file, instead of
 * making every rule unresolved. Known values are kept as planned, computed ones included.
 *
 * Positions point into the plan file; with `options.source`, they point at the `.tf` resource that produced the
 * instance, attribute by attribute, wherever the source writes the attribute.
 *
 * Reading is linear in the size of the plan: changes and configuration are indexed once, and each value is
 * visited once per instance. Walks stop at MAX_VALUE_DEPTH, so no input exhausts the stack.
 */
import path from 'node:path';
import { QUALIFIER, type ScopeInput } from '../../src/graph/graph.js';
import type { Diagnostic, ExpressionNode, ListNode, LiteralNode, ObjectEntry, ObjectNode, ResourceNode, SourceRange, ValueNode } from '../../src/graph/types.js';
import { lineRange, mapExpressions } from '../../src/graph/values.js';
import { capDiagnostics, pushAll } from '../diagnostics.js';
import { parseJson } from '../json.js';
import { collectReferences } from './module.js';
import { isLocalSource } from './instances.js';

/** The resources of one module instance of the plan. */
export interface PlanScope {
  /** `''` for the root module, else the module instance address: `module.a`, `module.a["x"].module.b`. */
  module: string;
  nodes: ResourceNode[];
  /** Each node's full address, module path included: `module.logs[0].aws_s3_bucket.this`. */
  addresses: Map<ResourceNode, string>;
  /**
   * The module's code folder relative to the root module's folder (`.` for the root, `modules/logs`), when the
   * configuration shows it and every call on the way has a local source (`./…`, `../…`): where to find the `.tf`
   * files for `options.source`.
   */
  folder?: string;
}

export interface PlanParseOptions {
  /**
   * The `.tf` resource that produced an instance, when the configuration is beside the plan: `moduleAddress` is
   * the scope's `module`, `address` the node's id (`aws_s3_bucket.b[0]`, instance key included).
   */
  source?: (moduleAddress: string, address: string) => ResourceNode | undefined;
}

export interface PlanParseResult {
  scopes: PlanScope[];
  diagnostics: Diagnostic[];
}

/** How much of the start of a file `looksLikeTerraformPlan` reads. */
const PLAN_HEAD_CHARS = 64 * 1024;

/** Nesting followed inside one resource's values; deeper parts are kept as they are in the plan. */
const MAX_VALUE_DEPTH = 256;

/** References read from one configuration expression. */
const MAX_REFERENCES = 256;

const UNKNOWN_TEXT = '(known after apply)';

/**
 * Whether a `.json` file is a Terraform plan (or state) in `terraform show -json` form: a JSON object whose first
 * characters hold `format_version` and one of `planned_values`, `resource_changes`, `terraform_version`.
 */
export function looksLikeTerraformPlan(text: string): boolean {
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (start < text.length && isJsonWhitespace(text.charCodeAt(start))) start++;
  if (text.charCodeAt(start) !== 0x7b /* { */) return false;
  const head = text.slice(start, start + PLAN_HEAD_CHARS);
  return /"format_version"\s*:/.test(head) && /"(?:planned_values|resource_changes|terraform_version)"\s*:/.test(head);
}

function isJsonWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** Reads a plan; never throws. Delete-only (and forget-only) changes and deposed objects are not judged. */
export function parseTerraformPlan(file: string, text: string, options: PlanParseOptions = {}): PlanParseResult {
  const parsed = parseJson(file, text);
  if (!parsed.value) return { scopes: [], diagnostics: parsed.diagnostics };
  const reader = new PlanReader(file, options);
  try {
    const scopes = reader.read(parsed.value);
    const diagnostics = [...parsed.diagnostics];
    pushAll(diagnostics, reader.diagnostics);
    return { scopes, diagnostics: capDiagnostics(file, diagnostics) };
  } catch (error) {
    // Not expected: every problem of the input is reported as a diagnostic. Kept so that no plan can break a scan.
    const message = `Internal error while reading the Terraform plan: ${error instanceof Error ? error.message : String(error)}`;
    return { scopes: [], diagnostics: [...parsed.diagnostics, { file, message, severity: 'error', code: 'parse-error' }] };
  }
}

/** Display key of a plan scope in the graph: the plan file for the root module, `plan.json:module.a` for others. */
export function planScopeKey(file: string, module: string): string {
  return module === '' ? file : `${file}:${module}`;
}

/** The plan's scopes as graph input: `Graph.fromScopes(planScopeInputs(file, result.scopes))`. */
export function planScopeInputs(file: string, scopes: readonly PlanScope[]): ScopeInput[] {
  return scopes.map((scope) => ({ key: planScopeKey(file, scope.module), framework: 'terraform', nodes: scope.nodes, module: scope.module }));
}

/** Where the configuration stands at one path of a resource's values. */
type ConfigCursor =
  /** Nothing known: no configuration for the resource, or a part the configuration does not show (`dynamic`). */
  | { kind: 'none' }
  /** The enclosing block's configuration does not write this key: the provider computes it. */
  | { kind: 'unwritten' }
  | { kind: 'block'; node: ObjectNode }
  | { kind: 'blocks'; node: ListNode }
  /** An expression representation (`constant_value` / `references`): it produces everything below it. */
  | { kind: 'expression'; node: ObjectNode };

const NO_CONFIG: ConfigCursor = { kind: 'none' };
const UNWRITTEN: ConfigCursor = { kind: 'unwritten' };

/** Where the `.tf` source stands at one path: a value as written, or a `dynamic` block generating the blocks. */
type SourceCursor = { kind: 'node'; node: ValueNode } | { kind: 'dynamic'; block: ObjectNode };

/** Why a value is unknown: its configuration expression, a provider-computed attribute, or nothing known. */
type UnknownOrigin = 'configured' | 'computed' | 'unconfigured';

class PlanReader {
  readonly diagnostics: Diagnostic[] = [];
  private readonly scopes = new Map<string, PlanScope>();
  /** `resource_changes` by address (current objects only). */
  private readonly changes = new Map<string, ObjectNode>();
  /** Configuration `expressions` by module call path, mode, type and name (`configurationKey`). */
  private readonly configuration = new Map<string, ObjectNode>();
  private hasConfiguration = false;
  private readonly seen = new Set<string>();
  private readonly unknownOrigins = new WeakMap<ExpressionNode, UnknownOrigin>();
  private readonly dynamicBlocksByObject = new WeakMap<ObjectNode, Map<string, ObjectNode>>();
  private readonly callPaths = new Map<string, string | undefined>();
  /** Local module folders by module call path (`''` for the root module). */
  private readonly folders = new Map<string, string>();
  /** The argument expressions of each module call, by the call path of the module it calls. */
  private readonly callArguments = new Map<string, ObjectNode>();

  constructor(
    private readonly file: string,
    private readonly options: PlanParseOptions,
  ) {}

  read(root: ValueNode): PlanScope[] {
    if (root.kind !== 'object') {
      this.problem(root.range, `A Terraform plan is a JSON object; this file holds ${describeKind(root)}`, 'error');
      return [];
    }
    const version = root.entries.get('format_version')?.value;
    if (version?.kind === 'literal' && typeof version.value === 'string' && !/^[01](\.|$)/.test(version.value)) {
      this.problem(version.range, `Unsupported plan format_version ${JSON.stringify(version.value)}: s3lint reads format 1.x; the file is not scanned`, 'error', 'plan-format');
      return [];
    }
    // `terraform show -json` of a state file has `values` where a plan has `planned_values`.
    const planned = this.object(root, 'planned_values') ?? this.object(root, 'values');
    const changes = this.list(root, 'resource_changes');
    if (!planned && !changes) {
      this.problem(root.range, 'No planned_values or resource_changes: this is not the output of terraform show -json', 'error', 'plan-format');
      return [];
    }
    this.indexChanges(changes);
    const configuration = this.object(root, 'configuration');
    const configuredRoot = this.object(configuration, 'root_module');
    this.hasConfiguration = configuredRoot !== undefined;
    this.indexConfiguration(configuredRoot);

    this.walkModules(this.object(planned, 'root_module'), (entry, module) => this.readResource(entry, this.object(entry, 'values'), module));
    // Instances a plan lists only as changes (hand-made or older plans): their `after` is the planned value.
    for (const [address, change] of this.changes) {
      if (this.seen.has(address)) continue;
      const module = stringAt(change, 'module_address') ?? '';
      this.readResource(change, this.object(this.object(change, 'change'), 'after'), module);
    }
    // Data sources read while planning are in the refreshed prior state, not in the planned values. One the
    // configuration no longer declares is left there until apply: it is not part of the plan.
    const prior = this.object(this.object(root, 'prior_state'), 'values');
    this.walkModules(this.object(prior, 'root_module'), (entry, module) => {
      if (stringAt(entry, 'mode') !== 'data') return;
      if (this.hasConfiguration && !this.configuration.has(this.configurationKeyOf(entry, module) ?? '')) return;
      this.readResource(entry, this.object(entry, 'values'), module);
    });
    return [...this.scopes.values()];
  }

  // ---- indexes --------------------------------------------------------------------------------------------

  private indexChanges(changes: ListNode | undefined): void {
    for (const change of changes?.items ?? []) {
      if (change.kind !== 'object') {
        this.problem(change.range, `Each resource_changes entry is an object; found ${describeKind(change)}`);
        continue;
      }
      // A deposed object is an older object of the instance, always on its way out.
      if (change.entries.has('deposed')) continue;
      const address = stringAt(change, 'address');
      if (address === undefined) {
        this.problem(change.range, 'A resource_changes entry without an "address" string is skipped');
        continue;
      }
      this.changes.set(address, change);
    }
  }

  private indexConfiguration(rootModule: ObjectNode | undefined): void {
    const pending: { module: ObjectNode; path: string; folder: string | undefined }[] = rootModule ? [{ module: rootModule, path: '', folder: '.' }] : [];
    for (let next = pending.pop(); next; next = pending.pop()) {
      if (next.folder !== undefined) this.folders.set(next.path, next.folder);
      for (const resource of this.list(next.module, 'resources')?.items ?? []) {
        if (resource.kind !== 'object') continue;
        const mode = stringAt(resource, 'mode');
        const type = stringAt(resource, 'type');
        const name = stringAt(resource, 'name');
        if (!mode || !type || !name) continue;
        const expressions = resource.entries.get('expressions')?.value;
        const key = configurationKey(next.path, mode, type, name);
        if (!this.configuration.has(key)) this.configuration.set(key, expressions?.kind === 'object' ? expressions : emptyObject(resource.range));
      }
      const calls = this.object(next.module, 'module_calls');
      for (const [name, call] of calls?.entries ?? []) {
        const module = call.value.kind === 'object' ? call.value.entries.get('module')?.value : undefined;
        if (module?.kind !== 'object') continue;
        const source = stringAt(call.value, 'source');
        const local = next.folder !== undefined && source !== undefined && isLocalSource(source);
        const callPath = next.path === '' ? name : `${next.path}\u0000${name}`;
        const expressions = call.value.kind === 'object' ? call.value.entries.get('expressions')?.value : undefined;
        if (expressions?.kind === 'object') this.callArguments.set(callPath, expressions);
        pending.push({ module, path: callPath, folder: local ? path.posix.join(next.folder!, source!) : undefined });
      }
    }
  }

  /** Visits every resource entry of a values representation, module by module, parents first. */
  private walkModules(rootModule: ObjectNode | undefined, visit: (entry: ObjectNode, module: string) => void): void {
    const pending: { module: ObjectNode; address: string }[] = rootModule ? [{ module: rootModule, address: '' }] : [];
    for (let next = pending.pop(); next; next = pending.pop()) {
      for (const entry of this.list(next.module, 'resources')?.items ?? []) {
        if (entry.kind === 'object') visit(entry, next.address);
        else this.problem(entry.range, `Each resources entry is an object; found ${describeKind(entry)}`);
      }
      const children = this.list(next.module, 'child_modules')?.items ?? [];
      for (let index = children.length - 1; index >= 0; index--) {
        const child = children[index]!;
        const address = child.kind === 'object' ? stringAt(child, 'address') : undefined;
        if (child.kind !== 'object' || address === undefined) {
          this.problem(child.range, 'A child_modules entry without an "address" string is skipped');
          continue;
        }
        pending.push({ module: child, address });
      }
    }
  }

  // ---- resources ------------------------------------------------------------------------------------------

  private readResource(entry: ObjectNode, values: ObjectNode | undefined, module: string): void {
    const address = stringAt(entry, 'address');
    const mode = stringAt(entry, 'mode');
    const type = stringAt(entry, 'type');
    const name = stringAt(entry, 'name');
    if (address === undefined || type === undefined || name === undefined || (mode !== 'managed' && mode !== 'data')) {
      this.problem(entry.range, 'A resource without "address", "type", "name" and a "mode" of managed or data is skipped');
      return;
    }
    if (this.seen.has(address)) return;
    this.seen.add(address);
    const change = this.changes.get(address);
    const details = this.object(change, 'change');
    if (isRemovalOnly(details)) return;

    const nodeMode = mode === 'data' ? 'data' : 'resource';
    const id = localAddress(address, module, nodeMode, type, name, entry.entries.get('index')?.value);
    const configKey = this.configurationKeyOf(entry, module);
    const config = configKey === undefined ? undefined : this.configuration.get(configKey);
    const base = values ?? emptyObject(entry.range);
    const planned = this.mergeObject(base, details?.entries.get('after_unknown')?.value, config ? { kind: 'block', node: config } : NO_CONFIG, 0);

    const source = this.options.source?.(module, id);
    const body: ObjectNode = {
      ...(this.withCallerReferences(this.settleObject(planned, source?.body, 0), module) as ObjectNode),
      block: source?.body.block ?? { type: nodeMode, labels: [type, name] },
    };
    const headerRange = entry.entries.get('address')!.value.range;
    const node: ResourceNode = {
      id,
      framework: 'terraform',
      type,
      mode: nodeMode,
      name,
      file: source?.file ?? this.file,
      range: source?.range ?? entry.range,
      headerRange: source?.headerRange ?? headerRange,
      body,
      definition: body,
      references: collectReferences(body),
    };
    let scope = this.scopes.get(module);
    if (!scope) {
      const callPath = this.callPath(module);
      const folder = callPath === undefined ? undefined : this.folders.get(callPath);
      scope = { module, nodes: [], addresses: new Map(), ...(folder !== undefined ? { folder } : {}) };
      this.scopes.set(module, scope);
    }
    scope.nodes.push(node);
    scope.addresses.set(node, address);
  }

  private configurationKeyOf(entry: ObjectNode, module: string): string | undefined {
    const callPath = this.callPath(module);
    const [mode, type, name] = [stringAt(entry, 'mode'), stringAt(entry, 'type'), stringAt(entry, 'name')];
    return callPath === undefined || !mode || !type || !name ? undefined : configurationKey(callPath, mode, type, name);
  }

  /**
   * An unknown value a module computes from an input (`bucket = var.bucket`) also refers to what the calling module
   * passed (`aws_s3_bucket.b.id`), qualified with the caller's scope, so the views link it to the caller's bucket.
   */
  private withCallerReferences(node: ValueNode, module: string): ValueNode {
    if (module === '') return node;
    return mapExpressions(node, (expression) => {
      const inputs = expression.references.filter((reference) => reference.startsWith('var.'));
      const passed = inputs.flatMap((reference) => this.callerReferences(module, reference.slice(4), 0));
      return passed.length === 0 ? expression : { ...expression, references: [...new Set([...expression.references, ...passed])] };
    });
  }

  /** What the call of `module` passes as input `name`, as references qualified with the caller's scope; inputs the caller takes from its own caller are followed. */
  private callerReferences(module: string, name: string, depth: number): string[] {
    const callPath = this.callPath(module);
    const argument = callPath === undefined ? undefined : this.callArguments.get(callPath)?.entries.get(name)?.value;
    const parent = parentModule(module);
    if (argument?.kind !== 'object' || parent === undefined || depth > 8) return [];
    const references = normalizeReferences(stringsAt(argument, 'references'));
    return references.flatMap((reference) =>
      reference.startsWith('var.') && parent !== ''
        ? this.callerReferences(parent, reference.slice(4), depth + 1)
        : [`${planScopeKey(this.file, parent)}${QUALIFIER}${reference}`],
    );
  }

  /** The module call names of a module instance address, as the configuration index spells them. */
  private callPath(module: string): string | undefined {
    if (!this.callPaths.has(module)) {
      const calls = moduleCalls(module);
      if (calls === undefined) this.problem(undefined, `Unreadable module address ${JSON.stringify(module)}: its resources are read without configuration`);
      this.callPaths.set(module, calls?.join('\u0000'));
    }
    return this.callPaths.get(module);
  }

  // ---- unknown values -------------------------------------------------------------------------------------

  /** The planned value with the unknown parts `after_unknown` marks put back as expression nodes. */
  private merge(value: ValueNode | undefined, unknown: ValueNode | undefined, config: ConfigCursor, depth: number): ValueNode | undefined {
    if (unknown === undefined || depth > MAX_VALUE_DEPTH) return value;
    const absent = value === undefined || (value.kind === 'literal' && value.value === null);
    switch (unknown.kind) {
      case 'literal':
        return unknown.value === true ? this.unknownValue(unknown.range, config) : value;
      case 'object':
        if (value?.kind === 'object') return this.mergeObject(value, unknown, config, depth);
        return absent && unknown.entries.size > 0 ? this.mergeObject(emptyObject(unknown.range), unknown, config, depth) : value;
      case 'list': {
        if (value?.kind !== 'list' && !absent) return value;
        const known = value?.kind === 'list' ? value.items : [];
        const count = Math.max(known.length, unknown.items.length);
        const items: ValueNode[] = [];
        for (let index = 0; index < count; index++) {
          const item = this.merge(known[index], unknown.items[index], descend(config, index), depth + 1);
          items.push(item ?? { kind: 'literal', value: null, range: unknown.items[index]?.range ?? unknown.range });
        }
        return { kind: 'list', items, range: value?.range ?? unknown.range };
      }
      default:
        return value;
    }
  }

  private mergeObject(value: ObjectNode, unknown: ValueNode | undefined, config: ConfigCursor, depth: number): ObjectNode {
    if (unknown?.kind !== 'object' || unknown.entries.size === 0 || depth > MAX_VALUE_DEPTH) return value;
    const entries = new Map<string, ObjectEntry>();
    for (const [key, entry] of value.entries) {
      const merged = this.merge(entry.value, unknown.entries.get(key)?.value, descend(config, key), depth + 1);
      entries.set(key, merged === entry.value || merged === undefined ? entry : { key, keyRange: entry.keyRange, value: merged });
    }
    // Unknown attributes are omitted from the planned values: they come back at their `after_unknown` position.
    for (const [key, entry] of unknown.entries) {
      if (entries.has(key)) continue;
      const merged = this.merge(undefined, entry.value, descend(config, key), depth + 1);
      if (merged) entries.set(key, { key, keyRange: entry.keyRange, value: merged });
    }
    return { ...value, entries };
  }

  private unknownValue(range: SourceRange, config: ConfigCursor): ExpressionNode {
    let references: string[] = [];
    let origin: UnknownOrigin = 'unconfigured';
    if (config.kind === 'expression') {
      references = stringsAt(config.node, 'references');
      origin = 'configured';
    } else if (config.kind === 'block' || config.kind === 'blocks') {
      references = configurationReferences(config.node);
      origin = 'configured';
    } else if (config.kind === 'unwritten') {
      origin = 'computed';
    }
    const node: ExpressionNode = { kind: 'expression', text: unknownText(references), range, references: normalizeReferences(references) };
    this.unknownOrigins.set(node, origin);
    return node;
  }

  // ---- settling: what is kept, and where it points --------------------------------------------------------

  /**
   * Walks the planned value and the `.tf` source together by key path (lists of blocks by index): each value takes
   * the position where the source writes it, else keeps its plan position. Unknown values the source (or, without
   * source, the configuration) does not write are computed by the provider and left out.
   */
  private settle(node: ValueNode, source: SourceCursor | undefined, depth: number): ValueNode {
    if (depth > MAX_VALUE_DEPTH) return node;
    if (source === undefined) {
      if (node.kind === 'object') return this.settleObject(node, undefined, depth);
      if (node.kind === 'list') return { ...node, items: node.items.map((item) => this.settle(item, undefined, depth + 1)) };
      return node;
    }
    if (source.kind === 'dynamic') {
      // Every generated block comes from the `content` of the `dynamic` block.
      const content = firstObject(source.block.entries.get('content')?.value);
      const inner: SourceCursor | undefined = content ? { kind: 'node', node: content } : undefined;
      if (node.kind === 'list') return { kind: 'list', range: source.block.range, items: node.items.map((item) => this.relocatedOr(item, inner, source.block, depth)) };
      return this.relocatedOr(node, inner, source.block, depth);
    }
    const written = source.node;
    switch (node.kind) {
      case 'literal':
        return settledLiteral(node, written);
      case 'expression':
        return written.kind === 'expression'
          ? { ...node, text: written.text, range: written.range, references: mergeSorted(node.references, written.references) }
          : { ...node, range: written.range };
      case 'object': {
        const object = written.kind === 'object' ? written : written.kind === 'list' && written.items.length === 1 ? firstObject(written) : undefined;
        return object ? this.settleObject(node, object, depth) : relocate(node, written, depth);
      }
      case 'list': {
        if (written.kind === 'list') {
          return { kind: 'list', range: written.range, items: node.items.map((item, index) => this.settle(item, index < written.items.length ? { kind: 'node', node: written.items[index]! } : undefined, depth + 1)) };
        }
        if (written.kind === 'object' && node.items.length === 1) return { kind: 'list', range: written.range, items: [this.settle(node.items[0]!, source, depth + 1)] };
        return relocate(node, written, depth);
      }
    }
  }

  private relocatedOr(node: ValueNode, inner: SourceCursor | undefined, block: ObjectNode, depth: number): ValueNode {
    return inner ? this.settle(node, inner, depth + 1) : relocate(node, block, depth);
  }

  private settleObject(node: ObjectNode, written: ObjectNode | undefined, depth: number): ObjectNode {
    const entries = new Map<string, ObjectEntry>();
    for (const [key, entry] of node.entries) {
      let keyRange = entry.keyRange;
      let source: SourceCursor | undefined;
      const writtenEntry = written?.entries.get(key);
      const dynamic = written && !writtenEntry ? this.dynamicBlock(written, key) : undefined;
      if (writtenEntry) {
        keyRange = writtenEntry.keyRange;
        source = { kind: 'node', node: writtenEntry.value };
      } else if (dynamic) {
        keyRange = lineRange(dynamic.range, `dynamic "${key}"`.length);
        source = { kind: 'dynamic', block: dynamic };
      }
      if (entry.value.kind === 'expression' && !source && this.leftOut(entry.value, written !== undefined)) continue;
      entries.set(key, { key, keyRange, value: this.settle(entry.value, source, depth + 1) });
    }
    return { ...node, entries, range: written?.range ?? node.range };
  }

  /** An unknown value nobody writes: computed by the provider, absent as in the `.tf` file. */
  private leftOut(node: ExpressionNode, sourceKnown: boolean): boolean {
    const origin = this.unknownOrigins.get(node);
    return origin === 'computed' || (origin === 'unconfigured' && sourceKnown);
  }

  private dynamicBlock(written: ObjectNode, key: string): ObjectNode | undefined {
    let byLabel = this.dynamicBlocksByObject.get(written);
    if (!byLabel) {
      byLabel = new Map();
      const blocks = written.entries.get('dynamic')?.value;
      for (const block of blocks?.kind === 'list' ? blocks.items : []) {
        const label = block.kind === 'object' ? block.block?.labels[0] : undefined;
        if (block.kind === 'object' && label !== undefined && !byLabel.has(label)) byLabel.set(label, block);
      }
      this.dynamicBlocksByObject.set(written, byLabel);
    }
    return byLabel.get(key);
  }

  // ---- shape helpers --------------------------------------------------------------------------------------

  private object(node: ValueNode | undefined, key: string): ObjectNode | undefined {
    const value = node?.kind === 'object' ? node.entries.get(key)?.value : undefined;
    if (value === undefined || value.kind === 'object') return value;
    if (!(value.kind === 'literal' && value.value === null)) this.problem(value.range, `"${key}" should be an object; found ${describeKind(value)}`);
    return undefined;
  }

  private list(node: ValueNode | undefined, key: string): ListNode | undefined {
    const value = node?.kind === 'object' ? node.entries.get(key)?.value : undefined;
    if (value === undefined || value.kind === 'list') return value;
    if (!(value.kind === 'literal' && value.value === null)) this.problem(value.range, `"${key}" should be an array; found ${describeKind(value)}`);
    return undefined;
  }

  private problem(range: SourceRange | undefined, message: string, severity: 'error' | 'warning' = 'warning', code = 'plan-shape'): void {
    const at = range ? ` at ${range.start.line}:${range.start.column}` : '';
    this.diagnostics.push({ file: this.file, message: `${message}${at}`, severity, code, ...(range ? { location: range } : {}) });
  }
}

// ---- values ---------------------------------------------------------------------------------------------------

function emptyObject(range: SourceRange): ObjectNode {
  return { kind: 'object', entries: new Map(), range };
}

function firstObject(node: ValueNode | undefined): ObjectNode | undefined {
  if (node?.kind === 'object') return node;
  const first = node?.kind === 'list' ? node.items[0] : undefined;
  return first?.kind === 'object' ? first : undefined;
}

function stringAt(node: ValueNode | undefined, key: string): string | undefined {
  const value = node?.kind === 'object' ? node.entries.get(key)?.value : undefined;
  return value?.kind === 'literal' && typeof value.value === 'string' ? value.value : undefined;
}

function stringsAt(node: ObjectNode, key: string): string[] {
  const value = node.entries.get(key)?.value;
  if (value?.kind !== 'list') return [];
  const strings: string[] = [];
  for (const item of value.items) {
    if (strings.length >= MAX_REFERENCES) break;
    if (item.kind === 'literal' && typeof item.value === 'string') strings.push(item.value);
  }
  return strings;
}

function describeKind(node: ValueNode): string {
  if (node.kind === 'literal') return node.value === null ? 'null' : `a ${typeof node.value}`;
  return node.kind === 'list' ? 'an array' : `an ${node.kind}`;
}

/** `["delete"]` and `["forget"]`: the instance will not exist after the plan is applied. */
function isRemovalOnly(change: ObjectNode | undefined): boolean {
  const actions = change?.entries.get('actions')?.value;
  if (actions?.kind !== 'list' || actions.items.length === 0) return false;
  return actions.items.every((item) => item.kind === 'literal' && (item.value === 'delete' || item.value === 'forget'));
}

/** A plan literal at the position of the source value that produced it; a policy keeps the source's decoded tree. */
function settledLiteral(node: LiteralNode, written: ValueNode): LiteralNode {
  const decoded = written.kind === 'literal' && written.decoded && typeof node.value === 'string' && typeof written.value === 'string' && sameJson(node.value, written.value) ? written.decoded : undefined;
  return decoded ? { ...node, range: written.range, decoded } : { ...node, range: written.range };
}

/**
 * Every part of `node` at the position of `written`: the source writes the whole value as one expression
 * (`tags = var.tags`), so that expression is where its parts come from.
 */
function relocate(node: ValueNode, written: ValueNode, depth: number): ValueNode {
  const range = written.range;
  if (depth > MAX_VALUE_DEPTH) return { ...node, range };
  switch (node.kind) {
    case 'literal':
      return { ...node, range };
    case 'expression':
      return written.kind === 'expression'
        ? { ...node, text: written.text, range, references: mergeSorted(node.references, written.references) }
        : { ...node, range };
    case 'list':
      return { kind: 'list', range, items: node.items.map((item) => relocate(item, written, depth + 1)) };
    case 'object': {
      const entries = new Map<string, ObjectEntry>();
      for (const [key, entry] of node.entries) entries.set(key, { key, keyRange: range, value: relocate(entry.value, written, depth + 1) });
      return { ...node, entries, range };
    }
  }
}

/** Two JSON texts with the same value, object key order aside (Terraform's `jsonencode` sorts keys). */
function sameJson(left: string, right: string): boolean {
  if (left === right) return true;
  try {
    return sameValue(JSON.parse(left) as unknown, JSON.parse(right) as unknown);
  } catch {
    return false; // not JSON, or nested too deeply to compare
  }
}

function sameValue(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (Array.isArray(left)) return Array.isArray(right) && left.length === right.length && left.every((item, index) => sameValue(item, right[index]));
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null || Array.isArray(right)) return false;
  const leftKeys = Object.keys(left);
  if (leftKeys.length !== Object.keys(right).length) return false;
  return leftKeys.every((key) => Object.hasOwn(right, key) && sameValue((left as Record<string, unknown>)[key], (right as Record<string, unknown>)[key]));
}

function mergeSorted(left: readonly string[], right: readonly string[]): string[] {
  return [...new Set([...left, ...right])].sort();
}

// ---- configuration --------------------------------------------------------------------------------------------

function configurationKey(callPath: string, mode: string, type: string, name: string): string {
  return `${callPath}\u0001${mode}\u0001${type}.${name}`;
}

function classify(node: ValueNode | undefined): ConfigCursor {
  if (node === undefined) return UNWRITTEN;
  if (node.kind === 'list') return { kind: 'blocks', node };
  if (node.kind !== 'object') return NO_CONFIG;
  return node.entries.has('references') || node.entries.has('constant_value') ? { kind: 'expression', node } : { kind: 'block', node };
}

/** The configuration one step down a value path: an attribute or nested block by key, a block of a list by index. */
function descend(config: ConfigCursor, step: string | number): ConfigCursor {
  switch (config.kind) {
    case 'expression':
      return config;
    case 'block':
      return typeof step === 'string' ? classify(config.node.entries.get(step)?.value) : NO_CONFIG;
    case 'blocks': {
      const item = typeof step === 'number' ? config.node.items[step] : undefined;
      return item?.kind === 'object' ? classify(item) : NO_CONFIG;
    }
    default:
      // Below a key the configuration does not write (a `dynamic` block, or a partly known computed block), nothing is known.
      return NO_CONFIG;
  }
}

/** The references of every expression in a configuration block: a whole block is unknown. */
function configurationReferences(node: ValueNode): string[] {
  const found: string[] = [];
  const pending: ValueNode[] = [node];
  for (let next = pending.pop(); next && found.length < MAX_REFERENCES; next = pending.pop()) {
    if (next.kind === 'list') pushAll(pending, next.items);
    if (next.kind !== 'object') continue;
    if (next.entries.has('references') || next.entries.has('constant_value')) found.push(...stringsAt(next, 'references'));
    else for (const entry of next.entries.values()) pending.push(entry.value);
  }
  return found.slice(0, MAX_REFERENCES);
}

// ---- addresses ------------------------------------------------------------------------------------------------

/** The address within its module: `aws_s3_bucket.b["logs"]`, `data.aws_iam_policy_document.p`. */
function localAddress(address: string, module: string, mode: 'resource' | 'data', type: string, name: string, index: ValueNode | undefined): string {
  const local = module === '' ? address : address.startsWith(`${module}.`) ? address.slice(module.length + 1) : undefined;
  const base = mode === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
  if (local !== undefined && (local === base || local.startsWith(`${base}[`))) return local;
  if (index?.kind === 'literal' && typeof index.value === 'number') return `${base}[${index.value}]`;
  if (index?.kind === 'literal' && typeof index.value === 'string') return `${base}[${JSON.stringify(index.value)}]`;
  return base;
}

/** The call names of a module instance address: `module.a["x"].module.b` → `["a", "b"]`; undefined when unreadable. */
/** The address of the module instance that calls `module` (`''` for the root), from `module.a["x"].module.b`. */
function parentModule(module: string): string | undefined {
  const last = module.lastIndexOf('.module.');
  if (last >= 0) return module.slice(0, last);
  return module.startsWith('module.') ? '' : undefined;
}

export function moduleCalls(address: string): string[] | undefined {
  const calls: string[] = [];
  let position = 0;
  while (position < address.length) {
    if (calls.length > 0) {
      if (address[position] !== '.') return undefined;
      position++;
    }
    if (!address.startsWith('module.', position)) return undefined;
    position += 'module.'.length;
    const nameStart = position;
    while (position < address.length && isNameCharacter(address.charCodeAt(position))) position++;
    if (position === nameStart) return undefined;
    calls.push(address.slice(nameStart, position));
    if (address[position] === '[') {
      const end = instanceKeyEnd(address, position);
      if (end === undefined) return undefined;
      position = end;
    }
  }
  return calls;
}

function isNameCharacter(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f || code === 0x2d;
}

/** The position just after the instance key `[0]` or `["k"]` that opens at `start`. */
function instanceKeyEnd(text: string, start: number): number | undefined {
  let position = start + 1;
  if (text[position] === '"') {
    position++;
    while (position < text.length && text[position] !== '"') position += text[position] === '\\' ? 2 : 1;
    position++;
  } else {
    while (position < text.length && text[position] !== ']') position++;
  }
  return text[position] === ']' ? position + 1 : undefined;
}

/** Roots whose address is the root and one name, with no instance key: `var.x`, `each.value`, `module.m`. */
const VALUE_ROOTS = new Set(['var', 'local', 'each', 'count', 'path', 'terraform', 'self', 'module']);

/**
 * Terraform's configuration references in the form the HCL reader gives (`aws_s3_bucket.b`, `var.x`,
 * `each.value`, `module.m`), plus the instance a reference names (`aws_s3_bucket.b[0]`), deduplicated and sorted.
 */
export function normalizeReferences(references: readonly string[]): string[] {
  const found = new Set<string>();
  for (const reference of references.slice(0, MAX_REFERENCES)) {
    const parsed = referenceAddress(reference);
    if (!parsed) continue;
    found.add(parsed.address);
    if (parsed.instance) found.add(parsed.instance);
  }
  return [...found].sort();
}

function referenceAddress(reference: string): { address: string; instance?: string } | undefined {
  const names: string[] = [];
  let position = 0;
  const wanted = (root: string): number => (root === 'data' ? 3 : 2);
  while (position < reference.length) {
    const start = position;
    while (position < reference.length && isNameCharacter(reference.charCodeAt(position))) position++;
    if (position === start) return undefined;
    names.push(reference.slice(start, position));
    if (names.length === wanted(names[0]!)) break;
    if (reference[position] !== '.') return undefined;
    position++;
  }
  if (names.length !== wanted(names[0] ?? '')) return undefined;
  const address = names.join('.');
  if (reference[position] !== '[' || VALUE_ROOTS.has(names[0]!)) return { address };
  const end = instanceKeyEnd(reference, position);
  return end === undefined ? { address } : { address, instance: reference.slice(0, end) };
}

/**
 * The text of an unknown value: the reference it comes from (`aws_s3_bucket.b.id`), as written in the configuration.
 * Terraform lists each reference with its shorter forms after it (`aws_s3_bucket.b`); only the longest are named.
 */
function unknownText(references: readonly string[]): string {
  const named: string[] = [];
  for (const reference of references) {
    const implied = named.some((longer) => longer.startsWith(reference) && (longer[reference.length] === '.' || longer[reference.length] === '['));
    if (implied || named.includes(reference)) continue;
    named.push(reference);
    if (named.length === 8) break;
  }
  if (named.length === 0) return UNKNOWN_TEXT;
  if (named.length === 1) return named[0]!;
  return `${UNKNOWN_TEXT}: ${named.join(', ')}`;
}
