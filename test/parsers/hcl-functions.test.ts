import { describe, expect, it } from 'vitest';
import type { ExpressionNode, ListNode, LiteralNode, ObjectNode, ValueNode } from '../../src/graph/types.js';
import { evaluateWithError, mapScope } from '../../parsers/terraform/hcl/evaluate.js';
import { translateRe2 } from '../../parsers/terraform/hcl/functions.js';
import { parseHclFile } from '../../parsers/terraform/hcl/to-value.js';
import { plain, span } from './hcl-support.js';

const DEFINITIONS = `variable "unset" {}
locals {
  name   = "Logs-Prod"
  list   = ["a", "b", "c"]
  nums   = [3, 1, 2]
  tags   = { b = "2", a = "1" }
  nested = [["a", "b"], ["c"], []]
  grants = [{ id = "x", type = "user" }, { id = "y", type = "group" }]
  policy = "{\\"Version\\": \\"2012-10-17\\", \\"Statement\\": [{\\"Effect\\": \\"Deny\\"}]}"
}
`;

/** Line of `x = …` after the definitions. */
const X_LINE = DEFINITIONS.split('\n').length;

/** Evaluates `x = <expression>` written after DEFINITIONS. */
function run(expression: string): { node: ExpressionNode; value: ValueNode; error?: string } {
  const parsed = parseHclFile('main.tf', `${DEFINITIONS}x = ${expression}\n`);
  expect(parsed.diagnostics, expression).toEqual([]);
  const body = parsed.body as ObjectNode;
  const values = new Map<string, ValueNode>();
  const locals = (body.entries.get('locals')?.value as ListNode).items[0] as ObjectNode;
  for (const [name, entry] of locals.entries) values.set(`local.${name}`, entry.value);
  const node = body.entries.get('x')?.value as ExpressionNode;
  expect(node.kind, expression).toBe('expression');
  return { node, ...evaluateWithError(node, mapScope(values)) };
}

/** Expected outcome markers: a RegExp is an error whose message matches it. */
const UNKNOWN = { unknown: true };
type Expected = unknown;

function check(expression: string, expected: Expected): void {
  const result = run(expression);
  if (expected === UNKNOWN) {
    expect(result.error, expression).toBeUndefined();
    expect(result.value, expression).toBe(result.node);
  } else if (expected instanceof RegExp) {
    expect(result.value, expression).toBe(result.node);
    expect(result.error, expression).toMatch(expected);
  } else {
    expect(result.error, expression).toBeUndefined();
    expect(plain(result.value), expression).toEqual(expected);
  }
}

const CASES: Record<string, [string, Expected][]> = {
  jsonencode: [
    ['jsonencode(local.tags)', '{"a":"1","b":"2"}'],
    ['jsonencode([local.name, null, 1.5])', '["Logs-Prod",null,1.5]'],
    ['jsonencode(local.tags, 1)', /too many arguments/],
  ],
  jsondecode: [
    ['jsondecode(local.policy)', { Version: '2012-10-17', Statement: [{ Effect: 'Deny' }] }],
    ['jsondecode("[1, 2.5e1, true, null, \\"\\\\u00e9\\"]")', [1, 25, true, null, 'é']],
    // Terraform converts a number or bool argument to a string first.
    ['jsondecode(true)', true],
    ['jsondecode(var.unset)', UNKNOWN],
    ['jsondecode(local.list)', /a string is required, not list/],
    ['jsondecode(null)', /must not be null/],
    ['jsondecode("{\\"a\\": 1")', /unexpected end of JSON input/],
    ['jsondecode("{\\"a\\": 1, \\"a\\": 2}")', /duplicate "a" property/],
    ['jsondecode("[1] 2")', /extraneous data/],
    ['jsondecode("[1,]")', /invalid character "]"/],
  ],
  merge: [
    ['merge(local.tags, { c = "3", a = "0" })', { a: '0', b: '2', c: '3' }],
    ['merge(local.tags, { x = var.unset })', { a: '1', b: '2', x: { expression: 'var.unset' } }],
    ['merge(null, null)', null],
    ['merge()', {}],
    ['merge(local.tags, var.unset)', UNKNOWN],
    ['merge(local.tags, local.list)', /must be maps or objects, got list/],
  ],
  concat: [
    ['concat(local.list, ["d"], [])', ['a', 'b', 'c', 'd']],
    ['concat(local.list, [var.unset])', ['a', 'b', 'c', { expression: 'var.unset' }]],
    ['concat(local.nested...)', ['a', 'b', 'c']],
    ['concat(local.list, var.unset)', UNKNOWN],
    ['concat(local.list, "d")', /must be lists or tuples; got string/],
    ['concat(local.list, null)', /must not be null/],
    ['concat()', /at least one argument/],
  ],
  lookup: [
    ['lookup(local.tags, "a")', '1'],
    ['lookup(local.tags, "z", "none")', 'none'],
    ['lookup({ a = var.unset }, "b", null)', null],
    ['lookup(var.unset, "a", "none")', UNKNOWN],
    ['lookup(local.tags, "z")', /failed to find key "z"/],
    ['lookup(local.list, "a")', /requires a map/],
  ],
  coalesce: [
    ['coalesce("", null, "x")', 'x'],
    ['coalesce(null, 5)', 5],
    // Mixed primitives unify to strings.
    ['coalesce(null, 1, "b")', '1'],
    ['coalesce("a", var.unset)', 'a'],
    ['coalesce("", var.unset, "b")', UNKNOWN],
    ['coalesce(1, var.unset)', UNKNOWN],
    ['coalesce(null, "")', /no non-null, non-empty-string arguments/],
    ['coalesce(1, true)', /same type/],
  ],
  coalescelist: [
    ['coalescelist([], local.list)', ['a', 'b', 'c']],
    ['coalescelist(local.list, var.unset)', ['a', 'b', 'c']],
    ['coalescelist([], var.unset, ["z"])', UNKNOWN],
    ['coalescelist([], [])', /no non-null arguments/],
    ['coalescelist("a")', /must be lists or tuples/],
  ],
  format: [
    ['format("%s-%d", local.name, 42)', 'Logs-Prod-42'],
    ['format("%05d|%-5d|%+d|%x|%X|%b|%o|%%", 42, 42, 42, 255, 255, 5, 8)', '00042|42   |+42|ff|FF|101|10|%'],
    ['format("%8.3s|%-6s|%q|%t", "abcdef", "ab", "a\\"b", "true")', '     abc|ab    |"a\\"b"|true'],
    ['format("%.2f|%f|%6.1f|%06.2f", 3.14159, 2, -1.26, 3.14159)', '3.14|2.000000|  -1.3|003.14'],
    ['format("%v|%v|%v|%v|%#v|%v", 0.00001, 123456, 1000000, true, "s", local.tags)', '1e-05|123456|1e+06|true|"s"|{"a":"1","b":"2"}'],
    ['format("%[2]s %[1]s", "a", "b")', 'b a'],
    ['format("%v", null)', 'null'],
    // A decimal tie is decided by the binary value, and %e is not implemented: unknown.
    ['format("%.1f", 0.25)', UNKNOWN],
    ['format("%e", 1000)', UNKNOWN],
    ['format("%s", var.unset)', UNKNOWN],
    ['format("%s %s", "a")', /not enough arguments for "%s" at 3: need index 2 but have 1 total/],
    ['format("%s", "a", "b")', /too many arguments; only 1 used by format string/],
    ['format("%d", 1.5)', /an integer is required/],
    ['format("%d", "x")', /number required/],
    ['format("%s", null)', /null value cannot be formatted/],
    ['format("%s", [1])', /string required/],
    ['format("%z", 1)', /unsupported format verb 'z'/],
    ['format("100%")', /invalid format string/],
  ],
  formatlist: [
    ['formatlist("%s=%s", ["a", "b"], "x")', ['a=x', 'b=x']],
    ['formatlist("%s-%s", local.list, [1, 2, 3])', ['a-1', 'b-2', 'c-3']],
    ['formatlist("%s", [local.name, var.unset])', ['Logs-Prod', { expression: 'formatlist("%s", [local.name, var.unset])' }]],
    ['formatlist("%s", var.unset)', UNKNOWN],
    ['formatlist("%s%s", ["a"], ["b", "c"])', /argument 2 has length 2, which is inconsistent with argument 1 of length 1/],
  ],
  join: [
    ['join(",", local.list)', 'a,b,c'],
    ['join("-", ["a"], [1, true])', 'a-1-true'],
    ['join(",", [local.name, var.unset])', UNKNOWN],
    ['join(",", ["a", null])', /element 1 is null/],
    ['join(",", "a")', /list of strings is required, not string/],
    ['join(",")', /at least one list is required/],
  ],
  split: [
    ['split(",", "a,,b")', ['a', '', 'b']],
    ['split(",", "")', ['']],
    ['split("", "abc")', ['a', 'b', 'c']],
    ['split(",", var.unset)', UNKNOWN],
    ['split(",", null)', /must not be null/],
    ['split(",", ["a"])', /a string is required, not list/],
  ],
  'lower, upper, title, trimspace': [
    ['lower(local.name)', 'logs-prod'],
    ['upper("éa")', 'ÉA'],
    ['lower(5)', '5'],
    ['title("hello world-x_y")', 'Hello World-X_y'],
    ['trimspace("\\t a b \\n")', 'a b'],
    // Go upper-cases ß as itself, JavaScript as "SS": not guessed.
    ['upper("straße")', UNKNOWN],
    ['upper(var.unset)', UNKNOWN],
    ['upper(null)', /must not be null/],
    ['trimspace({})', /a string is required, not object/],
  ],
  replace: [
    ['replace("a-b-c", "-", "_")', 'a_b_c'],
    ['replace("abc", "", "-")', '-a-b-c-'],
    ['replace("bucket.Name", "/[^a-z0-9-]/", "")', 'bucketame'],
    [String.raw`replace("2024-01-31", "/(\\d+)-(\\d+)-(\\d+)/", "$3.$2.$1")`, '31.01.2024'],
    ['replace("abc", "/(?P<first>a)/", "[$${first}]")', '[a]bc'],
    // Go does not replace an empty match right after a match (JavaScript would give "-b--c-").
    ['replace("baaac", "/a*/", "-")', '-b-c-'],
    ['replace("aaa", "/a{2}/", "b")', 'ba'],
    ['replace("a.b", "/./", "x")', 'xxx'],
    // Not safely translatable: nested repetition (exponential backtracking), Unicode classes.
    ['replace("x", "/(a+)+/", "")', UNKNOWN],
    [String.raw`replace("x", "/\\pL/", "")`, UNKNOWN],
    ['replace(var.unset, "a", "b")', UNKNOWN],
    ['replace("a", null, "b")', /must not be null/],
  ],
  'tostring, tonumber, tobool': [
    ['tostring(5)', '5'],
    ['tostring(true)', 'true'],
    ['tostring(null)', null],
    ['tostring(var.unset)', UNKNOWN],
    ['tostring(local.list)', /cannot convert list to string/],
    ['tonumber("1.5e1")', 15],
    ['tonumber(null)', null],
    ['tonumber("x")', /cannot convert "x" to a number/],
    ['tonumber("prod")', /cannot convert "prod" to a number/],
    // Go also reads binary exponents: too rare to model.
    ['tonumber("1p3")', UNKNOWN],
    ['tonumber(true)', /a number is required, not bool/],
    ['tobool("true")', true],
    ['tobool(var.unset)', UNKNOWN],
    ['tobool("yes")', /a bool is required/],
  ],
  'tolist, toset, tomap': [
    ['tolist(["a", 1, true])', ['a', '1', 'true']],
    ['tolist(["a", var.unset])', ['a', { expression: 'var.unset' }]],
    // The unknown item may be a string, which would turn 1 into "1".
    ['tolist([1, var.unset])', UNKNOWN],
    ['tolist([1, true])', /same type/],
    ['tolist(local.tags)', /cannot convert object to list/],
    ['toset(["b", "a", "b", "c"])', ['a', 'b', 'c']],
    ['toset([3, 1, 2, 1])', [1, 2, 3]],
    ['toset(["a", 1])', ['1', 'a']],
    ['toset([true, null, false, true])', [false, true, null]],
    ['toset([{ a = 1 }, { a = 1 }, { a = 0 }])', [{ a: 1 }, { a: 0 }]],
    ['toset(["a", var.unset])', UNKNOWN],
    ['toset("a")', /cannot convert string to set/],
    ['tomap({ a = 1, b = "x" })', { a: '1', b: 'x' }],
    ['tomap(var.unset)', UNKNOWN],
    ['tomap(local.list)', /cannot convert list to map/],
  ],
  length: [
    ['length(local.list)', 3],
    ['length(local.tags)', 2],
    // Characters are grapheme clusters: e + combining acute accent is one.
    ['length("he\\u0301llo")', 5],
    ['length([var.unset, 1])', 2],
    ['length(var.unset)', UNKNOWN],
    ['length(5)', /must be a string, a collection type/],
    ['length(null)', /must not be null/],
  ],
  element: [
    ['element(local.list, 1)', 'b'],
    ['element(local.list, 5)', 'c'],
    ['element(local.list, var.unset)', UNKNOWN],
    ['element(var.unset, 0)', UNKNOWN],
    ['element([], 0)', /empty list/],
    ['element(local.list, -1)', /negative index/],
    ['element(local.list, 1.5)', /an integer is required/],
  ],
  contains: [
    ['contains(local.list, "b")', true],
    ['contains(local.list, "z")', false],
    ['contains(local.list, 1)', false],
    ['contains([1, var.unset], 1)', true],
    ['contains([], var.unset)', false],
    ['contains([2, var.unset], 1)', UNKNOWN],
    ['contains(local.tags, "a")', /must be list, tuple, or set/],
  ],
  'flatten, distinct, compact': [
    ['flatten(local.nested)', ['a', 'b', 'c']],
    ['flatten([1, [2, [3, [4]]], local.grants])', [1, 2, 3, 4, { id: 'x', type: 'user' }, { id: 'y', type: 'group' }]],
    ['flatten([[1], var.unset])', UNKNOWN],
    ['flatten("a")', /can only flatten lists, sets and tuples/],
    ['distinct(["a", "b", "a", "c", "b"])', ['a', 'b', 'c']],
    ['distinct([1, "1"])', ['1']],
    ['distinct(["a", var.unset])', UNKNOWN],
    ['distinct(local.tags)', /a list is required, not object/],
    ['compact(["a", "", null, "b", 1])', ['a', 'b', '1']],
    // An unknown item is kept (an apply-time value that real code compacts because it is not empty).
    ['compact(["a", "", var.unset])', ['a', { expression: 'var.unset' }]],
    ['compact([["a"]])', /a list of strings is required/],
  ],
  'keys, values, zipmap': [
    ['keys(local.tags)', ['a', 'b']],
    ['values(local.tags)', ['1', '2']],
    ['keys({ z = var.unset, y = 1 })', ['y', 'z']],
    ['values({ z = var.unset, y = 1 })', [1, { expression: 'var.unset' }]],
    ['keys(var.unset)', UNKNOWN],
    ['keys(local.list)', /map or object/],
    ['values(local.list)', /requires a map/],
    ['zipmap(["a", "b"], [1, var.unset])', { a: 1, b: { expression: 'var.unset' } }],
    ['zipmap(["a", var.unset], [1, 2])', UNKNOWN],
    ['zipmap(["a"], [1, 2])', /number of keys \(1\) does not match number of values \(2\)/],
    ['zipmap([null], [1])', /null value at index 0/],
  ],
  one: [
    ['one([])', null],
    ['one(["a"])', 'a'],
    ['one(var.unset)', UNKNOWN],
    ['one([var.unset])', UNKNOWN],
    ['one(["a", "b"])', /either zero or one elements/],
    ['one(null)', /must not be null/],
  ],
  'startswith, endswith, substr': [
    ['startswith(local.name, "Logs")', true],
    ['endswith(local.name, "x")', false],
    ['startswith(var.unset, "a")', UNKNOWN],
    ['endswith(null, "a")', /must not be null/],
    ['substr("hello world", 1, 4)', 'ello'],
    ['substr("hello", -3, -1)', 'llo'],
    ['substr("hello", 10, 2)', ''],
    ['substr(var.unset, 0, 1)', UNKNOWN],
    ['substr("hello", 1.5, 1)', /an integer is required/],
  ],
  'min, max, abs': [
    ['max(1, "5", 3)', 5],
    ['min(local.nums...)', 1],
    ['abs(-2.5)', 2.5],
    ['max(1, var.unset)', UNKNOWN],
    ['max(var.unset...)', UNKNOWN],
    ['max()', /at least one argument/],
    ['max(1, "x")', /cannot convert "x" to a number/],
    ['max(local.tags...)', /expanding argument .* must be a list/],
    ['abs("a")', /cannot convert "a"/],
  ],
};

describe('Terraform functions', () => {
  for (const [name, cases] of Object.entries(CASES)) {
    it(name, () => {
      for (const [expression, expected] of cases) check(expression, expected);
    });
  }

  it('leaves functions it does not implement unknown, with their text', () => {
    for (const expression of ['sha256(local.name)', 'regex("[a-z]+", local.name)', 'provider::aws::arn_parse(local.name)']) {
      const result = run(expression);
      expect(result.value).toBe(result.node);
      expect(result.node.text).toBe(expression);
      expect(result.error).toBeUndefined();
    }
  });

  it('gives computed values the range of the call, and values it only selects their own range', () => {
    const upper = run('upper(local.name)').value as LiteralNode;
    expect(span(upper.range)).toBe(`${X_LINE}:5-${X_LINE}:22`);
    const looked = run('lookup(local.tags, "a")').value as LiteralNode;
    expect(span(looked.range)).toBe('6:27-6:30');
    const decoded = run('jsondecode(local.policy)').value as ObjectNode;
    const statement = (decoded.entries.get('Statement')?.value as ListNode).items[0] as ObjectNode;
    expect(span(statement.range)).toBe(`${X_LINE}:5-${X_LINE}:29`);
    expect(span(statement.entries.get('Effect')?.keyRange as never)).toBe(`${X_LINE}:5-${X_LINE}:29`);
  });

  it('keeps the decoded tree of a partly known jsonencode', () => {
    const result = run('jsonencode({ a = local.name, b = var.unset })');
    expect(result.value.kind).toBe('expression');
    expect(plain((result.value as ExpressionNode).decoded)).toEqual({ a: 'Logs-Prod', b: { expression: 'var.unset' } });
  });
});

describe('translateRe2', () => {
  it('translates what JavaScript reads the same way, and refuses the rest', () => {
    expect(translateRe2('^a.b$')).toMatchObject({ source: '^a[^\\n]b$', flags: 'u', quantifiers: 0 });
    expect(translateRe2('(?i)[a-z\\-]+\\s')).toMatchObject({ source: '[a-z\\u{2d}]+[\\t\\n\\f\\r ]', flags: 'ui', quantifiers: 1 });
    expect(translateRe2('a{2,}|b')).toMatchObject({ source: 'a{2,}|b', quantifiers: 1, branches: 2 });
    for (const pattern of ['(a*)*', '(a|b)+', '\\pL', '(?m)^a', '\\Q.\\E', '[[:^alpha:]]', '*a', 'a**', '(a', 'a)']) {
      expect(translateRe2(pattern), pattern).toBeUndefined();
    }
  });
});
