# No bucket policy at all.
resource "aws_s3_bucket" "plain" { # expect: noPolicy
  bucket = "acme-plain"
}

# A TLS floor of 1.1 still accepts TLS 1.1.
resource "aws_s3_bucket" "old_floor" {
  bucket = "acme-old-floor"
}

resource "aws_s3_bucket_policy" "old_floor" {
  bucket = aws_s3_bucket.old_floor.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyOldTls"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.old_floor.arn, "${aws_s3_bucket.old_floor.arn}/*"]
      Condition = { NumericLessThan = { "s3:TlsVersion" = 1.1 } } # expect: tooLow
    }]
  })
}

# aws_iam_policy_document with a source document: TLS is required, but no version floor is set.
resource "aws_s3_bucket" "reports" {
  count  = 1
  bucket = "acme-reports"
}

data "aws_iam_policy_document" "tls" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.reports[0].arn, "${aws_s3_bucket.reports[0].arn}/*"]
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

data "aws_iam_policy_document" "reports" {
  source_policy_documents = [data.aws_iam_policy_document.tls.json]
}

resource "aws_s3_bucket_policy" "reports" {
  bucket = aws_s3_bucket.reports[0].id
  policy = data.aws_iam_policy_document.reports.json # expect: missing
}

# The floor covers the objects only: bucket-level calls still accept old TLS.
resource "aws_s3_bucket" "objects_only" {
  bucket = "acme-objects-only"
}

resource "aws_s3_bucket_policy" "objects_only" {
  bucket = "acme-objects-only"
  policy = jsonencode({ # expect: missing
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = { AWS = "*" }
      Action    = "s3:*"
      Resource  = "arn:aws:s3:::acme-objects-only/*"
      Condition = { NumericLessThan = { "s3:TlsVersion" = "1.2" } }
    }]
  })
}

# The policy of a bucket created elsewhere is the whole policy: its missing floor is known.
resource "aws_s3_bucket_policy" "external" {
  bucket = "acme-created-elsewhere"
  policy = jsonencode({ # expect: missing
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:role/reader" }
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::acme-created-elsewhere/*"
    }]
  })
}
