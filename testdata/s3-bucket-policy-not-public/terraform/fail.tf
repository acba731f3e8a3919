# jsonencode policy granting everyone read access.
resource "aws_s3_bucket" "site" {
  bucket = "acme-site"
}

resource "aws_s3_bucket_policy" "site" {
  bucket = aws_s3_bucket.site.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { # expect: publicPolicy
        Sid       = "PublicRead"
        Effect    = "Allow"
        Principal = "*"
        Action    = "s3:GetObject"
        Resource  = "${aws_s3_bucket.site.arn}/*"
      }
    ]
  })
}

# aws_iam_policy_document with a wildcard principal, attached through its `.json`.
resource "aws_s3_bucket" "media" {
  bucket = "acme-media"
}

data "aws_iam_policy_document" "media" {
  statement { # expect: publicPolicy
    sid       = "PublicMedia"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.media.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

resource "aws_s3_bucket_policy" "media" {
  bucket = aws_s3_bucket.media.id
  policy = data.aws_iam_policy_document.media.json
}

# NotPrincipal with Allow grants everyone except the listed principal.
resource "aws_s3_bucket" "inverted" {
  bucket = "acme-inverted"
}

resource "aws_s3_bucket_policy" "inverted" {
  bucket = aws_s3_bucket.inverted.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ # expect: publicPolicy
      Effect       = "Allow"
      NotPrincipal = { AWS = "arn:aws:iam::111122223333:root" }
      Action       = "s3:GetObject"
      Resource     = "${aws_s3_bucket.inverted.arn}/*"
    }]
  })
}

# Block Public Access neutralises the grant: a warning, with the block as a related location.
resource "aws_s3_bucket" "guarded" {
  bucket = "acme-guarded"
}

resource "aws_s3_bucket_public_access_block" "guarded" {
  bucket                  = aws_s3_bucket.guarded.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_policy" "guarded" {
  bucket = aws_s3_bucket.guarded.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ # expect: publicPolicyBlocked
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.guarded.arn}/*"
    }]
  })
}

# Provider v3: the policy inline on the bucket as a one-line JSON string.
resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy"
  policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::acme-legacy/*\"}]}" # expect: publicPolicy
}

# The bucket lives in another stack: its block is unknown, so the public grant is a warning.
resource "aws_s3_bucket_policy" "elsewhere" {
  bucket = "bucket-from-another-stack"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ # expect: publicPolicyElsewhere
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::bucket-from-another-stack/*"
    }]
  })
}

# A policy kept in a local is read through it.
locals {
  reports_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ # expect: publicPolicy
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::acme-reports/*"
    }]
  })
}

resource "aws_s3_bucket" "reports" {
  bucket = "acme-reports"
}

resource "aws_s3_bucket_policy" "reports" {
  bucket = aws_s3_bucket.reports.id
  policy = local.reports_policy
}
