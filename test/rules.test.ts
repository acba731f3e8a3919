/**
 * The fixture harness: every file under testdata/<rule-id>/<framework>/ is scanned with that rule alone. A fail
 * fixture must produce exactly the findings its markers name, on exactly those lines; a pass fixture none.
 * Unresolved outcomes must be exactly where `# expect-unresolved` says (unknown is never a silent pass).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { lint } from '../src/engine/lint.js';
import { readExpectations } from './fixtures.js';

const ROOT = path.resolve(import.meta.dirname, '..');

function fixtureFiles(ruleId: string, framework: string): string[] {
  const folder = path.join(ROOT, 'testdata', ruleId, framework);
  return readdirSync(folder)
    .filter((name) => /^(pass|fail)/.test(name) && !name.endsWith('.expect'))
    .map((name) => path.join('testdata', ruleId, framework, name));
}

describe.each(RULES.map((rule) => [rule.id, rule] as const))('%s', (_id, rule) => {
  for (const framework of rule.meta.frameworks) {
    for (const file of fixtureFiles(rule.id, framework)) {
      it(`${framework}: ${path.basename(file)}`, async () => {
        const result = await lint({ paths: [file], cwd: ROOT, rules: [rule], siblingContext: false });
        // Notes about what is not judged (a module call, a resource switched off by a condition) are not errors.
        const informational = new Set(['module-not-expanded', 'condition-false']);
        expect(result.errors.filter((diagnostic) => !informational.has(diagnostic.code))).toEqual([]);
        expect(result.summary.filesScanned).toBe(1);
        const expected = readExpectations(path.join(ROOT, file));
        const actual = result.findings.map((finding) => `${finding.location.start.line} ${finding.messageId}`).sort();
        expect(actual).toEqual(expected.findings);
        if (path.basename(file).startsWith('pass')) expect(actual).toEqual([]);
        else expect(actual.length).toBeGreaterThan(0);
        const unresolvedLines = result.evaluations
          .flatMap((evaluation) => evaluation.unresolved ?? [])
          .map((entry) => entry.location.start.line)
          .filter((line, index, lines) => lines.indexOf(line) === index)
          .sort((a, b) => a - b);
        expect(unresolvedLines).toEqual(expected.unresolved);
        for (const finding of result.findings) {
          expect(finding.ruleId).toBe(rule.id);
          expect(finding.practice).toBe(rule.meta.practice);
          expect(finding.location.file).toBe(file);
        }
      });
    }
  }
});
