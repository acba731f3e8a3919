import { describe, expect, it } from 'vitest';
import { parseJson } from '../../parsers/json.js';
import type { Diagnostic, ObjectNode, SourceRange, ValueNode } from '../../src/graph/types.js';
import { plain } from '../plain.js';

/** `line:column-line:column`, end exclusive. */
function span(range: SourceRange | undefined): string {
  if (range === undefined) return 'none';
  return `${range.start.line}:${range.start.column}-${range.end.line}:${range.end.column}`;
}


function parseOk(text: string): ValueNode {
  const result = parseJson('dir/file.json', text);
  expect(result.diagnostics).toEqual([]);
  expect(result.value).toBeDefined();
  return result.value!;
}

function entry(node: ValueNode, ...path: Array<string | number>): { keyRange?: SourceRange; value: ValueNode } {
  let current: { keyRange?: SourceRange; value: ValueNode } = { value: node };
  for (const step of path) {
    const value: ValueNode = current.value;
    if (typeof step === 'number') {
      if (value.kind !== 'list') throw new Error(`not a list at ${step}`);
      current = { value: value.items[step]! };
    } else {
      if (value.kind !== 'object') throw new Error(`not an object at ${step}`);
      const found = value.entries.get(step);
      if (found === undefined) throw new Error(`no key ${step}`);
      current = found;
    }
  }
  return current;
}

function onlyDiagnostic(text: string, options?: { maxDepth?: number }): Diagnostic {
  const result = parseJson('t.json', text, options);
  expect(result.value).toBeUndefined();
  expect(result.diagnostics).toHaveLength(1);
  return result.diagnostics[0]!;
}

const TEMPLATE = [
  '{',
  '  "Resources": {',
  '    "Logs": {',
  '      "Type": "AWS::S3::Bucket",',
  '      "Properties": { "Versioning": [true, false, null, -1.5e2] }',
  '    }',
  '  }',
  '}',
].join('\n');

describe('parseJson positions', () => {
  it('gives every key and value its exact range, containers from bracket to bracket', () => {
    const root = parseOk(TEMPLATE);
    expect(span(root.range)).toBe('1:1-8:2');
    const resources = entry(root, 'Resources');
    expect(span(resources.keyRange)).toBe('2:3-2:14');
    expect(span(resources.value.range)).toBe('2:16-7:4');
    const logs = entry(root, 'Resources', 'Logs');
    expect(span(logs.keyRange)).toBe('3:5-3:11');
    expect(span(logs.value.range)).toBe('3:13-6:6');
    const type = entry(root, 'Resources', 'Logs', 'Type');
    expect(span(type.keyRange)).toBe('4:7-4:13');
    expect(span(type.value.range)).toBe('4:15-4:32');
    expect(plain(type.value)).toBe('AWS::S3::Bucket');
    const versioning = entry(root, 'Resources', 'Logs', 'Properties', 'Versioning');
    expect(span(versioning.keyRange)).toBe('5:23-5:35');
    expect(span(versioning.value.range)).toBe('5:37-5:64');
    expect(versioning.value.kind).toBe('list');
    const items = versioning.value.kind === 'list' ? versioning.value.items : [];
    expect(items.map((item) => span(item.range))).toEqual(['5:38-5:42', '5:44-5:49', '5:51-5:55', '5:57-5:63']);
    expect(items.map(plain)).toEqual([true, false, null, -150]);
    expect(span(entry(root, 'Resources', 'Logs', 'Properties').value.range)).toBe('5:21-5:66');
  });

  it('puts the display path in every range, untouched', () => {
    const root = parseOk('{"a": [1]}');
    expect(root.range.file).toBe('dir/file.json');
    expect(entry(root, 'a').keyRange?.file).toBe('dir/file.json');
    expect(entry(root, 'a', 0).value.range.file).toBe('dir/file.json');
  });

  it('counts lines the same with CRLF line endings', () => {
    const crlf = parseOk(TEMPLATE.replace(/\n/g, '\r\n'));
    const lf = parseOk(TEMPLATE);
    const type = (root: ValueNode) => entry(root, 'Resources', 'Logs', 'Type');
    expect(span(type(crlf).keyRange)).toBe('4:7-4:13');
    expect(span(type(crlf).value.range)).toBe(span(type(lf).value.range));
    expect(span(crlf.range)).toBe('1:1-8:2');
  });

  it('does not count a leading byte order mark as a column', () => {
    const root = parseOk('\uFEFF{"a": 1}');
    expect(span(root.range)).toBe('1:1-1:9');
    expect(span(entry(root, 'a').keyRange)).toBe('1:2-1:5');
    expect(span(entry(root, 'a').value.range)).toBe('1:7-1:8');
  });

  it('counts a tab as one column and decodes the \\t escape', () => {
    const root = parseOk('{\n\t"k":\t"a\\tb",\t"n": 2\n}');
    expect(span(entry(root, 'k').keyRange)).toBe('2:2-2:5');
    expect(span(entry(root, 'k').value.range)).toBe('2:7-2:13');
    expect(plain(entry(root, 'k').value)).toBe('a\tb');
    expect(span(entry(root, 'n').keyRange)).toBe('2:15-2:18');
  });

  it('counts UTF-16 code units: one for é, two for an emoji', () => {
    const root = parseOk('{"é": "😀", "x": 1}');
    expect(span(entry(root, 'é').keyRange)).toBe('1:2-1:5');
    expect(span(entry(root, 'é').value.range)).toBe('1:7-1:11');
    expect(span(entry(root, 'x').keyRange)).toBe('1:13-1:16');
    expect(span(entry(root, 'x').value.range)).toBe('1:18-1:19');
  });

  it('accepts any value at the top level', () => {
    const list = parseOk(' [1, "two", {"three": 3}] ');
    expect(list.kind).toBe('list');
    expect(span(list.range)).toBe('1:2-1:26');
    expect(plain(list)).toEqual([1, 'two', { three: 3 }]);
    expect(plain(parseOk('"s"'))).toBe('s');
    expect(plain(parseOk('null'))).toBeNull();
    expect(span(parseOk('\n\n  42  \n').range)).toBe('3:3-3:5');
  });

  it('keeps empty containers with their ranges', () => {
    const root = parseOk('{"o": {}, "l": [ ]}');
    expect(span(entry(root, 'o').value.range)).toBe('1:7-1:9');
    expect(span(entry(root, 'l').value.range)).toBe('1:16-1:19');
    expect(plain(root)).toEqual({ o: {}, l: [] });
  });
});

describe('parseJson values', () => {
  it('decodes every escape and joins surrogate pairs', () => {
    const text = '"q\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9 \\uD83D\\uDE00 \\u2028 \\uDBFF"';
    expect(plain(parseOk(text))).toBe(JSON.parse(text));
    expect(plain(parseOk('"\\uD83D\\uDE00"'))).toBe('😀');
  });

  it('reads numbers as JSON.parse does', () => {
    const text = '[0, -0, 1, -1, 10, 1.5, -0.25, 1e3, 1E-2, 2.5e+3, 12345678901234567890, 1e400]';
    expect(plain(parseOk(text))).toEqual(JSON.parse(text));
    expect(Object.is(plain(entry(parseOk('[-0]'), 0).value), -0)).toBe(true);
  });

  it('treats __proto__ as an ordinary key', () => {
    const root = parseOk('{"__proto__": {"polluted": true}, "constructor": 1}');
    expect([...(root as ObjectNode).entries.keys()]).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('reports a duplicate key at the second key and keeps the last value, in the first position', () => {
    const result = parseJson('t.json', '{\n  "a": 1,\n  "b": 2,\n  "a": 3\n}');
    expect(result.diagnostics).toHaveLength(1);
    const diagnostic = result.diagnostics[0]!;
    expect(diagnostic.code).toBe('duplicate-key');
    expect(diagnostic.severity).toBe('error');
    expect(diagnostic.file).toBe('t.json');
    expect(span(diagnostic.location)).toBe('4:3-4:6');
    expect(diagnostic.message).toContain('"a"');
    expect(diagnostic.message).toContain('2:3');
    const root = result.value as ObjectNode;
    expect(plain(root)).toEqual(JSON.parse('{"a": 1, "b": 2, "a": 3}'));
    expect([...root.entries.keys()]).toEqual(['a', 'b']);
    expect(span(root.entries.get('a')?.keyRange)).toBe('4:3-4:6');
  });

  it('agrees with JSON.parse on generated documents, valid and broken', () => {
    let seed = 12345;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const scalars = ['0', '-1.5e-3', '1e400', 'true', 'false', 'null', '"a"', '"\\u00e9\\n"', '""', '"😀"', '12'];
    const generate = (depth: number): string => {
      if (depth > 3 || random() < 0.3) return pick(scalars);
      const count = Math.floor(random() * 4);
      const parts = Array.from({ length: count }, () => generate(depth + 1));
      if (random() < 0.5) return `[${parts.join(pick([',', ' , ', ',\n']))}]`;
      return `{${parts.map((part, i) => `"k${i % 3}"${pick([':', ' : '])}${part}`).join(',')}}`;
    };
    const breakers = ['', ',', '}', ']', ':', '"', "'", '\t', 'x', '01', '/', '\\'];
    for (let round = 0; round < 3000; round++) {
      let text = generate(0);
      if (round % 2 === 1) {
        const at = Math.floor(random() * (text.length + 1));
        text = text.slice(0, at) + pick(breakers) + text.slice(at + (random() < 0.5 ? 1 : 0));
      }
      let expected: unknown;
      let valid = true;
      try {
        expected = JSON.parse(text);
      } catch {
        valid = false;
      }
      const result = parseJson('g.json', text);
      if (valid) {
        expect(result.value, text).toBeDefined();
        expect(plain(result.value!), text).toEqual(expected);
      } else {
        expect(result.value, text).toBeUndefined();
        expect(result.diagnostics.map((d) => d.code), text).toEqual(['parse-error']);
      }
    }
  });
});

describe('parseJson errors', () => {
  it('reports one parse error with line, column and what was expected', () => {
    const diagnostic = onlyDiagnostic('{\n  "a": 1,\n    }');
    expect(diagnostic).toMatchObject({ file: 't.json', severity: 'error', code: 'parse-error' });
    expect(diagnostic.message).toBe("Unexpected '}' at 3:5, expected a property name in double quotes");
    expect(span(diagnostic.location)).toBe('3:5-3:6');
  });

  it.each([
    ['{"a": }', "Unexpected '}' at 1:7, expected a value", '1:7-1:8'],
    ['[1, 2,]', "Unexpected ']' at 1:7, expected a value", '1:7-1:8'],
    ['{"a": 1 "b": 2}', "Unexpected '\"' at 1:9, expected ',' or '}'", '1:9-1:10'],
    ['[1 2]', "Unexpected '2' at 1:4, expected ',' or ']'", '1:4-1:5'],
    ['{"a" 1}', "Unexpected '1' at 1:6, expected ':'", '1:6-1:7'],
    ["{'a': 1}", "Unexpected ''' at 1:2, expected a property name in double quotes", '1:2-1:3'],
    ['{"a": 1} // note', "Unexpected '/' at 1:10, expected end of input", '1:10-1:11'],
    ['[01]', "Unexpected '1' at 1:3, expected ',' or ']'", '1:3-1:4'],
    ['[1.]', "Unexpected ']' at 1:4, expected a digit", '1:4-1:5'],
    ['[-]', "Unexpected ']' at 1:3, expected a digit", '1:3-1:4'],
    ['[+1]', "Unexpected '+' at 1:2, expected a value", '1:2-1:3'],
    ['[1e]', "Unexpected ']' at 1:4, expected a digit", '1:4-1:5'],
    ['[tru]', "Unexpected ']' at 1:5, expected 'true'", '1:5-1:6'],
    ['"\\x"', "Unexpected 'x' at 1:3, expected a valid escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)", '1:3-1:4'],
    ['"\\u12G4"', "Unexpected 'G' at 1:6, expected a hexadecimal digit", '1:6-1:7'],
    ['[1, 2', "Unexpected end of input at 1:6, expected ',' or ']'", '1:6-1:6'],
    ['{"a": "b', 'Unexpected end of input at 1:9: the string starting at 1:7 is not closed', '1:9-1:9'],
    ['["😀", x]', "Unexpected 'x' at 1:8, expected a value", '1:8-1:9'],
  ])('%s → %s', (text, message, location) => {
    const diagnostic = onlyDiagnostic(text);
    expect(diagnostic.code).toBe('parse-error');
    expect(diagnostic.message).toBe(message);
    expect(span(diagnostic.location)).toBe(location);
  });

  it('rejects raw control characters inside strings, at their position', () => {
    const tab = onlyDiagnostic('{\n  "a": "x\ty"\n}');
    expect(tab.message).toBe(
      'Unexpected tab character in a string at 2:10, expected an escape sequence (control characters must be escaped in JSON strings)',
    );
    expect(span(tab.location)).toBe('2:10-2:11');
    const newline = onlyDiagnostic('["abc\n"]');
    expect(newline.message).toBe('Unexpected line break in a string at 1:6, expected a closing quote (strings cannot span lines)');
  });

  it('reports an empty or blank text as a parse error', () => {
    expect(onlyDiagnostic('').message).toBe('Unexpected end of input at 1:1, expected a value');
    expect(onlyDiagnostic('\uFEFF').message).toBe('Unexpected end of input at 1:1, expected a value');
    const blank = onlyDiagnostic('  \n\n ');
    expect(blank.message).toBe('Unexpected end of input at 3:2, expected a value');
    expect(span(blank.location)).toBe('3:2-3:2');
  });

  it('keeps counting lines across CRLF in error positions', () => {
    expect(onlyDiagnostic('{\r\n"a": 1,\r\n}').message).toBe(
      "Unexpected '}' at 3:1, expected a property name in double quotes",
    );
  });

  it('drops earlier duplicate-key diagnostics when the text turns out invalid', () => {
    const result = parseJson('t.json', '{"a": 1, "a": 2,}');
    expect(result.value).toBeUndefined();
    expect(result.diagnostics.map((d) => d.code)).toEqual(['parse-error']);
  });
});

describe('parseJson nesting', () => {
  it('stops at 3,000 levels with a nesting diagnostic by default, without overflowing the stack', () => {
    const arrays = onlyDiagnostic('['.repeat(3000) + ']'.repeat(3000));
    expect(arrays.code).toBe('nesting-too-deep');
    expect(arrays.severity).toBe('error');
    expect(span(arrays.location)).toBe('1:1001-1:1002');
    const objects = onlyDiagnostic('{"a":'.repeat(3000) + '1' + '}'.repeat(3000));
    expect(objects.code).toBe('nesting-too-deep');
    expect(objects.message).toContain('1000');
  });

  it('parses 3,000 levels when allowed, and exactly maxDepth levels', () => {
    const deep = parseJson('t.json', '['.repeat(3000) + '"x"' + ']'.repeat(3000), { maxDepth: 3000 });
    expect(deep.diagnostics).toEqual([]);
    let node = deep.value;
    let depth = 0;
    while (node?.kind === 'list') {
      depth++;
      node = node.items[0];
    }
    expect(depth).toBe(3000);
    expect(node?.kind === 'literal' && node.value).toBe('x');
    expect(parseJson('t.json', '[[[]]]', { maxDepth: 3 }).value).toBeDefined();
    expect(parseJson('t.json', '[[[[]]]]', { maxDepth: 3 }).diagnostics[0]?.code).toBe('nesting-too-deep');
  });

  it('stays linear on a large document', () => {
    const items = Array.from({ length: 50_000 }, (_, i) => `{"id": ${i}, "name": "bucket-${i}", "tags": ["a", "b"]}`);
    const text = `[${items.join(',\n')}]`;
    const result = parseJson('big.json', text);
    expect(result.diagnostics).toEqual([]);
    const last = entry(result.value!, 49_999, 'name');
    expect(plain(last.value)).toBe('bucket-49999');
    // `{"id": 49999, "name": "bucket-49999"…`: the value's quotes are columns 23 and 36.
    expect(span(last.value.range)).toBe('50000:23-50000:37');
  });
});
