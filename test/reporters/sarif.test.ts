/**
 * The SARIF reporter: valid against the official SARIF 2.1.0 schema, stable (golden file), and shaped the way
 * GitHub code scanning reads it: rule indexes, suppressions, notifications, file URIs and regions.
 *
 * test/schemas/sarif-schema-2.1.0.json is the OASIS SARIF TC's schema for the 2.1.0 Committee Specification
 * (github.com/oasis-tcs/sarif-spec, Documents/CommitteeSpecifications/2.1.0/sarif-schema-2.1.0.json at commit
 * 3682e9ee648f2f3e11ba1fcd47fc390a0b8f9dab), byte for byte. It is draft-07, so ajv's default class compiles it;
 * formats (uri, date-time) are not checked because ajv-formats is not installed: URIs are checked by hand below.
 *
 * Set SARIF_MULTITOOL to the `Sarif.Multitool` binary of @microsoft/sarif-multitool-linux to also run Microsoft's
 * validator with its GitHub rules (`validate --rule-kind "Gh;Sarif"`); without it that test is skipped.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { rulesForPreset } from '../../rules/index.js';
import { lint } from '../../src/engine/lint.js';
import type { Finding, RunResult } from '../../src/engine/result.js';
import type { AnyRule } from '../../src/engine/rule.js';
import type { Diagnostic, SourceRange } from '../../src/graph/types.js';
import type { ReporterContext } from '../../src/reporters/context.js';
import { FINGERPRINT_KEY, formatSarif, pascalCase, SECURITY_SEVERITY, SRCROOT, type SarifOptions } from '../../src/reporters/sarif.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const GOLDEN = path.join(ROOT, 'test', 'golden', 'examples.sarif');
const RULES = rulesForPreset('recommended');
const CONTEXT: ReporterContext = { rules: RULES, cwd: '/repo' };
/** Stands in for the machine-specific folder of SRCROOT in the golden file (still a valid absolute URI). */
const GOLDEN_SRCROOT = 'file:///path/to/s3lint/';

// ---------------------------------------------------------------------------------------------------------------
// The report as the tests read it: only the parts they look at.

interface Message {
  text: string;
  markdown?: string;
}
interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}
interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}
interface Location {
  id?: number;
  physicalLocation: { artifactLocation: ArtifactLocation; region?: Region };
  message?: Message;
}
interface Rule {
  id: string;
  name: string;
  shortDescription: Message;
  fullDescription?: Message;
  help?: Message;
  helpUri?: string;
  defaultConfiguration?: { level: string };
  properties: { tags: string[]; precision?: string; 'security-severity'?: string };
}
interface Result {
  ruleId: string;
  ruleIndex: number;
  level?: string;
  message: Message;
  locations: Location[];
  relatedLocations?: Location[];
  partialFingerprints: Record<string, string>;
  suppressions?: { kind: string; justification?: string }[];
}
interface Notification {
  level: string;
  message: Message;
  locations?: Location[];
  descriptor: { id: string };
}
interface Run {
  tool: { driver: { name: string; version: string; semanticVersion: string; informationUri: string; rules: Rule[] } };
  invocations: { executionSuccessful: boolean; toolExecutionNotifications: Notification[]; workingDirectory: ArtifactLocation }[];
  originalUriBaseIds: Record<string, ArtifactLocation>;
  columnKind: string;
  results: Result[];
}
interface Log {
  $schema: string;
  version: string;
  runs: Run[];
}

const validateSchema = new Ajv({ allErrors: true, validateFormats: false }).compile(
  JSON.parse(readFileSync(path.join(ROOT, 'test', 'schemas', 'sarif-schema-2.1.0.json'), 'utf8')) as object,
);

/** Formats, checks the output against the schema, and returns the one run. */
function sarif(result: RunResult, context: ReporterContext = CONTEXT, options?: SarifOptions): Run {
  const text = formatSarif(result, context, options);
  const log = JSON.parse(text) as Log;
  const valid = validateSchema(log);
  expect(validateSchema.errors ?? [], 'schema errors').toEqual([]);
  expect(valid).toBe(true);
  expect(log.runs).toHaveLength(1);
  return log.runs[0]!;
}

// ---------------------------------------------------------------------------------------------------------------
// Building RunResults

function range(file: string, startLine: number, startColumn: number, endLine: number, endColumn: number): SourceRange {
  return { file, start: { line: startLine, column: startColumn }, end: { line: endLine, column: endColumn } };
}

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: 's3-bucket-versioning-enabled',
    practice: 's3.versioning',
    severity: 'warning',
    messageId: 'missing',
    message: 'Bucket aws_s3_bucket.data does not enable versioning',
    location: range('infra/main.tf', 1, 1, 1, 30),
    resource: { id: 'aws_s3_bucket.data', type: 'aws_s3_bucket', framework: 'terraform' },
    related: [],
    remediation: 'Add an aws_s3_bucket_versioning.',
    helpUri: 'https://github.com/s3lint/s3lint/blob/main/rules/s3-bucket-versioning-enabled.md',
    fingerprint: '0123456789abcdef0123456789abcdef',
    ...overrides,
  };
}

function runResult(overrides: Partial<Pick<RunResult, 'findings' | 'suppressed' | 'errors'>> = {}): RunResult {
  const findings = overrides.findings ?? [];
  return {
    version: 1,
    tool: { name: 's3lint', version: '0.1.0', informationUri: 'https://github.com/s3lint/s3lint#readme' },
    findings,
    suppressed: overrides.suppressed ?? [],
    errors: overrides.errors ?? [],
    evaluations: [],
    summary: {
      filesDiscovered: 1,
      filesScanned: 1,
      resources: 1,
      buckets: [],
      findings: { error: 0, warning: findings.length, note: 0 },
      suppressed: (overrides.suppressed ?? []).length,
      unresolved: 0,
      errors: 0,
      rules: RULES.map((rule) => rule.id),
      preset: 'recommended',
      durationMs: 4242,
    },
  };
}

function ruleOf(run: Run, result: Result): Rule {
  return run.tool.driver.rules[result.ruleIndex]!;
}

// ---------------------------------------------------------------------------------------------------------------

describe('SARIF for the example project', () => {
  it('is valid SARIF 2.1.0, has one result per finding, and matches the golden file', async () => {
    const result = await lint({ paths: ['testdata/examples'], cwd: ROOT });
    const context: ReporterContext = { rules: RULES, cwd: ROOT };
    const run = sarif(result, context);

    expect(run.results).toHaveLength(result.findings.length);
    expect(run.results.map((entry) => entry.ruleId)).toEqual(result.findings.map((entry) => entry.ruleId));
    for (const entry of run.results) expect(ruleOf(run, entry).id).toBe(entry.ruleId);
    expect(run.tool.driver.rules.map((rule) => rule.id)).toEqual(RULES.map((rule) => rule.id));
    expect(run.invocations[0]!.executionSuccessful).toBe(true);

    const srcroot = run.originalUriBaseIds[SRCROOT]!.uri;
    const text = formatSarif(result, context).replaceAll(srcroot, GOLDEN_SRCROOT);
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, text);
    expect(text).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('is the same bytes every time, with no durations or timestamps', async () => {
    const result = await lint({ paths: ['testdata/examples'], cwd: ROOT });
    const context: ReporterContext = { rules: RULES, cwd: ROOT };
    const first = formatSarif(result, context);
    const again = formatSarif({ ...result, summary: { ...result.summary, durationMs: result.summary.durationMs + 1000 } }, context);
    expect(again).toBe(first);
    expect(first.endsWith('}\n')).toBe(true);
    expect(first).not.toMatch(/duration|TimeUtc|"\d{4}-\d\d-\d\dT/);
  });
});

describe('tool and rules', () => {
  it('describes the driver with absolute URIs and every rule of the context, with or without findings', () => {
    const run = sarif(runResult());
    const { driver } = run.tool;
    expect(driver).toMatchObject({ name: 's3lint', semanticVersion: '0.1.0', version: '0.1.0' });
    expect(new URL(driver.informationUri).protocol).toBe('https:');
    expect(driver.rules.map((rule) => rule.id)).toEqual(RULES.map((rule) => rule.id));
    expect(run.results).toEqual([]);
    expect(run.columnKind).toBe('utf16CodeUnits');
  });

  it('gives each rule a PascalCase name, descriptions, help, a level and GitHub security properties', () => {
    const run = sarif(runResult());
    run.tool.driver.rules.forEach((descriptor, index) => {
      const rule: AnyRule = RULES[index]!;
      expect(descriptor.name).toMatch(/^[A-Z][A-Za-z0-9]*$/);
      expect(descriptor.name).toBe(pascalCase(rule.id));
      expect(descriptor.shortDescription.text).toBe(rule.meta.title);
      expect(descriptor.fullDescription?.text).toBe(rule.meta.description);
      expect(descriptor.defaultConfiguration?.level).toBe(rule.meta.severity);
      expect(descriptor.helpUri).toBe(`https://github.com/s3lint/s3lint/blob/main/rules/${rule.id}.md`);
      expect(descriptor.properties.tags).toEqual(['security', rule.meta.practice, ...rule.meta.frameworks]);
      expect(descriptor.properties.precision).toBe('high');
      expect(descriptor.properties['security-severity']).toBe(SECURITY_SEVERITY[rule.meta.severity]);
      for (const remediation of Object.values(rule.meta.remediation)) expect(descriptor.help?.text).toContain(remediation);
      for (const reference of rule.meta.references) expect(descriptor.help?.markdown).toContain(`<${reference}>`);
    });
    expect(pascalCase('s3-bucket-acl-not-public')).toBe('S3BucketAclNotPublic');
  });

  it('maps severities to GitHub security-severity scores in its high, medium and low bands', () => {
    expect(Number(SECURITY_SEVERITY.error)).toBeGreaterThanOrEqual(7);
    expect(Number(SECURITY_SEVERITY.error)).toBeLessThan(9);
    expect(Number(SECURITY_SEVERITY.warning)).toBeGreaterThanOrEqual(4);
    expect(Number(SECURITY_SEVERITY.warning)).toBeLessThan(7);
    expect(Number(SECURITY_SEVERITY.note)).toBeGreaterThan(0);
    expect(Number(SECURITY_SEVERITY.note)).toBeLessThan(4);
  });

  it('escapes Markdown in the help built from metadata, so "*" stays literal', () => {
    const run = sarif(runResult());
    const tls = run.tool.driver.rules.find((rule) => rule.id === 's3-bucket-policy-requires-tls')!;
    expect(tls.help?.markdown).toContain('\\["s3:\\*"\\]');
    expect(tls.help?.text).toContain('["s3:*"]');
  });

  it('takes help.markdown from the rule documentation the caller passes', () => {
    const documentation = (ruleId: string): string | undefined => (ruleId === 's3-bucket-versioning-enabled' ? '# s3-bucket-versioning-enabled\n\nDocs.' : undefined);
    const run = sarif(runResult(), CONTEXT, { ruleDocumentation: documentation });
    const [versioning, others] = [
      run.tool.driver.rules.find((rule) => rule.id === 's3-bucket-versioning-enabled')!,
      run.tool.driver.rules.filter((rule) => rule.id !== 's3-bucket-versioning-enabled'),
    ];
    expect(versioning.help?.markdown).toBe('# s3-bucket-versioning-enabled\n\nDocs.');
    expect(versioning.help?.text).toContain('How to fix:');
    for (const rule of others) expect(rule.help?.markdown).toContain('## How to fix');
  });
});

describe('results', () => {
  it('points ruleIndex at the rule in the order the context gives, whatever that order is', () => {
    const findings = RULES.map((rule, index) => finding({ ruleId: rule.id, location: range('main.tf', index + 1, 1, index + 1, 5) }));
    const reversed = [...RULES].reverse();
    const run = sarif(runResult({ findings }), { rules: reversed, cwd: '/repo' });
    expect(run.tool.driver.rules.map((rule) => rule.id)).toEqual(reversed.map((rule) => rule.id));
    run.results.forEach((entry, index) => {
      expect(entry.ruleId).toBe(RULES[index]!.id);
      expect(ruleOf(run, entry).id).toBe(entry.ruleId);
      expect(entry.ruleIndex).toBe(RULES.length - 1 - index);
    });
  });

  it('adds a bare descriptor for a finding whose rule the context lacks, so its ruleIndex still resolves', () => {
    const run = sarif(runResult({ findings: [finding({ ruleId: 's3-bucket-from-elsewhere' })] }), { rules: RULES.slice(0, 2), cwd: '/repo' });
    expect(run.tool.driver.rules.map((rule) => rule.id)).toEqual([RULES[0]!.id, RULES[1]!.id, 's3-bucket-from-elsewhere']);
    expect(run.results[0]!.ruleIndex).toBe(2);
  });

  it('carries level, message, the fingerprint and a repo-relative location', () => {
    const run = sarif(runResult({ findings: [finding({ severity: 'note' })] }));
    const [entry] = run.results;
    expect(entry).toMatchObject({
      ruleId: 's3-bucket-versioning-enabled',
      level: 'note',
      message: { text: 'Bucket aws_s3_bucket.data does not enable versioning' },
      partialFingerprints: { [FINGERPRINT_KEY]: '0123456789abcdef0123456789abcdef' },
    });
    // The upload action computes this one from the file; faking it would make it warn and mistrack alerts.
    expect(entry!.partialFingerprints).not.toHaveProperty('primaryLocationLineHash');
    expect(entry!.locations[0]!.physicalLocation.artifactLocation).toEqual({ uri: 'infra/main.tf', uriBaseId: SRCROOT });
    expect(entry!.suppressions).toBeUndefined();
  });

  it('numbers related locations from 1 and links them from the message, escaping brackets in link text', () => {
    const related = [
      { location: range('infra/policy.tf', 3, 1, 3, 40), message: 'policy attached by aws_s3_bucket_policy.p[0]' },
      { location: range('infra/pab.tf', 7, 3, 7, 30), message: 'this setting neutralises the public grant' },
    ];
    const run = sarif(runResult({ findings: [finding({ related })] }));
    const [entry] = run.results;
    expect(entry!.relatedLocations?.map((location) => location.id)).toEqual([1, 2]);
    expect(entry!.relatedLocations?.map((location) => location.message?.text)).toEqual(related.map((r) => r.message));
    expect(entry!.relatedLocations?.[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'infra/policy.tf', uriBaseId: SRCROOT },
      region: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 40 },
    });
    expect(entry!.message.text).toBe(
      'Bucket aws_s3_bucket.data does not enable versioning. Related: [policy attached by aws_s3_bucket_policy.p\\[0\\]](1); [this setting neutralises the public grant](2).',
    );
  });

  it('emits suppressed findings as results with in-source or external suppressions, in file order', () => {
    const suppressed = [
      finding({ location: range('a.tf', 9, 1, 9, 5), suppression: { kind: 'inline', reason: 'public website, reviewed' } }),
      finding({ location: range('b.tf', 1, 1, 1, 5), suppression: { kind: 'file', reason: 'generated' } }),
      finding({ location: range('c.tf', 1, 1, 1, 5), suppression: { kind: 'config', reason: 'accepted risk' } }),
      finding({ location: range('d.tf', 1, 1, 1, 5), suppression: { kind: 'baseline', reason: '' } }),
    ];
    const open = finding({ location: range('a.tf', 2, 1, 2, 5) });
    const run = sarif(runResult({ findings: [open], suppressed }));
    expect(run.results.map((entry) => entry.locations[0]!.physicalLocation.artifactLocation.uri)).toEqual(['a.tf', 'a.tf', 'b.tf', 'c.tf', 'd.tf']);
    expect(run.results.map((entry) => entry.suppressions)).toEqual([
      undefined,
      [{ kind: 'inSource', justification: 'public website, reviewed' }],
      [{ kind: 'inSource', justification: 'generated' }],
      [{ kind: 'external', justification: 'accepted risk' }],
      [{ kind: 'external' }],
    ]);
  });
});

describe('diagnostics', () => {
  const parseError: Diagnostic = {
    file: 'broken.tf',
    code: 'parse-error',
    severity: 'error',
    message: 'Invalid expression',
    location: range('broken.tf', 2, 12, 3, 1),
  };
  const skipped: Diagnostic = { file: 'notes.yaml', code: 'not-a-template', severity: 'note', message: 'notes.yaml is not a template; skipped' };

  it('become tool execution notifications, never results, and an error one makes the execution unsuccessful', () => {
    const run = sarif(runResult({ findings: [finding()], errors: [parseError, skipped] }));
    expect(run.results).toHaveLength(1);
    const [invocation] = run.invocations;
    expect(invocation!.executionSuccessful).toBe(false);
    expect(invocation!.toolExecutionNotifications).toEqual([
      {
        level: 'error',
        message: { text: 'Invalid expression' },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'broken.tf', uriBaseId: SRCROOT },
              region: { startLine: 2, startColumn: 12, endLine: 3, endColumn: 1 },
            },
          },
        ],
        descriptor: { id: 'parse-error' },
      },
      {
        level: 'note',
        message: { text: 'notes.yaml is not a template; skipped' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'notes.yaml', uriBaseId: SRCROOT } } }],
        descriptor: { id: 'not-a-template' },
      },
    ]);
  });

  it('leave the execution successful when none is an error, and name no location for the scan root', () => {
    const root: Diagnostic = { file: '.', code: 'no-files', severity: 'warning', message: 'nothing to scan' };
    const run = sarif(runResult({ errors: [skipped, root] }));
    expect(run.invocations[0]!.executionSuccessful).toBe(true);
    expect(run.invocations[0]!.toolExecutionNotifications[1]).toEqual({ level: 'warning', message: { text: 'nothing to scan' }, descriptor: { id: 'no-files' } });
    expect(run.results).toEqual([]);
  });
});

describe('paths and regions', () => {
  function locationOf(file: string, at = range(file, 1, 1, 1, 2)): ArtifactLocation {
    const run = sarif(runResult({ findings: [finding({ location: at })] }));
    return run.results[0]!.locations[0]!.physicalLocation.artifactLocation;
  }

  it('sets SRCROOT (and the working directory) to the absolute folder URI with a trailing slash', () => {
    for (const cwd of ['/home/me/infra', '/home/me/infra/']) {
      const run = sarif(runResult(), { rules: RULES, cwd });
      expect(run.originalUriBaseIds).toEqual({ [SRCROOT]: { uri: 'file:///home/me/infra/' } });
      expect(run.invocations[0]!.workingDirectory).toEqual({ uri: 'file:///home/me/infra/' });
    }
    const spaced = sarif(runResult(), { rules: RULES, cwd: '/home/me/my infra#1' });
    expect(spaced.originalUriBaseIds[SRCROOT]!.uri).toBe('file:///home/me/my%20infra%231/');
  });

  it('percent-encodes relative paths segment by segment', () => {
    expect(locationOf('env/prod stack/main.tf')).toEqual({ uri: 'env/prod%20stack/main.tf', uriBaseId: SRCROOT });
    expect(locationOf('a:b/c#d.tf').uri).toBe('a%3Ab/c%23d.tf');
  });

  it('gives files outside the working folder an absolute file URI without uriBaseId', () => {
    expect(locationOf('/elsewhere/shared modules/s3.tf')).toEqual({ uri: 'file:///elsewhere/shared%20modules/s3.tf' });
    expect(locationOf('C:/work/s3.tf')).toEqual({ uri: 'file:///C:/work/s3.tf' });
    for (const file of ['/elsewhere/shared modules/s3.tf', 'C:/work/s3.tf']) expect(() => new URL(locationOf(file).uri)).not.toThrow();
  });

  it('passes 1-based regions with exclusive end columns through unchanged', () => {
    const run = sarif(runResult({ findings: [finding({ location: range('main.tf', 25, 3, 33, 4) }), finding({ location: range('main.tf', 40, 7, 40, 21) })] }));
    expect(run.results.map((entry) => entry.locations[0]!.physicalLocation.region)).toEqual([
      { startLine: 25, startColumn: 3, endLine: 33, endColumn: 4 },
      { startLine: 40, startColumn: 7, endLine: 40, endColumn: 21 },
    ]);
  });

  it('never writes a region that ends before it starts or a position below 1', () => {
    const run = sarif(
      runResult({
        findings: [
          finding({ location: range('main.tf', 5, 9, 4, 2) }),
          finding({ location: range('main.tf', 6, 9, 6, 3) }),
          finding({ location: range('main.tf', 0, 0, 0, 0) }),
          finding({ location: range('main.tf', 8, 4, 8, 4) }),
        ],
      }),
    );
    expect(run.results.map((entry) => entry.locations[0]!.physicalLocation.region)).toEqual([
      { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
      { startLine: 5, startColumn: 9, endLine: 5, endColumn: 9 },
      { startLine: 6, startColumn: 9, endLine: 6, endColumn: 9 },
      { startLine: 8, startColumn: 4, endLine: 8, endColumn: 4 },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Microsoft's validator, when the environment points at it

interface MultitoolResult {
  ruleId: string;
  level?: string;
  message: { text?: string; id?: string; arguments?: string[] };
}

/** The validator's findings at warning level or above, as `RULE: message` lines. */
function multitoolProblems(binary: string, sarifText: string): string[] {
  const folder = mkdtempSync(path.join(tmpdir(), 's3lint-sarif-'));
  try {
    const input = path.join(folder, 'input.sarif');
    const output = path.join(folder, 'validation.sarif');
    writeFileSync(input, sarifText);
    const run = spawnSync(binary, ['validate', '--rule-kind', 'Gh;Sarif', '--level', 'Error;Warning;Note', '-o', output, input], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.error).toBeUndefined();
    const log = JSON.parse(readFileSync(output, 'utf8')) as { runs: { results?: MultitoolResult[] }[] };
    // A result without a level is a warning (SARIF §3.27.10); notes (snippets, reachability of URIs …) are advice.
    return (log.runs[0]?.results ?? [])
      .filter((result) => (result.level ?? 'warning') !== 'note' && result.level !== 'none')
      .map((result) => `${result.ruleId}: ${result.message.text ?? [result.message.id, ...(result.message.arguments ?? [])].join(' ')}`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

describe('Microsoft SARIF Multitool (GitHub and SARIF rules)', () => {
  const binary = process.env.SARIF_MULTITOOL;

  it.skipIf(!binary)('finds no error or warning in the example report nor in one with diagnostics, suppressions and outside paths', { timeout: 300_000 }, async () => {
    const examples = await lint({ paths: ['testdata/examples'], cwd: ROOT });
    expect(multitoolProblems(binary!, formatSarif(examples, { rules: RULES, cwd: ROOT }))).toEqual([]);

    const edge = runResult({
      findings: [finding({ location: range('/elsewhere/s3.tf', 3, 1, 3, 9) })],
      suppressed: [finding({ location: range('main.tf', 2, 1, 2, 5), suppression: { kind: 'inline', reason: 'reviewed' } })],
      errors: [{ file: 'broken.tf', code: 'parse-error', severity: 'error', message: 'Invalid expression', location: range('broken.tf', 2, 12, 3, 1) }],
    });
    expect(multitoolProblems(binary!, formatSarif(edge, { rules: RULES, cwd: ROOT }))).toEqual([]);
  });
});
