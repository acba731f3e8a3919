import type { Framework, ResourceNode } from './types.js';

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
}

export class Graph {
  readonly scopes: readonly Scope[];
  private readonly scopeByNode = new Map<ResourceNode, Scope>();

  constructor(scopes: Scope[]) {
    this.scopes = scopes;
    for (const scope of scopes) for (const node of scope.nodes) this.scopeByNode.set(node, scope);
  }

  static fromScopes(entries: { key: string; framework: Framework; nodes: ResourceNode[] }[]): Graph {
    return new Graph(
      entries.map(({ key, framework, nodes }) => ({ key, framework, nodes, byId: new Map(nodes.map((n) => [n.id, n])) })),
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

  /** The resource an address names, in the same scope as `from`. */
  resolve(from: ResourceNode, address: string): ResourceNode | undefined {
    return this.scopeOf(from).byId.get(address);
  }

  ofType(...types: string[]): ResourceNode[] {
    const wanted = new Set(types);
    return this.nodes.filter((node) => wanted.has(node.type));
  }
}
