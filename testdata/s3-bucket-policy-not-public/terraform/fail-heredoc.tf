# Heredoc policy with an interpolated ARN and {"AWS": "*"}.
resource "aws_s3_bucket" "downloads" {
  bucket = "acme-downloads"
}

resource "aws_s3_bucket_policy" "downloads" {
  bucket = aws_s3_bucket.downloads.id
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "Anyone", "Effect": "Allow",
      "Principal": {"AWS": "*"},
      "Action": ["s3:GetObject", "s3:ListBucket"],
      "Resource": ["${aws_s3_bucket.downloads.arn}", "${aws_s3_bucket.downloads.arn}/*"]
    },
    { "Sid": "WholeInternet",
      "Effect": "Allow",
      "Principal": "*",
      "Action": "s3:GetObject",
      "Resource": "${aws_s3_bucket.downloads.arn}/*",
      "Condition": {"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}
    }
  ]
}
POLICY
}
