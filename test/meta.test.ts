/** Every rule is complete: unique sorted id, catalog practice, fixtures for each framework, docs, exercised messages. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES, rulesForPreset } from '../rules/index.js';
import { isPracticeKey, PRACTICES, type PracticeKey } from '../src/engine/practices.js';
import { formatMessage } from '../src/engine/rule.js';
import { readExpectations } from './fixtures.js';

const ROOT = path.resolve(import.meta.dirname, '..');

describe('rule registry', () => {
  it('has unique ids in sorted order', () => {
    const ids = RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort());
  });

  it('registers every rule file in rules/', () => {
    const files = readdirSync(path.join(ROOT, 'rules'))
      .filter((name) => name.endsWith('.ts') && name !== 'index.ts')
      .map((name) => name.replace(/\.ts$/, ''));
    expect(files.sort()).toEqual(RULES.map((rule) => rule.id));
  });

  it('puts every rule in preset all, and recommended is a subset', () => {
    expect(rulesForPreset('all')).toHaveLength(RULES.length);
    expect(rulesForPreset('recommended').length).toBeGreaterThan(0);
  });
});

describe.each(RULES.map((rule) => [rule.id, rule] as const))('%s', (id, rule) => {
  it('names the desired state in kebab-case', () => {
    expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
  });

  it('names a practice from the catalog', () => {
    expect(isPracticeKey(rule.meta.practice)).toBe(true);
  });

  it('has remediation for each framework it supports', () => {
    for (const framework of rule.meta.frameworks) expect(rule.meta.remediation[framework]?.length).toBeGreaterThan(20);
  });

  it('has pass and fail fixtures for each framework, and every message id is exercised', () => {
    const exercised = new Set<string>();
    for (const framework of rule.meta.frameworks) {
      const folder = path.join(ROOT, 'testdata', id, framework);
      expect(existsSync(folder), folder).toBe(true);
      const names = readdirSync(folder);
      expect(names.some((name) => name.startsWith('pass'))).toBe(true);
      expect(names.some((name) => name.startsWith('fail'))).toBe(true);
      for (const name of names.filter((n) => n.startsWith('fail') && !n.endsWith('.expect'))) {
        for (const expectation of readExpectations(path.join(folder, name)).findings) exercised.add(expectation.split(' ')[1]!);
      }
    }
    expect([...exercised].sort()).toEqual(Object.keys(rule.meta.messages).sort());
  });

  it('has docs that name the rule, its practice, why, examples and how to fix', () => {
    const docs = path.join(ROOT, 'rules', `${id}.md`);
    expect(existsSync(docs), docs).toBe(true);
    const text = readFileSync(docs, 'utf8');
    expect(text).toContain(`# ${id}`);
    expect(text).toContain(rule.meta.practice);
    for (const heading of ['## Why', '## Fails', '## Passes', '## How to fix']) expect(text).toContain(heading);
  });
});

describe('presets', () => {
  it('strict adds hardening to recommended; all is every rule', () => {
    const recommended = rulesForPreset('recommended').map((rule) => rule.id);
    const strict = rulesForPreset('strict').map((rule) => rule.id);
    expect(strict).toEqual(expect.arrayContaining(recommended));
    expect(rulesForPreset('all').map((rule) => rule.id)).toEqual(RULES.map((rule) => rule.id));
  });
});

/** Practices that one framework cannot express (catalog decisions 6 and the Terraform/CloudFormation columns). */
const SINGLE_FRAMEWORK: Partial<Record<PracticeKey, string>> = {
  's3.mfa-delete': 'terraform',
  's3.account-public-access-block': 'terraform',
  's3.force-destroy': 'terraform',
  's3.object-encryption': 'terraform',
  's3.deletion-policy': 'cloudformation',
};

describe('the practice catalog', () => {
  it.each(Object.keys(PRACTICES) as PracticeKey[])('%s is checked on every framework that can express it', (practice) => {
    const frameworks = new Set(RULES.filter((rule) => rule.meta.practice === practice).flatMap((rule) => rule.meta.frameworks));
    const only = SINGLE_FRAMEWORK[practice];
    expect([...frameworks].sort()).toEqual(only ? [only] : ['cloudformation', 'terraform']);
  });
});

describe('message templates', () => {
  it('fill each placeholder, spaced or not, and leave an unknown one as written', () => {
    expect(formatMessage('{{ bucket }} sends logs to {{target}}, {{target}} again; {{ missing }} stays', { bucket: 'aws_s3_bucket.a', target: 7 })).toBe(
      'aws_s3_bucket.a sends logs to 7, 7 again; {{ missing }} stays',
    );
    expect(formatMessage('no placeholders')).toBe('no placeholders');
    expect(formatMessage('{{a}}{{b}}', { a: 'x', b: 'y' })).toBe('xy');
  });
});
