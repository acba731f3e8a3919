# Provider v3 heredoc: the operator is reversed, so old signatures are let through.
resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy"
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Principal": "*",
      "Action": "s3:GetObject",
      "Resource": "${aws_s3_bucket.legacy.arn}/*",
      "Condition": {"NumericLessThan": {"s3:signatureAge": "600000"}}
    }
  ]
}
POLICY
}
