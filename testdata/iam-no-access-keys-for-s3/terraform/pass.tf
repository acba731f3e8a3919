variable "user_name" {
  type = string
}

variable "user_policy" {
  type = string
}

# A user whose permissions do not reach S3.
resource "aws_iam_user" "metrics" {
  name = "metrics"
}

resource "aws_iam_user_policy" "metrics" {
  name = "metrics"
  user = aws_iam_user.metrics.name
  policy = jsonencode({
    Statement = [
      { Effect = "Allow", Action = "cloudwatch:PutMetricData", Resource = "*" },
      { Effect = "Allow", Action = "*", Resource = "arn:aws:dynamodb:eu-west-1:111122223333:table/metrics" },
      { Effect = "Allow", NotAction = "s3:*", Resource = "*" }
    ]
  })
}

resource "aws_iam_user_policy_attachment" "metrics" {
  user       = aws_iam_user.metrics.name
  policy_arn = "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"
}

resource "aws_iam_access_key" "metrics" {
  user = aws_iam_user.metrics.name
}

# A user with S3 permissions whose key is inactive, and one with no key at all.
resource "aws_iam_user" "legacy" {
  name = "legacy"
}

resource "aws_iam_user_policy_attachment" "legacy" {
  user       = aws_iam_user.legacy.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonS3FullAccess"
}

resource "aws_iam_access_key" "legacy" {
  user   = aws_iam_user.legacy.name
  status = "Inactive"
}

resource "aws_iam_user" "keyless" {
  name = "keyless"
}

resource "aws_iam_user_policy_attachment" "keyless" {
  user       = aws_iam_user.keyless.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonS3FullAccess"
}

# The user comes from a variable, or is created elsewhere: unresolved.
resource "aws_iam_access_key" "from_input" {
  user = var.user_name # expect-unresolved
}

resource "aws_iam_access_key" "elsewhere" {
  user = "created-by-another-stack" # expect-unresolved
}

# The user's only policy comes from a variable: unresolved.
resource "aws_iam_user" "opaque" {
  name = "opaque"
}

resource "aws_iam_user_policy" "opaque" {
  name   = "opaque"
  user   = aws_iam_user.opaque.name
  policy = var.user_policy # expect-unresolved
}

resource "aws_iam_access_key" "opaque" {
  user = aws_iam_user.opaque.name
}

# A key whose status comes from a variable, for a user with S3 permissions: it may be inactive, so unresolved.
variable "key_status" {
  type    = string
}

resource "aws_iam_user" "rotating" {
  name = "rotating"
}

resource "aws_iam_user_policy_attachment" "rotating" {
  user       = aws_iam_user.rotating.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
}

resource "aws_iam_access_key" "rotating" {
  user   = aws_iam_user.rotating.name
  status = var.key_status # expect-unresolved
}
