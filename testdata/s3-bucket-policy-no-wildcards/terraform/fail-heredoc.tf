# Provider v3 inline heredoc policy with interpolated ARNs.
resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy"
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Everything",
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
      "Action": "s3:*",
      "Resource": ["arn:aws:s3:::acme-legacy", "arn:aws:s3:::acme-legacy/*"]
    },
    {
      "Sid": "AllButPolicy",
      "Effect": "Allow",
      "Principal": {"AWS": "${aws_iam_role.app.arn}"},
      "NotAction": ["s3:PutBucketPolicy"],
      "Resource": "arn:aws:s3:::acme-legacy/*"
    }
  ]
}
POLICY
}

resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = "{}"
}
