import { defineRule, type RuleContext } from '../src/engine/rule.js';
import { bucketSettings, type SettingSource } from '../src/graph/bucket-settings.js';
import type { ObjectNode, SourceRange, ValueNode } from '../src/graph/types.js';
import { child, describe, dynamicBlocks, isDynamic, items, objects } from '../src/graph/values.js';

/** Methods that change data: a page on any site could make a visitor's browser send them. */
const WRITE_METHODS = new Set(['PUT', 'POST', 'DELETE']);
/** Origins that match every site: `*`, or every site of a scheme. */
const ANY_ORIGIN = /^(https?:\/\/)?\*$/;

type MessageId = 'anyOriginWrite';

export default defineRule({
  id: 's3-bucket-cors-restricted',
  meta: {
    title: 'CORS rules do not let every origin write',
    description: 'No CORS rule allows every origin ("*") together with a write method (PUT, POST or DELETE).',
    practice: 's3.cors',
    severity: 'warning',
    presets: ['recommended'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      anyOriginWrite:
        'Bucket {{bucket}} has a CORS rule that lets any origin ({{origin}}) send {{methods}} requests; list the origins that need to write',
    },
    remediation: {
      terraform:
        'In each cors_rule that allows PUT, POST or DELETE, replace "*" in allowed_origins with the exact origins of your application (https://app.example.com).',
      cloudformation:
        'In each CorsConfiguration.CorsRules entry that allows PUT, POST or DELETE, replace "*" in AllowedOrigins with the exact origins of your application (https://app.example.com).',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/ManageCorsUsing.html',
    ],
    equivalents: {
      kics: ['98a8f708-121b-455b-ae2f-da3fb59d17e1', '3609d27c-3698-483a-9402-13af6ae80583'],
    },
  },
  appliesTo: 'bucket',
  check(bucket, context) {
    for (const setting of bucketSettings(bucket, 'cors')) {
      for (const rule of corsRules(setting, context)) judgeRule(bucket.id, rule, context);
    }
  },
});

interface CorsRule {
  origins: ValueNode | undefined;
  methods: ValueNode | undefined;
  range: SourceRange;
}

/** The CORS rules of a setting; a rule or list decided by input is reported unresolved here. */
function corsRules(setting: SettingSource, context: RuleContext<MessageId>): CorsRule[] {
  const unresolved = (node: ValueNode): [] => {
    const dynamicBlock = node.kind === 'object' && node.block?.type === 'dynamic';
    context.unresolved(node.range, dynamicBlock ? 'the CORS rules come from a dynamic block' : `the CORS rules depend on ${describe(node)}`);
    return [];
  };
  const terraformRule = (rule: ObjectNode): CorsRule => ({ origins: child(rule, 'allowed_origins'), methods: child(rule, 'allowed_methods'), range: rule.range });
  switch (setting.shape) {
    case 'terraform-inline': {
      const block = setting.node as ObjectNode;
      return block.block?.type === 'dynamic' ? unresolved(block) : [terraformRule(block)];
    }
    case 'terraform-resource': {
      const body = setting.node as ObjectNode;
      dynamicBlocks(body, 'cors_rule').forEach(unresolved);
      return objects(child(body, 'cors_rule')).map(terraformRule);
    }
    case 'cloudformation': {
      if (isDynamic(setting.node)) return unresolved(setting.node);
      const rules = child(setting.node, 'CorsRules');
      if (isDynamic(rules)) return unresolved(rules!);
      return items(rules).flatMap((rule) =>
        isDynamic(rule) ? unresolved(rule)
        : rule.kind === 'object' ? [{ origins: child(rule, 'AllowedOrigins'), methods: child(rule, 'AllowedMethods'), range: rule.range }]
        : [],
      );
    }
  }
}

/** One finding per rule, at the origin that matches every site. */
function judgeRule(bucket: string, rule: CorsRule, context: RuleContext<MessageId>): void {
  const origins = listOf(rule.origins);
  const methods = listOf(rule.methods);
  const anyOrigin = origins.known.find((origin) => ANY_ORIGIN.test(origin.value));
  const writes = methods.known.filter((method) => WRITE_METHODS.has(method.value.toUpperCase()));
  if (anyOrigin && writes.length > 0) {
    context.report({
      messageId: 'anyOriginWrite',
      at: anyOrigin.range,
      data: { bucket, origin: anyOrigin.value, methods: writes.map((method) => method.value.toUpperCase()).join(', ') },
      related: writes.map((method) => ({ location: method.range, message: `${method.value.toUpperCase()} is allowed` })),
    });
    return;
  }
  // Only an unknown part could still complete an every-origin write rule.
  const originPossible = anyOrigin !== undefined || origins.unknown !== undefined;
  const writePossible = writes.length > 0 || methods.unknown !== undefined;
  const unknown = origins.unknown ?? methods.unknown;
  if (originPossible && writePossible && unknown) context.unresolved(unknown.range, `the CORS rule depends on ${describe(unknown)}`);
}

/** A list of strings: the known items, and the first item (or the list itself) that is not known. */
function listOf(node: ValueNode | undefined): { known: { value: string; range: SourceRange }[]; unknown?: ValueNode } {
  if (!node) return { known: [] };
  if (node.kind !== 'list') return node.kind === 'literal' && typeof node.value === 'string' ? { known: [{ value: node.value, range: node.range }] } : { known: [], unknown: node };
  const known: { value: string; range: SourceRange }[] = [];
  let unknown: ValueNode | undefined;
  for (const item of node.items) {
    if (item.kind === 'literal' && typeof item.value === 'string') known.push({ value: item.value, range: item.range });
    else unknown ??= item;
  }
  return { known, unknown };
}
