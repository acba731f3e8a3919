/**
 * Throughput of the HCL parser next to @cdktf/hcl2json. A benchmark, not a test: it runs only when asked,
 *   S3LINT_BENCH=1 npx vitest run test/parsers/hcl-bench.test.ts
 * over `../shared/corpus`, or over the folders listed in S3LINT_BENCH_DIRS (separated by `:`), such as a corpus
 * made by `node ../shared/bench/gen-tf.mjs /tmp/gen-tf --files 2000`. It prints MB/s and asserts nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@cdktf/hcl2json';
import { describe, it } from 'vitest';
import { parseConfig } from '../../parsers/terraform/hcl/parser.js';
import { parseHclFile } from '../../parsers/terraform/hcl/to-value.js';

const sharedCorpus = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/corpus');
const folders = (process.env.S3LINT_BENCH_DIRS ?? sharedCorpus).split(':').filter((folder) => fs.existsSync(folder));

function terraformFiles(directory: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) found.push(...terraformFiles(full));
    else if (entry.name.endsWith('.tf')) found.push(full);
  }
  return found;
}

async function megabytesPerSecond(texts: string[], megabytes: number, run: (text: string, index: number) => unknown): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < texts.length; i++) await run(texts[i] as string, i);
  return megabytes / ((performance.now() - start) / 1000);
}

/** Single files of one shape at two sizes: linear parsing takes about 4× as long for 4× the text. */
const SHAPES: Record<string, (n: number) => string> = {
  'attributes': (n) => Array.from({ length: n }, (_, i) => `a${i} = "v${i}"`).join('\n'),
  'blocks': (n) => Array.from({ length: n }, (_, i) => `resource "t" "r${i}" {\n  a = 1\n}`).join('\n'),
  'list items': (n) => `x = [${Array.from({ length: n }, (_, i) => `"item-${i}"`).join(', ')}]\n`,
  'object items': (n) => `x = {\n${Array.from({ length: n }, (_, i) => `  k${i} = "v"`).join('\n')}\n}\n`,
  'heredoc lines': (n) => `x = <<-EOT\n${'    text ${var.x} here\n'.repeat(n)}EOT\n`,
  'comment lines': (n) => '# comment\n/* block */\n'.repeat(n),
  'string escapes': (n) => `x = "${'abc\\n$'.repeat(n)}"\n`,
};

function millisecondsToParse(text: string): number {
  const start = performance.now();
  parseHclFile('big.tf', text);
  return performance.now() - start;
}

describe.runIf(process.env.S3LINT_BENCH)('HCL parser scaling', () => {
  it('grows linearly with the size of one file', () => {
    for (const [shape, make] of Object.entries(SHAPES)) {
      millisecondsToParse(make(20_000)); // warm up
      const small = make(50_000);
      const large = make(200_000);
      const ratio = millisecondsToParse(large) / millisecondsToParse(small);
      console.log(`${shape}: ${(small.length / 1e6).toFixed(1)} MB → ${(large.length / 1e6).toFixed(1)} MB takes ${ratio.toFixed(1)}× as long`);
    }
  }, 600_000);
});

describe.runIf(process.env.S3LINT_BENCH && folders.length > 0)('HCL parser throughput', () => {
  for (const folder of folders) {
    it(`parses ${folder}`, async () => {
      const texts = terraformFiles(folder).map((file) => fs.readFileSync(file, 'utf8'));
      const megabytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0) / 1e6;
      const cold = await megabytesPerSecond(texts, megabytes, (text) => parseHclFile('bench.tf', text));
      const warm: number[] = [];
      for (let round = 0; round < 3; round++) warm.push(await megabytesPerSecond(texts, megabytes, (text) => parseHclFile('bench.tf', text)));
      const syntaxOnly = await megabytesPerSecond(texts, megabytes, (text) => parseConfig(text));
      const oracle = await megabytesPerSecond(texts, megabytes, (text, i) => parse(`f${i}.tf`, text).catch(() => undefined));
      console.log(
        `${folder}: ${texts.length} files, ${megabytes.toFixed(2)} MB; parseHclFile ${cold.toFixed(1)} MB/s on the first pass, ` +
          `${Math.max(...warm).toFixed(1)} MB/s warm; syntax tree only ${syntaxOnly.toFixed(1)} MB/s; hcl2json ${oracle.toFixed(2)} MB/s`,
      );
    }, 600_000);
  }
});
