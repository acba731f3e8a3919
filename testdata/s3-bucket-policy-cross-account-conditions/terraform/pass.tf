variable "partner_account" {
  type    = string
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

# Elastic Load Balancing writes access logs from AWS's own per-Region accounts: not another customer's account.
data "aws_elb_service_account" "main" {}

resource "aws_s3_bucket" "lb_logs" {
  bucket = "acme-lb-logs"
}

resource "aws_s3_bucket_policy" "lb_logs" {
  bucket = aws_s3_bucket.lb_logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "ElbLogsUsEast1"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::127311923021:root" }
        Action    = "s3:PutObject"
        Resource  = "${aws_s3_bucket.lb_logs.arn}/AWSLogs/*"
      },
      {
        Sid       = "ElbLogsHere"
        Effect    = "Allow"
        Principal = { AWS = data.aws_elb_service_account.main.arn }
        Action    = "s3:PutObject"
        Resource  = "${aws_s3_bucket.lb_logs.arn}/AWSLogs/*"
      },
      {
        Sid       = "PartnerPinned"
        Effect    = "Allow"
        Principal = { AWS = var.partner_account }
        Action    = "s3:GetObject"
        Resource  = "${aws_s3_bucket.lb_logs.arn}/*"
        Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }
      },
    ]
  })
}

# An access point policy names its own account in the access point ARN: a user of that account is not a stranger.
resource "aws_s3_access_point" "reports" {
  bucket = aws_s3_bucket.lb_logs.id
  name   = "reports"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::123456789012:user/Jane" }
      Action    = ["s3:GetObject", "s3:PutObject"]
      Resource  = "arn:aws:s3:us-west-2:123456789012:accesspoint/reports/object/Jane/*"
    }]
  })
}
