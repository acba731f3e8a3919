/**
 * The rule contract. A rule is one module: metadata beside a small `check` that reads a view and reports
 * message ids at exact ranges. `defineRule` ties the message ids to `messages`, so a misspelt id is a
 * compile error.
 */
import type { Graph } from '../graph/graph.js';
import type { AccessPointView } from '../graph/access-points.js';
import type { ProjectView } from '../graph/project.js';
import type { BucketKind, BucketView, ResourcePolicyView, S3Views } from '../graph/s3.js';
import type { Framework, ResourceNode, Severity, SourceRange } from '../graph/types.js';
import type { PracticeKey } from './practices.js';

export type PresetName = 'recommended' | 'strict' | 'account-baseline';
export const PRESET_NAMES = ['recommended', 'strict', 'account-baseline', 'all'] as const;
export type PresetChoice = (typeof PRESET_NAMES)[number];

/** Peer scanners whose ids a rule can name as equivalents. */
export type PeerTool = 'checkov' | 'trivy' | 'kics' | 'cfn-nag' | 'cdk-nag' | 'cfn-guard' | 'security-hub';

export interface RuleMeta<MessageId extends string> {
  title: string;
  /** One sentence: what must hold. */
  description: string;
  practice: PracticeKey;
  /** Default severity; a report may choose another where the catalog says so (absent vs explicit, neutralised). */
  severity: Severity;
  /** How the severity varies, for the rule table, when reports choose another (`warning when absent, error when a flag is off`). */
  severityDetail?: string;
  presets: PresetName[];
  frameworks: Framework[];
  /** Message templates with `{{placeholders}}`. */
  messages: Record<MessageId, string>;
  remediation: Partial<Record<Framework, string>>;
  references: string[];
  equivalents: Partial<Record<PeerTool, string[]>>;
}

/** What a rule judges. Each kind is one view built once per scan. */
export interface SubjectKinds {
  /** Every general-purpose bucket, in the scanned code or configured from it. */
  bucket: BucketView;
  /** Access points and Multi-Region Access Points. */
  accessPoint: AccessPointView;
  /** Every bucket and access point policy document. */
  policy: ResourcePolicyView;
  /** Resources of the types the rule names in `resourceTypes`. */
  resource: ResourceNode;
  /** The scan as a whole, once: account-wide services. */
  project: ProjectView;
}
export type SubjectKind = keyof SubjectKinds;

export interface RelatedLocation {
  location: SourceRange;
  message: string;
}

export interface ReportDescriptor<MessageId extends string> {
  messageId: MessageId;
  at: SourceRange;
  data?: Record<string, string | number>;
  related?: RelatedLocation[];
  severity?: Severity;
  /**
   * For a rule that may report one message several times on one subject (once per policy statement): what tells
   * the occurrences apart in fingerprints (`statementKey(statement)`), so baselines and code-scanning alerts track
   * each one.
   */
  discriminator?: string;
}

export interface RuleContext<MessageId extends string> {
  report(descriptor: ReportDescriptor<MessageId>): void;
  /** The rule could not decide: the value depends on input that is not known statically (never a silent pass). */
  unresolved(at: SourceRange, reason: string): void;
  readonly views: S3Views;
  readonly graph: Graph;
}

export interface Rule<MessageId extends string = string, Kind extends SubjectKind = SubjectKind> {
  /** Kebab-case, naming the desired state: `s3-bucket-versioning-enabled`. */
  id: string;
  meta: RuleMeta<MessageId>;
  appliesTo: Kind;
  /** For `appliesTo: 'resource'`: the resource types judged (`aws_kms_key`, `AWS::KMS::Key`). */
  resourceTypes?: readonly string[];
  /** For `appliesTo: 'bucket'`: the kinds of bucket judged; default general-purpose only (decision 8). */
  bucketKinds?: readonly BucketKind[];
  check(subject: SubjectKinds[Kind], context: RuleContext<MessageId>): void;
}

/** An erased rule, as the registry and engine hold it. */
export type AnyRule = Rule<string, SubjectKind>;

export function defineRule<const MessageId extends string, Kind extends SubjectKind>(rule: Rule<MessageId, Kind>): AnyRule {
  return rule as unknown as AnyRule;
}

/**
 * Whether a preset runs a rule: `all` runs every rule; `strict` is `recommended` plus workload-dependent
 * hardening; `account-baseline` is the account-wide services alone.
 */
export function inPreset(rule: AnyRule, preset: PresetChoice): boolean {
  if (preset === 'all') return true;
  const presets: readonly string[] = rule.meta.presets;
  return presets.includes(preset) || (preset === 'strict' && presets.includes('recommended'));
}

/** Fills `{{name}}` placeholders; an unknown placeholder stays visible rather than vanishing. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  const { texts, placeholders } = splitTemplate(template);
  let message = texts[0]!;
  placeholders.forEach(({ written, name }, index) => {
    message += (name in data ? String(data[name]) : written) + texts[index + 1]!;
  });
  return message;
}

/** A template's placeholders, and the texts before, between and after them. */
interface SplitTemplate {
  texts: string[];
  placeholders: { written: string; name: string }[];
}

/** Templates split once: a large scan formats a hundred thousand messages from a few hundred templates. */
const splitTemplates = new Map<string, SplitTemplate>();

function splitTemplate(template: string): SplitTemplate {
  let split = splitTemplates.get(template);
  if (!split) {
    split = { texts: [], placeholders: [] };
    let last = 0;
    for (const match of template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) {
      split.texts.push(template.slice(last, match.index));
      split.placeholders.push({ written: match[0], name: match[1]! });
      last = match.index + match[0].length;
    }
    split.texts.push(template.slice(last));
    splitTemplates.set(template, split);
  }
  return split;
}
