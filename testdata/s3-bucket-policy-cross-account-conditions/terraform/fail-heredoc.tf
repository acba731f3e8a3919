# Heredoc policy: a wildcard that includes PutBucketPolicy, to another account, with no condition.
resource "aws_s3_bucket" "archive" {
  bucket = "acme-archive"
}

resource "aws_s3_bucket_policy" "archive" {
  bucket = aws_s3_bucket.archive.id
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Migration",
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::111122223333:role/migration"},
      "Action": ["s3:GetObject", "s3:Put*"],
      "Resource": ["${aws_s3_bucket.archive.arn}", "${aws_s3_bucket.archive.arn}/*"]
    },
    {
      "Sid": "AllButDelete",
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::111122223333:role/ops"},
      "NotAction": ["s3:DeleteObject", "s3:DeleteBucket"],
      "Resource": "${aws_s3_bucket.archive.arn}/*",
      "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}
    }
  ]
}
EOF
}
