/** The terminal report's layout details that the golden file of the examples does not reach. */
import { describe, expect, it } from 'vitest';
import type { Finding, RunResult } from '../../src/engine/result.js';
import { formatText, textChunks } from '../../src/reporters/text.js';

function resultWith(finding: Finding): RunResult {
  return {
    version: 1,
    tool: { name: 's3lint', version: '0.0.0', informationUri: '' },
    findings: [finding],
    suppressed: [],
    errors: [],
    evaluations: [],
    summary: {
      filesDiscovered: 1, filesScanned: 1, resources: 1, buckets: [], findings: { error: 0, warning: 1, note: 0 },
      suppressed: 0, unresolved: 0, errors: 0, rules: [finding.ruleId], preset: 'recommended', failOn: 'error', durationMs: 0,
    },
  } as RunResult;
}

describe('text report', () => {
  it('keeps a space between a long position and the severity', () => {
    const range = { file: 'modules/bucket/main.tf', start: { line: 1186, column: 24 }, end: { line: 1186, column: 30 } };
    const finding = {
      ruleId: 's3-bucket-ownership-enforced', practice: 's3.acls-disabled', severity: 'warning', messageId: 'notEnforced', message: 'Bucket b keeps ACLs',
      location: range, resource: { id: 'b', type: 'aws_s3_bucket', framework: 'terraform' }, related: [], remediation: '', helpUri: '', fingerprint: '0',
    } as unknown as Finding;
    const text = formatText(resultWith(finding), { quiet: false, color: false, sourceLines: () => undefined });
    expect(text).toContain('  1186:24 warning  Bucket b keeps ACLs');
  });

  it('comes one file at a time, reading each file\'s source lines while that file is written', () => {
    const at = (file: string, line: number) => ({ file, start: { line, column: 3 }, end: { line, column: 9 } });
    const finding = (file: string, line: number) =>
      ({
        ruleId: 'r', practice: 's3.versioning', severity: 'warning', messageId: 'm', message: `in ${file}`, location: at(file, line),
        resource: { id: 'b', type: 'aws_s3_bucket', framework: 'terraform' }, related: [], remediation: '', helpUri: '', fingerprint: '0',
      }) as unknown as Finding;
    const result = { ...resultWith(finding('b.tf', 2)), findings: [finding('b.tf', 2), finding('a.tf', 1), finding('b.tf', 1)] };
    const asked: string[] = [];
    const chunks = textChunks(result, { quiet: false, color: false, sourceLines: (file) => (asked.push(file), ['x = 1', 'y = 2']) });
    const first = chunks.next();
    expect(first.value).toContain('a.tf');
    expect(first.value).not.toContain('b.tf');
    expect(asked).toEqual(['a.tf']);
    const pieces = [first.value as string, ...chunks];
    expect(pieces).toHaveLength(3); // a.tf, b.tf, the summary
    expect(pieces.join('')).toBe(formatText(result, { quiet: false, color: false, sourceLines: () => ['x = 1', 'y = 2'] }));
  });
});
