/**
 * One normalised model of IAM policy documents, whatever they were written as: JSON strings, heredocs (with
 * interpolations), `jsonencode({...})`, `data "aws_iam_policy_document"`, CloudFormation `PolicyDocument`
 * objects with intrinsics. Every element keeps the position of the text it came from.
 */
import { parseJson } from '../../parsers/json.js';
import { unqualified } from './graph.js';
import type { ObjectNode, ResourceNode, SourceRange, ValueNode } from './types.js';
import { describe, isIntrinsic, objects } from './values.js';

/**
 * Stands for a part of a string that is not known statically. Distinct from a literal `*`: `arn:aws:s3:::` +
 * unknown names one bucket, `arn:aws:s3:::*` names every bucket.
 */
export const UNKNOWN_PART = '\uFFFF';

/** A string in a policy. `value` is set only when fully known; `pattern` has every unknown part as UNKNOWN_PART. */
export interface PolicyString {
  value?: string;
  pattern: string;
  /** As written, for messages. */
  text: string;
  range: SourceRange;
  references: string[];
  /**
   * For an unknown string: whether it comes from an input that could hold anything (a variable, local, parameter,
   * condition), rather than from a resource attribute or mapping, which names one fixed thing (a role ARN).
   */
  fromInput: boolean;
}

export type PrincipalType = 'AWS' | 'Service' | 'Federated' | 'CanonicalUser' | '*' | 'unknown';

export interface PolicyPrincipal {
  type: PrincipalType;
  id: PolicyString;
}

export interface PolicyCondition {
  /** As written, e.g. `StringEquals`, `ForAnyValue:StringLike`, `BoolIfExists`. */
  operator: string;
  key: string;
  values: PolicyString[];
  range: SourceRange;
}

export interface PolicyStatement {
  sid?: string;
  /** Undefined when the effect is not known statically. */
  effect?: 'Allow' | 'Deny';
  principals?: PolicyPrincipal[];
  notPrincipals?: PolicyPrincipal[];
  actions?: PolicyString[];
  notActions?: PolicyString[];
  resources?: PolicyString[];
  notResources?: PolicyString[];
  conditions: PolicyCondition[];
  /** A condition block whose shape is not known statically: the statement may be narrower than it looks. */
  conditionsUnknown: boolean;
  range: SourceRange;
}

/**
 * What tells a statement apart from the others of its document, for fingerprints: its Sid, or else what it says
 * (effect, principals, actions, resources, conditions, without positions or spelling), so that moving or
 * reformatting it keeps the identity of its findings.
 */
export function statementKey(statement: PolicyStatement): string {
  if (statement.sid) return `sid:${statement.sid}`;
  // A string by its value, or by its shape and what it refers to: `!Sub '${Bucket.Arn}/public/*'` and
  // `"${aws_s3_bucket.b.arn}/public/*"` keep their own keys, whatever their quoting or spacing.
  const key = (string: PolicyString) => string.value ?? `${string.pattern} <${string.references.join(',')}>`;
  const keys = (strings: readonly PolicyString[] | undefined) => strings?.map(key) ?? null;
  const principals = (list: readonly PolicyPrincipal[] | undefined) => list?.map((principal) => [principal.type, key(principal.id)]) ?? null;
  return JSON.stringify([
    statement.effect ?? null,
    principals(statement.principals),
    principals(statement.notPrincipals),
    keys(statement.actions),
    keys(statement.notActions),
    keys(statement.resources),
    keys(statement.notResources),
    statement.conditions.map((condition) => [condition.operator, condition.key, keys(condition.values)]),
  ]);
}

export interface PolicyDocument {
  statements: PolicyStatement[];
  range: SourceRange;
  /** False when some statements could not be read (a conditional, an unresolved source document). */
  complete: boolean;
}

export type PolicyResult = { document: PolicyDocument } | { unresolved: string; range: SourceRange };

/** Looks up what a Terraform address names in the policy's module: `data.aws_iam_policy_document.x`, `local.policy`. */
export interface AddressResolver {
  resource(address: string): ResourceNode | undefined;
  symbol(address: string): ValueNode | undefined;
  /** The resolver of another resource's module: a document data source may sit in the module that passed it in. */
  of?(node: ResourceNode): AddressResolver;
}

const POLICY_DOCUMENT_DATA = 'data.aws_iam_policy_document.';

/** Reads a policy from the value of a `policy` attribute or `PolicyDocument` property. */
export function readPolicy(node: ValueNode, resolve: AddressResolver, depth = 0): PolicyResult {
  if (depth > 8) return { unresolved: 'policy documents nest too deeply', range: node.range };
  if (node.kind === 'literal') {
    if (node.decoded) return fromTree(node.decoded);
    if (typeof node.value !== 'string') return { unresolved: 'the policy is not a JSON document', range: node.range };
    return fromJsonText(node.value, node.range, textStartsAsHeredoc(node.range, node.value));
  }
  // `PolicyDocument: !If [...]` or `!Ref DocumentParameter`: which document applies is decided at deploy time.
  if (isIntrinsic(node)) return { unresolved: `the policy depends on ${describe(node)}`, range: node.range };
  if (node.kind === 'object') return fromTree(node);
  if (node.kind === 'expression') {
    if (node.decoded) return fromTree(node.decoded);
    const symbol = /^(local|var)\.[\w-]+$/.test(node.text.trim()) ? resolve.symbol(node.text.trim()) : undefined;
    if (symbol) return readPolicy(symbol, resolve, depth + 1);
    const documentAddress = node.references.find((ref) => unqualified(ref).startsWith(POLICY_DOCUMENT_DATA));
    if (documentAddress && (/\.(json|minified_json)$/.test(node.text.trim()) || placeholderReplacement(node.text))) {
      const data = resolve.resource(documentAddress);
      if (data) return fromPolicyDocumentData(data, resolve.of?.(data) ?? resolve, depth);
      return { unresolved: `${unqualified(documentAddress)} is not in the scanned code`, range: node.range };
    }
    if (node.text.startsWith('<<')) return fromHeredocTemplate(node.text, node.range);
    return { unresolved: `the policy depends on ${shorten(node.text)}`, range: node.range };
  }
  return { unresolved: 'the policy is not a JSON document', range: node.range };
}

/**
 * `replace(replace(data.aws_iam_policy_document.p[0].json, "_BUCKET_ARN_", …), …)`: a document whose placeholders
 * are filled in when applied (terraform-aws-modules/s3-bucket builds its policy so). The statements are the
 * document's; only the placeholder strings differ, and those name the bucket the policy is attached to.
 */
function placeholderReplacement(text: string): boolean {
  return /^(replace\(\s*)+data\.aws_iam_policy_document\.[\w-]+(\[[^\]]*\])?\.(json|minified_json)\s*,/.test(text.trim());
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine;
}

/**
 * A literal that spans more lines than its text is a heredoc: its body starts on the line after `<<EOF`.
 * A one-line quoted string maps every inner position onto the string itself.
 */
function textStartsAsHeredoc(range: SourceRange, text: string): boolean {
  const lines = text.split('\n').length;
  return range.end.line - range.start.line >= lines;
}

function fromJsonText(text: string, range: SourceRange, heredoc: boolean): PolicyResult {
  const parsed = parseJson(range.file, text);
  if (!parsed.value) return { unresolved: 'the policy is not valid JSON', range };
  const tree = heredoc ? shiftTree(parsed.value, range.start.line) : collapseTree(parsed.value, range);
  return fromTree(tree);
}

/** Moves positions of a heredoc body (parsed on its own) to where the body sits in the file. */
function shiftTree(node: ValueNode, lineOffset: number): ValueNode {
  return mapRanges(node, (r) => ({
    file: r.file,
    start: { line: r.start.line + lineOffset, column: r.start.column },
    end: { line: r.end.line + lineOffset, column: r.end.column },
  }));
}

function collapseTree(node: ValueNode, range: SourceRange): ValueNode {
  return mapRanges(node, () => range);
}

function mapRanges(node: ValueNode, map: (range: SourceRange) => SourceRange): ValueNode {
  switch (node.kind) {
    case 'literal':
    case 'expression':
      return { ...node, range: map(node.range) };
    case 'list':
      return { kind: 'list', range: map(node.range), items: node.items.map((item) => mapRanges(item, map)) };
    case 'object': {
      const entries = new Map<string, { key: string; keyRange: SourceRange; value: ValueNode }>();
      for (const [key, entry] of node.entries) {
        entries.set(key, { key, keyRange: map(entry.keyRange), value: mapRanges(entry.value, map) });
      }
      return { kind: 'object', range: map(node.range), entries };
    }
  }
}

// --- heredoc templates with interpolations -------------------------------------------------------------------

/** Marks an interpolation inside JSON text: a start mark, its index, then padding to keep every column in place. */
const MARK_START = '\uE000';
const MARK_PAD = '\uE001';
const MARK_INDEX_BASE = 0xe100;
const MARKS = /\uE000([\uE100-\uEFFF])\uE001*/g;

function fromHeredocTemplate(text: string, range: SourceRange): PolicyResult {
  const firstNewline = text.indexOf('\n');
  const lastNewline = text.lastIndexOf('\n');
  if (firstNewline < 0 || lastNewline <= firstNewline) return { unresolved: 'the policy heredoc is empty', range };
  const body = text.slice(firstNewline + 1, lastNewline);
  const interpolations: string[] = [];
  const masked = maskInterpolations(body, interpolations);
  if (masked === undefined) return { unresolved: 'the policy template uses directives or too many interpolations', range };
  const parsed = parseJson(range.file, masked);
  if (!parsed.value) return { unresolved: 'the policy template is not JSON once its interpolations are filled in', range };
  const tree = shiftTree(parsed.value, range.start.line);
  return fromTree(unmask(tree, interpolations));
}

function maskInterpolations(body: string, interpolations: string[]): string | undefined {
  let out = '';
  let i = 0;
  while (i < body.length) {
    if ((body[i] === '$' || body[i] === '%') && body[i + 1] === '{') {
      if (body[i - 1] === body[i]) {
        out += body[i];
        i++;
        continue; // `$${` and `%%{` are escapes
      }
      if (body[i] === '%') return undefined;
      const end = matchingBrace(body, i + 1);
      if (end < 0 || interpolations.length >= 0xeff) return undefined;
      const original = body.slice(i, end + 1);
      if (original.includes('\n') || original.length < 3) return undefined;
      interpolations.push(original.slice(2, -1).trim());
      out += MARK_START + String.fromCharCode(MARK_INDEX_BASE + interpolations.length - 1) + MARK_PAD.repeat(original.length - 2);
      i = end + 1;
      continue;
    }
    out += body[i];
    i++;
  }
  return out;
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function unmask(node: ValueNode, interpolations: string[]): ValueNode {
  switch (node.kind) {
    case 'literal': {
      if (typeof node.value !== 'string' || !node.value.includes(MARK_START)) return node;
      const references: string[] = [];
      const text = node.value.replace(MARKS, (_m, index: string) => {
        const expression = interpolations[index.charCodeAt(0) - MARK_INDEX_BASE] ?? '';
        references.push(...referencesIn(expression));
        return '${' + expression + '}';
      });
      return { kind: 'expression', text: JSON.stringify(text), range: node.range, references };
    }
    case 'expression':
      return node;
    case 'list':
      return { ...node, items: node.items.map((item) => unmask(item, interpolations)) };
    case 'object': {
      const entries = new Map<string, { key: string; keyRange: SourceRange; value: ValueNode }>();
      for (const [key, entry] of node.entries) entries.set(key, { ...entry, value: unmask(entry.value, interpolations) });
      return { ...node, entries };
    }
  }
}

/** Terraform addresses named in an interpolation, for linking (the expression parser gives exact ones elsewhere). */
export function referencesIn(expression: string): string[] {
  const found = new Set<string>();
  for (const match of expression.matchAll(/\b(data\.[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*|(?:var|local|module)\.[A-Za-z_][\w-]*|[a-z][a-z0-9]*_[\w-]*\.[A-Za-z_][\w-]*)/g)) {
    found.add(match[1]!);
  }
  return [...found];
}

// --- JSON-shaped trees (parsed JSON, jsonencode, CloudFormation) ---------------------------------------------

function fromTree(node: ValueNode): PolicyResult {
  if (node.kind !== 'object') return { unresolved: 'the policy is not a JSON object', range: node.range };
  const statementNode = node.entries.get('Statement')?.value;
  const document: PolicyDocument = { statements: [], range: node.range, complete: true };
  if (!statementNode) return { document };
  const statementItems = statementNode.kind === 'list' ? statementNode.items : [statementNode];
  for (const item of statementItems) {
    if (item.kind !== 'object' || isIntrinsic(item)) {
      document.complete = false;
      continue;
    }
    document.statements.push(statementFromJson(item));
  }
  return { document };
}

function statementFromJson(node: ObjectNode): PolicyStatement {
  const get = (key: string): ValueNode | undefined => node.entries.get(key)?.value;
  const effect = policyString(get('Effect'));
  const sid = get('Sid');
  const conditions = conditionsFromJson(get('Condition'));
  return {
    sid: sid?.kind === 'literal' && typeof sid.value === 'string' ? sid.value : undefined,
    effect: effect?.value === 'Allow' || effect?.value === 'Deny' ? effect.value : undefined,
    principals: principalsFromJson(get('Principal')),
    notPrincipals: principalsFromJson(get('NotPrincipal')),
    actions: stringList(get('Action')),
    notActions: stringList(get('NotAction')),
    resources: stringList(get('Resource')),
    notResources: stringList(get('NotResource')),
    conditions: conditions.conditions,
    conditionsUnknown: conditions.unknown,
    range: node.range,
  };
}

function principalsFromJson(node: ValueNode | undefined): PolicyPrincipal[] | undefined {
  if (!node) return undefined;
  if (node.kind === 'literal' || node.kind === 'expression' || node.kind === 'list' || isIntrinsic(node)) {
    return (stringList(node) ?? []).map((id) => ({ type: id.value === '*' ? '*' : 'unknown', id }));
  }
  const principals: PolicyPrincipal[] = [];
  for (const [type, entry] of node.entries) {
    const principalType: PrincipalType = isPrincipalType(type) ? type : 'unknown';
    for (const id of stringList(entry.value) ?? []) principals.push({ type: principalType, id });
  }
  return principals;
}

function isPrincipalType(type: string): type is 'AWS' | 'Service' | 'Federated' | 'CanonicalUser' {
  return type === 'AWS' || type === 'Service' || type === 'Federated' || type === 'CanonicalUser';
}

function conditionsFromJson(node: ValueNode | undefined): { conditions: PolicyCondition[]; unknown: boolean } {
  if (!node) return { conditions: [], unknown: false };
  if (node.kind !== 'object' || isIntrinsic(node)) return { conditions: [], unknown: true };
  const conditions: PolicyCondition[] = [];
  let unknown = false;
  for (const [operator, operatorEntry] of node.entries) {
    const keys = operatorEntry.value;
    if (keys.kind !== 'object' || isIntrinsic(keys)) {
      unknown = true;
      continue;
    }
    for (const [key, keyEntry] of keys.entries) {
      conditions.push({ operator, key, values: stringList(keyEntry.value) ?? [], range: keyEntry.keyRange });
    }
  }
  return { conditions, unknown };
}

function stringList(node: ValueNode | undefined): PolicyString[] | undefined {
  if (!node) return undefined;
  if (node.kind === 'list') return node.items.map((item) => policyString(item)!);
  return [policyString(node)!];
}

const CLOUDFORMATION_PSEUDO_PATTERNS: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
};

/** A policy string from any value node: literal, Terraform expression or CloudFormation intrinsic. */
export function policyString(node: ValueNode | undefined): PolicyString | undefined {
  if (!node) return undefined;
  switch (node.kind) {
    case 'literal': {
      const text = node.value === null ? '' : String(node.value);
      return { value: text, pattern: text, text, range: node.range, references: [], fromInput: false };
    }
    case 'expression':
      return {
        pattern: terraformPattern(node.text),
        text: node.text,
        range: node.range,
        references: node.references,
        fromInput: node.references.length === 0 || node.references.some((r) => /^(var|local|module|each|count)\./.test(r)),
      };
    case 'list':
      return { pattern: UNKNOWN_PART, text: '[...]', range: node.range, references: [], fromInput: true };
    case 'object':
      return intrinsicString(node);
  }
}

/** `"${aws_s3_bucket.b.arn}/*"` → `*` + `/*`; any other expression → `*`. */
function terraformPattern(text: string): string {
  const trimmed = text.trim();
  if (!(trimmed.startsWith('"') && trimmed.endsWith('"'))) return UNKNOWN_PART;
  return replaceInterpolations(trimmed.slice(1, -1), () => UNKNOWN_PART);
}

function replaceInterpolations(text: string, replace: (inner: string) => string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '$' && text[i + 1] === '{' && text[i - 1] !== '$') {
      const end = matchingBrace(text, i + 1);
      if (end < 0) return out + UNKNOWN_PART;
      out += replace(text.slice(i + 2, end));
      i = end + 1;
    } else {
      out += text[i];
      i++;
    }
  }
  return out;
}

function intrinsicString(node: ObjectNode): PolicyString {
  const base = { range: node.range, text: describeIntrinsic(node) };
  const [name, entry] = node.entries.size === 1 ? [...node.entries][0]! : ['', undefined];
  const argument = entry?.value;
  if (name === 'Ref' && argument?.kind === 'literal' && typeof argument.value === 'string') {
    const pseudo = CLOUDFORMATION_PSEUDO_PATTERNS[argument.value];
    if (pseudo) return { ...base, value: pseudo, pattern: pseudo, references: [], fromInput: false };
    const isPseudo = argument.value.startsWith('AWS::');
    // A Ref may name a parameter, which could hold anything; pseudo parameters are fixed by the deployment.
    return { ...base, pattern: UNKNOWN_PART, references: isPseudo ? [] : [argument.value], fromInput: !isPseudo };
  }
  if (name === 'Fn::Sub') {
    const template = argument?.kind === 'list' ? argument.items[0] : argument;
    if (template?.kind === 'literal' && typeof template.value === 'string') {
      const references: string[] = [];
      let unknownParts = 0;
      let fromInput = false;
      const pattern = replaceInterpolations(template.value, (inner) => {
        if (inner.startsWith('!')) return '${' + inner.slice(1) + '}';
        const pseudo = CLOUDFORMATION_PSEUDO_PATTERNS[inner];
        if (pseudo) return pseudo;
        if (!inner.startsWith('AWS::')) {
          references.push(inner.split('.')[0]!);
          // `${Resource.Attribute}` is fixed; `${Name}` may be a parameter or a variable of the Sub map.
          if (!inner.includes('.')) fromInput = true;
        }
        unknownParts++;
        return UNKNOWN_PART;
      });
      return { ...base, value: unknownParts === 0 ? pattern : undefined, pattern, references, fromInput };
    }
  }
  if (name === 'Fn::Join' && argument?.kind === 'list' && argument.items.length === 2) {
    const [delimiter, parts] = argument.items;
    if (delimiter?.kind === 'literal' && typeof delimiter.value === 'string' && parts?.kind === 'list') {
      const strings = parts.items.map((part) => policyString(part)!);
      const pattern = strings.map((s) => s.pattern).join(delimiter.value);
      const allKnown = strings.every((s) => s.value !== undefined);
      return {
        ...base,
        value: allKnown ? strings.map((s) => s.value).join(delimiter.value) : undefined,
        pattern,
        references: strings.flatMap((s) => s.references),
        fromInput: strings.some((s) => s.value === undefined && s.fromInput),
      };
    }
  }
  if (name === 'Fn::GetAtt') {
    const target = argument?.kind === 'list' ? argument.items[0] : argument;
    const logicalId = target?.kind === 'literal' && typeof target.value === 'string' ? target.value.split('.')[0]! : undefined;
    return { ...base, pattern: UNKNOWN_PART, references: logicalId ? [logicalId] : [], fromInput: false };
  }
  // Mappings and imports name fixed values; conditions, selections and anything else may be anything.
  const fixed = name === 'Fn::FindInMap' || name === 'Fn::ImportValue';
  return { ...base, pattern: UNKNOWN_PART, references: [], fromInput: !fixed };
}

function describeIntrinsic(node: ObjectNode): string {
  const keys = [...node.entries.keys()];
  return keys.length === 1 ? `{${keys[0]}: ...}` : '{...}';
}


// --- data "aws_iam_policy_document" ------------------------------------------------------------------------

function fromPolicyDocumentData(data: ResourceNode, resolve: AddressResolver, depth: number): PolicyResult {
  const document: PolicyDocument = { statements: [], range: data.range, complete: true };
  const merge = (attributes: string[]): void => {
    for (const attribute of attributes) {
      const sources = data.body.entries.get(attribute)?.value;
      if (!sources) continue;
      for (const source of sources.kind === 'list' ? sources.items : [sources]) {
        const result = readPolicy(source, resolve, depth + 1);
        if ('document' in result) {
          document.statements = mergeBySid(document.statements, result.document.statements);
          document.complete &&= result.document.complete;
        } else {
          document.complete = false;
        }
      }
    }
  };
  // Terraform's order: source documents, then this document's statements, then override documents; a later
  // statement replaces an earlier one with the same Sid.
  merge(['source_policy_documents', 'source_json']);
  document.statements = mergeBySid(document.statements, objects(data.body.entries.get('statement')?.value).map(statementFromBlock));
  if (objects(data.body.entries.get('dynamic')?.value).some((block) => block.block?.labels[0] === 'statement')) {
    document.complete = false;
  }
  merge(['override_policy_documents', 'override_json']);
  return { document };
}

function mergeBySid(base: PolicyStatement[], next: PolicyStatement[]): PolicyStatement[] {
  const merged = [...base];
  for (const statement of next) {
    const same = statement.sid ? merged.findIndex((existing) => existing.sid === statement.sid) : -1;
    if (same >= 0) merged[same] = statement;
    else merged.push(statement);
  }
  return merged;
}

function statementFromBlock(block: ObjectNode): PolicyStatement {
  const get = (key: string): ValueNode | undefined => block.entries.get(key)?.value;
  const effect = policyString(get('effect'));
  const sid = get('sid');
  const conditions: PolicyCondition[] = [];
  for (const condition of objects(get('condition'))) {
    const operator = policyString(condition.entries.get('test')?.value);
    const key = policyString(condition.entries.get('variable')?.value);
    conditions.push({
      operator: operator?.value ?? '',
      key: key?.value ?? '',
      values: stringList(condition.entries.get('values')?.value) ?? [],
      range: condition.range,
    });
  }
  return {
    sid: sid?.kind === 'literal' && typeof sid.value === 'string' ? sid.value : undefined,
    // The data source defaults the effect to Allow.
    effect: effect === undefined ? 'Allow' : effect.value === 'Allow' || effect.value === 'Deny' ? effect.value : undefined,
    principals: principalBlocks(get('principals')),
    notPrincipals: principalBlocks(get('not_principals')),
    actions: stringList(get('actions')),
    notActions: stringList(get('not_actions')),
    resources: stringList(get('resources')),
    notResources: stringList(get('not_resources')),
    conditions,
    conditionsUnknown: get('dynamic') !== undefined,
    range: block.range,
  };
}

function principalBlocks(node: ValueNode | undefined): PolicyPrincipal[] | undefined {
  const blocks = objects(node);
  if (blocks.length === 0) return undefined;
  const principals: PolicyPrincipal[] = [];
  for (const block of blocks) {
    const type = policyString(block.entries.get('type')?.value);
    const principalType: PrincipalType =
      type?.value === '*' ? '*' : type?.value && isPrincipalType(type.value) ? type.value : 'unknown';
    for (const id of stringList(block.entries.get('identifiers')?.value) ?? []) principals.push({ type: principalType, id });
  }
  return principals;
}

// --- questions rules ask -----------------------------------------------------------------------------------

/** Everyone: `"*"`, `{"AWS": "*"}`, or Terraform's `type = "*"` / `type = "AWS", identifiers = ["*"]`. */
export function isEveryone(principal: PolicyPrincipal): boolean {
  return (principal.type === '*' || principal.type === 'AWS' || principal.type === 'unknown') && principal.id.value === '*';
}

/** IAM wildcard matching (`*` and `?`), case-insensitive as IAM matches actions. */
export function wildcardMatches(pattern: string, value: string): boolean {
  const source = pattern
    .split(UNKNOWN_PART)
    .join('*')
    .toLowerCase()
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(value.toLowerCase());
}

/** Whether a statement applies to every S3 action: `Action` `*` or `s3:*`, or a `NotAction` that names no S3 action. */
export function coversEveryS3Action(statement: PolicyStatement): boolean {
  if (statement.actions) {
    return statement.actions.some((action) => action.value !== undefined && /^(\*|s3:\*)$/i.test(action.value));
  }
  if (statement.notActions) {
    return statement.notActions.every((action) => action.value !== undefined && !/^(s3:|\*|s\*|s3\*)/i.test(action.value));
  }
  return false;
}

/**
 * Condition keys that make a grant to everyone non-public when pinned to fixed values (AWS's definition of a
 * public policy, as IAM Access Analyzer and Block Public Access apply it). Lower case: keys match case-insensitively.
 */
const PINNING_KEYS = new Set([
  'aws:sourcevpce',
  'aws:sourcevpc',
  'aws:sourcearn',
  'aws:sourceaccount',
  'aws:sourceowner',
  'aws:principalorgid',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:userid',
  'aws:sourceip',
  's3:dataaccesspointarn',
  's3:dataaccesspointaccount',
]);

const PINNING_OPERATORS = new Set(['stringequals', 'stringequalsignorecase', 'stringlike', 'arnequals', 'arnlike', 'ipaddress']);

export type GrantVerdict =
  | { public: false }
  | { public: true; principal: SourceRange; reason: string }
  | { public: 'unknown'; range: SourceRange; reason: string };

/** Whether an Allow statement grants access to everyone, as AWS judges it. */
export function publicGrant(statement: PolicyStatement): GrantVerdict {
  if (statement.effect === 'Deny') return { public: false };
  const everyone = statement.principals?.find(isEveryone);
  const reason = everyone
    ? 'the principal is "*"'
    : statement.notPrincipals
      ? 'NotPrincipal with Allow grants everyone else'
      : undefined;
  if (!reason) {
    const unknownPrincipal = statement.principals?.find((p) => p.id.value === undefined && p.id.fromInput && p.id.pattern === UNKNOWN_PART);
    if (unknownPrincipal) return { public: 'unknown', range: unknownPrincipal.id.range, reason: `the principal depends on ${unknownPrincipal.id.text}` };
    return { public: false };
  }
  if (statement.effect === undefined) return { public: 'unknown', range: statement.range, reason: 'the statement effect is not known' };
  if (statement.conditionsUnknown) return { public: 'unknown', range: statement.range, reason: 'the statement conditions are not known statically' };
  const pins = statement.conditions.map(pinning);
  if (pins.includes('pinned')) return { public: false };
  const unknown = statement.conditions[pins.indexOf('unknown')];
  if (unknown) return { public: 'unknown', range: unknown.range, reason: `${unknown.key} depends on ${unknown.values.map((v) => v.text).join(', ')}` };
  return { public: true, principal: everyone?.id.range ?? statement.range, reason };
}

/** Whether a condition pins a grant to fixed values, as AWS judges a policy public or not. */
function pinning(condition: PolicyCondition): 'pinned' | 'open' | 'unknown' {
  const operator = condition.operator.toLowerCase().replace(/^foranyvalue:/, '');
  const key = condition.key.toLowerCase();
  if (!PINNING_OPERATORS.has(operator) || !PINNING_KEYS.has(key) || condition.values.length === 0) return 'open';
  let unknown = false;
  for (const value of condition.values) {
    if (value.value === undefined) {
      // An expression names one fixed value (a VPC endpoint id, an account id), except a source IP range, whose
      // width decides whether the grant is public.
      if (key === 'aws:sourceip') unknown = true;
      continue;
    }
    const narrow = key === 'aws:sourceip' ? cidrIsNarrow(value.value) : !/[*?]/.test(value.value) && value.value !== '';
    if (!narrow) return 'open';
  }
  return unknown ? 'unknown' : 'pinned';
}

/** AWS treats a source IP range as public when broader than /8 (IPv4) or /32 (IPv6). */
function cidrIsNarrow(cidr: string): boolean {
  const [address, prefixText] = cidr.split('/');
  if (!address) return false;
  const prefix = prefixText === undefined ? (address.includes(':') ? 128 : 32) : Number(prefixText);
  if (!Number.isInteger(prefix)) return false;
  return address.includes(':') ? prefix >= 32 : prefix >= 8;
}

/** What a policy Resource names: the bucket itself, its objects, or both. */
export function resourceCoverage(resource: PolicyString): { bucket: boolean; objects: boolean } {
  // An unknown part stands for a name or an ARN without a key: `aws_s3_bucket.b.arn`, `${var.bucket}`, `!GetAtt B.Arn`.
  const arn = resource.pattern.split(UNKNOWN_PART).join('x');
  const arnPart = arn.replace(/^arn:[^:]*:s3:::/, '');
  if (arnPart === '*' || /^[^/]*\*$/.test(arnPart)) return { bucket: true, objects: true };
  const slash = arnPart.indexOf('/');
  if (slash < 0) return { bucket: true, objects: false };
  return { bucket: false, objects: arnPart.slice(slash + 1) === '*' };
}
