import type { Framework, ResourceNode, SourceRange, ValueNode } from './types.js';

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
}

export interface ScopeInput {
  key: string;
  framework: Framework;
  nodes: ResourceNode[];
  symbols?: Map<string, ValueNode>;
  files?: string[];
  providers?: SourceRange[];
}

/** A Terraform reference without its instance key: `aws_s3_bucket.b[0]` and `aws_s3_bucket.b["k"]` name `aws_s3_bucket.b`. */
export function resourceAddress(reference: string): string {
  const bracket = reference.indexOf('[');
  return bracket < 0 ? reference : reference.slice(0, bracket);
}

export class Graph {
  readonly scopes: readonly Scope[];
  private readonly scopeByNode = new Map<ResourceNode, Scope>();

  constructor(scopes: Scope[]) {
    this.scopes = scopes;
    for (const scope of scopes) for (const node of scope.nodes) this.scopeByNode.set(node, scope);
  }

  static fromScopes(entries: ScopeInput[]): Graph {
    return new Graph(
      entries.map(({ key, framework, nodes, symbols, files, providers }) => ({
        key,
        framework,
        nodes,
        byId: new Map(nodes.map((n) => [n.id, n])),
        symbols: symbols ?? new Map(),
        files: files ?? [...new Set(nodes.map((node) => node.file))],
        providers: providers ?? [],
      })),
    );
  }

  get nodes(): ResourceNode[] {
    return this.scopes.flatMap((scope) => scope.nodes);
  }

  scopeOf(node: ResourceNode): Scope {
    const scope = this.scopeByNode.get(node);
    if (!scope) throw new Error(`resource ${node.id} is not in the graph`);
    return scope;
  }

  /** The resource an address names, in the same scope as `from`; an instance key (`[0]`, `["k"]`) names the resource. */
  resolve(from: ResourceNode, address: string): ResourceNode | undefined {
    return this.scopeOf(from).byId.get(resourceAddress(address));
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
