variable "reader_actions" {
  type = list(string)
}

variable "policy_json" {
  type = string
}

# Deny statements may use wildcards and NotAction: they only take access away.
resource "aws_s3_bucket" "data" {
  for_each = toset(["raw", "curated"])
  bucket   = "acme-data-${each.key}"
}

resource "aws_s3_bucket_policy" "data" {
  for_each = aws_s3_bucket.data
  bucket   = each.value.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [each.value.arn, "${each.value.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
      {
        Sid          = "OnlyThePipelineChangesThePolicy"
        Effect       = "Deny"
        NotPrincipal = { AWS = "arn:aws:iam::111122223333:role/pipeline" }
        NotAction    = ["s3:GetObject", "s3:ListBucket"]
        Resource     = [each.value.arn]
      },
      {
        Sid       = "Readers"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:role/reader" }
        Action    = ["s3:GetObject", "s3:Get*", "s3:List*"]
        Resource  = [each.value.arn, "${each.value.arn}/*"]
      },
    ]
  })
}

# Split resources linked by literal name, with a data source that merges a source document.
resource "aws_s3_bucket" "named" {
  bucket = "acme-named"
}

data "aws_iam_policy_document" "deny_tls" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["arn:aws:s3:::acme-named", "arn:aws:s3:::acme-named/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

data "aws_iam_policy_document" "named" {
  source_policy_documents = [data.aws_iam_policy_document.deny_tls.json]
  statement {
    sid       = "Writer"
    actions   = ["s3:PutObject"]
    resources = ["arn:aws:s3:::acme-named/*"]
    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.writer.arn]
    }
  }
  statement {
    sid       = "Readers"
    actions   = var.reader_actions # expect-unresolved
    resources = ["arn:aws:s3:::acme-named/*"]
    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.writer.arn]
    }
  }
}

resource "aws_s3_bucket_policy" "named" {
  bucket = "acme-named"
  policy = data.aws_iam_policy_document.named.json
}

resource "aws_iam_role" "writer" {
  name               = "writer"
  assume_role_policy = "{}"
}

# A policy passed in from outside cannot be judged.
resource "aws_s3_bucket" "opaque" {
  bucket = "acme-opaque"
}

resource "aws_s3_bucket_policy" "opaque" {
  bucket = aws_s3_bucket.opaque.id
  policy = var.policy_json # expect-unresolved
}
