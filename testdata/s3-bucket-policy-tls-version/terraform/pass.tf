variable "minimum_tls" {
  type = string
}

variable "policy_json" {
  type = string
}

# jsonencode with a numeric 1.2 floor, for the bucket and its objects.
resource "aws_s3_bucket" "secure" {
  bucket = "acme-secure"
}

resource "aws_s3_bucket_policy" "secure" {
  bucket = aws_s3_bucket.secure.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyOldTls"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.secure.arn, "${aws_s3_bucket.secure.arn}/*"]
      Condition = { NumericLessThan = { "s3:TlsVersion" = 1.2 } }
    }]
  })
}

# for_each buckets, a data source merged from a source document, two statements covering bucket and objects.
resource "aws_s3_bucket" "data" {
  for_each = toset(["raw", "curated"])
  bucket   = "acme-data-${each.key}"
}

data "aws_iam_policy_document" "tls13" {
  for_each = aws_s3_bucket.data
  statement {
    sid       = "Tls13Bucket"
    effect    = "Deny"
    actions   = ["*"]
    resources = [each.value.arn]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "NumericLessThan"
      variable = "s3:TlsVersion"
      values   = ["1.3"]
    }
  }
}

data "aws_iam_policy_document" "data" {
  for_each                = aws_s3_bucket.data
  source_policy_documents = [data.aws_iam_policy_document.tls13[each.key].json]
  statement {
    sid       = "Tls12Objects"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["${each.value.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "NumericLessThanEquals"
      variable = "s3:TlsVersion"
      values   = ["1.1"]
    }
  }
}

resource "aws_s3_bucket_policy" "data" {
  for_each = aws_s3_bucket.data
  bucket   = each.value.id
  policy   = data.aws_iam_policy_document.data[each.key].json
}

# Settings for a bucket outside the scanned code, with no policy here: its policy is unknown, not missing.
resource "aws_s3_bucket_versioning" "external" {
  bucket = "acme-created-elsewhere"
  versioning_configuration {
    status = "Enabled"
  }
}

# A floor from a variable, and a policy from a variable: unresolved.
resource "aws_s3_bucket" "configurable" {
  bucket = "acme-configurable"
}

resource "aws_s3_bucket_policy" "configurable" {
  bucket = aws_s3_bucket.configurable.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.configurable.arn, "${aws_s3_bucket.configurable.arn}/*"]
      Condition = { NumericLessThan = { "s3:TlsVersion" = var.minimum_tls } } # expect-unresolved
    }]
  })
}

resource "aws_s3_bucket" "opaque" {
  bucket = "acme-opaque"
}

resource "aws_s3_bucket_policy" "opaque" {
  bucket = aws_s3_bucket.opaque.id
  policy = var.policy_json # expect-unresolved
}
