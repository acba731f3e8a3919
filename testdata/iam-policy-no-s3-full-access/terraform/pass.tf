variable "bucket_arns" {
  type = list(string)
}

variable "bucket_name" {
  type = string
}

resource "aws_s3_bucket" "data" {
  count  = 1
  bucket = "acme-data"
}

# s3:* scoped to one bucket and its objects, through an indexed reference.
data "aws_iam_policy_document" "scoped" {
  statement {
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.data[0].arn,
      "${aws_s3_bucket.data[0].arn}/*",
    ]
  }
}

resource "aws_iam_policy" "scoped" {
  name   = "scoped"
  policy = data.aws_iam_policy_document.scoped.json
}

# Narrow actions on every resource, a prefix of buckets, a Deny of everything, and NotAction that names S3.
resource "aws_iam_policy" "narrow" {
  name = "narrow"
  policy = jsonencode({
    Statement = [
      { Effect = "Allow", Action = ["s3:ListAllMyBuckets", "s3:GetBucketLocation"], Resource = "*" },
      { Effect = "Allow", Action = "s3:*", Resource = ["arn:aws:s3:::acme-*", "arn:aws:s3:::acme-*/*"] },
      { Effect = "Deny", Action = "s3:*", Resource = "*" },
      { Effect = "Allow", NotAction = ["s3:*", "iam:*"], Resource = "*" },
      { Effect = "Allow", Action = "s3:*", Resource = "arn:aws:s3:::${var.bucket_name}/*" }
    ]
  })
}

# A role whose only policy is the trust policy.
resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }] })
}

# Resources from a variable could be "*": unresolved, never a pass.
resource "aws_iam_role_policy" "from_input" {
  name = "from-input"
  role = aws_iam_role.app.id
  policy = jsonencode({
    Statement = [{
      Effect   = "Allow"
      Action   = "s3:*"
      Resource = var.bucket_arns # expect-unresolved
    }]
  })
}

# Bucket policies are judged by the policy rules, not this one.
resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data[0].id
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "s3:*", Resource = "*" }]
  })
}
