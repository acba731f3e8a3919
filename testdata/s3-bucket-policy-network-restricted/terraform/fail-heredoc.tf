# Provider v3 heredoc: a Deny that only blocks one address range leaves every other network open.
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
      "Condition": {"IpAddress": {"aws:SourceIp": "198.51.100.0/24"}}
    }
  ]
}
POLICY
}
