# jsonencode: an Allow of every S3 action to a partner role.
resource "aws_s3_bucket" "shared" {
  bucket = "acme-shared"
}

resource "aws_s3_bucket_policy" "shared" {
  bucket = aws_s3_bucket.shared.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.shared.arn, "${aws_s3_bucket.shared.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
      {
        Sid       = "Partner"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:role/partner" }
        Action    = ["s3:GetObject", "S3:*"] # expect: wildcardAction
        Resource  = [aws_s3_bucket.shared.arn, "${aws_s3_bucket.shared.arn}/*"]
      },
    ]
  })
}

# aws_iam_policy_document: the wildcard comes from a source document; the statement's effect defaults to Allow.
resource "aws_s3_bucket" "reports" {
  count  = 2
  bucket = "acme-reports-${count.index}"
}

data "aws_iam_policy_document" "base" {
  statement {
    sid       = "Admins"
    actions   = ["*"] # expect: wildcardAction
    resources = [aws_s3_bucket.reports[0].arn, "${aws_s3_bucket.reports[0].arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/admin"]
    }
  }
}

data "aws_iam_policy_document" "reports" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]

  statement {
    sid       = "Readers"
    effect    = "Allow"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.reports[0].arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/reader"]
    }
  }

  statement {
    sid         = "EverythingButDelete"
    effect      = "Allow"
    not_actions = ["s3:DeleteObject", "s3:DeleteBucket"] # expect: notAction
    resources   = ["${aws_s3_bucket.reports[0].arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/writer"]
    }
  }
}

resource "aws_s3_bucket_policy" "reports" {
  bucket = aws_s3_bucket.reports[0].id
  policy = data.aws_iam_policy_document.reports.json
}

# An access point policy with a wildcard and NotPrincipal in one statement: two findings, one per problem.
resource "aws_s3_access_point" "analytics" {
  bucket = aws_s3_bucket.shared.id
  name   = "analytics"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect       = "Allow"
      NotPrincipal = { AWS = "arn:aws:iam::111122223333:role/intern" } # expect: notPrincipal
      Action       = "*:*" # expect: wildcardAction
      Resource     = "arn:aws:s3:us-east-1:111122223333:accesspoint/analytics/object/*"
    }]
  })
}
