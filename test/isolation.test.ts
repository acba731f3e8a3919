/**
 * One file that brings the Terraform parser down costs only itself: the engine turns the failure into a
 * diagnostic for that file and still reports the other files' findings. (The real hcl2json crash and worker
 * replacement are exercised in test/parsers/hcl2json-pool.test.ts.)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

vi.mock('../parsers/terraform/hcl2json-pool.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../parsers/terraform/hcl2json-pool.js')>();
  return {
    ...original,
    validateHcl: async (file: string, text: string) => {
      // Past the depth pre-check, which keeps such files away from hcl2json in real runs: its stack really overflows.
      if (file.endsWith('killer.tf')) return original.validateHcl(file, text, { maxDepth: 100_000 });
      return original.validateHcl(file, text);
    },
  };
});

// Our parser reads every file first; one that throws on legacy.tf stands for any failure of the Terraform reader.
vi.mock('../parsers/terraform/hcl/to-value.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../parsers/terraform/hcl/to-value.js')>();
  return {
    ...original,
    parseHclFile: (file: string, text: string) => {
      if (file.endsWith('legacy.tf')) throw new Error('the parser fell over');
      return original.parseHclFile(file, text);
    },
  };
});

const { lint } = await import('../src/engine/lint.js');
const { shutdownHcl2json } = await import('../parsers/terraform/hcl2json-pool.js');
const ROOT = path.resolve(import.meta.dirname, '..');

afterAll(async () => {
  await shutdownHcl2json();
});

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

describe('hcl2json dying on one file', () => {
  it('costs only that file: the files queued behind it are validated by a fresh worker and keep their findings', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 's3lint-isolation-'));
    try {
      const write = (name: string, content: string): void => {
        mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
        writeFileSync(path.join(folder, name), content);
      };
      const openBucket = (name: string): string => `resource "aws_s3_bucket" "${name}" {\n  bucket = "acme-${name}"\n  acl    = "public-read"\n}\n`;
      // Files are parsed concurrently: whichever order the pool takes them in, some wait while the killer runs.
      write('a/main.tf', openBucket('a'));
      write('b/killer.tf', `locals {\n  x = ${'['.repeat(20_000)}${']'.repeat(20_000)}\n}\n`);
      write('b/main.tf', openBucket('b'));
      write('c/main.tf', openBucket('c'));
      write('d/site.yaml', 'Resources:\n  Site:\n    Type: AWS::S3::Bucket\n    Properties:\n      AccessControl: PublicRead\n');

      const result = await lint({ paths: ['.'], cwd: folder, config: false });

      expect(result.errors).toEqual([
        expect.objectContaining({ file: 'b/killer.tf', code: 'parser-crashed', severity: 'error', message: expect.stringContaining('Maximum call stack size exceeded') }),
      ]);
      expect(result.summary.filesScanned).toBe(4);
      const publicAcls = result.findings.filter((finding) => finding.ruleId === 's3-bucket-acl-not-public').map((finding) => finding.location.file);
      expect(publicAcls.sort()).toEqual(['a/main.tf', 'b/main.tf', 'c/main.tf', 'd/site.yaml']);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
