/**
 * Bounded, seeded fuzzing of the whole scan: the project's own fixtures (Terraform and CloudFormation), mutated
 * the ways real files break (truncated, bytes flipped, braces and quotes lost, keys duplicated, nesting thousands
 * deep, huge strings, invalid UTF-8, CRLF, byte-order marks, tabs in YAML) and run in-process through lint().
 *
 * Every case must resolve, every file written must end either scanned or with a diagnostic that names it, and
 * no case may produce `internal-error` or `rule-crashed`. The cases are the same on every run (a fixed seed);
 * a failing case's name says how to rebuild it: its number, fixtures and mutations.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shutdownHcl2json } from '../parsers/terraform/hcl2json-pool.js';
import { lint } from '../src/engine/lint.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const TESTDATA = path.join(ROOT, 'testdata');
const SEED = 0x53336c69; // "S3li"
const CASES = 300;
/** Generous: a case takes milliseconds; only a hang (a parser that never answers) comes near it. */
const CASE_TIMEOUT_MS = 30_000;

// ---------------------------------------------------------------------------------------------------------------
// A small deterministic PRNG (mulberry32)
// ---------------------------------------------------------------------------------------------------------------

interface Rng {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

function rng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return { next, int, pick: (items) => items[int(0, items.length - 1)]!, chance: (p) => next() < p };
}

// ---------------------------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------------------------

type Syntax = 'terraform' | 'yaml' | 'json';

interface Fixture {
  /** Relative to testdata/. */
  name: string;
  syntax: Syntax;
  bytes: Buffer;
}

function loadFixtures(): Fixture[] {
  const fixtures: Fixture[] = [];
  for (const rule of readdirSync(TESTDATA).sort()) {
    for (const [folder, pattern] of [['terraform', /\.tf$/], ['cloudformation', /\.(ya?ml|json)$/]] as const) {
      let names: string[];
      try {
        names = readdirSync(path.join(TESTDATA, rule, folder)).filter((name) => pattern.test(name)).sort();
      } catch {
        continue;
      }
      for (const name of names) {
        const syntax: Syntax = name.endsWith('.tf') ? 'terraform' : name.endsWith('.json') ? 'json' : 'yaml';
        fixtures.push({ name: `${rule}/${folder}/${name}`, syntax, bytes: readFileSync(path.join(TESTDATA, rule, folder, name)) });
      }
    }
  }
  return fixtures;
}

// ---------------------------------------------------------------------------------------------------------------
// Mutations: each takes the bytes of one file and returns new bytes (which need not be valid UTF-8)
// ---------------------------------------------------------------------------------------------------------------

type Mutation = (input: Buffer, random: Rng, syntax: Syntax) => Buffer;

const text = (input: Buffer): string => input.toString('latin1'); // byte-preserving
const bytes = (value: string): Buffer => Buffer.from(value, 'latin1');

/** The byte offsets where a line starts. */
function lineStarts(input: Buffer): number[] {
  const starts = [0];
  for (let i = 0; i < input.length; i++) if (input[i] === 0x0a && i + 1 < input.length) starts.push(i + 1);
  return starts;
}

function insertAt(input: Buffer, offset: number, inserted: Buffer): Buffer {
  return Buffer.concat([input.subarray(0, offset), inserted, input.subarray(offset)]);
}

/** Removes `count` randomly chosen occurrences of any of `chars`. */
function deleteChars(input: Buffer, random: Rng, chars: string, count: number): Buffer {
  let value = text(input);
  for (let n = 0; n < count; n++) {
    const positions: number[] = [];
    for (let i = 0; i < value.length; i++) if (chars.includes(value[i]!)) positions.push(i);
    if (positions.length === 0) break;
    const at = random.pick(positions);
    value = value.slice(0, at) + value.slice(at + 1);
  }
  return bytes(value);
}

/** A line to insert at the start of a random line, in the file's own syntax. */
function insertLine(input: Buffer, random: Rng, syntax: Syntax, line: (indent: string) => string): Buffer {
  if (syntax === 'json') {
    // After the first `{`: a new first member of the top-level object (or of whatever the mutations left).
    const brace = input.indexOf(0x7b);
    return insertAt(input, brace + 1, Buffer.from(`\n${line('  ')},\n`, 'utf8'));
  }
  const starts = lineStarts(input);
  const at = random.pick(starts);
  const indent = /^[ \t]*/.exec(text(input.subarray(at, at + 200)))![0];
  return insertAt(input, at, Buffer.from(`${line(indent)}\n`, 'utf8'));
}

const MUTATIONS: Record<string, Mutation> = {
  truncate: (input, random) => input.subarray(0, random.int(0, input.length)),

  flipBytes: (input, random) => {
    const output = Buffer.from(input);
    for (let n = random.int(1, 8); n > 0 && output.length > 0; n--) output[random.int(0, output.length - 1)] = random.int(1, 255);
    return output;
  },

  deleteBraces: (input, random) => deleteChars(input, random, '{}[]()', random.int(1, 3)),

  deleteQuotes: (input, random) => deleteChars(input, random, `"'`, random.int(1, 3)),

  duplicateKey: (input, random) => {
    // Repeat a line that sets a key (`name = …`, `Name: …`, `"Name": …`) right below itself.
    const lines = text(input).split('\n');
    const keyed = lines.map((line, i) => (/^\s*("?[\w:-]+"?\s*[=:])/.test(line) ? i : -1)).filter((i) => i >= 0);
    if (keyed.length === 0) return input;
    const at = random.pick(keyed);
    lines.splice(at + 1, 0, lines[at]!);
    return bytes(lines.join('\n'));
  },

  duplicateBlock: (input, random) => {
    // Repeat a run of lines (a whole resource, often): duplicate resources, logical ids and keys.
    const lines = text(input).split('\n');
    const start = random.int(0, Math.max(0, lines.length - 1));
    const length = random.int(1, 20);
    lines.splice(start, 0, ...lines.slice(start, start + length));
    return bytes(lines.join('\n'));
  },

  deepNesting: (input, random, syntax) => {
    const depth = random.pick([50, 200, 255, 257, 1_000, 5_000, 20_000]);
    if (syntax === 'yaml' && random.chance(0.5)) {
      // Block nesting: one key per level, each indented one more space.
      const nested = Array.from({ length: Math.min(depth, 2_000) }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
      return Buffer.concat([input, bytes(`\nDeep:\n${nested.replace(/^/gm, ' ')} 1\n`)]);
    }
    // Brackets, objects, and (Terraform) parentheses, object constructors and templates nested in templates.
    const shapes: Array<[string, string, string]> =
      syntax === 'terraform'
        ? [['[', '1', ']'], ['(', '1', ')'], ['{ a = ', '1', ' }'], ['"${[', '"1"', ']}"']]
        : [['[', '1', ']'], ['{"a":', '1', '}']];
    const [open, inner, close] = random.pick(shapes);
    const value = `${open.repeat(depth)}${inner}${close.repeat(depth)}`;
    const key = syntax === 'terraform' ? 'deep = ' : syntax === 'json' ? '"Deep": ' : 'Deep: ';
    return insertLine(input, random, syntax, (indent) => `${indent}${key}${value}`);
  },

  hugeString: (input, random, syntax) => {
    // A plain string up to 1 MB, or one whose every few characters are an interpolation, an escape or not ASCII
    // (on one line, that is thousands of parse errors once a quote is lost).
    const body = random.chance(0.5) ? 'x'.repeat(random.pick([70_000, 300_000, 1_000_000])) : 'ab${c}\\"é'.repeat(random.pick([2_000, 10_000]));
    const value = syntax === 'terraform' ? `"${body.replace(/"/g, '')}"` : syntax === 'json' ? JSON.stringify(body) : `'${body}'`;
    const line = (indent: string): string =>
      syntax === 'terraform' ? `${indent}huge = ${value}` : syntax === 'json' ? `${indent}"Huge": ${value}` : `${indent}Huge: ${value}`;
    return insertLine(input, random, syntax, line);
  },

  invalidUtf8: (input, random) => {
    const sequences = [[0xff], [0xfe, 0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0x80], [0xe2, 0x82], [0xf5, 0x80, 0x80, 0x80]];
    return insertAt(input, random.int(0, input.length), Buffer.from(random.pick(sequences)));
  },

  crlf: (input, random) => {
    const all = random.chance(0.5);
    return bytes(text(input).replace(/\n/g, () => (all || random.chance(0.5) ? '\r\n' : '\n')));
  },

  lonelyCr: (input) => bytes(text(input).replace(/\n/g, '\r')),

  bom: (input, random) => Buffer.concat([Buffer.from(random.chance(0.8) ? [0xef, 0xbb, 0xbf] : [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), input]),

  tabs: (input, random) => {
    // Leading spaces become tabs, on every line or on some: YAML forbids tabs in indentation.
    const all = random.chance(0.5);
    return bytes(text(input).replace(/^( {2})+/gm, (spaces) => (all || random.chance(0.3) ? '\t'.repeat(spaces.length / 2) : spaces)));
  },

  stray: (input, random, syntax) => {
    const tokens =
      syntax === 'terraform'
        ? ['${', '%{', '<<EOF\n', '<<-X\n', '/*', '"', '\\', 'jsonencode({', '[for x in y :', '? :', '#', '\u2028']
        : ['!Ref', '!Sub ${', '&a', '*a', '*missing', '!GetAtt [', '{{', '- ', '? ', '|', '>-', '%YAML 1.2\n---\n', '\\u0000', '"\\ud800"', '!!binary'];
    const inserted = Buffer.from(random.pick(tokens), 'utf8');
    return insertAt(input, random.int(0, input.length), inserted);
  },
};

const MUTATION_NAMES = Object.keys(MUTATIONS);

// ---------------------------------------------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------------------------------------------

interface FuzzFile {
  /** Relative to the case's folder. */
  name: string;
  bytes: Buffer;
  origin: string;
}

interface FuzzCase {
  title: string;
  files: FuzzFile[];
}

function buildCases(): FuzzCase[] {
  const fixtures = loadFixtures();
  const random = rng(SEED);
  const cases: FuzzCase[] = [];
  for (let n = 0; n < CASES; n++) {
    // Most cases are one mutated file; every fifth puts a mutated file beside untouched ones, in one folder, so that
    // a broken file meets the graph, links and the other files' findings.
    const count = n % 5 === 4 ? random.int(2, 4) : 1;
    const files: FuzzFile[] = [];
    const described: string[] = [];
    for (let k = 0; k < count; k++) {
      const fixture = random.pick(fixtures);
      let content = fixture.bytes;
      const applied: string[] = [];
      if (k === 0) {
        for (let m = random.int(1, 3); m > 0; m--) {
          const name = random.pick(MUTATION_NAMES);
          content = MUTATIONS[name]!(content, random, fixture.syntax);
          applied.push(name);
        }
      }
      const extension = path.extname(fixture.name);
      files.push({ name: `f${k}${extension}`, bytes: content, origin: fixture.name });
      described.push(`${fixture.name}${applied.length > 0 ? ` [${applied.join(', ')}]` : ''}`);
    }
    cases.push({ title: `#${n} ${described.join(' + ')}`, files });
  }
  return cases;
}

const CASE_LIST = buildCases();

// ---------------------------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------------------------

let work: string;

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 's3lint-fuzz-'));
});

afterAll(async () => {
  await shutdownHcl2json();
  rmSync(work, { recursive: true, force: true });
});

describe('fuzzing the fixtures through lint()', () => {
  it('has a few hundred deterministic cases over every kind of fixture and mutation', () => {
    expect(CASE_LIST).toHaveLength(CASES);
    const titles = CASE_LIST.map((fuzzCase) => fuzzCase.title).join('\n');
    for (const name of MUTATION_NAMES) expect(titles).toContain(name);
    for (const extension of ['.tf', '.yaml', '.json']) expect(CASE_LIST.some((c) => c.files.some((f) => f.name.endsWith(extension)))).toBe(true);
    expect(buildCases().map((fuzzCase) => fuzzCase.title)).toEqual(CASE_LIST.map((fuzzCase) => fuzzCase.title));
  });

  CASE_LIST.forEach((fuzzCase, n) => {
    it(fuzzCase.title.length > 200 ? `${fuzzCase.title.slice(0, 199)}…` : fuzzCase.title, { timeout: CASE_TIMEOUT_MS }, async () => {
      const folder = path.join(work, `case-${n}`);
      mkdirSync(folder);
      for (const file of fuzzCase.files) writeFileSync(path.join(folder, file.name), file.bytes);

      // Every file named: a file that no longer looks like a template still gets a diagnostic saying so.
      const result = await lint({ paths: fuzzCase.files.map((file) => file.name), cwd: folder, config: false, preset: 'all' });

      const crashes = result.errors.filter((diagnostic) => diagnostic.code === 'internal-error' || diagnostic.code === 'rule-crashed');
      expect(crashes).toEqual([]);
      const written = fuzzCase.files.map((file) => file.name);
      expect(result.summary.filesDiscovered).toBe(written.length);
      const withDiagnostic = new Set(result.errors.map((diagnostic) => diagnostic.file));
      // A file that was not scanned must have a diagnostic naming it: the files without one are all among the scanned.
      const silent = written.filter((file) => !withDiagnostic.has(file));
      expect(silent.length).toBeLessThanOrEqual(result.summary.filesScanned);
      expect(result.summary.filesScanned + written.filter((file) => withDiagnostic.has(file)).length).toBeGreaterThanOrEqual(written.length);
      for (const diagnostic of result.errors) {
        expect(written).toContain(diagnostic.file);
        expect(diagnostic.message).not.toMatch(/\n\s+at /);
      }
      rmSync(folder, { recursive: true, force: true });
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// What the fuzzer found, reduced
// ---------------------------------------------------------------------------------------------------------------

describe('files with a problem on every line (found by the fuzzer)', () => {
  it('report the first hundred problems and a count of the rest, and the scan goes on', async () => {
    // A parser reporting 300,000 problems for one file made lint() itself reject: the diagnostics were spread into
    // one call (`errors.push(...diagnostics)`), which overflows the stack from about 120,000 arguments. The fuzzer
    // met it as 150,000 hcl2json errors for a .tf file with a lost quote before a long string.
    const folder = path.join(work, 'many-problems');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'duplicates.json'), `{"AWSTemplateFormatVersion":"2010-09-09","Resources":{"B":{"Type":"AWS::S3::Bucket"}},${'"a":1,'.repeat(300_000)}"a":1}`);
    writeFileSync(path.join(folder, 'resources.json'), `{"AWSTemplateFormatVersion":"2010-09-09","Resources":{${Array.from({ length: 300_000 }, (_, i) => `"R${i}":1`).join(',')}}}`);
    writeFileSync(path.join(folder, 'open.yaml'), 'Resources:\n  Open:\n    Type: AWS::S3::Bucket\n    Properties:\n      AccessControl: PublicRead\n');

    const result = await lint({ paths: ['duplicates.json', 'resources.json', 'open.yaml'], cwd: folder, config: false });

    for (const [file, code] of [['duplicates.json', 'duplicate-key'], ['resources.json', 'invalid-resource']]) {
      const diagnostics = result.errors.filter((diagnostic) => diagnostic.file === file);
      expect(diagnostics).toHaveLength(101);
      expect(diagnostics.slice(0, 100).every((diagnostic) => diagnostic.code === code)).toBe(true);
      expect(diagnostics[100]).toMatchObject({ code: 'too-many-problems', severity: 'error', message: expect.stringContaining('299900 more problems') });
    }
    expect(result.findings.map((finding) => `${finding.location.file} ${finding.ruleId}`)).toEqual(
      expect.arrayContaining(['open.yaml s3-bucket-acl-not-public', 'duplicates.json s3-bucket-versioning-enabled']),
    );
  });
});
