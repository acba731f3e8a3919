/**
 * Evaluates Terraform modules the way `terraform plan` would see them, as far as the code fixes the values:
 * variables get their values (tfvars, `--var`, the calling `module` block, else the default), locals are
 * evaluated, `count` and `for_each` expand into instances, `dynamic` blocks expand over known collections, and
 * module calls whose code is on disk are expanded into child instances with addresses like
 * `module.logs.aws_s3_bucket.this[0]`.
 *
 * Positions: a value that comes from an input (a variable's value or default, wherever it is written) is reported
 * where the module uses it, so a finding points at the line inside the module and the `module` call is a related
 * location. Values from the module's own code (literals, locals) keep their own positions.
 */
import path from 'node:path';
import type { Diagnostic, ExpressionNode, ListNode, LiteralNode, ObjectEntry, ObjectNode, ResourceNode, SourceRange, ValueNode } from '../../src/graph/types.js';
import { evaluate, type Scope } from './hcl/evaluate.js';
import type { Expression } from './hcl/ast.js';
import { expressionNode, isHclAst } from './hcl/to-value.js';
import { QUALIFIER } from '../../src/graph/graph.js';
import { blockAddressOf, collectReferences, headerRange, resourceBlocks, resourceNode, terraformProviders, type ResourceBlock, type TerraformFileBody } from './module.js';
import { withTypeDefaults } from './variable-types.js';
import { mapExpressions } from '../../src/graph/values.js';

/** One evaluated module instance: the root module, or one instance of a module call. */
export interface ModuleInstance {
  /** `''` for the root module, else `module.a`, `module.a["x"].module.b`. */
  address: string;
  /** The key of the instance's graph scope: the root folder, or the root folder and the address. */
  scopeKey: string;
  /** The module's folder, as a display path. */
  folder: string;
  /** The root module folder this instance belongs to. */
  root: string;
  files: TerraformFileBody[];
  nodes: ResourceNode[];
  /** Evaluated locals (`local.x`) and variable values (`var.x`), for views that follow names. */
  symbols: Map<string, ValueNode>;
  providers: SourceRange[];
  /** The headers of the `module` blocks that lead here, outermost first (empty for a root module). */
  calls: SourceRange[];
}

export interface ExpansionResult {
  instances: ModuleInstance[];
  /** Module calls that could not be expanded, one note per source. */
  diagnostics: Diagnostic[];
}

export interface ModuleCallSite {
  name: string;
  /** The literal `source`, when it is one. */
  source?: string;
  file: string;
  headerRange: SourceRange;
  block: ObjectNode;
}

/** Where the code of modules lives; the engine loads it before expansion. */
export interface ModuleResolver {
  /** The folder (display path) a call's source names, when its code is on disk and loaded. */
  folderOf(call: { callerFolder: string; root: string; keyPath: readonly string[]; source: string }): string | undefined;
  /** The parsed files of a loaded folder. */
  files(folder: string): TerraformFileBody[] | undefined;
}

/** How many instances one `count`/`for_each` expands into; beyond it, the block is judged once with unknown keys. */
export const MAX_INSTANCES = 64;
/** How deep module calls nest before expansion stops (cycles stop earlier). */
export const MAX_MODULE_DEPTH = 12;
/** Module instances one root may expand into, all levels together. */
const MAX_MODULE_INSTANCES = 512;

const META_ARGUMENTS = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

/** A local module source: `./x`, `../x` (Terraform also treats a bare `.` or `..` as local). */
export function isLocalSource(source: string): boolean {
  return /^\.\.?(\/|$)/.test(source);
}

/** The `module "name" { … }` blocks of a module's files. */
export function moduleCallSites(files: readonly TerraformFileBody[]): ModuleCallSite[] {
  const calls: ModuleCallSite[] = [];
  for (const { file, body } of files) {
    const blocks = body.entries.get('module')?.value;
    for (const block of blocks?.kind === 'list' ? blocks.items : []) {
      if (block.kind !== 'object' || !block.block?.labels[0]) continue;
      const name = block.block.labels[0];
      const source = block.entries.get('source')?.value;
      calls.push({
        name,
        source: source?.kind === 'literal' && typeof source.value === 'string' ? source.value : undefined,
        file,
        headerRange: headerRange(block.range, 'module', name),
        block,
      });
    }
  }
  return calls;
}

/**
 * Expands one root module. `inputs` are the root's variable values (tfvars, `--var-file`, `--var`), by name.
 */
export function expandRoot(
  folder: string,
  files: TerraformFileBody[],
  inputs: ReadonlyMap<string, ValueNode>,
  resolver: ModuleResolver,
  tracker: BlockTracker = new BlockTracker(),
): ExpansionResult {
  const expander = new Expander(tracker);
  expander.expand(new ModuleContext({ address: '', folder, files, inputs, calls: [], keyPath: [], ancestors: [folder] }, folder, resolver, { instances: 1 }));
  return { instances: expander.instances, diagnostics: expander.finish() };
}

/**
 * Which resource and module blocks produced an instance, across every root that uses them: a block that never
 * does (`count = 0` for every caller) creates nothing, and suppressions aimed at it have nothing to silence.
 */
export class BlockTracker {
  // Blocks are known by their range, one object per parsed block: holding the blocks would keep every file's tree
  // alive until all roots are expanded.
  private readonly seen = new Set<SourceRange>();
  private readonly created = new Set<SourceRange>();

  see(block: ObjectNode): void {
    this.seen.add(block.range);
  }

  create(block: ObjectNode): void {
    this.created.add(block.range);
  }

  createsNothing(): SourceRange[] {
    return [...this.seen].filter((range) => !this.created.has(range));
  }
}

interface InstanceRequest {
  address: string;
  folder: string;
  files: TerraformFileBody[];
  inputs: ReadonlyMap<string, ValueNode>;
  calls: SourceRange[];
  /** Module names from the root, as `.terraform/modules/modules.json` keys them. */
  keyPath: string[];
  /** Folders of the instances above this one, for stopping on cycles. */
  ancestors: string[];
}

/** The values an iteration binds: `count.index`, `each.key`/`each.value`, a dynamic block's iterator. */
type Bindings = ReadonlyMap<string, ValueNode>;

class Expander {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly unexpanded = new Map<string, { call: ModuleCallSite; names: Set<string> }>();
  readonly instances: ModuleInstance[] = [];

  constructor(private readonly tracker: BlockTracker) {}

  finish(): Diagnostic[] {
    for (const { call, names } of this.unexpanded.values()) {
      const what = call.source === undefined ? 'its source is not a literal' : `source ${JSON.stringify(call.source)}`;
      const why = call.source !== undefined && isLocalSource(call.source)
        ? 'its folder holds no Terraform files'
        : 'its code is not on disk (run `terraform init` to download it; s3lint never fetches modules)';
      this.diagnostics.push({
        file: call.file,
        code: 'module-not-expanded',
        severity: 'note',
        location: call.headerRange,
        message: `${[...names].join(', ')} (${what}) is not expanded: ${why}, so the resources it creates are not judged`,
      });
    }
    this.unexpanded.clear();
    return this.diagnostics;
  }

  expand(context: ModuleContext): void {
    const request = context.request;
    const nodes = context.resourceBlocks.flatMap((resource) => this.resourceInstances(context, resource));
    this.instances.push({
      address: request.address,
      scopeKey: context.scopeKey,
      folder: request.folder,
      root: context.root,
      files: request.files,
      nodes,
      symbols: context.symbols(),
      providers: terraformProviders(request.files),
      calls: request.calls,
    });
    for (const call of context.callSites) {
      this.tracker.see(call.block);
      const children = context.childInstances(call);
      if ('problem' in children) {
        this.tracker.create(call.block);
        if (children.problem === undefined) this.noteUnexpanded(call);
        else this.diagnostics.push({ file: call.file, code: 'module-not-expanded', severity: 'note', location: call.headerRange, message: `module.${call.name} is not expanded: ${children.problem}` });
        continue;
      }
      for (const child of children.instances) {
        this.tracker.create(call.block);
        this.expand(child.context);
      }
    }
  }

  private resourceInstances(context: ModuleContext, resource: ResourceBlock): ResourceNode[] {
    const { block } = resource;
    this.tracker.see(block);
    const prefix = context.request.address === '' ? '' : `${context.request.address}.`;
    const nodes: ResourceNode[] = [];
    for (const instance of iterations(block, context)) {
      const body = context.evaluateBody(block, instance.bindings, instance.replaced);
      const node = resourceNode(resource, `${prefix}${blockAddressOf(resource)}${instance.key}`, body);
      nodes.push(context.request.calls.length > 0 ? { ...node, moduleCalls: context.request.calls } : node);
    }
    if (nodes.length > 0) this.tracker.create(block);
    return nodes;
  }

  /** One note per module source the scan cannot see, naming every call of it. */
  private noteUnexpanded(call: ModuleCallSite): void {
    const key = `${call.file}\u0000${call.source ?? call.name}`;
    const entry = this.unexpanded.get(key) ?? { call, names: new Set<string>() };
    entry.names.add(`module.${call.name}`);
    this.unexpanded.set(key, entry);
  }
}

type ChildInstances =
  | { instances: { key: string; context: ModuleContext }[]; iterated: 'count' | 'for_each' | undefined }
  | { problem: string | undefined };

/** The graph scope key of a module instance: the root folder, then the address. */
export function moduleScopeKey(root: string, address: string): string {
  return address === '' ? root : `${root} ${address}`;
}

/** Roots that are not resource types: their traversals name no resource instance. */
const NOT_RESOURCE = /^(var|local|each|count|path|self|terraform|module)\./;

/** Calls `visit` on each direct sub-expression. */
function forEachChild(expression: Expression, visit: (child: Expression) => void): void {
  switch (expression.type) {
    case 'Traversal':
      visit(expression.source);
      for (const step of expression.steps) if (step.kind === 'index') visit(step.key);
      return;
    case 'Template':
      for (const part of expression.parts) if (part.type === 'Interpolation') visit(part.expression);
      return;
    case 'FunctionCall':
      expression.args.forEach(visit);
      return;
    case 'Tuple':
      expression.items.forEach(visit);
      return;
    case 'Object':
      for (const item of expression.items) visit(item.value);
      return;
    case 'Conditional':
      visit(expression.condition);
      visit(expression.trueResult);
      visit(expression.falseResult);
      return;
    case 'Binary':
      visit(expression.left);
      visit(expression.right);
      return;
    case 'Unary':
      visit(expression.operand);
      return;
    case 'Parentheses':
      visit(expression.expression);
      return;
    default:
      return;
  }
}

/** Names bound where they are used, not where they were written: they are never qualified. */
const UNSCOPED = /^(each|count|path|self|terraform)\./;

/** Named values whose own references a reference to them stands for. */
const NAMED_VALUE = /^(var|local|module)\./;

/** How many named values deep the references of an unknown value are followed. */
const MAX_REFERENCE_DEPTH = 6;


/**
 * References of unknown values that cross a module boundary (an input, an output) are qualified with the scope they
 * were written in, `<scope key>::aws_s3_bucket.this`, so that the graph resolves them there.
 */
function qualify(node: ValueNode, scopeKey: string): ValueNode {
  return mapExpressions(node, (expression) => {
    // Without its syntax tree: evaluated again on the other side, `local.bucket_id` would read that module's local.
    const { ast: _written, ...crossing } = expression;
    return {
      ...crossing,
      references: expression.references.map((reference) => (UNSCOPED.test(reference) || reference.includes(QUALIFIER) ? reference : `${scopeKey}${QUALIFIER}${reference}`)),
    };
  });
}

interface Iteration {
  /** `''`, `[0]`, `["key"]`. */
  key: string;
  bindings: Bindings;
  /** The meta-argument replaced by its evaluated value in the instance's body. */
  replaced: Map<string, ValueNode>;
}

/** The instances a block with `count` or `for_each` creates; one with unknown keys when the collection is unknown. */
function iterations(block: ObjectNode, context: ModuleContext): Iteration[] {
  const count = block.entries.get('count')?.value;
  if (count) {
    const evaluated = context.evaluateValue(count, new Map());
    // `--var n=2` arrives as a string; Terraform converts it to the number `count` needs.
    const value = evaluated.kind === 'literal' && typeof evaluated.value === 'string' && /^\d+$/.test(evaluated.value) ? { ...evaluated, value: Number(evaluated.value) } : evaluated;
    if (value.kind === 'literal' && (value.value === null || value.value === 0)) return [];
    if (value.kind === 'literal' && typeof value.value === 'number' && Number.isInteger(value.value) && value.value > 0 && value.value <= MAX_INSTANCES) {
      return Array.from({ length: value.value }, (_, index) => ({
        key: `[${index}]`,
        bindings: new Map([['count.index', literal(index, count.range)]]),
        replaced: new Map([['count', value]]),
      }));
    }
    return [{ key: '', bindings: new Map(), replaced: value.kind === 'expression' ? new Map() : new Map([['count', value]]) }];
  }
  const forEach = block.entries.get('for_each')?.value;
  if (forEach) {
    const value = context.evaluateValue(forEach, new Map());
    const pairs = collectionPairs(value) ?? context.resourceCollection(forEach);
    if (pairs === undefined || pairs.length > MAX_INSTANCES) return [{ key: '', bindings: new Map(), replaced: new Map() }];
    return pairs.map(([key, item]) => ({
      key: `[${JSON.stringify(key)}]`,
      bindings: new Map([
        ['each.key', literal(key, forEach.range)],
        ['each.value', item],
      ]),
      replaced: new Map([['for_each', value]]),
    }));
  }
  return [{ key: '', bindings: new Map(), replaced: new Map() }];
}

/**
 * `for_each = aws_s3_bucket.b`: one instance per instance of that resource, with its key; `each.value` (the
 * resource's attributes) stays unknown and refers to the instance.
 */
function resourceIterationPairs(context: ModuleContext, forEach: ValueNode, depth: number): [string, ValueNode][] | undefined {
  if (forEach.kind !== 'expression' || depth > 4) return undefined;
  const ast = forEach.ast;
  if (!isHclAst(ast) || ast.expression.type !== 'Traversal' || ast.expression.source.type !== 'Variable') return undefined;
  const steps = ast.expression.steps;
  if (steps.length !== 1 || steps[0]!.kind !== 'attr') return undefined;
  const address = `${ast.expression.source.name}.${steps[0]!.name}`;
  const block = context.resourceBlock(address);
  if (!block) return undefined;
  const keys = instanceKeys(block, context, depth + 1);
  return keys?.map((key) => [key, { ...forEach, text: `${address}[${JSON.stringify(key)}]`, references: [address] }]);
}

/** The string keys of a resource block's instances, when they are known. */
function instanceKeys(block: ObjectNode, context: ModuleContext, depth: number): string[] | undefined {
  const forEach = block.entries.get('for_each')?.value;
  if (!forEach) return undefined;
  const pairs = collectionPairs(context.evaluateValue(forEach, new Map())) ?? resourceIterationPairs(context, forEach, depth);
  return pairs?.map(([key]) => key);
}

/**
 * The key and value of each element of a known `for_each` collection: a map's entries, or a set of strings (each
 * string is its own key). Undefined when the collection, or a set element, is not known.
 */
function collectionPairs(value: ValueNode): [string, ValueNode][] | undefined {
  if (value.kind === 'object') return [...value.entries.values()].map((entry) => [entry.key, entry.value]);
  if (value.kind === 'list') {
    const pairs: [string, ValueNode][] = [];
    for (const item of value.items) {
      if (item.kind !== 'literal' || typeof item.value !== 'string') return undefined;
      pairs.push([item.value, item]);
    }
    return pairs;
  }
  return undefined;
}

/** The evaluation context of one module instance: its inputs, locals and the positions of its inputs. */
class ModuleContext {
  private readonly defaults = new Map<string, ValueNode>();
  private readonly nonNullable = new Set<string>();
  /** Each variable's `type` constraint, and its value once bound (optional attributes filled in). */
  private readonly types = new Map<string, ValueNode>();
  private readonly variables = new Map<string, ValueNode | undefined>();
  private readonly localNodes = new Map<string, ValueNode>();
  private readonly locals = new Map<string, ValueNode | undefined>();
  private readonly ownFiles: Set<string>;
  /** Resource blocks by address (`aws_s3_bucket.b`), for `for_each = aws_s3_bucket.b`. */
  private readonly resources = new Map<string, ObjectNode>();
  /** Variable default values: written in this module, but inputs all the same. */
  private readonly defaultRanges: SourceRange[] = [];

  readonly scopeKey: string;
  /** The module's `module` blocks: read once, asked for by every `module.x` reference and by expansion. */
  readonly callSites: ModuleCallSite[];
  /** The module's `resource` and `data` blocks, read once. */
  readonly resourceBlocks: ResourceBlock[];
  private readonly children = new Map<string, ChildInstances | 'computing'>();
  private outputValues: ObjectNode | undefined | 'computing';

  constructor(
    readonly request: InstanceRequest,
    readonly root: string,
    private readonly resolver: ModuleResolver,
    /** Module instances created for this root so far, all levels together: outputs create them too. */
    private readonly created: { instances: number },
  ) {
    this.scopeKey = moduleScopeKey(root, request.address);
    this.callSites = moduleCallSites(request.files);
    this.resourceBlocks = resourceBlocks(request.files);
    this.ownFiles = new Set(request.files.map((file) => file.file));
    for (const { body } of request.files) {
      for (const block of blocksOf(body, 'variable')) {
        const name = block.block?.labels[0];
        const nullable = block.entries.get('nullable')?.value;
        if (name !== undefined && nullable?.kind === 'literal' && nullable.value === false) this.nonNullable.add(name);
        const type = block.entries.get('type')?.value;
        if (name !== undefined && type) this.types.set(name, type);
        const fallback = block.entries.get('default')?.value;
        if (name === undefined || fallback === undefined) continue;
        this.defaults.set(name, fallback);
        this.defaultRanges.push(fallback.range);
      }
      for (const block of blocksOf(body, 'locals')) {
        for (const [name, entry] of block.entries) this.localNodes.set(name, entry.value);
      }
    }
    for (const resource of this.resourceBlocks) if (resource.mode === 'resource') this.resources.set(blockAddressOf(resource), resource.block);
  }

  /**
   * The instances of a module call, with their inputs evaluated here. `problem` is undefined when the module's code is
   * not on disk, else why it is not expanded. Computed once, for the call's outputs and for expansion alike.
   */
  childInstances(call: ModuleCallSite): ChildInstances {
    const known = this.children.get(call.name);
    if (known === 'computing') return { problem: 'its inputs depend on its own outputs' };
    if (known) return known;
    this.children.set(call.name, 'computing');
    const result = this.computeChildren(call);
    this.children.set(call.name, result);
    return result;
  }

  private computeChildren(call: ModuleCallSite): ChildInstances {
    const request = this.request;
    const keyPath = [...request.keyPath, call.name];
    const folder = call.source === undefined ? undefined : this.resolver.folderOf({ callerFolder: request.folder, root: this.root, keyPath, source: call.source });
    const files = folder === undefined ? undefined : this.resolver.files(folder);
    if (folder === undefined || files === undefined) return { problem: undefined };
    if (request.ancestors.includes(folder)) return { problem: `${folder} calls itself through its own modules` };
    if (request.ancestors.length > MAX_MODULE_DEPTH) return { problem: `modules nest more than ${MAX_MODULE_DEPTH} levels deep` };
    const iterated = iterations(call.block, this);
    if (this.created.instances + iterated.length > MAX_MODULE_INSTANCES) {
      return { problem: `the root module ${this.root} would create more than ${MAX_MODULE_INSTANCES} module instances` };
    }
    this.created.instances += iterated.length;
    const instances = iterated.map((instance) => {
      const body = this.evaluateBody(call.block, instance.bindings, instance.replaced);
      const inputs = new Map<string, ValueNode>();
      // What stays unknown refers to this module's resources: qualified, so the child's views find them here.
      for (const [key, entry] of body.entries) if (!META_ARGUMENTS.has(key)) inputs.set(key, qualify(entry.value, this.scopeKey));
      const address = `${request.address === '' ? '' : `${request.address}.`}module.${call.name}${instance.key}`;
      const context = new ModuleContext(
        { address, folder, files, inputs, calls: [...request.calls, call.headerRange], keyPath, ancestors: [...request.ancestors, folder] },
        this.root,
        this.resolver,
        this.created,
      );
      return { key: instance.key, context };
    });
    return { instances, iterated: call.block.entries.has('for_each') ? 'for_each' : call.block.entries.has('count') ? 'count' : undefined };
  }

  /** `module.NAME`: the call's outputs; a map of them by key for `for_each`, a list for `count`. */
  private moduleValue(name: string): ValueNode | undefined {
    const call = this.callSites.find((site) => site.name === name);
    if (!call) return undefined;
    const children = this.childInstances(call);
    if ('problem' in children) return undefined;
    const outputs = children.instances.map((child) => [child.key, child.context.outputs()] as const);
    if (outputs.some(([, value]) => value === undefined)) return undefined;
    // An iterated call whose collection is unknown has one instance without key: its outputs' shape is unknown.
    if (children.iterated !== undefined && outputs.some(([key]) => key === '')) return undefined;
    const range = call.headerRange;
    if (children.iterated === 'count') return { kind: 'list', items: outputs.map(([, value]) => value!), range };
    if (children.iterated === 'for_each') {
      const entries = new Map<string, ObjectEntry>();
      for (const [key, value] of outputs) {
        const name = JSON.parse(key.slice(1, -1)) as string;
        entries.set(name, { key: name, keyRange: range, value: value! });
      }
      return { kind: 'object', entries, range };
    }
    return outputs[0]?.[1];
  }

  /** The module's `output` values, evaluated; what stays unknown is qualified with this instance's scope. */
  outputs(): ObjectNode | undefined {
    if (this.outputValues === 'computing') return undefined;
    if (this.outputValues) return this.outputValues;
    this.outputValues = 'computing';
    const entries = new Map<string, ObjectEntry>();
    let range: SourceRange | undefined;
    for (const { body } of this.request.files) {
      for (const block of blocksOf(body, 'output')) {
        const name = block.block?.labels[0];
        const value = block.entries.get('value');
        if (name === undefined || !value) continue;
        range ??= block.range;
        entries.set(name, { key: name, keyRange: value.keyRange, value: qualify(this.evaluateValue(value.value, new Map(), false), this.scopeKey) });
      }
    }
    const outputs: ObjectNode = { kind: 'object', entries, range: range ?? this.request.calls.at(-1) ?? { file: this.request.folder, start: { line: 1, column: 1 }, end: { line: 1, column: 1 } } };
    this.outputValues = outputs;
    return outputs;
  }

  resourceBlock(address: string): ObjectNode | undefined {
    return this.resources.get(address);
  }

  /** `for_each` over another resource of the module: that resource's instance keys. */
  resourceCollection(forEach: ValueNode): [string, ValueNode][] | undefined {
    return resourceIterationPairs(this, forEach, 0);
  }

  /** Evaluated locals and the variables' values, for the graph's symbol table. */
  symbols(): Map<string, ValueNode> {
    const symbols = new Map<string, ValueNode>();
    for (const name of this.localNodes.keys()) {
      const value = this.local(name);
      if (value) symbols.set(`local.${name}`, value);
    }
    for (const name of new Set([...this.defaults.keys(), ...this.request.inputs.keys()])) {
      const value = this.variable(name);
      if (value) symbols.set(`var.${name}`, value);
    }
    return symbols;
  }

  private variable(name: string): ValueNode | undefined {
    if (this.variables.has(name)) return this.variables.get(name);
    const given = this.request.inputs.get(name);
    // A null input stays null, unless the variable says `nullable = false`: then Terraform uses the default.
    const value = given && !(given.kind === 'literal' && given.value === null && this.nonNullable.has(name)) ? given : this.defaults.get(name);
    const typed = value === undefined ? undefined : withTypeDefaults(value, this.types.get(name));
    this.variables.set(name, typed);
    return typed;
  }

  /** Each local is evaluated once per instance; a cycle leaves it unknown. */
  private local(name: string): ValueNode | undefined {
    if (this.locals.has(name)) return this.locals.get(name);
    const node = this.localNodes.get(name);
    if (!node) return undefined;
    this.locals.set(name, undefined);
    const value = this.evaluateValue(node, new Map(), false);
    this.locals.set(name, value);
    return value;
  }

  private scope(bindings: Bindings): Scope {
    return {
      lookup: (address) => {
        const bound = bindings.get(address);
        if (bound) return bound;
        if (address.startsWith('var.')) return this.variable(address.slice(4));
        if (address.startsWith('local.')) return this.local(address.slice(6));
        if (address.startsWith('module.')) return this.moduleValue(address.slice(7));
        if (address === 'path.module') return literal(this.request.folder, undefined);
        if (address === 'path.root') return literal(this.root, undefined);
        return undefined;
      },
    };
  }

  /**
   * Evaluates a value: expression nodes against this instance's scope, containers walked. A computed value that
   * comes from an input takes the position of the expression that uses it (`reposition`).
   */
  evaluateValue(node: ValueNode, bindings: Bindings, reposition = true): ValueNode {
    switch (node.kind) {
      case 'literal':
        return node;
      case 'expression': {
        const value = evaluate(node, this.scope(bindings));
        const evaluated = value === node ? this.followReference(node, bindings, reposition) : reposition ? this.atUse(value, node.range) : value;
        return this.withUnderlyingReferences(evaluated, bindings);
      }
      case 'list': {
        const items = node.items.map((item) => (item.kind === 'object' && item.block ? this.evaluateBody(item, bindings) : this.evaluateValue(item, bindings, reposition)));
        return items.every((item, index) => item === node.items[index]) ? node : { ...node, items };
      }
      case 'object':
        return node.block ? this.evaluateBody(node, bindings) : this.evaluateEntries(node, bindings, reposition);
    }
  }

  /**
   * What stays unknown also names what it was computed from: `local.bucket_id` whose value is
   * `aws_s3_bucket.this.id` refers to `aws_s3_bucket.this` too, and `module.logs.id` to the module's bucket. The views
   * link by references, so they find the resource however many names and functions stand between.
   */
  private withUnderlyingReferences(value: ValueNode, bindings: Bindings): ValueNode {
    return mapExpressions(value, (node) => {
      const keyed = this.instanceReferences(node, bindings);
      const named = node.references.some((reference) => NAMED_VALUE.test(reference));
      if (!keyed && !named) return node;
      const direct = keyed ? [...keyed.values(), ...node.references.filter((reference) => !keyed.has(reference))] : node.references;
      const references = named ? this.underlyingReferences(direct, bindings, 0) : direct;
      return { ...node, references };
    });
  }

  /**
   * `aws_s3_bucket.b[1].id`, `aws_s3_bucket.b[each.key].arn` with the key known here: the reference names that
   * instance (`aws_s3_bucket.b[1]`, `aws_s3_bucket.b["logs"]`), so the views link to it and not to the first one.
   * Keyed addresses by the plain address they refine; undefined when the expression indexes no resource by a known key.
   */
  private instanceReferences(node: ExpressionNode, bindings: Bindings): Map<string, string> | undefined {
    const ast = node.ast;
    if (!isHclAst(ast)) return undefined;
    let keyed: Map<string, string> | undefined;
    const visit = (expression: Expression): void => {
      if (expression.type === 'Traversal' && expression.source.type === 'Variable' && !NOT_RESOURCE.test(`${expression.source.name}.`)) {
        const length = expression.source.name === 'data' ? 2 : 1;
        const names = expression.steps.slice(0, length);
        const index = expression.steps[length];
        if (names.every((step) => step.kind === 'attr') && index?.kind === 'index') {
          const key = evaluate(expressionNode(index.key, ast.source), this.scope(bindings));
          if (key.kind === 'literal' && (typeof key.value === 'number' || typeof key.value === 'string')) {
            const address = [expression.source.name, ...names.map((step) => (step.kind === 'attr' ? step.name : ''))].join('.');
            (keyed ??= new Map()).set(address, `${address}[${typeof key.value === 'number' ? key.value : JSON.stringify(key.value)}]`);
          }
        }
      }
      forEachChild(expression, visit);
    };
    visit(ast.expression);
    return keyed;
  }

  private underlyingReferences(references: readonly string[], bindings: Bindings, depth: number): string[] {
    const found = new Set<string>(references);
    if (depth > MAX_REFERENCE_DEPTH) return [...found];
    for (const reference of references) {
      if (!NAMED_VALUE.test(reference)) continue;
      const value = this.scope(bindings).lookup(reference);
      if (!value) continue;
      for (const underlying of this.underlyingReferences(collectReferences(value), bindings, depth + 1)) found.add(underlying);
    }
    return [...found];
  }

  /**
   * `bucket = var.bucket` whose value is itself unknown (`aws_s3_bucket.this.id` in the caller): the value's
   * expression, whose references tell the views which resource it names. Other unknown expressions stay as written.
   */
  private followReference(node: ExpressionNode, bindings: Bindings, reposition: boolean, depth = 0): ValueNode {
    const reference = wholeReference(node);
    if (reference === undefined || depth > 8) return node;
    let value = this.scope(bindings).lookup(reference.address);
    for (const key of reference.path) {
      if (value?.kind === 'object') value = value.entries.get(String(key))?.value;
      else if (value?.kind === 'list' && typeof key === 'number') value = value.items[key];
      else value = undefined;
    }
    if (value?.kind !== 'expression' || value === node) return node;
    const followed = this.followReference(value, bindings, reposition, depth + 1);
    return reposition ? this.atUse(followed, node.range) : followed;
  }

  private evaluateEntries(node: ObjectNode, bindings: Bindings, reposition: boolean): ObjectNode {
    let changed = false;
    const entries = new Map<string, ObjectEntry>();
    for (const [key, entry] of node.entries) {
      const value = this.evaluateValue(entry.value, bindings, reposition);
      changed ||= value !== entry.value;
      entries.set(key, value === entry.value ? entry : { ...entry, value });
    }
    return changed ? { ...node, entries } : node;
  }

  /**
   * A block body with its expressions evaluated and its `dynamic` blocks expanded over known collections. A dynamic
   * block over an unknown collection stays as written (rules report what it would set as unknown).
   */
  evaluateBody(block: ObjectNode, bindings: Bindings, replaced: ReadonlyMap<string, ValueNode> = new Map()): ObjectNode {
    const entries = new Map<string, ObjectEntry>();
    const generated: [string, ObjectNode, SourceRange][] = [];
    let changed = false;
    for (const [key, entry] of block.entries) {
      const replacement = replaced.get(key);
      if (replacement) {
        entries.set(key, { ...entry, value: replacement });
        changed = true;
        continue;
      }
      if (key === 'dynamic' && entry.value.kind === 'list') {
        const kept: ValueNode[] = [];
        for (const dynamic of entry.value.items) {
          const expanded = dynamic.kind === 'object' ? this.expandDynamic(dynamic, bindings) : undefined;
          if (expanded === undefined) kept.push(dynamic);
          else for (const generatedBlock of expanded.blocks) generated.push([expanded.type, generatedBlock, entry.keyRange]);
        }
        // An expanded dynamic block is gone even when it generated nothing (a known empty collection).
        changed ||= kept.length < entry.value.items.length;
        if (kept.length > 0) entries.set(key, kept.length === entry.value.items.length ? entry : { ...entry, value: { ...entry.value, items: kept } });
        continue;
      }
      const value = this.evaluateValue(entry.value, bindings);
      changed ||= value !== entry.value;
      entries.set(key, value === entry.value ? entry : { ...entry, value });
    }
    // Nothing evaluated to anything new: the block as parsed serves every instance (memory for large scans).
    if (!changed && generated.length === 0) return block;
    for (const [type, generatedBlock, keyRange] of generated) {
      const existing = entries.get(type);
      // A new list: the parsed one may be shared by other instances and must not grow.
      if (existing === undefined) entries.set(type, { key: type, keyRange, value: { kind: 'list', items: [generatedBlock], range: generatedBlock.range } });
      else if (existing.value.kind === 'list') entries.set(type, { ...existing, value: { ...existing.value, items: [...existing.value.items, generatedBlock] } });
    }
    return { ...block, entries };
  }

  /** The blocks a `dynamic "type"` block generates, or undefined when its collection is not known. */
  private expandDynamic(dynamic: ObjectNode, bindings: Bindings): { type: string; blocks: ObjectNode[] } | undefined {
    const type = dynamic.block?.labels[0];
    const forEach = dynamic.entries.get('for_each')?.value;
    const content = dynamic.entries.get('content')?.value;
    const template = content?.kind === 'list' ? content.items[0] : undefined;
    if (type === undefined || forEach === undefined || template?.kind !== 'object') return undefined;
    const iterator = iteratorName(dynamic.entries.get('iterator')?.value) ?? type;
    const collection = this.evaluateValue(forEach, bindings);
    const pairs = dynamicPairs(collection);
    if (pairs === undefined || pairs.length > MAX_INSTANCES) return undefined;
    const blocks = pairs.map(([key, value]) => {
      const inner = new Map(bindings);
      inner.set(`${iterator}.key`, key);
      inner.set(`${iterator}.value`, value);
      const body = this.evaluateBody(template, inner);
      return { ...body, block: { type, labels: [] } };
    });
    return { type, blocks };
  }

  /** The value repositioned where it is used, for every part that comes from an input. */
  private atUse(value: ValueNode, use: SourceRange): ValueNode {
    const isInput = (range: SourceRange): boolean => !this.ownFiles.has(range.file) || this.defaultRanges.some((input) => contains(input, range));
    return reposition(value, use, isInput);
  }
}

function reposition(node: ValueNode, use: SourceRange, isInput: (range: SourceRange) => boolean): ValueNode {
  const range = isInput(node.range) ? use : node.range;
  switch (node.kind) {
    case 'literal':
    case 'expression': {
      const decoded = node.decoded ? reposition(node.decoded, use, isInput) : undefined;
      if (range === node.range && decoded === node.decoded) return node;
      return { ...node, range, ...(decoded ? { decoded } : {}) } as LiteralNode | ExpressionNode;
    }
    case 'list': {
      const items = node.items.map((item) => reposition(item, use, isInput));
      if (range === node.range && items.every((item, index) => item === node.items[index])) return node;
      return { ...node, range, items } satisfies ListNode;
    }
    case 'object': {
      let changed = range !== node.range;
      const entries = new Map<string, ObjectEntry>();
      for (const [key, entry] of node.entries) {
        const value = reposition(entry.value, use, isInput);
        const keyRange = isInput(entry.keyRange) ? use : entry.keyRange;
        changed ||= value !== entry.value || keyRange !== entry.keyRange;
        entries.set(key, { key, keyRange, value });
      }
      return changed ? { ...node, range, entries } : node;
    }
  }
}

/** The keys and values a dynamic block iterates over: list indexes or map keys. */
function dynamicPairs(collection: ValueNode): [ValueNode, ValueNode][] | undefined {
  // A set's key is the value itself, as in Terraform; a list's is the index.
  if (collection.kind === 'list') return collection.items.map((item, index) => [collection.set ? item : literal(index, item.range), item]);
  if (collection.kind === 'object') return [...collection.entries.values()].map((entry) => [literal(entry.key, entry.keyRange), entry.value]);
  if (collection.kind === 'literal' && collection.value === null) return [];
  return undefined;
}

/**
 * The named value an expression consists of, when it is nothing but a reference (`var.x`, `local.y`,
 * `module.m.out`, `module.m["k"].out`): its address and the attribute names and literal indexes after it.
 */
function wholeReference(node: ExpressionNode): { address: string; path: (string | number)[] } | undefined {
  const ast = node.ast;
  if (!isHclAst(ast)) return undefined;
  const expression = ast.expression;
  if (expression.type !== 'Traversal' || expression.source.type !== 'Variable') return undefined;
  const root = expression.source.name;
  if (root !== 'var' && root !== 'local' && root !== 'module') return undefined;
  const [first, ...rest] = expression.steps;
  if (first?.kind !== 'attr') return undefined;
  const path: (string | number)[] = [];
  for (const step of rest) {
    if (step.kind === 'attr') path.push(step.name);
    else if (step.kind === 'index' && step.key.type === 'Literal' && (typeof step.key.value === 'string' || typeof step.key.value === 'number')) path.push(step.key.value);
    else if (step.kind === 'index' && step.key.type === 'Template' && step.key.parts.length === 1 && step.key.parts[0]!.type === 'TemplateLiteral') path.push(step.key.parts[0]!.value);
    else return undefined;
  }
  return { address: `${root}.${first.name}`, path };
}

/** `iterator = rule`: a bare name. */
function iteratorName(node: ValueNode | undefined): string | undefined {
  if (node?.kind !== 'expression') return undefined;
  const ast = node.ast;
  return isHclAst(ast) && ast.expression.type === 'Variable' ? ast.expression.name : undefined;
}

function blocksOf(body: ObjectNode, type: string): ObjectNode[] {
  const blocks = body.entries.get(type)?.value;
  return blocks?.kind === 'list' ? blocks.items.filter((item): item is ObjectNode => item.kind === 'object') : [];
}

function literal(value: string | number, range: SourceRange | undefined): LiteralNode {
  return { kind: 'literal', value, range: range ?? { file: '', start: { line: 1, column: 1 }, end: { line: 1, column: 1 } } };
}

function contains(outer: SourceRange, inner: SourceRange): boolean {
  if (outer.file !== inner.file) return false;
  const before = (a: SourceRange['start'], b: SourceRange['start']): boolean => a.line < b.line || (a.line === b.line && a.column <= b.column);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

/** The folder a local module source names, relative to the calling folder (display paths). */
export function localModuleFolder(callerFolder: string, source: string): string {
  return path.posix.normalize(path.posix.join(callerFolder, source)).replace(/\/$/, '') || '.';
}
