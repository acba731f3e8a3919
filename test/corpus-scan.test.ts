/**
 * The whole shared corpus of real public Terraform and CloudFormation (../shared/corpus; skipped without it), through
 * the built CLI with every rule: nothing crashes, every broken file is reported where it breaks, and the time is printed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../src/engine/result.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');
const CLI = path.join(ROOT, 'dist', 's3lint.js');

describe.skipIf(!existsSync(CORPUS))('s3lint over the shared corpus', () => {
  it('finishes with no crash, every broken file reported at a line', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 's3lint-corpus-'));
    try {
      const report = path.join(folder, 'report.json');
      const started = performance.now();
      const run = spawnSync(process.execPath, [CLI, CORPUS, '--preset', 'all', '--format', 'json', '-o', report], { encoding: 'utf8', timeout: 300_000 });
      const seconds = (performance.now() - started) / 1000;
      expect(run.stderr).toBe('');
      expect([0, 1, 2]).toContain(run.status);
      const result = JSON.parse(readFileSync(report, 'utf8')) as RunResult;
      const crashes = result.errors.filter((error) => ['internal-error', 'rule-crashed', 'internal-parse-error', 'parser-crashed'].includes(error.code));
      expect(crashes).toEqual([]);
      // Files not scanned are JSON and YAML files that are not templates (package.json, CDK integ assertions without
      // Resources), skipped silently by design, and the broken ones, each with a diagnostic.
      const reported = new Set(result.errors.map((error) => error.file));
      expect(result.summary.filesScanned).toBeGreaterThan(800);
      expect(result.errors.filter((error) => error.severity === 'error').every((error) => error.location !== undefined)).toBe(true);
      expect(result.summary.buckets.length).toBeGreaterThan(300);
      console.log(
        `shared corpus: ${result.summary.filesDiscovered} files, ${result.summary.filesScanned} scanned, ${result.summary.buckets.length} buckets, ` +
          `${result.findings.length} findings, ${reported.size} files with diagnostics, ${seconds.toFixed(1)} s`,
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 320_000);
});
