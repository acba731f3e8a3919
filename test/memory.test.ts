/** The CLI's full garbage collections: asked for at the right moments of a large scan only. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lint, LARGE_SCAN_FILES } from '../src/engine/lint.js';
import { fullGarbageCollection } from '../src/memory.js';

const root = mkdtempSync(path.join(tmpdir(), 's3lint-memory-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A folder of `count` one-bucket Terraform files. */
function folder(name: string, count: number): string {
  const dir = path.join(root, name);
  mkdirSync(dir);
  for (let index = 0; index < count; index++) writeFileSync(path.join(dir, `b${index}.tf`), `resource "aws_s3_bucket" "b${index}" {\n  bucket = "acme-${index}"\n}\n`);
  return dir;
}

describe('garbage collection during a scan', () => {
  it('is asked for when the files are parsed and when their trees are let go, in a large scan only', async () => {
    const calls = { large: 0, small: 0 };
    const large = await lint({ paths: [folder('large', LARGE_SCAN_FILES)], config: false, onlyRules: ['s3-bucket-versioning-enabled'], collectGarbage: () => calls.large++ });
    const small = await lint({ paths: [folder('small', LARGE_SCAN_FILES - 1)], config: false, onlyRules: ['s3-bucket-versioning-enabled'], collectGarbage: () => calls.small++ });
    expect(calls).toEqual({ large: 2, small: 0 });
    expect(large.evaluations).toHaveLength(LARGE_SCAN_FILES);
    expect(small.evaluations).toHaveLength(LARGE_SCAN_FILES - 1);
  });

  it('collects, without handing `gc` to the code of this context', async () => {
    const before = typeof (globalThis as { gc?: unknown }).gc;
    const garbage = new WeakRef({ parseTrees: new Array(1000).fill('tree') });
    // A WeakRef's target lives at least until the current job ends.
    await new Promise((resolve) => setTimeout(resolve, 0));
    fullGarbageCollection();
    expect(garbage.deref()).toBeUndefined();
    fullGarbageCollection();
    expect(typeof (globalThis as { gc?: unknown }).gc).toBe(before);
  });
});
