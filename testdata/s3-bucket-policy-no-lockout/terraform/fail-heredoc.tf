# Provider v3 heredoc: NotAction that names no S3 action still denies every S3 action.
resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy"
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Principal": "*",
      "NotAction": ["iam:PassRole"],
      "Resource": "arn:aws:s3:::acme-legacy"
    }
  ]
}
POLICY
}
