variable "policy_json" {
  type = string
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

# Principals named, and wildcard principals pinned by conditions to fixed values.
resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "PartnerAccount"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:root" }
        Action    = "s3:GetObject"
        Resource  = "${aws_s3_bucket.data.arn}/*"
      },
      {
        Sid       = "ThroughVpcEndpoint"
        Effect    = "Allow"
        Principal = "*"
        Action    = "s3:GetObject"
        Resource  = "${aws_s3_bucket.data.arn}/*"
        Condition = { StringEquals = { "aws:SourceVpce" = "vpce-1a2b3c4d" } }
      },
      {
        Sid       = "Organisation"
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = "s3:GetObject"
        Resource  = "${aws_s3_bucket.data.arn}/*"
        Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-abc123def4" } }
      },
      {
        Sid       = "OfficeNetwork"
        Effect    = "Allow"
        Principal = "*"
        Action    = "s3:GetObject"
        Resource  = "${aws_s3_bucket.data.arn}/*"
        Condition = { IpAddress = { "aws:SourceIp" = ["203.0.113.0/24", "10.0.0.0/8"] } }
      },
      {
        Sid       = "DenyEveryoneElse"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:DeleteObject"
        Resource  = "${aws_s3_bucket.data.arn}/*"
      }
    ]
  })
}

# CloudFront with origin access control: a service principal pinned to one distribution.
resource "aws_s3_bucket" "origin" {
  bucket = "acme-origin"
}

data "aws_iam_policy_document" "origin" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.origin.arn}/*"]
    principals {
      type        = "Service"
      identifiers = ["cloudfront.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "AWS:SourceArn"
      values   = ["arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE"]
    }
  }
}

resource "aws_s3_bucket_policy" "origin" {
  bucket = aws_s3_bucket.origin.id
  policy = data.aws_iam_policy_document.origin.json
}

# A policy from a variable is unresolved, never a finding.
resource "aws_s3_bucket" "external_policy" {
  bucket = "acme-external-policy"
}

resource "aws_s3_bucket_policy" "external_policy" {
  bucket = aws_s3_bucket.external_policy.id
  policy = var.policy_json # expect-unresolved
}

# An override document replaces the statement with the same Sid: the public source statement is gone.
data "aws_iam_policy_document" "public_base" {
  statement {
    sid       = "Read"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::acme-merged/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

data "aws_iam_policy_document" "merged" {
  source_policy_documents = [data.aws_iam_policy_document.public_base.json]
  statement {
    sid       = "Read"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::acme-merged/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
}

resource "aws_s3_bucket" "merged" {
  bucket = "acme-merged"
}

resource "aws_s3_bucket_policy" "merged" {
  bucket = aws_s3_bucket.merged.id
  policy = data.aws_iam_policy_document.merged.json
}

# A source IP range from a variable may be 0.0.0.0/0: unresolved.
variable "office_cidr" {
  type = string
}

resource "aws_s3_bucket" "office" {
  bucket = "acme-office"
}

resource "aws_s3_bucket_policy" "office" {
  bucket = aws_s3_bucket.office.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.office.arn}/*"
      Condition = { IpAddress = { "aws:SourceIp" = var.office_cidr } } # expect-unresolved
    }]
  })
}

# Statements from a dynamic block cannot be read: unresolved.
variable "readers" {
  type = list(string)
}

data "aws_iam_policy_document" "dynamic" {
  dynamic "statement" {
    for_each = var.readers
    content {
      actions   = ["s3:GetObject"]
      resources = ["arn:aws:s3:::acme-dynamic/*"]
      principals {
        type        = "AWS"
        identifiers = [statement.value]
      }
    }
  }
}

resource "aws_s3_bucket" "dynamic" {
  bucket = "acme-dynamic"
}

resource "aws_s3_bucket_policy" "dynamic" {
  bucket = aws_s3_bucket.dynamic.id
  policy = data.aws_iam_policy_document.dynamic.json # expect-unresolved
}
