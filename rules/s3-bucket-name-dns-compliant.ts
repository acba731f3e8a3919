import { defineRule } from '../src/engine/rule.js';
import type { ValueNode } from '../src/graph/types.js';
import { child } from '../src/graph/values.js';

export default defineRule({
  id: 's3-bucket-name-dns-compliant',
  meta: {
    title: 'Bucket names contain no dots',
    description: 'A bucket name (or Terraform bucket_prefix) contains no dot, so virtual-hosted HTTPS requests and Transfer Acceleration work.',
    practice: 's3.dns-compliant-name',
    severity: 'note',
    presets: ['strict'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      dotInName: 'Bucket {{bucket}} has a dot in its name ({{name}}), so S3\'s wildcard certificate does not match its virtual-hosted HTTPS address and Transfer Acceleration is unavailable',
    },
    remediation: {
      terraform: 'Use hyphens instead of dots in bucket or bucket_prefix (the bucket is replaced: copy its data to the new bucket first).',
      cloudformation: 'Use hyphens instead of dots in BucketName (the bucket is replaced: copy its data to the new bucket first).',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/transfer-acceleration.html',
    ],
    equivalents: {
      trivy: ['AVD-AWS-0320'],
    },
  },
  appliesTo: 'bucket',
  check(bucket, context) {
    const resource = bucket.bucket;
    if (!resource) return;
    const names = resource.framework === 'terraform' ? ['bucket', 'bucket_prefix'] : ['BucketName'];
    for (const name of names) {
      const node = child(resource.body, name);
      if (node && literalText(node)?.includes('.')) {
        context.report({ messageId: 'dotInName', at: node.range, data: { bucket: bucket.id, name: literalText(node, '…')! } });
        return;
      }
      // A name from input with no literal dot gets no outcome: dots are written literally (see the docs).
    }
  },
});

/**
 * The literal text of a name: a string, or the fixed parts of a Terraform template (`"${var.env}.assets"`),
 * a CloudFormation `Fn::Sub` (`${AWS::StackName}.assets`) or `Fn::Join` with its delimiter. Parts that depend
 * on input are written as `hole` (nothing, to test for a dot; `…` in messages), so a dot found is certainly in
 * the name.
 */
function literalText(node: ValueNode, hole = ''): string | undefined {
  if (node.kind === 'literal') return typeof node.value === 'string' ? node.value : undefined;
  if (node.kind === 'expression') return templateLiterals(node.text, hole);
  if (node.kind !== 'object' || node.entries.size !== 1) return undefined;
  const [name, entry] = [...node.entries][0]!;
  const argument = entry.value;
  if (name === 'Fn::Sub') {
    const template = argument.kind === 'list' ? argument.items[0] : argument;
    return template?.kind === 'literal' && typeof template.value === 'string' ? template.value.replace(/\$\{[^}]*\}/g, hole) : undefined;
  }
  if (name === 'Fn::Join' && argument.kind === 'list' && argument.items[1]?.kind === 'list') {
    const delimiter = argument.items[0]?.kind === 'literal' ? String(argument.items[0].value) : '';
    const parts = argument.items[1].items;
    return parts.map((part) => (part.kind === 'literal' ? String(part.value) : hole)).join(parts.length > 1 ? delimiter : '');
  }
  return undefined;
}

/**
 * The text outside `${ … }` interpolations and `%{ … }` directives of a Terraform expression that is one quoted
 * template (`"${var.env}.assets"`); undefined for any other expression (`var.a == "x" ? "b.c" : "d"`).
 */
function templateLiterals(expression: string, hole: string): string | undefined {
  if (!expression.startsWith('"')) return undefined;
  let out = '';
  let depth = 0;
  for (let i = 1; i < expression.length; i++) {
    const char = expression[i]!;
    if (depth === 0) {
      if (char === '"') return i === expression.length - 1 ? out : undefined;
      if (char === '\\') {
        out += expression[++i] ?? '';
      } else if ((char === '$' || char === '%') && expression[i + 1] === '{') {
        out += hole;
        depth = 1;
        i++;
      } else if ((char === '$' || char === '%') && expression[i + 1] === char && expression[i + 2] === '{') {
        out += char + '{'; // `$${` is a literal `${`
        i += 2;
      } else out += char;
    } else if (char === '{') depth++;
    else if (char === '}') depth--;
  }
  return undefined;
}
