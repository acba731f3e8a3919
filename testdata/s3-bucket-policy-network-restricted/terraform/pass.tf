variable "policy_json" {
  type = string
}

variable "extra_conditions" {
  type = map(object({ test = string, variable = string, values = list(string) }))
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id       = "vpc-0a1b2c3d"
  service_name = "com.amazonaws.us-east-1.s3"
}

# Deny unless the request comes through the VPC endpoint.
resource "aws_s3_bucket" "private" {
  bucket = "acme-private"
}

resource "aws_s3_bucket_policy" "private" {
  bucket = aws_s3_bucket.private.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "OnlyThroughEndpoint"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.private.arn, "${aws_s3_bucket.private.arn}/*"]
      Condition = { StringNotEquals = { "aws:SourceVpce" = aws_vpc_endpoint.s3.id } }
    }]
  })
}

# for_each buckets: a Deny outside office ranges, merged from a source document, with NotPrincipal exceptions.
resource "aws_s3_bucket" "office" {
  for_each = toset(["docs", "scans"])
  bucket   = "acme-office-${each.key}"
}

data "aws_iam_policy_document" "office_network" {
  for_each = aws_s3_bucket.office
  statement {
    sid       = "OfficeOnly"
    effect    = "Deny"
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["${each.value.arn}/*"]
    not_principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/backup"]
    }
    condition {
      test     = "NotIpAddressIfExists"
      variable = "aws:SourceIp"
      values   = ["203.0.113.0/24"]
    }
  }
}

data "aws_iam_policy_document" "office" {
  for_each                = aws_s3_bucket.office
  source_policy_documents = [data.aws_iam_policy_document.office_network[each.key].json]
}

resource "aws_s3_bucket_policy" "office" {
  for_each = aws_s3_bucket.office
  bucket   = each.value.id
  policy   = data.aws_iam_policy_document.office[each.key].json
}

# Provider v3 heredoc where every Allow requires the VPC.
resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy"
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::111122223333:role/app"},
      "Action": ["s3:GetObject", "s3:PutObject"],
      "Resource": "arn:aws:s3:::acme-legacy/*",
      "Condition": {"StringEquals": {"aws:SourceVpc": "vpc-0a1b2c3d"}}
    }
  ]
}
POLICY
}

# Settings for a bucket outside the scanned code, with no policy here: its policy is unknown, not missing.
resource "aws_s3_bucket_versioning" "external" {
  bucket = "acme-created-elsewhere"
  versioning_configuration {
    status = "Enabled"
  }
}

# Conditions built by a dynamic block, and a policy from a variable: unresolved.
resource "aws_s3_bucket" "configurable" {
  bucket = "acme-configurable"
}

data "aws_iam_policy_document" "configurable" {
  statement { # expect-unresolved
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["arn:aws:s3:::acme-configurable/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    dynamic "condition" {
      for_each = var.extra_conditions
      content {
        test     = condition.value.test
        variable = condition.value.variable
        values   = condition.value.values
      }
    }
  }
}

resource "aws_s3_bucket_policy" "configurable" {
  bucket = aws_s3_bucket.configurable.id
  policy = data.aws_iam_policy_document.configurable.json
}

resource "aws_s3_bucket" "opaque" {
  bucket = "acme-opaque"
}

resource "aws_s3_bucket_policy" "opaque" {
  bucket = aws_s3_bucket.opaque.id
  policy = var.policy_json # expect-unresolved
}
