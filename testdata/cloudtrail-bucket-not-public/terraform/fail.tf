resource "aws_s3_bucket" "trail_acl" {
  bucket = "acme-trail-acl"
  acl    = "public-read"
}

resource "aws_cloudtrail" "acl" {
  name           = "acl"
  s3_bucket_name = aws_s3_bucket.trail_acl.id # expect: publicBucket
}

resource "aws_s3_bucket" "trail_policy" {
  bucket = "acme-trail-policy"
}

resource "aws_s3_bucket_policy" "trail_policy" {
  bucket = aws_s3_bucket.trail_policy.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "s3:PutObject"
        Resource  = "${aws_s3_bucket.trail_policy.arn}/AWSLogs/*"
      },
      {
        Effect    = "Allow"
        Principal = "*"
        Action    = "s3:GetObject"
        Resource  = "${aws_s3_bucket.trail_policy.arn}/*"
      },
    ]
  })
}

# Linked by the bucket's literal name.
resource "aws_cloudtrail" "policy" {
  name           = "policy"
  s3_bucket_name = "acme-trail-policy" # expect: publicBucket
}
