/**
 * Our parser against @cdktf/hcl2json on the shared corpus of public Terraform (`../shared/corpus`, next to the
 * repository; absent in a fresh clone, where this suite is skipped). Every file hcl2json accepts must parse
 * without diagnostics, with the same top-level blocks and labels and the same literal values.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import type { ObjectNode, ValueNode } from '../../src/graph/types.js';
import { parseHclFile } from '../../parsers/terraform/hcl/to-value.js';
import { compareWithOracle, newAgreement, oracleShape } from './hcl-support.js';

/** `S3LINT_HCL_CORPUS` points the suite at another folder of `.tf` files (a generated corpus, say). */
const corpus = process.env.S3LINT_HCL_CORPUS ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/corpus');

function terraformFiles(directory: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) found.push(...terraformFiles(full));
    else if (entry.name.endsWith('.tf')) found.push(full);
  }
  return found.sort();
}

/** `type label label` for every top-level block. */
function ourTopLevelBlocks(body: ObjectNode): string[] {
  const blocks: string[] = [];
  for (const entry of body.entries.values()) {
    if (entry.value.kind !== 'list') continue;
    for (const item of entry.value.items) {
      if (item.kind === 'object' && item.block) blocks.push([item.block.type, ...item.block.labels].join(' '));
    }
  }
  return blocks.sort();
}

/** The same from hcl2json's layout: label levels are objects, block bodies arrays of objects. */
function theirTopLevelBlocks(json: Record<string, unknown>): string[] {
  const blocks: string[] = [];
  const walk = (value: unknown, names: string[], depth: number): void => {
    if (Array.isArray(value)) {
      if (value.every((item) => item !== null && typeof item === 'object' && !Array.isArray(item))) {
        for (let i = 0; i < value.length; i++) blocks.push(names.join(' '));
      }
      return;
    }
    if (depth < 3 && value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) walk(inner, [...names, key], depth + 1);
    }
  };
  for (const [type, value] of Object.entries(json)) {
    if (Array.isArray(value)) walk(value, [type], 0);
    else if (value !== null && typeof value === 'object') walk(value, [type], 0);
  }
  return blocks.sort();
}

function countBlocks(node: ValueNode): number {
  if (node.kind === 'list') return node.items.reduce((sum, item) => sum + countBlocks(item), 0);
  if (node.kind !== 'object') return 0;
  let count = node.block ? 1 : 0;
  for (const entry of node.entries.values()) count += countBlocks(entry.value);
  return count;
}

describe.skipIf(!fs.existsSync(corpus))('shared corpus against hcl2json', () => {
  it('parses every file hcl2json accepts, with the same blocks and literal values', async () => {
    const files = terraformFiles(corpus);
    const agreement = newAgreement();
    const failures: string[] = [];
    const blockDifferences: string[] = [];
    let accepted = 0;
    let topLevelBlocks = 0;
    let blocks = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const name = path.relative(corpus, file);
      let theirs: Record<string, unknown>;
      try {
        theirs = await parse(name, text);
      } catch {
        continue; // hcl2json rejects it: nothing to compare
      }
      accepted++;
      const ours = parseHclFile(name, text);
      if (!ours.body || ours.diagnostics.length > 0) {
        failures.push(`${name}: ${ours.diagnostics.map((diagnostic) => diagnostic.message).join('; ')}`);
        continue;
      }
      const ourBlocks = ourTopLevelBlocks(ours.body);
      topLevelBlocks += ourBlocks.length;
      blocks += countBlocks(ours.body);
      if (JSON.stringify(ourBlocks) !== JSON.stringify(theirTopLevelBlocks(theirs))) blockDifferences.push(name);
      compareWithOracle(oracleShape(ours.body), theirs, name, agreement);
    }
    console.log(
      `hcl corpus: ${files.length} files, ${accepted} accepted by hcl2json, ${failures.length} rejected by us; ` +
        `${topLevelBlocks} top-level blocks (${blocks} blocks in all), ${blockDifferences.length} files with different blocks; ` +
        `${agreement.literalsEqual} literal values equal, ${agreement.mismatches.length} different; ` +
        `${agreement.bothUnknown} expressions on both sides, ${agreement.weFoldMore} folded only by us, ${agreement.theyFoldMore} only by hcl2json`,
    );
    expect(failures).toEqual([]);
    expect(blockDifferences).toEqual([]);
    expect(agreement.mismatches).toEqual([]);
    expect(agreement.theyFoldMoreAt).toEqual([]);
  });
});
