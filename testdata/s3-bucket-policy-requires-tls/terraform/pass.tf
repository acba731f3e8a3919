variable "extra_policy" {
  type = string
}

resource "aws_s3_bucket" "secure" {
  bucket = "acme-secure"
}

resource "aws_s3_bucket_policy" "secure" {
  bucket = aws_s3_bucket.secure.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.secure.arn, "${aws_s3_bucket.secure.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}

# The same through aws_iam_policy_document, with BoolIfExists and literal ARNs.
resource "aws_s3_bucket" "documented" {
  bucket = "acme-documented"
}

data "aws_iam_policy_document" "documented" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["*"]
    resources = ["arn:aws:s3:::acme-documented", "arn:aws:s3:::acme-documented/*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "BoolIfExists"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "documented" {
  bucket = aws_s3_bucket.documented.id
  policy = data.aws_iam_policy_document.documented.json
}

# Provider v3: an inline heredoc policy.
resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy"
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Principal": "*",
      "Action": "s3:*",
      "Resource": ["arn:aws:s3:::acme-legacy", "arn:aws:s3:::acme-legacy/*"],
      "Condition": {"Bool": {"aws:SecureTransport": "false"}}
    }
  ]
}
EOF
}

# A policy from a variable cannot be judged: unresolved, never a finding.
resource "aws_s3_bucket" "opaque" {
  bucket = "acme-opaque"
}

resource "aws_s3_bucket_policy" "opaque" {
  bucket = aws_s3_bucket.opaque.id
  policy = var.extra_policy # expect-unresolved
}
