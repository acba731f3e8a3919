# No bucket policy at all.
resource "aws_s3_bucket" "plain" { # expect: noPolicy
  bucket = "acme-plain"
}

# Grants to named roles from anywhere on the network.
resource "aws_s3_bucket" "shared" {
  bucket = "acme-shared"
}

resource "aws_s3_bucket_policy" "shared" {
  bucket = aws_s3_bucket.shared.id
  policy = jsonencode({ # expect: missing
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Reader"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:role/reader" }
        Action    = "s3:GetObject"
        Resource  = "${aws_s3_bucket.shared.arn}/*"
      },
      {
        Sid       = "Uploader"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:role/uploader" }
        Action    = "s3:PutObject"
        Resource  = "${aws_s3_bucket.shared.arn}/*"
        Condition = { IpAddress = { "aws:SourceIp" = "203.0.113.0/24" } }
      },
    ]
  })
}

# The condition is inverted: it denies requests that do come through the endpoint.
resource "aws_s3_bucket" "inverted" {
  count  = 1
  bucket = "acme-inverted"
}

data "aws_iam_policy_document" "tls" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.inverted[0].arn, "${aws_s3_bucket.inverted[0].arn}/*"]
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

data "aws_iam_policy_document" "inverted" {
  source_policy_documents = [data.aws_iam_policy_document.tls.json]
  statement {
    sid       = "Inverted"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.inverted[0].arn, "${aws_s3_bucket.inverted[0].arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceVpce"
      values   = ["vpce-1a2b3c4d"]
    }
  }
}

resource "aws_s3_bucket_policy" "inverted" {
  bucket = aws_s3_bucket.inverted[0].id
  policy = data.aws_iam_policy_document.inverted.json # expect: missing
}
