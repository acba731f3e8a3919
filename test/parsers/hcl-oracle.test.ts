/**
 * Our parser against @cdktf/hcl2json (the reference parser compiled to WebAssembly) on inline samples: the
 * same blocks and labels, the same literal values, and both accept or both reject.
 */
import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { parseHclFile } from '../../parsers/terraform/hcl/to-value.js';
import { compareWithOracle, newAgreement, oracleShape } from './hcl-support.js';

const VALID: Record<string, string> = {
  'bucket with inline blocks': `resource "aws_s3_bucket" "site" {
  bucket = "my-site-\${var.env}"
  acl    = "private"

  versioning {
    enabled = true
  }

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "aws:kms"
      }
    }
  }

  lifecycle_rule {
    id      = "expire"
    enabled = true
    expiration { days = 90 }
  }

  lifecycle_rule {
    id      = "archive"
    enabled = false
  }
}
`,
  'split resources and labels': `resource "aws_s3_bucket_versioning" "v" {
  bucket = aws_s3_bucket.site.id
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_s3_bucket_public_access_block" "pab" {
  bucket                  = aws_s3_bucket.site.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = false
  restrict_public_buckets = true
}
data "aws_caller_identity" "current" {}
provider "aws" { region = "eu-west-1" }
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 5.0" }
  }
}
`,
  'variables, locals, outputs': `variable "tags" {
  type    = map(string)
  default = { Owner = "team", "Cost Center" = "42" }
}
variable "days" {
  type    = number
  default = -30
}
locals {
  names   = ["a", "b", "c"]
  nested  = { a = { b = [1, 2.5, 1e2, true, null] } }
  quoted  = "tab\\there \\"quoted\\" \\u00e9"
  escaped = "$\${not_interpolated} %%{not_a_directive}"
  folded  = "\${"static"}"
  negated = !false
  paren   = (1)
  cond    = var.days > 0 ? "yes" : "no"
  splat   = aws_s3_bucket.all[*].arn
}
output "arn" {
  value       = aws_s3_bucket.site.arn
  description = "The bucket ARN"
}
`,
  'heredocs and jsonencode policies': `resource "aws_s3_bucket_policy" "p" {
  bucket = aws_s3_bucket.site.id
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*"}]
}
POLICY
}
resource "aws_s3_bucket_policy" "q" {
  bucket = aws_s3_bucket.site.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = ["s3:GetObject", "s3:PutObject"]
      Resource  = "\${aws_s3_bucket.site.arn}/*"
    }]
  })
}
locals {
  indented = <<-EOT
    first
      second

    third
  EOT
  interpolated = <<EOT
bucket \${var.name} $\${escaped}
EOT
}
`,
  'dynamic blocks and for expressions': `resource "aws_s3_bucket_lifecycle_configuration" "l" {
  bucket = aws_s3_bucket.site.id
  dynamic "rule" {
    for_each = var.rules
    content {
      id     = rule.value.id
      filter { prefix = "logs/" }
      status = rule.value.enabled ? "Enabled" : "Disabled"
    }
  }
  for_each = { for k, v in var.buckets : k => v if v.enabled }
  list     = [for s in var.list : upper(s)]
  grouped  = { for k, v in var.m : v => k... }
}
`,
  'comments, CRLF-free odd spacing and one-liners': `# comment
// another
/* block
comment */
a = 1 # trailing
b = "x" // trailing
c { d = "e" }
f g h {}
i = [
  1,
  2,
]
j = {
  k = 1,
  l = 2
}
`,
};

const INVALID: Record<string, string> = {
  'unclosed block': 'a {\n  b = 1\n',
  'comma between arguments': 'a = 1, b = 2\n',
  'missing equals': 'a 1\n',
  'single quotes': "a = 'x'\n",
  'duplicate attribute': 'a = 1\na = 2\n',
  'bad escape': 'a = "\\q"\n',
  'heredoc without final newline': 'a = <<EOT\nx\nEOT',
  'two arguments in a one-line block': 'a { b = 1, c = 2 }\n',
  'interpolated label': 'a "${b}" {}\n',
  'for as a key': 'a = { for = 1 }\n',
  'unterminated string': 'a = "x\n',
  'missing item separator': 'a = [1 2]\n',
};

describe('agreement with hcl2json', () => {
  for (const [name, text] of Object.entries(VALID)) {
    it(`matches blocks and literal values: ${name}`, async () => {
      const theirs = await parse('sample.tf', text);
      const ours = parseHclFile('sample.tf', text);
      expect(ours.diagnostics).toEqual([]);
      const agreement = newAgreement();
      compareWithOracle(oracleShape(ours.body as never), theirs, '', agreement);
      expect(agreement.mismatches).toEqual([]);
      expect(agreement.theyFoldMoreAt).toEqual([]);
      expect(agreement.literalsEqual).toBeGreaterThan(0);
    });
  }

  for (const [name, text] of Object.entries(INVALID)) {
    it(`rejects what hcl2json rejects: ${name}`, async () => {
      await expect(parse('bad.tf', text)).rejects.toThrow();
      const ours = parseHclFile('bad.tf', text);
      expect(ours.body).toBeUndefined();
      expect(ours.diagnostics[0]?.code).toBe('parse-error');
    });
  }

  it('agrees on generated templates, heredocs and token soup', async () => {
    let seed = 20240601;
    const random = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const pick = (pieces: readonly string[]): string => pieces[Math.floor(random() * pieces.length)] as string;
    const repeat = (pieces: readonly string[], most: number): string => {
      let text = '';
      for (let i = 0, n = 1 + Math.floor(random() * most); i < n; i++) text += pick(pieces);
      return text;
    };
    const quoted = ['a', ' ', '  ', '\\n', '\\t', '$', '%', '$${x}', '%%{y}', '\\"', '\\\\', 'é', '😀', '\\u00e9', '${"s"}', '${~ "s" }', '${ "s" ~}', '${1.50}', '${true}', '${ x }'];
    const heredoc = ['a', ' ', '   ', '\t', '$', '%', '$${x}', '%%{y}', '${"s"}', '${~ "s" ~}', '\n', '\n  ', '\n    ', '\n\t', '${ x }', '%{ if x ~}', '%{~ endif }'];
    const soup = ['{', '}', '[', ']', '(', ')', '"', '${', '%{', '~}', '<<EOT\n', 'EOT\n', '\n', ' ', 'a', '=', '.', '*', '1', ',', '#', '/*', '*/', ':', '?', 'for', 'in', 'if', '=>', '...', '-', '&&', '::', "'"];
    const differences: string[] = [];
    for (let i = 0; i < 600; i++) {
      const kind = random();
      const text =
        kind < 0.4
          ? `x = "${repeat(quoted, 8)}"\n`
          : kind < 0.8
            ? `x = <<${random() < 0.5 ? '-' : ''}EOT\n${repeat(heredoc, 10)}\n${pick(['EOT', '  EOT', 'EOT  '])}\n`
            : `x = ${repeat(soup, 12)}\n`;
      const theirs = await parse('f.tf', text).then(
        (json) => ({ json }),
        (error: unknown) => ({ error: String(error) }),
      );
      // hcl2json also evaluates unary operators on literals (`-true`): a conversion error, not a syntax error.
      if ('error' in theirs && theirs.error.includes('convert to HCL')) continue;
      const ours = parseHclFile('f.tf', text);
      if ('error' in theirs !== !ours.body) {
        differences.push(`${JSON.stringify(text)}: ours ${ours.diagnostics[0]?.message ?? 'accepted'}, theirs ${'error' in theirs ? theirs.error : 'accepted'}`);
        continue;
      }
      const value = ours.body?.entries.get('x')?.value;
      if (!('json' in theirs) || value?.kind !== 'literal') continue;
      const expected = typeof value.value === 'string' ? value.value.replaceAll('${', () => '$${').replaceAll('%{', () => '%%{') : value.value;
      if (expected !== theirs.json.x) differences.push(`${JSON.stringify(text)}: ${JSON.stringify(expected)} vs ${JSON.stringify(theirs.json.x)}`);
    }
    expect(differences).toEqual([]);
  });

  it('reports an error on the same line as hcl2json', async () => {
    for (const text of Object.values(INVALID)) {
      const message = await parse('bad.tf', text).then(
        () => '',
        (error: unknown) => String(error),
      );
      const theirLine = /bad\.tf:(\d+),/.exec(message)?.[1];
      const ours = parseHclFile('bad.tf', text).diagnostics[0]?.location?.start.line;
      expect({ text, line: ours }).toEqual({ text, line: Number(theirLine) });
    }
  });
});
