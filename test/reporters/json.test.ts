/** The JSON report, written piece by piece, is exactly JSON.stringify(result, null, 2) plus a newline. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import type { RunResult } from '../../src/engine/result.js';
import { formatJson, jsonChunks } from '../../src/reporters/json.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('JSON report', () => {
  it('matches JSON.stringify on a real scan, one piece per list entry', async () => {
    const result = await lint({ paths: ['testdata/terraform-evaluation/modules'], cwd: ROOT, config: false, preset: 'all' });
    expect(result.findings.length).toBeGreaterThan(3);
    expect(formatJson(result)).toBe(`${JSON.stringify(result, null, 2)}\n`);
    const pieces = [...jsonChunks(result)];
    expect(pieces.length).toBeGreaterThan(result.findings.length + result.evaluations.length);
  });

  it('matches JSON.stringify on empty lists, absent fields and strings with newlines', () => {
    const odd = { version: 1, findings: [], errors: [{ file: 'a', message: 'two\nlines' }], evaluations: undefined, summary: { rules: [] } } as unknown as RunResult;
    expect(formatJson(odd)).toBe(`${JSON.stringify(odd, null, 2)}\n`);
  });
});
