/**
 * One file that brings the Terraform parser down costs only itself: the engine turns the failure into a
 * diagnostic for that file and still reports the other files' findings. (The real hcl2json crash and worker
 * replacement are exercised in test/parsers/hcl2json-pool.test.ts.)
 */
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('../parsers/terraform/hcl2json-pool.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../parsers/terraform/hcl2json-pool.js')>();
  return {
    ...original,
    validateHcl: async (file: string, text: string) => {
      if (file.endsWith('legacy.tf')) throw new Error('Go program has already exited');
      return original.validateHcl(file, text);
    },
  };
});

const { lint } = await import('../src/engine/lint.js');
const ROOT = path.resolve(import.meta.dirname, '..');

describe('a parser failure in one file', () => {
  it('becomes that file’s diagnostic and keeps every other file’s findings', async () => {
    const result = await lint({ paths: ['testdata/examples'], cwd: ROOT });
    expect(result.errors).toEqual([
      expect.objectContaining({ file: 'testdata/examples/terraform/legacy.tf', code: 'internal-error', severity: 'error' }),
    ]);
    const files = new Set(result.findings.map((finding) => finding.location.file));
    expect(files).toEqual(new Set(['testdata/examples/terraform/storage.tf', 'testdata/examples/cloudformation/site.yaml']));
  });
});
