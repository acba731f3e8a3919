import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/graph/types.js';
import { graphemeStarts, setHcl2jsonWorkers, shutdownHcl2json, validateHcl } from '../../parsers/terraform/hcl2json-pool.js';

afterAll(async () => {
  await shutdownHcl2json();
});

const VALID = `resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
  tags = {
    Name = "logs-\${var.env}"
  }
}
`;

function nestedBlocks(depth: number): string {
  return 'a {\n'.repeat(depth) + '}\n'.repeat(depth);
}

/** 20,000 nested lists: in a worker (4 MB stack) hcl2json's stack overflows from about 7,000 levels. */
const KILLER = `a = ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`;

function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((diagnostic) => diagnostic.code);
}

describe('validateHcl: syntax', () => {
  it('finds nothing wrong with valid Terraform', async () => {
    expect(await validateHcl('main.tf', VALID)).toEqual([]);
    expect(await validateHcl('prod.tfvars', 'region = "eu-west-1"\nazs = ["a", "b"]\n')).toEqual([]);
    expect(await validateHcl('empty.tf', '')).toEqual([]);
  });

  it("reports a syntax error at hcl2json's exact line and column, under the display path", async () => {
    const text = 'resource "aws_s3_bucket" "logs" {\n  bucket = \n}\n';
    expect(await validateHcl('modules/logs/main.tf', text)).toEqual([
      {
        file: 'modules/logs/main.tf',
        code: 'parse-error',
        severity: 'error',
        message: 'Invalid expression; Expected the start of an expression, but found an invalid expression token.',
        // hcl2json: `2,12-3,1`, from the end of `  bucket = ` to the start of the next line.
        location: { file: 'modules/logs/main.tf', start: { line: 2, column: 12 }, end: { line: 3, column: 1 } },
      },
    ]);
  });

  it('reports each of several errors in one file', async () => {
    const text = 'locals {\n  a = "\\q"\n}\n\nlocals {\n  b = "\\z"\n}\n';
    const diagnostics = await validateHcl('main.tf', text);
    expect(diagnostics.map(({ message, location }) => [message, location?.start, location?.end])).toEqual([
      ['Invalid escape sequence; The symbol "q" is not a valid escape sequence selector.', { line: 2, column: 8 }, { line: 2, column: 10 }],
      ['Invalid escape sequence; The symbol "z" is not a valid escape sequence selector.', { line: 6, column: 8 }, { line: 6, column: 10 }],
    ]);
  });

  it("names the display path, not hcl2json's file name, inside messages", async () => {
    const [diagnostic] = await validateHcl('envs/prod/main.tf', 'a = 1\na = 2\n');
    expect(diagnostic?.message).toBe(
      'Attribute redefined; The argument "a" was already set at envs/prod/main.tf:1,1-2. Each argument may be set only once.',
    );
    expect(diagnostic?.location?.start).toEqual({ line: 2, column: 1 });
  });

  it('turns hcl2json columns (grapheme clusters) into UTF-16 columns', async () => {
    // hcl2json puts `b` at column 9: the flag is one grapheme cluster, but two code points and four UTF-16 units.
    const [diagnostic] = await validateHcl('main.tf', 'a = "🇫🇷" b\n');
    expect(diagnostic?.location).toEqual({ file: 'main.tf', start: { line: 1, column: 12 }, end: { line: 1, column: 13 } });
  });

  // Found by test/fuzz.test.ts: a .tf file with a lost quote before a long string gave 150,000 errors on one line
  // of a megabyte, and the scan never ended. Each conversion segmented the line anew, and Intl.Segmenter is itself
  // quadratic in the length of what it iterates. Both inputs below took minutes; the vitest timeout guards them.
  it('converts the columns of thousands of errors on one long line, and reports the first hundred', async () => {
    // Each `😀\q` is three clusters and four UTF-16 units; every `\q` is an invalid escape.
    const diagnostics = await validateHcl('long.tf', `a = "${'😀\\q'.repeat(5_000)}"\n`);
    expect(diagnostics).toHaveLength(101);
    expect(diagnostics.slice(0, 100).map((diagnostic) => diagnostic.location?.start.column)).toEqual(Array.from({ length: 100 }, (_, k) => 4 * k + 8));
    expect(diagnostics[100]).toEqual({
      file: 'long.tf',
      code: 'too-many-problems',
      severity: 'error',
      message: '4900 more problems in long.tf from line 1 on not shown: only the first 100 of a file are reported',
      location: { file: 'long.tf', start: { line: 1, column: 408 }, end: { line: 1, column: 410 } },
    });
  });

  it('converts a column at the end of a line of 200,000 UTF-16 units', async () => {
    // `e` + combining acute accent: one cluster, two units.
    const [diagnostic] = await validateHcl('long.tf', `a = "${'e\u0301'.repeat(100_000)}\\q"\n`);
    expect(diagnostic?.location).toEqual({ file: 'long.tf', start: { line: 1, column: 200_006 }, end: { line: 1, column: 200_008 } });
  });
});

describe('graphemeStarts', () => {
  it('finds the clusters Intl.Segmenter finds over the whole string, window by window', () => {
    const pieces = ['a', 'é', 'e\u0301', 'e\u0301\u0302', '🇩🇪', '🇫', '👩‍👩‍👧', '👍🏽', '\r\n', '\r', '각', '\u1100\u1161\u11a8', 'क्ष', '\u200d', '\ud800', 'x', ' '];
    const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    let seed = 7;
    const next = (): number => {
      seed = (seed * 1664525 + 1013904223) >>> 0;
      return seed / 2 ** 32;
    };
    for (let trial = 0; trial < 200; trial++) {
      let text = '';
      for (let n = Math.floor(next() * 700); n > 0; n--) text += pieces[Math.floor(next() * pieces.length)];
      if (trial % 10 === 0) text += `a${'\u0301'.repeat(600)}b`; // one cluster longer than a window
      expect(graphemeStarts(text)).toEqual([...segmenter.segment(text)].map(({ index }) => index));
    }
  });
});

describe('validateHcl: pre-checks', () => {
  it('refuses a file over the size cap, counting UTF-8 bytes, without parsing it', async () => {
    const text = `a = "${'é'.repeat(60)}"\n`; // 67 characters, 127 bytes
    expect(await validateHcl('big.tf', text, { maxBytes: 100 })).toEqual([
      {
        file: 'big.tf',
        code: 'file-too-large',
        severity: 'error',
        message: 'file is 127 bytes, over the 100 bytes limit for HCL files, so it was not validated',
      },
    ]);
  });

  it('has a default size cap of 5 MiB', async () => {
    const [diagnostic] = await validateHcl('huge.tf', `a = "${'x'.repeat(6 * 1024 * 1024)}"\n`);
    expect(diagnostic?.code).toBe('file-too-large');
    expect(diagnostic?.message).toBe('file is 6.0 MiB, over the 5.0 MiB limit for HCL files, so it was not validated');
  });

  it('refuses nesting deeper than the cap, pointing at the opener that exceeds it', async () => {
    const text = 'locals {\n  a = [\n    {\n      b = (1)\n    }\n  ]\n}\n';
    expect(await validateHcl('deep.tf', text, { maxDepth: 3 })).toEqual([
      {
        file: 'deep.tf',
        code: 'nesting-too-deep',
        severity: 'error',
        message:
          'brackets nest deeper than 3 levels at line 4; the HCL parser could overflow its stack on this, so the file was not validated',
        location: { file: 'deep.tf', start: { line: 4, column: 11 }, end: { line: 4, column: 12 } },
      },
    ]);
    expect(await validateHcl('deep.tf', text, { maxDepth: 4 })).toEqual([]);
  });

  it('has a default depth cap of 256 levels', async () => {
    expect(await validateHcl('ok.tf', nestedBlocks(256))).toEqual([]);
    const [diagnostic] = await validateHcl('deep.tf', nestedBlocks(257));
    expect(diagnostic?.code).toBe('nesting-too-deep');
    expect(diagnostic?.location?.start).toEqual({ line: 257, column: 3 });
  });

  it('does not count brackets in strings, comments or heredocs', async () => {
    const text = [
      'a = "[[[ {{{ ((( $${ %%{"',
      '# ((( [[[',
      '// {{{ [[[',
      '/* {{{',
      '   [[[ */',
      'b = <<-EOT',
      '  {{{ [[[ (((',
      '  EOT',
      'c = <<EOT',
      '{{{',
      'EOT',
      'd = 1',
      '',
    ].join('\n');
    expect(await validateHcl('quiet.tf', text, { maxDepth: 1 })).toEqual([]);
  });

  it('counts template interpolations, in strings and heredocs, as nesting', async () => {
    const inString = 'a = "${"${"${1}"}"}"\n';
    expect(codes(await validateHcl('interp.tf', inString, { maxDepth: 2 }))).toEqual(['nesting-too-deep']);
    expect(await validateHcl('interp.tf', inString, { maxDepth: 3 })).toEqual([]);
    const inHeredoc = 'a = <<EOT\n${[[1]]}\nEOT\nb = [1]\n';
    expect(codes(await validateHcl('heredoc.tf', inHeredoc, { maxDepth: 2 }))).toEqual(['nesting-too-deep']);
    expect(await validateHcl('heredoc.tf', inHeredoc, { maxDepth: 3 })).toEqual([]);
  });
});

describe('validateHcl: failures of the parser itself', () => {
  it('reports a file that kills hcl2json as parser-crashed, and validates the next files in a fresh worker', async () => {
    // The stack of hcl2json's Go runtime overflows (a RangeError). Three in a row: the third would break a reused
    // runtime for good ("fatal error: malloc deadlock", then no answer), yet the next file must find a working parser.
    for (let attempt = 0; attempt < 3; attempt++) {
      expect(await validateHcl('killer.tf', KILLER, { maxDepth: 100_000 })).toEqual([
        {
          file: 'killer.tf',
          code: 'parser-crashed',
          severity: 'error',
          message:
            'the HCL parser failed on this file: RangeError: Maximum call stack size exceeded; the rest of the scan goes on',
        },
      ]);
    }
    expect(await validateHcl('main.tf', VALID)).toEqual([]);
    expect(codes(await validateHcl('broken.tf', 'a = \n'))).toEqual(['parse-error']);
  });

  it('stops a file that takes longer than the timeout, then goes on with the next file', async () => {
    // About 300 KB: hcl2json needs well over 100 ms for it.
    const slow = Array.from({ length: 5_000 }, (_, i) => `resource "aws_s3_bucket" "b${i}" {\n  bucket = "b-${i}"\n}\n`).join('');
    expect(await validateHcl('slow.tf', slow, { timeoutMs: 5 })).toEqual([
      {
        file: 'slow.tf',
        code: 'parse-timeout',
        severity: 'error',
        message: 'the HCL parser did not finish this file within 5 ms, so it was stopped; the rest of the scan goes on',
      },
    ]);
    expect(await validateHcl('main.tf', VALID)).toEqual([]);
  });

  it('answers 20 validations started at once, each with its own result', async () => {
    const files = Array.from({ length: 20 }, (_, i) => ({
      file: `module${i}/main.tf`,
      // Every third file has an error on a line of its own, so crossed answers would show.
      text: i % 3 === 0 ? `${'\n'.repeat(i)}a = \n` : `a = ${i}\n`,
    }));
    const results = await Promise.all(files.map(({ file, text }) => validateHcl(file, text)));
    results.forEach((diagnostics, i) => {
      if (i % 3 === 0) {
        expect(diagnostics.map((d) => [d.file, d.code, d.location?.start.line])).toEqual([[`module${i}/main.tf`, 'parse-error', i + 1]]);
      } else {
        expect(diagnostics).toEqual([]);
      }
    });
  });

  it('gives every file its own result with one worker or several (--jobs), a crash in the midst included', async () => {
    const texts = Array.from({ length: 12 }, (_, i) => (i === 5 ? KILLER : i % 3 === 0 ? `a = {\n  b = ${i}\n` : VALID));
    const results: string[][][] = [];
    for (const workers of [1, 3]) {
      await shutdownHcl2json();
      setHcl2jsonWorkers(workers);
      results.push((await Promise.all(texts.map((text, i) => validateHcl(`f${i}.tf`, text, { maxDepth: 100_000 })))).map(codes));
    }
    setHcl2jsonWorkers(2);
    expect(results[0]).toEqual(results[1]);
    expect(results[0]!.map((result) => result.join(','))).toEqual(texts.map((text, i) => (i === 5 ? 'parser-crashed' : i % 3 === 0 ? 'parse-error' : '')));
  });

  it('answers queued validations after a crash in their midst', async () => {
    const results = await Promise.all([
      validateHcl('a.tf', 'a = 1\n'),
      validateHcl('killer.tf', KILLER, { maxDepth: 100_000 }),
      validateHcl('b.tf', 'b = \n'),
      validateHcl('c.tf', 'c = 3\n'),
    ]);
    expect(results.map(codes)).toEqual([[], ['parser-crashed'], ['parse-error'], []]);
  });
});

const compiledPool = fileURLToPath(new URL('../../dist/parsers/terraform/hcl2json-pool.js', import.meta.url));

// The CLI runs the compiled files, where the worker is the compiled sibling file: `tsc -p .` builds it before the
// tests run. The process must end by itself once the work is done, without shutdownHcl2json().
describe.skipIf(!existsSync(compiledPool))('validateHcl from the compiled build', () => {
  it('validates in a plain node process that then exits on its own', async () => {
    const script = `
      const { validateHcl } = await import(${JSON.stringify(compiledPool)});
      const results = await Promise.all([validateHcl('ok.tf', 'a = 1\\n'), validateHcl('bad.tf', 'a = \\n')]);
      console.log(JSON.stringify(results.map((r) => r.map((d) => d.code))));
    `;
    const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
      execFile(process.execPath, ['--input-type=module', '-e', script], { timeout: 15_000 }, (error, out, err) =>
        error ? reject(error) : resolve({ stdout: out, stderr: err }),
      );
    });
    expect(stdout.trim()).toBe('[[],["parse-error"]]');
    expect(stderr).toBe('');
  });
});
