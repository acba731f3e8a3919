variable "max_signature_age" {
  type = number
}

# Presigned URLs older than ten minutes are refused.
resource "aws_s3_bucket" "shares" {
  bucket = "acme-shares"
}

resource "aws_s3_bucket_policy" "shares" {
  bucket = aws_s3_bucket.shares.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "TenMinuteLinks"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.shares.arn, "${aws_s3_bucket.shares.arn}/*"]
      Condition = { NumericGreaterThan = { "s3:signatureAge" = 600000 } }
    }]
  })
}

# for_each buckets that refuse presigned URLs altogether, from a merged source document.
resource "aws_s3_bucket" "internal" {
  for_each = toset(["a", "b"])
  bucket   = "acme-internal-${each.key}"
}

data "aws_iam_policy_document" "header_only" {
  for_each = aws_s3_bucket.internal
  statement {
    sid       = "HeaderAuthOnly"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["${each.value.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "StringNotEquals"
      variable = "s3:authType"
      values   = ["REST-HEADER"]
    }
  }
}

data "aws_iam_policy_document" "internal" {
  for_each                = aws_s3_bucket.internal
  source_policy_documents = [data.aws_iam_policy_document.header_only[each.key].json]
}

resource "aws_s3_bucket_policy" "internal" {
  for_each = aws_s3_bucket.internal
  bucket   = each.value.id
  policy   = data.aws_iam_policy_document.internal[each.key].json
}

# Settings for a bucket outside the scanned code, with no policy here: its policy is unknown, not missing.
resource "aws_s3_bucket_versioning" "external" {
  bucket = "acme-created-elsewhere"
  versioning_configuration {
    status = "Enabled"
  }
}

# The limit comes from a variable: unresolved.
resource "aws_s3_bucket" "configurable" {
  bucket = "acme-configurable"
}

resource "aws_s3_bucket_policy" "configurable" {
  bucket = "acme-configurable"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::acme-configurable/*"
      Condition = { NumericGreaterThan = { "s3:signatureAge" = var.max_signature_age } } # expect-unresolved
    }]
  })
}
