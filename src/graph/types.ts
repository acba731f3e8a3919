/**
 * The framework-neutral model every parser produces and every rule reads.
 * Positions are 1-based; columns count UTF-16 code units from the start of the line, as editors and SARIF do.
 */

export interface Position {
  line: number;
  column: number;
}

/** A span of source text. `file` is the display path: relative to the working directory, with `/` separators. */
export interface SourceRange {
  file: string;
  start: Position;
  end: Position;
}

export type Framework = 'terraform' | 'cloudformation';

export type Severity = 'error' | 'warning' | 'note';

/** A problem that is not a finding: unreadable or invalid input, configuration, notes about what was not scanned. */
export interface Diagnostic {
  file: string;
  message: string;
  severity: Severity;
  location?: SourceRange;
  /** Stable machine id of the kind of problem, such as `parse-error`, `read-error`, `file-too-large`. */
  code: string;
}

/**
 * A positioned value tree. Parsers fold what they know statically into literal, list and object nodes; whatever
 * depends on input that is not known statically stays an expression node.
 */
export type ValueNode = LiteralNode | ListNode | ObjectNode | ExpressionNode;

export interface LiteralNode {
  kind: 'literal';
  value: string | number | boolean | null;
  range: SourceRange;
  /** For a string built by Terraform's `jsonencode(…)`: the encoded value tree, with the positions of its source. */
  decoded?: ValueNode;
}

export interface ListNode {
  kind: 'list';
  items: ValueNode[];
  range: SourceRange;
  /**
   * A Terraform set (made by `toset`): no index, iterated with each value as its key. A flag on the node rather than
   * a side table, so that copies (repositioned or qualified values, module inputs) stay sets.
   */
  set?: true;
}

export interface ObjectEntry {
  key: string;
  keyRange: SourceRange;
  value: ValueNode;
}

export interface ObjectNode {
  kind: 'object';
  /** Insertion-ordered. Terraform nested blocks appear as a list of object nodes under their block type. */
  entries: Map<string, ObjectEntry>;
  range: SourceRange;
  /** Set when this object is a Terraform block body (`versioning { … }`), with the block's labels. */
  block?: { type: string; labels: string[] };
}

export interface ExpressionNode {
  kind: 'expression';
  /** The expression's source text, as written (Terraform: without a `${ }` wrapper). */
  text: string;
  range: SourceRange;
  /** Addresses the expression refers to: `aws_s3_bucket.logs`, `var.name`, `local.x`, `data.aws_iam_policy_document.p`, CloudFormation logical ids. */
  references: string[];
  /**
   * Framework-specific syntax tree, for evaluators (Terraform: the HCL expression AST). Rules never read it.
   */
  ast?: unknown;
  /** For `jsonencode(…)` whose argument is partly unknown: the encoded value tree, unknown parts as expression nodes. */
  decoded?: ValueNode;
}

export interface ResourceNode {
  /** Terraform address (`aws_s3_bucket.site`, `data.aws_iam_policy_document.p`) or CloudFormation logical id. */
  id: string;
  framework: Framework;
  /** `aws_s3_bucket`, `AWS::S3::Bucket`. */
  type: string;
  /** Terraform: `resource` or `data`. CloudFormation: always `resource`. */
  mode: 'resource' | 'data';
  /** Terraform resource name; CloudFormation logical id. */
  name: string;
  file: string;
  /** The whole definition. */
  range: SourceRange;
  /** Where a finding about the resource as a whole points: the Terraform block header, the CloudFormation logical id key. */
  headerRange: SourceRange;
  /** Terraform: the block body. CloudFormation: `Properties` (an empty object at `range` when absent). */
  body: ObjectNode;
  /** CloudFormation: the whole resource mapping (`DeletionPolicy`, `Metadata`, `Condition`). Terraform: the body again. */
  definition: ObjectNode;
  /** Every address the resource refers to, deduplicated. */
  references: string[];
  /**
   * Terraform: for a resource a module call creates, the headers of the `module` blocks that lead to it, outermost
   * first. Findings list them as related locations, and a suppression on a module block covers them.
   */
  moduleCalls?: SourceRange[];
  /**
   * CloudFormation templates synthesized by the AWS CDK: the construct path of the resource
   * (`Metadata.aws:cdk:path`, such as `DataStack/Uploads/Resource`), which names it in the CDK app.
   */
  constructPath?: string;
}
