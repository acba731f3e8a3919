# No bucket policy at all.
resource "aws_s3_bucket" "plain" { # expect: noPolicy
  bucket = "acme-plain"
}

# A policy without any TLS statement.
resource "aws_s3_bucket" "shared" {
  bucket = "acme-shared"
}

resource "aws_s3_bucket_policy" "shared" {
  bucket = aws_s3_bucket.shared.id
  policy = jsonencode({ # expect: noTlsStatement
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.shared.arn}/*"
    }]
  })
}

# TLS denied for the objects only: ListBucket and bucket-level calls still work over plain HTTP.
resource "aws_s3_bucket" "objects_only" {
  bucket = "acme-objects-only"
}

data "aws_iam_policy_document" "objects_only" {
  statement {
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["${aws_s3_bucket.objects_only.arn}/*"]
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

resource "aws_s3_bucket_policy" "objects_only" {
  bucket = aws_s3_bucket.objects_only.id
  policy = data.aws_iam_policy_document.objects_only.json # expect: partialTlsStatement
}

# Denies only some actions: every other action still works without TLS.
resource "aws_s3_bucket" "some_actions" {
  bucket = "acme-some-actions"
}

resource "aws_s3_bucket_policy" "some_actions" {
  bucket = aws_s3_bucket.some_actions.id
  policy = jsonencode({ # expect: noTlsStatement
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = ["s3:GetObject"]
      Resource  = [aws_s3_bucket.some_actions.arn, "${aws_s3_bucket.some_actions.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}

# NotAction exempts GetObject: objects can still be read over plain HTTP.
resource "aws_s3_bucket" "not_action" {
  bucket = "acme-not-action"
}

resource "aws_s3_bucket_policy" "not_action" {
  bucket = aws_s3_bucket.not_action.id
  policy = jsonencode({ # expect: noTlsStatement
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      NotAction = ["s3:GetObject"]
      Resource  = [aws_s3_bucket.not_action.arn, "${aws_s3_bucket.not_action.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}
