locals {
  partner_account = "777788889999"
}

# jsonencode: a partner account reads objects with no organization or source condition.
resource "aws_s3_bucket" "exchange" {
  bucket = "acme-exchange"
}

resource "aws_s3_bucket_policy" "exchange" {
  bucket = aws_s3_bucket.exchange.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "PartnerRead"
        Effect    = "Allow"
        Principal = { AWS = ["arn:aws:iam::111122223333:root"] } # expect: noOrgCondition
        Action    = ["s3:GetObject", "s3:ListBucket"]
        Resource  = [aws_s3_bucket.exchange.arn, "${aws_s3_bucket.exchange.arn}/*"]
      },
      {
        Sid       = "PartnerFromLocal"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${local.partner_account}:role/loader" } # expect: noOrgCondition
        Action    = "s3:PutObject"
        Resource  = "${aws_s3_bucket.exchange.arn}/*"
      },
    ]
  })
}

# aws_iam_policy_document: pinned to the organization, but the grant lets the other account rewrite ACLs.
resource "aws_s3_bucket" "uploads" {
  count  = 1
  bucket = "acme-uploads"
}

data "aws_iam_policy_document" "org_guard" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.uploads[0].arn, "${aws_s3_bucket.uploads[0].arn}/*"]
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

data "aws_iam_policy_document" "uploads" {
  source_policy_documents = [data.aws_iam_policy_document.org_guard.json]

  statement {
    sid       = "SubsidiaryWrites"
    actions   = ["s3:PutObject", "s3:PutObjectAcl"] # expect: adminAction
    resources = ["${aws_s3_bucket.uploads[0].arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["444455556666"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = ["o-a1b2c3d4e5"]
    }
  }
}

resource "aws_s3_bucket_policy" "uploads" {
  bucket = aws_s3_bucket.uploads[0].id
  policy = data.aws_iam_policy_document.uploads.json
}
