#!/usr/bin/env node
// Bundles the compiled CLI (dist/src/cli.js, from `tsc`) into one file, dist/s3lint.js, the package's bin: a
// pre-commit hook or `npx s3lint` then loads one module instead of some two hundred, which is most of a cold start
// (measured: one CloudFormation file 4× `node -e 0` unbundled, about 2.4× bundled). @cdktf/hcl2json stays outside
// (a WebAssembly program it loads from its own folder, and only for Terraform files our parser rejects), and its
// worker is copied beside the bundle, where the pool looks for it. The unbundled dist/src stays the library
// (`import { lint } from 's3lint'`).
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');

await build({
  entryPoints: [path.join(DIST, 'src', 'cli.js')],
  outfile: path.join(DIST, 's3lint.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // hcl2json loads its WebAssembly from its own folder; typescript is only the pool's fallback for running tests
  // from sources, never reached from dist.
  external: ['@cdktf/hcl2json', 'typescript'],
  // Bundled CommonJS dependencies (ajv) call require() for Node built-ins.
  banner: { js: "import { createRequire as __s3lintCreateRequire } from 'node:module'; const require = __s3lintCreateRequire(import.meta.url);" },
  legalComments: 'linked',
  logLevel: 'warning',
});
copyFileSync(path.join(DIST, 'parsers', 'terraform', 'hcl2json-worker.js'), path.join(DIST, 'hcl2json-worker.js'));
