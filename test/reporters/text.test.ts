/** The terminal report's layout details that the golden file of the examples does not reach. */
import { describe, expect, it } from 'vitest';
import type { Finding, RunResult } from '../../src/engine/result.js';
import { formatText } from '../../src/reporters/text.js';

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
});
