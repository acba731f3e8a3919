/**
 * Terraform's JSON syntax (`.tf.json`), normalised to the block structure the native syntax produces: under
 * each top-level block type a list of block objects whose labels come from the nested JSON keys
 * (`{"resource": {"aws_s3_bucket": {"b": {…}}}}` → a `resource` block labelled `aws_s3_bucket`, `b`).
 * Inside a block the schema is unknown, so nested blocks stay objects or lists as written. Strings holding
 * `${…}` or `%{…}` are templates: they are parsed and fold or become expression nodes like native syntax.
 */

import type { Diagnostic, ListNode, ObjectEntry, ObjectNode, SourceRange, ValueNode } from '../../../src/graph/types.js';
import { capDiagnostics } from '../../diagnostics.js';
import { parseJson } from '../../json.js';
import { LineIndex } from './ast.js';
import { parseTemplateText } from './parser.js';
import { convertExpression, fileFoldBudget, problemDiagnostic, type FoldBudget, type HclSource } from './to-value.js';

/** Labels each top-level block type takes; other types are taken to have none. */
const LABEL_COUNTS: Readonly<Record<string, number>> = {
  resource: 2,
  data: 2,
  ephemeral: 2,
  module: 1,
  variable: 1,
  output: 1,
  provider: 1,
  check: 1,
};

/** Terraform ignores properties named `//` where it expects blocks: they are comments. */
const COMMENT_KEY = '//';

export function parseTerraformJsonFile(file: string, text: string): { body?: ObjectNode; diagnostics: Diagnostic[] } {
  try {
    const result = normalise(file, text);
    return { ...result, diagnostics: capDiagnostics(file, result.diagnostics) };
  } catch (error) {
    // Not expected: every problem is reported as a diagnostic. Kept so that no input can break a scan.
    const message = `Internal error while reading Terraform JSON: ${error instanceof Error ? error.message : String(error)}`;
    return { diagnostics: [{ file, message, severity: 'error', code: 'parse-error' }] };
  }
}

function normalise(file: string, text: string): { body?: ObjectNode; diagnostics: Diagnostic[] } {
  const parsed = parseJson(file, text);
  const diagnostics = [...parsed.diagnostics];
  const root = parsed.value;
  if (!root) return { diagnostics };
  if (root.kind !== 'object') {
    diagnostics.push({
      file,
      message: 'A Terraform JSON file must hold a JSON object at its root',
      severity: 'error',
      location: root.range,
      code: 'parse-error',
    });
    return { diagnostics };
  }
  const converter = new TemplateConverter(file, diagnostics, text.length);
  const entries = new Map<string, ObjectEntry>();
  for (const [type, entry] of root.entries) {
    if (type === COMMENT_KEY) continue;
    const blocks: ObjectNode[] = [];
    collectBlocks(type, entry.value, LABEL_COUNTS[type] ?? 0, [], blocks, converter);
    if (blocks.length === 0) continue;
    entries.set(type, { key: type, keyRange: entry.keyRange, value: blockList(blocks) });
  }
  return { body: { kind: 'object', entries, range: root.range }, diagnostics };
}

/** Walks the label levels (objects keyed by label; an array at any level holds several) down to block bodies. */
function collectBlocks(
  type: string,
  value: ValueNode,
  labelsLeft: number,
  labels: string[],
  out: ObjectNode[],
  converter: TemplateConverter,
): void {
  if (value.kind === 'list') {
    for (const item of value.items) collectBlocks(type, item, labelsLeft, labels, out, converter);
    return;
  }
  if (value.kind !== 'object') {
    converter.report(value.range, `Expected a JSON object for the "${type}" block${labelsLeft > 0 ? ' labels' : ''}`);
    return;
  }
  if (labelsLeft > 0) {
    for (const [label, entry] of value.entries) {
      if (label === COMMENT_KEY) continue;
      collectBlocks(type, entry.value, labelsLeft - 1, [...labels, label], out, converter);
    }
    return;
  }
  const entries = new Map<string, ObjectEntry>();
  for (const [key, entry] of value.entries) {
    if (key === COMMENT_KEY) continue;
    entries.set(key, { ...entry, value: converter.convert(entry.value) });
  }
  out.push({ kind: 'object', entries, range: value.range, block: { type, labels } });
}

function blockList(blocks: ObjectNode[]): ListNode {
  const first = (blocks[0] as ObjectNode).range;
  const last = (blocks[blocks.length - 1] as ObjectNode).range;
  return { kind: 'list', items: blocks, range: { file: first.file, start: first.start, end: last.end } };
}

class TemplateConverter {
  /** One budget for all the strings of the file. */
  private readonly budget: FoldBudget;

  constructor(
    private readonly file: string,
    private readonly diagnostics: Diagnostic[],
    textLength: number,
  ) {
    this.budget = fileFoldBudget(textLength);
  }

  report(location: SourceRange, message: string): void {
    this.diagnostics.push({ file: this.file, message, severity: 'error', location, code: 'parse-error' });
  }

  /** Converts the strings of a JSON value that are templates; everything else is kept as it is. */
  convert(value: ValueNode): ValueNode {
    switch (value.kind) {
      case 'literal':
        return typeof value.value === 'string' && isTemplate(value.value) ? this.template(value.value, value.range) : value;
      case 'list':
        return { ...value, items: value.items.map((item) => this.convert(item)) };
      case 'object': {
        const entries = new Map<string, ObjectEntry>();
        for (const [key, entry] of value.entries) entries.set(key, { ...entry, value: this.convert(entry.value) });
        return { ...value, entries };
      }
      case 'expression':
        return value;
    }
  }

  /**
   * The string's positions inside the JSON text are not tracked (escapes shift them), so every node made
   * from it points at the whole string.
   */
  private template(text: string, range: SourceRange): ValueNode {
    const source: HclSource = { file: this.file, text, lines: new LineIndex(text), budget: this.budget, fixedRange: range };
    const parsed = parseTemplateText(text);
    if (!parsed.value) {
      const diagnostic = problemDiagnostic(source, parsed.problem as NonNullable<typeof parsed.problem>);
      this.diagnostics.push({ ...diagnostic, message: `In a template string: ${diagnostic.message}` });
      return { kind: 'literal', value: text, range };
    }
    const template = parsed.value;
    const converted = convertExpression(template, source);
    if (converted.kind !== 'expression') return converted;
    const only = template.parts[0];
    // `"${expr}"` is the JSON way of writing the bare expression `expr`: name it by the expression's own text.
    return template.unwrap && only?.type === 'Interpolation' ? convertExpression(only.expression, source) : converted;
  }
}

function isTemplate(value: string): boolean {
  return value.includes('${') || value.includes('%{');
}
