import { push } from '../collections.js';
import type { Framework, ResourceNode, SourceRange, ValueNode } from './types.js';
import { releaseSyntaxTrees } from './values.js';

/**
 * A scope is where references resolve: one Terraform module folder, or one CloudFormation template.
 * Addresses repeat across scopes (two folders may both define `aws_s3_bucket.this`), never within one.
 */
export interface Scope {
  /** The module folder or template file, as a display path. */
  key: string;
  framework: Framework;
  nodes: ResourceNode[];
  byId: Map<string, ResourceNode>;
  /** Named values of the scope: Terraform `local.x` and `var.x` (its default), for following references. */
  symbols: Map<string, ValueNode>;
  /** The scope's files, as display paths. */
  files: string[];
  /** Terraform `provider "aws"` block headers: where the project's account-level findings may attach. */
  providers: SourceRange[];
  /** Terraform: the module instance's address (`module.logs`), `''` for a root module and for CloudFormation. */
  module: string;
  /** Resources by address without instance key, for references that name no instance or an unknown one. */
  instances: Map<string, ResourceNode[]>;
}

export interface ScopeInput {
  key: string;
  framework: Framework;
  nodes: ResourceNode[];
  symbols?: Map<string, ValueNode>;
  files?: string[];
  providers?: SourceRange[];
  module?: string;
}

/**
 * Separates a scope key from an address in a reference that crossed a Terraform module boundary
 * (`examples/complete module.logs::aws_s3_bucket.this`): it resolves in that scope, not the referrer's.
 */
export const QUALIFIER = '::';

/** A reference without the scope qualifier a module boundary gave it: what it names, wherever it resolves. */
export function unqualified(reference: string): string {
  const qualifier = reference.lastIndexOf(QUALIFIER);
  return qualifier < 0 ? reference : reference.slice(qualifier + QUALIFIER.length);
}

/** A Terraform reference without its instance key: `aws_s3_bucket.b[0]` and `aws_s3_bucket.b["k"]` name `aws_s3_bucket.b`. */
export function resourceAddress(reference: string): string {
  const qualifier = reference.lastIndexOf(QUALIFIER);
  const start = qualifier < 0 ? 0 : qualifier + QUALIFIER.length;
  const bracket = reference.indexOf('[', start);
  return bracket < 0 ? reference : reference.slice(0, bracket);
}

/** A Terraform resource's address without module path or instance key: what a reference to it names. */
export function blockAddress(node: ResourceNode): string {
  return node.mode === 'data' ? `data.${node.type}.${node.name}` : `${node.type}.${node.name}`;
}

/** `[0]`, `["k"]`, or `''`: the instance key at the end of a resource address. */
function instanceKey(address: string): string {
  const bracket = address.indexOf('[');
  return bracket < 0 ? '' : address.slice(bracket);
}

/** A resource's address inside its module: `module.logs.aws_s3_bucket.this[0]` is `aws_s3_bucket.this[0]` in `module.logs`. */
export function localAddress(id: string, module: string): string {
  return module !== '' && id.startsWith(`${module}.`) ? id.slice(module.length + 1) : id;
}

export class Graph {
  readonly scopes: readonly Scope[];
  private readonly scopeByNode = new Map<ResourceNode, Scope>();
  private readonly scopeByKey = new Map<string, Scope>();

  constructor(scopes: Scope[]) {
    this.scopes = scopes;
    for (const scope of scopes) {
      for (const node of scope.nodes) this.scopeByNode.set(node, scope);
      if (!this.scopeByKey.has(scope.key)) this.scopeByKey.set(scope.key, scope);
    }
  }

  static fromScopes(entries: ScopeInput[]): Graph {
    return new Graph(
      entries.map(({ key, framework, nodes, symbols, files, providers, module = '' }) => {
        const byId = new Map(nodes.map((node) => [localAddress(node.id, module), node]));
        const instances = new Map<string, ResourceNode[]>();
        for (const [id, node] of byId) {
          const base = resourceAddress(id);
          push(instances, base, node);
        }
        return {
          key,
          framework,
          nodes,
          byId,
          symbols: symbols ?? new Map(),
          files: files ?? [...new Set(nodes.map((node) => node.file))],
          providers: providers ?? [],
          module,
          instances,
        };
      }),
    );
  }

  /** Drops the evaluators' syntax trees from every value of the graph: once it is built, nothing evaluates again. */
  releaseSyntaxTrees(): void {
    const seen = new Set<ValueNode>();
    for (const scope of this.scopes) {
      for (const node of scope.nodes) {
        releaseSyntaxTrees(node.body, seen);
        releaseSyntaxTrees(node.definition, seen);
      }
      for (const value of scope.symbols.values()) releaseSyntaxTrees(value, seen);
    }
  }

  private allNodes: ResourceNode[] | undefined;

  /** Every resource of every scope (scopes do not change once the graph is built). */
  get nodes(): ResourceNode[] {
    this.allNodes ??= this.scopes.flatMap((scope) => scope.nodes);
    return this.allNodes;
  }

  scopeOf(node: ResourceNode): Scope {
    const scope = this.scopeByNode.get(node);
    if (!scope) throw new Error(`resource ${node.id} is not in the graph`);
    return scope;
  }

  /**
   * The resource an address names, in the same scope as `from`. An address without instance key names the one
   * instance there is, else the instance with the same key as `from` (resources iterating over the same
   * collection), else the first.
   */
  resolve(from: ResourceNode, reference: string): ResourceNode | undefined {
    const qualifier = reference.lastIndexOf(QUALIFIER);
    const scope = qualifier < 0 ? this.scopeOf(from) : this.scopeByKey.get(reference.slice(0, qualifier));
    if (!scope) return undefined;
    const address = qualifier < 0 ? reference : reference.slice(qualifier + QUALIFIER.length);
    const exact = scope.byId.get(address);
    if (exact) return exact;
    const instances = scope.instances.get(resourceAddress(address));
    if (!instances || instances.length === 0) return undefined;
    if (instances.length === 1) return instances[0];
    const key = instanceKey(localAddress(from.id, scope.module));
    return instances.find((node) => instanceKey(localAddress(node.id, scope.module)) === key) ?? instances[0];
  }

  /** A named value (`local.x`, `var.x`) in the scope of `from`. */
  symbol(from: ResourceNode, address: string): ValueNode | undefined {
    return this.scopeOf(from).symbols.get(address);
  }

  ofType(...types: string[]): ResourceNode[] {
    const wanted = new Set(types);
    return this.nodes.filter((node) => wanted.has(node.type));
  }
}
