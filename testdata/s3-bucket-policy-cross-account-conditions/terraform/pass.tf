variable "partner_account" {
  type    = string
  default = "111122223333"
}

data "aws_caller_identity" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
}

resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = "{}"
}

# The owner account (caller identity, directly or through a local) and roles created here are not other accounts.
resource "aws_s3_bucket" "internal" {
  bucket = "acme-internal"
}

resource "aws_s3_bucket_policy" "internal" {
  bucket = aws_s3_bucket.internal.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Owner"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
        Action    = ["s3:PutBucketPolicy", "s3:GetObject"]
        Resource  = [aws_s3_bucket.internal.arn, "${aws_s3_bucket.internal.arn}/*"]
      },
      {
        Sid       = "OwnerViaLocal"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${local.account_id}:role/admin" }
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.internal.arn, "${aws_s3_bucket.internal.arn}/*"]
      },
      {
        Sid       = "App"
        Effect    = "Allow"
        Principal = { AWS = aws_iam_role.app.arn }
        Action    = "s3:PutObjectAcl"
        Resource  = "${aws_s3_bucket.internal.arn}/*"
      },
      {
        Sid       = "NoPartnerWrites"
        Effect    = "Deny"
        Principal = { AWS = "arn:aws:iam::111122223333:root" }
        Action    = "s3:Put*"
        Resource  = "${aws_s3_bucket.internal.arn}/*"
      },
    ]
  })
}

# Other accounts pinned to the organization, with read actions only; services are not accounts.
resource "aws_s3_bucket" "shared" {
  for_each = toset(["a", "b"])
  bucket   = "acme-shared-${each.key}"
}

data "aws_iam_policy_document" "shared" {
  for_each = aws_s3_bucket.shared
  statement {
    sid       = "OrgRead"
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = [each.value.arn, "${each.value.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root", "444455556666"]
    }
    condition {
      test     = "ForAnyValue:StringLike"
      variable = "aws:PrincipalOrgPaths"
      values   = ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"]
    }
  }
  statement {
    sid       = "Delivery"
    actions   = ["s3:PutObject"]
    resources = ["${each.value.arn}/*"]
    principals {
      type        = "Service"
      identifiers = ["delivery.logs.amazonaws.com"]
    }
  }
  statement {
    sid       = "Partner"
    actions   = ["s3:GetObject"]
    resources = ["${each.value.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${var.partner_account}:root"] # expect-unresolved
    }
  }
}

resource "aws_s3_bucket_policy" "shared" {
  for_each = aws_s3_bucket.shared
  bucket   = each.value.id
  policy   = data.aws_iam_policy_document.shared[each.key].json
}
