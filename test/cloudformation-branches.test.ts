/**
 * A CloudFormation `Fn::If` on a condition the parameter values leave open is judged in both branches: through the
 * whole engine, a finding that only one branch makes is reported once, at that branch, and names the condition.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/engine/lint.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const TEMPLATE = 'testdata/cloudformation/branches/template.yaml';

describe('Fn::If on an unknown condition', () => {
  it('reports what one branch gets wrong, at that branch, naming the condition; both good branches pass', async () => {
    const result = await lint({ paths: [TEMPLATE], cwd: ROOT, config: false, onlyRules: ['s3-bucket-versioning-enabled', 's3-bucket-public-access-block'] });
    expect(result.findings.map((finding) => `${finding.location.start.line}:${finding.location.start.column} ${finding.ruleId} ${finding.resource.id}: ${finding.message}`)).toEqual([
      '8:3 s3-bucket-public-access-block Reports: Bucket Reports has no public access block',
      '8:3 s3-bucket-versioning-enabled Reports: Bucket Reports does not enable versioning (when condition IsProd is false)',
      '15:3 s3-bucket-public-access-block Archive: Bucket Archive has no public access block',
      '19:3 s3-bucket-public-access-block Scratch: Bucket Scratch has no public access block',
      '23:39 s3-bucket-versioning-enabled Scratch: Bucket Scratch sets versioning to Suspended; overwritten and deleted objects cannot be recovered (when condition IsProd is false)',
      '24:3 s3-bucket-versioning-enabled Website: Bucket Website does not enable versioning',
      // Both combinations leave a flag off, each its own way: one finding that says both.
      '29:26 s3-bucket-public-access-block Website: Bucket Website has a public access block that leaves BlockPublicAcls off (when condition IsProd is true); ' +
        'Bucket Website has a public access block that leaves BlockPublicAcls, BlockPublicPolicy off (when condition IsProd is false)',
    ]);
    const outcome = (id: string): string | undefined => result.evaluations.find((evaluation) => evaluation.ruleId === 's3-bucket-versioning-enabled' && evaluation.resource.id === id)?.outcome;
    expect(outcome('Archive')).toBe('pass');
    expect(outcome('Reports')).toBe('fail');
    // One summary per bucket, not one per combination.
    expect(result.summary.buckets.map((bucket) => bucket.id)).toEqual(['Reports', 'Archive', 'Scratch', 'Website']);
    expect(result.summary.resources).toBe(4);
    expect(result.errors).toEqual([]);
  });

  it('a parameter value that decides the condition leaves one template, judged as written', async () => {
    const result = await lint({ paths: [TEMPLATE], cwd: ROOT, config: false, parameters: { Environment: 'prod' }, onlyRules: ['s3-bucket-versioning-enabled'] });
    expect(result.findings.map((finding) => `${finding.location.start.line} ${finding.resource.id}: ${finding.message}`)).toEqual(['24 Website: Bucket Website does not enable versioning']);
  });
});
