/**
 * s3lint reads a Terraform file with its own parser and asks hcl2json (the reference parser) only about files ours
 * rejects. That is sound only while both accept exactly the same files: this checks it on seeded mutations of the
 * project's own Terraform fixtures (deleted, duplicated and inserted characters, truncations, stray quotes, braces
 * and interpolations), the kinds of damage an editor leaves behind.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { shutdownHcl2json, validateHcl } from '../../parsers/terraform/hcl2json-pool.js';
import { parseHclFile } from '../../parsers/terraform/hcl/to-value.js';

afterAll(async () => {
  await shutdownHcl2json();
});

const TESTDATA = path.resolve(import.meta.dirname, '../../testdata');

function terraformFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const file = path.join(folder, name);
    if (statSync(file).isDirectory()) return name.startsWith('.') ? [] : terraformFiles(file);
    return name.endsWith('.tf') ? [file] : [];
  });
}

/** A small deterministic generator (the same mutations on every run and machine). */
function generator(seed: number): (limit: number) => number {
  let state = seed;
  return (limit) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % Math.max(1, limit);
  };
}

function mutate(text: string, next: (limit: number) => number): string {
  const at = next(text.length);
  switch (next(7)) {
    case 0:
      return text.slice(0, at) + text.slice(at + 1);
    case 1: {
      const lines = text.split('\n');
      const line = next(lines.length);
      lines.splice(line, 0, lines[line]!);
      return lines.join('\n');
    }
    case 2:
      return text.slice(0, at);
    case 3:
      return `${text.slice(0, at)}"${text.slice(at)}`;
    case 4:
      return `${text.slice(0, at)}}${text.slice(at)}`;
    case 5:
      return `${text.slice(0, at)}\${${text.slice(at)}`;
    default:
      return `${text.slice(0, at)}=${text.slice(at)}`;
  }
}

describe('our HCL parser and hcl2json', () => {
  it('accept and reject the same mutated files', async () => {
    const files = terraformFiles(TESTDATA).sort();
    const next = generator(20261126);
    const disagreements: string[] = [];
    let rejected = 0;
    for (let round = 0; round < 300; round++) {
      const file = files[next(files.length)]!;
      const text = mutate(readFileSync(file, 'utf8'), next);
      const ours = parseHclFile('mutated.tf', text).body !== undefined;
      const reference = !(await validateHcl('mutated.tf', text)).some((diagnostic) => diagnostic.severity === 'error');
      if (!reference) rejected++;
      if (ours !== reference) disagreements.push(`${path.relative(TESTDATA, file)} round ${round}: ours ${ours ? 'accepts' : 'rejects'}, hcl2json ${reference ? 'accepts' : 'rejects'}`);
    }
    expect(disagreements).toEqual([]);
    // The mutations must exercise both sides.
    expect(rejected).toBeGreaterThan(100);
    expect(rejected).toBeLessThan(300);
  }, 120_000);
});
