# Provider v3 heredoc with a TLS 1.0 floor.
resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy"
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Principal": "*",
      "Action": "s3:*",
      "Resource": ["${aws_s3_bucket.legacy.arn}", "${aws_s3_bucket.legacy.arn}/*"],
      "Condition": {"NumericLessThan": {"s3:TlsVersion": "1.0"}}
    }
  ]
}
POLICY
}
