/**
 * The README's rule table is generated from the registry, so it always lists every rule with its practice,
 * severity, presets and frameworks. `S3LINT_UPDATE_README=1 npx vitest run test/readme.test.ts` rewrites it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { PRACTICES } from '../src/engine/practices.js';
import type { AnyRule } from '../src/engine/rule.js';

const README = path.resolve(import.meta.dirname, '..', 'README.md');
const START = '<!-- rules-table:start (generated from rules/index.ts by test/readme.test.ts) -->';
const END = '<!-- rules-table:end -->';

function ruleRow(rule: AnyRule): string {
  const { meta } = rule;
  const severity = meta.severityDetail ?? meta.severity;
  const has = (framework: string): string => ((meta.frameworks as readonly string[]).includes(framework) ? '✓' : '—');
  return `| [${rule.id}](rules/${rule.id}.md) | \`${meta.practice}\` | ${severity} | ${meta.presets.join(', ')} | ${has('terraform')} | ${has('cloudformation')} |`;
}

export function rulesTable(): string {
  const categories = [...new Set(Object.values(PRACTICES).map((practice) => practice.category))];
  const sections = categories.map((category) => {
    const rules = RULES.filter((rule) => PRACTICES[rule.meta.practice].category === category);
    return [
      `**${category}** (${rules.length})`,
      '',
      '| rule | practice | severity | presets | Terraform | CloudFormation |',
      '|---|---|---|---|---|---|',
      ...rules.map(ruleRow),
    ].join('\n');
  });
  return [START, sections.join('\n\n'), END].join('\n');
}

describe('README rule table', () => {
  it('lists every rule of the registry', () => {
    const text = readFileSync(README, 'utf8');
    const start = text.indexOf(START);
    const end = text.indexOf(END);
    expect(start, 'README has the generated rule table markers').toBeGreaterThan(0);
    const current = text.slice(start, end + END.length);
    const expected = rulesTable();
    if (process.env.S3LINT_UPDATE_README === '1' && current !== expected) {
      writeFileSync(README, text.slice(0, start) + expected + text.slice(end + END.length));
      return;
    }
    expect(current).toBe(expected);
    for (const rule of RULES) expect(current).toContain(`[${rule.id}](rules/${rule.id}.md)`);
  });
});
