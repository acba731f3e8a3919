# Both policies configure a bucket defined in another stack. The suppression above the first one must not
# silence the public grant that the second one adds.
# s3lint-ignore s3-bucket-policy-not-public: only a named account reads through this policy
resource "aws_s3_bucket_policy" "read" {
  bucket = "acme-shared-elsewhere"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "s3:GetObject", Resource = "arn:aws:s3:::acme-shared-elsewhere/*" }]
  })
}

resource "aws_s3_bucket_policy" "public" {
  bucket = "acme-shared-elsewhere"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::acme-shared-elsewhere/*" }]
  })
}
