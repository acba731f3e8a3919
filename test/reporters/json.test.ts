/** The JSON report, written piece by piece, is exactly JSON.stringify(result, null, 2) plus a newline. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import type { RunResult } from '../../src/engine/result.js';
import { formatJson, jsonChunks } from '../../src/reporters/json.js';
import { ITEMS_PER_PIECE } from '../../src/reporters/pieces.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('JSON report', () => {
  it('matches JSON.stringify on a real scan, one piece per list entry', async () => {
    const result = await lint({ paths: ['testdata/terraform-evaluation/modules'], cwd: ROOT, config: false, preset: 'all' });
    expect(result.findings.length).toBeGreaterThan(3);
    expect(formatJson(result)).toBe(`${JSON.stringify(result, null, 2)}\n`);
  });

  it('writes long lists in pieces of ITEMS_PER_PIECE entries that join to JSON.stringify exactly', () => {
    const entry = (index: number) => ({ ruleId: `r${index}`, location: { file: 'a.tf', start: { line: index, column: 1 } }, related: [], note: 'x\ny' });
    for (const count of [1, ITEMS_PER_PIECE, ITEMS_PER_PIECE + 1, 2 * ITEMS_PER_PIECE + 37]) {
      const result = { version: 1, findings: Array.from({ length: count }, (_, index) => entry(index)), errors: [], summary: { n: count } } as unknown as RunResult;
      const pieces = [...jsonChunks(result)];
      expect(pieces.join('')).toBe(`${JSON.stringify(result, null, 2)}\n`);
      // '{', version, '"findings": [', the item pieces, ']', errors, summary, '}'
      expect(pieces.length).toBe(7 + Math.ceil(count / ITEMS_PER_PIECE));
    }
  });

  it('matches JSON.stringify on empty lists, absent fields and strings with newlines', () => {
    const odd = { version: 1, findings: [], errors: [{ file: 'a', message: 'two\nlines' }], evaluations: undefined, summary: { rules: [] } } as unknown as RunResult;
    expect(formatJson(odd)).toBe(`${JSON.stringify(odd, null, 2)}\n`);
  });
});
