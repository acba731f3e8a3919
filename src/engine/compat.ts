/**
 * Other scanners' suppressions, honoured with `compat: true` so that a project moving to s3lint keeps the
 * exceptions it has already reviewed:
 *
 *     #checkov:skip=CKV_AWS_18:<reason>       inside a Terraform block or CloudFormation resource, or on the line
 *                                             above it: the whole resource (checkov's own scope)
 *     #trivy:ignore:AVD-AWS-0089              above a resource or attribute, or at the end of its line, like
 *     #tfsec:ignore:<long id>                 `s3lint-ignore`; `:exp:YYYY-MM-DD` stops it on that day
 *     # kics-scan ignore-line                 above a line: every rule, for findings that start on that line
 *     # kics-scan ignore-block                above a resource or block: every rule, for that resource or block
 *     # kics-scan ignore | disable=<query-id>,…  before the first line of code: the whole file
 *     Metadata: { cfn_nag: { rules_to_suppress: [{ id: W35, reason: … }] } }   (CloudFormation, YAML or JSON)
 *     Metadata: { checkov: { skip: [{ id: CKV_AWS_18, comment: … }] } }
 *
 * An id silences the s3lint rules whose `meta.equivalents` name it (tfsec ids are trivy's, KICS ids are query
 * UUIDs); an id that no rule names is for the other tool and silences nothing. `ignore-line=<query-id>` and
 * `ignore-block=<query-id>` name one query. A suppression without a reason gets "(no reason given: <tool>
 * comment)". s3lint never warns about these (unused, no reason, expired): they are written for another tool.
 */
import type { ObjectNode, ResourceNode, ValueNode } from '../graph/types.js';
import type { CompatTool } from './result.js';
import type { AnyRule, PeerTool } from './rule.js';
import { isDate, lineComments, type LineComment, type SuppressedRule, type Suppression } from './suppressions.js';

/** KICS `ignore-line`, `ignore-block` and `ignore` name no query, and trivy's `*` names every check: every rule. */
const EVERY_RULE = '*';

/** The `meta.equivalents` list that holds each tool's ids: tfsec's long ids live beside trivy's AVD ids. */
const EQUIVALENTS: Record<CompatTool, PeerTool> = { checkov: 'checkov', trivy: 'trivy', tfsec: 'trivy', kics: 'kics', 'cfn-nag': 'cfn-nag' };

const CHECKOV_SKIP = /^\s*(?:checkov|bridgecrew):skip=\s*(\w+(?:,\w+)*)(?::(.*))?$/;
const KICS_SCAN = /^[\s/#;]*kics-scan\b(.*)$/i;
const KICS_IGNORE = /^(ignore-line|ignore-block)(?:=(\S+))?$/;
/** Text that every checkov, trivy/tfsec or KICS directive above contains. */
const COMPAT_MARKER = /checkov:|bridgecrew:|trivy:|tfsec:|kics-scan/i;

/** How far a comment reaches: its resource, its target line, s3lint's own rule (resource or attribute), or the file. */
type Reach = 'resource' | 'line' | 'auto' | 'file';

/** The other scanners' suppression comments of one Terraform or YAML CloudFormation file, with their own ids. */
export function collectCompatSuppressions(file: string, text: string): Suppression[] {
  // Most files hold no directive; finding their comments would cost more than parsing them.
  if (!COMPAT_MARKER.test(text)) return [];
  return lineComments(file, text).comments.flatMap((comment) => [...checkovSkips(comment), ...trivyIgnores(comment), ...kicsCommands(comment)]);
}

function checkovSkips(comment: LineComment): Suppression[] {
  const match = CHECKOV_SKIP.exec(comment.text);
  return match ? [fromComment(comment, 'checkov', match[1]!.split(','), match[2] ?? '', 'resource')] : [];
}

/** trivy reads every word of a comment that starts with `trivy:` or `tfsec:` as one rule of `key:value` sections. */
function trivyIgnores(comment: LineComment): Suppression[] {
  const words = comment.text.trim().split(/\s+/).map((word) => word.replace(/^[#/*]+/, ''));
  const directives = words.filter((word) => /^(trivy|tfsec):/.test(word));
  const reason = words.filter((word) => !directives.includes(word)).join(' ');
  return directives.flatMap((directive) => {
    const [tool, ...segments] = directive.split(':');
    const sections = new Map<string, string>();
    for (let index = 0; index + 1 < segments.length; index += 2) sections.set(segments[index]!, segments[index + 1]!);
    const id = sections.get('ignore')?.replace(/\[.*$/, ''); // `[bucket=…]` narrows the ignore in trivy: s3lint keeps the id
    const expiry = sections.get('exp');
    // trivy treats an unreadable date as long past.
    if (!id || (expiry !== undefined && !isDate(expiry))) return [];
    const suppression = fromComment(comment, tool as CompatTool, [id], reason, 'auto');
    return [expiry === undefined ? suppression : { ...suppression, until: dayBefore(expiry) }];
  });
}

/** trivy stops ignoring at the start of its `exp:` day; s3lint's `until` is the last day covered. */
function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/** KICS reads `ignore-line` / `ignore-block` anywhere among the words of a `kics-scan` comment, other commands first; the other words are kept as the reason. */
function kicsCommands(comment: LineComment): Suppression[] {
  const match = KICS_SCAN.exec(comment.text);
  if (!match) return [];
  const words = match[1]!.trim().split(/\s+/).filter((word) => word !== '');
  const ignoreAt = words.findIndex((word) => KICS_IGNORE.test(word.toLowerCase()));
  const at = Math.max(ignoreAt, 0);
  const command = (words[at] ?? '').toLowerCase();
  const reason = words.filter((_, index) => index !== at).join(' ');
  const ignore = KICS_IGNORE.exec(command);
  if (ignore) return [fromComment(comment, 'kics', [ignore[2] ?? EVERY_RULE], reason, ignore[1] === 'ignore-line' ? 'line' : 'auto')];
  // File-level commands count only at the top of the file, where KICS reads them.
  const fileIds = command === 'ignore' ? [EVERY_RULE] : command.startsWith('disable=') ? command.slice('disable='.length).split(',') : undefined;
  return fileIds && comment.inPreamble ? [fromComment(comment, 'kics', fileIds, reason, 'file')] : [];
}

function fromComment(comment: LineComment, tool: CompatTool, ids: readonly string[], reason: string, reach: Reach): Suppression {
  const aimed = reach !== 'file' && comment.targetLine !== undefined;
  return {
    file: comment.range.file,
    kind: reach === 'file' ? 'file' : comment.placement,
    range: comment.range,
    rules: ids.filter((id) => id !== '').map((id) => ({ id, range: comment.range })),
    reason: withReason(reason, tool),
    ...(aimed ? { targetLine: comment.targetLine, targetText: comment.targetText } : {}),
    problems: [],
    compat: { tool, ...(reach === 'resource' || reach === 'line' ? { reach } : {}) },
  };
}

function withReason(reason: string, tool: CompatTool): string {
  return reason.trim() || `(no reason given: ${tool} comment)`;
}

/** cfn-nag's `Metadata.cfn_nag.rules_to_suppress` and checkov's `Metadata.checkov.skip` entries of a CloudFormation resource. */
export function cloudFormationCompatSuppressions(resource: ResourceNode): Suppression[] {
  if (resource.framework !== 'cloudformation') return [];
  const metadata = resource.definition.entries.get('Metadata')?.value;
  if (metadata?.kind !== 'object') return [];
  return [
    ...metadataEntries(resource, metadata, 'cfn-nag', ['cfn_nag', 'rules_to_suppress'], 'reason'),
    ...metadataEntries(resource, metadata, 'checkov', ['checkov', 'skip'], 'comment'),
  ];
}

function metadataEntries(resource: ResourceNode, metadata: ObjectNode, tool: CompatTool, [section, list]: [string, string], reasonKey: string): Suppression[] {
  const sectionValue = metadata.entries.get(section)?.value;
  const entries = sectionValue?.kind === 'object' ? sectionValue.entries.get(list)?.value : undefined;
  if (entries?.kind !== 'list') return [];
  return entries.items.flatMap((item): Suppression[] => {
    const id = item.kind === 'object' ? text(item.entries.get('id')?.value) : undefined;
    if (item.kind !== 'object' || !id) return [];
    return [{
      file: resource.file,
      kind: 'metadata',
      range: item.range,
      resourceId: resource.id,
      rules: [{ id, range: item.range }],
      reason: withReason(text(item.entries.get(reasonKey)?.value) ?? '', tool),
      problems: [],
      compat: { tool },
    }];
  });
}

function text(node: ValueNode | undefined): string | undefined {
  return node?.kind === 'literal' && (typeof node.value === 'string' || typeof node.value === 'number') ? String(node.value).trim() : undefined;
}

/**
 * Turns the other tools' ids of compat suppressions into the ids of the s3lint rules whose equivalents name them
 * (case aside); a suppression left with no rule is dropped. Other suppressions pass through.
 */
export function resolveCompatRules(suppressions: readonly Suppression[], rules: readonly AnyRule[]): Suppression[] {
  return suppressions.flatMap((suppression) => {
    if (!suppression.compat) return [suppression];
    const list = EQUIVALENTS[suppression.compat.tool];
    const resolved = new Map<string, SuppressedRule>();
    for (const named of suppression.rules) {
      const id = named.id.toLowerCase();
      for (const rule of rules) {
        const equivalents = rule.meta.equivalents[list] ?? [];
        if (id === EVERY_RULE || equivalents.some((equivalent) => equivalent.toLowerCase() === id)) resolved.set(rule.id, { id: rule.id, range: named.range });
      }
    }
    return resolved.size > 0 ? [{ ...suppression, rules: [...resolved.values()] }] : [];
  });
}
