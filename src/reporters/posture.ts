/**
 * The posture of each bucket: for every protection the AWS guide asks for (public access, encryption, TLS only,
 * versioning, logging, Object Lock, replication, backup), whether it holds, fails, depends on unknown input, or
 * was not checked. Built only from the RunResult's evaluations (and findings, to point at the cause), so a column
 * no rule judged says "not checked" instead of guessing. Shared by the GitHub step summary and other reporters.
 */
import { groupBy, push } from '../collections.js';
import type { PracticeKey } from '../engine/practices.js';
import type { BucketSummary, Evaluation, Finding, Outcome, RunResult } from '../engine/result.js';
import type { Severity, SourceRange } from '../graph/types.js';

export interface PostureColumn {
  key: string;
  label: string;
  /** The catalog practices whose evaluations decide this column. */
  practices: readonly PracticeKey[];
  /**
   * The practice that says the protection is there at all. Its siblings pass vacuously when it is absent (a
   * replication rule that cannot work passes on a bucket without replication), so without an evaluation of it a
   * column that nothing failed reads "not checked", never "holds".
   */
  presence?: PracticeKey;
}

export const POSTURE_COLUMNS = [
  {
    key: 'public-access',
    label: 'public access',
    practices: ['s3.public-access-block', 's3.acl-public', 's3.policy-public', 's3.account-public-access-block', 's3.access-point-public'],
  },
  { key: 'encryption', label: 'encryption', practices: ['s3.encryption', 's3.encryption-kms', 's3.bucket-key'] },
  { key: 'tls-only', label: 'TLS only', practices: ['s3.tls-only', 's3.tls-version'] },
  { key: 'versioning', label: 'versioning', practices: ['s3.versioning', 's3.mfa-delete'] },
  { key: 'logging', label: 'logging', practices: ['s3.logging'] },
  { key: 'object-lock', label: 'Object Lock', practices: ['s3.object-lock', 's3.object-lock-retention'], presence: 's3.object-lock' },
  { key: 'replication', label: 'replication', practices: ['s3.replication', 's3.replication-config'], presence: 's3.replication' },
  { key: 'backup', label: 'backup', practices: ['backup.plan-coverage', 'backup.s3-requires-versioning'], presence: 'backup.plan-coverage' },
] as const satisfies readonly PostureColumn[];

export type PostureColumnKey = (typeof POSTURE_COLUMNS)[number]['key'];

const POSTURE_PRACTICES: ReadonlySet<PracticeKey> = new Set(POSTURE_COLUMNS.flatMap((column): readonly PracticeKey[] => column.practices));

/**
 * `suppressed` is a known failure someone accepted: it ranks below a live failure (which needs action) and above
 * unresolved (a known failure says more than an unknown), and never shows as holding.
 */
export type PostureState = 'fails' | 'suppressed' | 'unresolved' | 'holds' | 'not-checked';

export interface PostureCell {
  state: PostureState;
  /** For `fails` and `suppressed`: the most severe finding behind the state, when it can be matched to the bucket. */
  finding?: Finding;
  /** For `unresolved`: the first value that could not be decided statically. */
  unresolved?: { location: SourceRange; reason: string };
}

export interface BucketPosture {
  bucket: BucketSummary;
  cells: Record<PostureColumnKey, PostureCell>;
}

const STATE_BY_OUTCOME: Record<Outcome, PostureState> = {
  fail: 'fails',
  suppressed: 'suppressed',
  unresolved: 'unresolved',
  pass: 'holds',
};

/** Strongest first: any failure wins, then an accepted failure, then unknown input, then a pass. */
const STATE_PRECEDENCE: readonly PostureState[] = ['fails', 'suppressed', 'unresolved', 'holds', 'not-checked'];

/** The state of one column from the outcomes of its practices' evaluations; no evaluation at all is `not-checked`. */
export function combineOutcomes(outcomes: readonly Outcome[]): PostureState {
  const states = new Set(outcomes.map((outcome) => STATE_BY_OUTCOME[outcome]));
  return STATE_PRECEDENCE.find((state) => states.has(state)) ?? 'not-checked';
}

/** Only buckets defined in the scanned code: for the others s3lint judges settings, never what the bucket lacks. */
export function bucketPosture(result: RunResult): BucketPosture[] {
  const findingsOf = findingsByEvaluation(result);
  // Only the practices of some column: the others, a large share of a large scan, decide no cell.
  const evaluationsOf = groupBy(
    result.evaluations.filter((evaluation) => POSTURE_PRACTICES.has(evaluation.practice)),
    bucketKeyOfEvaluation,
  );
  return result.summary.buckets
    .filter((bucket) => bucket.inScannedCode)
    .map((bucket) => {
      const evaluations = evaluationsOf.get(bucketKey(bucket.type, bucket.id, bucket.file)) ?? [];
      const cells = Object.fromEntries(
        POSTURE_COLUMNS.map((column) => [column.key, columnCell(column, evaluations, findingsOf)]),
      ) as Record<PostureColumnKey, PostureCell>;
      return { bucket, cells };
    });
}

/** An evaluation's location is its bucket's header, so type, id and file tell buckets with the same id apart. */
function bucketKey(type: string, id: string, file: string): string {
  return [type, id, file].join('\u0000');
}

function bucketKeyOfEvaluation(evaluation: Evaluation): string {
  return bucketKey(evaluation.resource.type, evaluation.resource.id, evaluation.location.file);
}

function columnCell(
  column: PostureColumn,
  bucketEvaluations: readonly Evaluation[],
  findingsOf: (evaluation: Evaluation) => Finding[],
): PostureCell {
  const evaluations = bucketEvaluations.filter((evaluation) => column.practices.includes(evaluation.practice));
  const state = combineOutcomes(evaluations.map((evaluation) => evaluation.outcome));
  if (state === 'fails' || state === 'suppressed') {
    const outcome = state === 'fails' ? 'fail' : 'suppressed';
    const findings = evaluations.filter((evaluation) => evaluation.outcome === outcome).flatMap(findingsOf);
    const finding = mostSevere(findings);
    return finding ? { state, finding } : { state };
  }
  if (state === 'unresolved') {
    const unresolved = evaluations.find((evaluation) => evaluation.outcome === 'unresolved')?.unresolved?.[0];
    return unresolved ? { state, unresolved } : { state };
  }
  if (state === 'holds' && column.presence && !evaluations.some((evaluation) => evaluation.practice === column.presence)) {
    return { state: 'not-checked' };
  }
  return { state };
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, note: 2 };

/** The most severe finding; among equals the first by file, line and column. */
export function mostSevere(findings: readonly Finding[]): Finding | undefined {
  return [...findings].sort(bySeverityThenLocation)[0];
}

/** Errors first, then warnings, then notes; within a severity, file, line and column order. */
export function bySeverityThenLocation(a: Finding, b: Finding): number {
  return SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || byLocation(a.location, b.location);
}

export function byLocation(a: SourceRange, b: SourceRange): number {
  return (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.start.line - b.start.line || a.start.column - b.start.column;
}

/**
 * The findings behind each failing (and suppressed) evaluation. A finding names its bucket by id only, and ids
 * repeat across Terraform folders, while its location may sit in another file that configures the bucket. So a
 * finding goes to the bucket with its id that failed its rule, preferring the bucket in the finding's own file,
 * then in its folder; when that still leaves a choice the finding is left unmatched rather than misattributed.
 * The returned lookup takes the evaluation objects of `result` itself, most severe finding first.
 */
export function findingsByEvaluation(result: RunResult): (evaluation: Evaluation) => Finding[] {
  const subjectKey = (outcome: Outcome, ruleId: string, type: string, id: string): string => [outcome, ruleId, type, id].join('\u0000');
  // Only a failed or suppressed evaluation owns findings: passes, most of a large scan, are left out of the index.
  const owners = result.evaluations.filter((evaluation) => evaluation.outcome === 'fail' || evaluation.outcome === 'suppressed');
  const candidatesOf = groupBy(owners, (evaluation) => subjectKey(evaluation.outcome, evaluation.ruleId, evaluation.resource.type, evaluation.resource.id));
  const owned = new Map<Evaluation, Finding[]>();
  const assign = (findings: readonly Finding[], outcome: Outcome): void => {
    for (const finding of findings) {
      const candidates = candidatesOf.get(subjectKey(outcome, finding.ruleId, finding.resource.type, finding.resource.id)) ?? [];
      const owner = ownerOf(finding, candidates);
      if (owner) push(owned, owner, finding);
    }
  };
  assign(result.findings, 'fail');
  assign(result.suppressed, 'suppressed');
  for (const list of owned.values()) list.sort(bySeverityThenLocation);
  return (evaluation) => owned.get(evaluation) ?? [];
}

function ownerOf(finding: Finding, candidates: readonly Evaluation[]): Evaluation | undefined {
  if (candidates.length <= 1) return candidates[0];
  const file = finding.location.file;
  const sameFile = candidates.filter((evaluation) => evaluation.location.file === file);
  if (sameFile.length === 1) return sameFile[0];
  const sameFolder = candidates.filter((evaluation) => folderOf(evaluation.location.file) === folderOf(file));
  return sameFolder.length === 1 ? sameFolder[0] : undefined;
}

function folderOf(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash < 0 ? '' : file.slice(0, slash);
}
