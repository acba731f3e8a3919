import { defineRule } from '../src/engine/rule.js';
import type { Graph } from '../src/graph/graph.js';
import { policyString } from '../src/graph/policy.js';
import type { ObjectNode, ResourceNode, ValueNode } from '../src/graph/types.js';
import { at, child, describe, dynamicBlocks, isDynamic, items, objects } from '../src/graph/values.js';

export default defineRule({
  id: 'cloudfront-s3-origin-access-control',
  meta: {
    title: 'CloudFront reaches S3 origins through origin access control',
    description: 'Every S3 origin of a CloudFront distribution uses an origin access control (or a legacy origin access identity), not a public bucket.',
    practice: 'cloudfront.s3-origin-access',
    severity: 'warning',
    presets: ['recommended'],
    frameworks: ['terraform', 'cloudformation'],
    messages: {
      noOriginAccess:
        'Distribution {{distribution}} reaches S3 origin {{origin}} ({{domain}}) without an origin access control or identity, so CloudFront can read it only if the bucket is public; set an origin access control',
      websiteOrigin:
        'Distribution {{distribution}} uses the S3 website endpoint {{domain}} for origin {{origin}}: the bucket has to be public and origin access control cannot apply; use the bucket\'s REST endpoint with an origin access control',
    },
    remediation: {
      terraform:
        'Create an aws_cloudfront_origin_access_control (origin_access_control_origin_type = "s3", signing_behavior = "always", signing_protocol = "sigv4"), set origin_access_control_id on the origin, use aws_s3_bucket.x.bucket_regional_domain_name as domain_name, and allow the cloudfront.amazonaws.com service principal in the bucket policy with an AWS:SourceArn condition.',
      cloudformation:
        'Create an AWS::CloudFront::OriginAccessControl, set OriginAccessControlId on the origin with DomainName !GetAtt Bucket.RegionalDomainName and an empty S3OriginConfig, and allow the cloudfront.amazonaws.com service principal in the bucket policy with an AWS:SourceArn condition.',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html',
      'https://docs.aws.amazon.com/config/latest/developerguide/cloudfront-s3-origin-access-control-enabled.html',
    ],
    equivalents: {
      checkov: ['CKV2_AWS_46'],
      'cdk-nag': ['AwsSolutions-CFR6', 'AwsSolutions-CFR7'],
    },
  },
  appliesTo: 'resource',
  resourceTypes: ['aws_cloudfront_distribution', 'AWS::CloudFront::Distribution'],
  check(distribution, context) {
    const origins: Origin[] = [];
    if (distribution.framework === 'terraform') {
      for (const block of dynamicBlocks(distribution.body, 'origin')) {
        context.unresolved(block.range, 'origins come from a dynamic block and may be S3 buckets');
      }
      for (const origin of objects(child(distribution.body, 'origin'))) origins.push(terraformOrigin(origin));
    } else {
      const configuration = child(distribution.body, 'DistributionConfig');
      const list = child(configuration, 'Origins');
      const dynamic = [configuration, list].find(isDynamic);
      if (dynamic) context.unresolved(dynamic.range, `the origins depend on ${describe(dynamic)}`);
      else {
        for (const item of items(list)) {
          if (item.kind === 'object' && !isDynamic(item)) origins.push(cloudFormationOrigin(item));
          else context.unresolved(item.range, `an origin depends on ${describe(item)}`);
        }
      }
    }

    for (const origin of origins) {
      if (!origin.domain) continue;
      const classified = classifyDomain(context.graph, distribution, origin.domain);
      // An S3 origin configuration is only accepted for a bucket's REST endpoint, whatever the domain's expression.
      const endpoint = classified === 'unknown' && origin.s3Config ? 'rest' : classified;
      const data = { distribution: distribution.id, origin: origin.id, domain: domainText(origin.domain) };
      if (endpoint === 'website') {
        context.report({ messageId: 'websiteOrigin', at: origin.domain.range, data });
        continue;
      }
      if (endpoint === 'other') continue;
      const access = [origin.accessControl, origin.accessIdentity].map((node) => protection(context.graph, distribution, node));
      if (access.includes('set')) continue;
      if (endpoint === 'unknown') {
        // A custom origin (a load balancer, an API) is not a bucket; an unknown domain without one may be.
        if (!origin.custom) context.unresolved(origin.domain.range, `origin ${origin.id} may be an S3 bucket: its domain depends on ${describe(origin.domain)}`);
        continue;
      }
      if (access.includes('unknown') || origin.identityDynamic) {
        context.unresolved(origin.domain.range, `whether S3 origin ${origin.id} uses an origin access control or identity is not known statically`);
        continue;
      }
      context.report({ messageId: 'noOriginAccess', at: origin.domain.range, data });
    }
  },
});

interface Origin {
  id: string;
  domain?: ValueNode;
  accessControl?: ValueNode;
  accessIdentity?: ValueNode;
  /** A Terraform `dynamic "s3_origin_config"` block: the identity is not known statically. */
  identityDynamic: boolean;
  /** The origin declares an S3 origin configuration (`s3_origin_config`, `S3OriginConfig`). */
  s3Config: boolean;
  /** The origin declares a custom or VPC origin configuration (HTTP server, load balancer, website endpoint). */
  custom: boolean;
}

function terraformOrigin(origin: ObjectNode): Origin {
  return {
    id: literalText(child(origin, 'origin_id')),
    domain: child(origin, 'domain_name'),
    accessControl: child(origin, 'origin_access_control_id'),
    accessIdentity: at(origin, 's3_origin_config', 'origin_access_identity'),
    identityDynamic: dynamicBlocks(origin, 's3_origin_config').length > 0,
    s3Config: child(origin, 's3_origin_config') !== undefined || dynamicBlocks(origin, 's3_origin_config').length > 0,
    custom: ['custom_origin_config', 'vpc_origin_config'].some((key) => child(origin, key) !== undefined || dynamicBlocks(origin, key).length > 0),
  };
}

function cloudFormationOrigin(origin: ObjectNode): Origin {
  const s3Config = child(origin, 'S3OriginConfig');
  return {
    id: literalText(child(origin, 'Id')),
    domain: child(origin, 'DomainName'),
    accessControl: child(origin, 'OriginAccessControlId'),
    accessIdentity: s3Config && isDynamic(s3Config) ? s3Config : child(s3Config, 'OriginAccessIdentity'),
    identityDynamic: false,
    s3Config: s3Config !== undefined,
    custom: child(origin, 'CustomOriginConfig') !== undefined || child(origin, 'VpcOriginConfig') !== undefined,
  };
}

function literalText(node: ValueNode | undefined): string {
  return node?.kind === 'literal' && node.value !== null ? `"${String(node.value)}"` : node ? describe(node) : '(no id)';
}

/** The domain as written, short: a literal host, a Terraform expression, or the bucket attribute a template reads. */
function domainText(node: ValueNode): string {
  if (node.kind === 'literal') return String(node.value);
  if (node.kind === 'object') {
    const getAtt = firstGetAtt(node);
    if (getAtt) return `!GetAtt ${getAtt}`;
    const sub = node.entries.get('Fn::Sub')?.value;
    if (sub?.kind === 'literal') return `!Sub "${String(sub.value)}"`;
  }
  return describe(node);
}

function firstGetAtt(node: ValueNode): string | undefined {
  if (node.kind === 'list') return node.items.map(firstGetAtt).find((text) => text !== undefined);
  if (node.kind !== 'object') return undefined;
  for (const [key, entry] of node.entries) {
    if (key === 'Fn::GetAtt') {
      const argument = entry.value;
      if (argument.kind === 'literal') return String(argument.value);
      if (argument.kind === 'list') return argument.items.map((item) => (item.kind === 'literal' ? String(item.value) : '?')).join('.');
    }
    const inner = firstGetAtt(entry.value);
    if (inner) return inner;
  }
  return undefined;
}

/**
 * Whether an origin access control id or identity is set: a literal, or a resource of the scanned code
 * (`aws_cloudfront_origin_access_control.x.id`, `!GetAtt Oac.Id`, `!Sub "origin-access-identity/cloudfront/${Oai}"`);
 * unknown when it comes from an input, which modules often default to null.
 */
function protection(graph: Graph, from: ResourceNode, node: ValueNode | undefined): 'set' | 'unset' | 'unknown' {
  const value = policyString(node);
  if (!value) return 'unset';
  if (value.value !== undefined) return value.value.trim() === '' ? 'unset' : 'set';
  if (from.framework === 'cloudformation' && value.references.length > 0) {
    return value.references.every((reference) => graph.resolve(from, reference)) ? 'set' : 'unknown';
  }
  return value.fromInput ? 'unknown' : 'set';
}

type Endpoint = 'rest' | 'website' | 'other' | 'unknown';

/** `<bucket>.s3-website-<region>.amazonaws.com` and `<bucket>.s3-website.<region>.amazonaws.com`. */
const WEBSITE_HOST = /(^|\.)s3-website[.-][a-z0-9-]+\.amazonaws\.com(\.cn)?$/i;
/** `<bucket>.s3.amazonaws.com`, `<bucket>.s3.<region>.amazonaws.com`, `<bucket>.s3-<region>.amazonaws.com`, dual-stack and path style. */
const REST_HOST = /(^|\.)s3([.-][a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/i;

function classifyHost(host: string): Endpoint {
  const bare = host.replace(/^https?:\/\//i, '').replace(/\/.*$/, '');
  if (WEBSITE_HOST.test(bare)) return 'website';
  if (REST_HOST.test(bare)) return 'rest';
  return 'other';
}

const MAX_DEPTH = 4;
const SUBSTITUTION = /\$\{[^}]*\}/g;
const ONLY_SUBSTITUTIONS = /^(\$\{[^}]*\})+$/;

/** What kind of endpoint an origin's domain names. */
function classifyDomain(graph: Graph, from: ResourceNode, node: ValueNode, depth = 0): Endpoint {
  if (node.kind === 'literal') return typeof node.value === 'string' ? classifyHost(node.value) : 'other';
  if (node.kind === 'expression') return classifyTerraform(graph, from, node.text, node.references, depth);
  if (node.kind === 'object') return classifyCloudFormation(graph, from, node);
  return 'unknown';
}

function classifyTerraform(graph: Graph, from: ResourceNode, text: string, references: string[], depth: number): Endpoint {
  // Bucket attributes and module outputs named after them (`module.site.s3_bucket_bucket_regional_domain_name`).
  if (/website_(endpoint|domain)/.test(text)) return 'website';
  if (/bucket_(regional_)?domain_name/.test(text)) return 'rest';
  const trimmed = text.trim();
  if (trimmed.startsWith('"') && trimmed.endsWith('"')) {
    const template = trimmed.slice(1, -1);
    const endpoint = classifyHost(template.replace(SUBSTITUTION, 'x'));
    if (endpoint !== 'other' || !ONLY_SUBSTITUTIONS.test(template)) return endpoint;
  }
  if (/^local\.[\w-]+$/.test(trimmed) && depth < MAX_DEPTH) {
    const symbol = graph.symbol(from, trimmed);
    if (symbol) return classifyDomain(graph, from, symbol, depth + 1);
  }
  // A resource attribute names that resource's endpoint (a load balancer, an API); an input could be a bucket.
  const fromInput = references.length === 0 || references.some((reference) => /^(var|local|module|each|count)\./.test(reference));
  return fromInput ? 'unknown' : 'other';
}

function classifyCloudFormation(graph: Graph, from: ResourceNode, node: ObjectNode): Endpoint {
  const attributes = bucketAttributes(graph, from, node);
  if (attributes.includes('WebsiteURL')) return 'website';
  if (attributes.some((name) => name === 'RegionalDomainName' || name === 'DomainName' || name === 'DualStackDomainName')) return 'rest';
  const template = templateText(node);
  if (template !== undefined) {
    const endpoint = classifyHost(template.host);
    if (endpoint !== 'other') return endpoint;
    // A template made only of substitutions (`!Sub "${DomainName}"`) could name anything.
    return template.onlySubstitutions && policyString(node)?.fromInput ? 'unknown' : 'other';
  }
  const [name, entry] = [...node.entries][0] ?? [];
  // An attribute of another resource (a load balancer, an API) is not a bucket; `Ref` of a parameter could be.
  if (name === 'Fn::GetAtt') return 'other';
  if (name === 'Ref' && entry) return graph.resolve(from, String(literalOf(entry.value))) ? 'other' : 'unknown';
  return 'unknown';
}

function literalOf(node: ValueNode): unknown {
  return node.kind === 'literal' ? node.value : undefined;
}

/** Attributes of S3 buckets read anywhere in the value (`!GetAtt B.RegionalDomainName`, `!Select [2, !Split ["/", !GetAtt B.WebsiteURL]]`). */
function bucketAttributes(graph: Graph, from: ResourceNode, node: ValueNode): string[] {
  if (node.kind === 'list') return node.items.flatMap((item) => bucketAttributes(graph, from, item));
  if (node.kind !== 'object') return [];
  const found: string[] = [];
  for (const [key, entry] of node.entries) {
    if (key === 'Fn::GetAtt') {
      const argument = entry.value;
      const parts =
        argument.kind === 'list' ? argument.items.map(literalOf)
        : argument.kind === 'literal' && typeof argument.value === 'string' ? argument.value.split(/\.(.*)/s, 2)
        : [];
      const [logicalId, attribute] = parts;
      const target = typeof logicalId === 'string' ? graph.resolve(from, logicalId) : undefined;
      if (target?.type === 'AWS::S3::Bucket' && typeof attribute === 'string') found.push(attribute);
    } else {
      found.push(...bucketAttributes(graph, from, entry.value));
    }
  }
  return found;
}

/** The host a `Fn::Sub` template or `Fn::Join` builds, with every substitution as `x`. */
function templateText(node: ObjectNode): { host: string; onlySubstitutions: boolean } | undefined {
  const sub = node.entries.get('Fn::Sub')?.value;
  if (sub) {
    const template = sub.kind === 'list' ? sub.items[0] : sub;
    if (template?.kind !== 'literal' || typeof template.value !== 'string') return undefined;
    return { host: template.value.replace(SUBSTITUTION, 'x'), onlySubstitutions: ONLY_SUBSTITUTIONS.test(template.value) };
  }
  const join = node.entries.get('Fn::Join')?.value;
  if (join?.kind === 'list' && join.items.length === 2) {
    const [delimiter, parts] = join.items;
    if (delimiter?.kind === 'literal' && typeof delimiter.value === 'string' && parts?.kind === 'list') {
      const literal = (part: ValueNode): part is ValueNode & { value: string } => part.kind === 'literal' && typeof part.value === 'string';
      return {
        host: parts.items.map((part) => (literal(part) ? part.value : 'x')).join(delimiter.value),
        onlySubstitutions: delimiter.value === '' && parts.items.every((part) => !literal(part)),
      };
    }
  }
  return undefined;
}
