/** The files other tools read: the pre-commit hook definition and the GitHub Action. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = path.resolve(import.meta.dirname, '..');
const read = (name: string): unknown => parse(readFileSync(path.join(ROOT, name), 'utf8'));

describe('.pre-commit-hooks.yaml', () => {
  const [hook] = read('.pre-commit-hooks.yaml') as Record<string, unknown>[];

  it('runs the s3lint bin on the passed files with node', () => {
    expect(hook).toMatchObject({ id: 's3lint', entry: 's3lint', language: 'node', pass_filenames: true });
    const bin = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin;
    expect(Object.keys(bin)).toContain(hook!.entry);
  });

  it('matches Terraform and CloudFormation files and nothing else', () => {
    const files = new RegExp(hook!.files as string);
    for (const name of ['main.tf', 'infra/x.tf.json', 'template.yaml', 'stack.yml', 'cdk.out/Stack.template.json', 'a.template']) {
      expect(files.test(name), name).toBe(true);
    }
    for (const name of ['README.md', 'main.py', 'terraform.tfstate', 'x.tfvars']) expect(files.test(name), name).toBe(false);
  });
});

describe('action.yml', () => {
  const action = read('action.yml') as {
    inputs: Record<string, { default?: string }>;
    runs: { using: string; steps: { run?: string; env?: Record<string, string> }[] };
  };

  it('has the inputs the README documents', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(['changed-since', 'fail-on', 'paths', 'preset', 'sarif-file']);
  });

  it('passes inputs through the environment, never into the script text', () => {
    for (const step of action.runs.steps) {
      expect(step.run ?? '').not.toContain('${{');
    }
    expect(action.runs.steps.some((step) => step.run?.includes('--format github'))).toBe(true);
  });
});
