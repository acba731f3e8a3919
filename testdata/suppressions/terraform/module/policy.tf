resource "aws_s3_bucket_policy" "dataset" {
  bucket = aws_s3_bucket.dataset.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "PublicRead"
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.dataset.arn}/*"
    }]
  })
}

resource "aws_s3_bucket_policy" "other" {
  bucket = aws_s3_bucket.other.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid    = "PublicRead"
      Effect = "Allow"
      # s3lint-ignore s3-bucket-policy-not-public: this statement is the public one, on purpose
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.other.arn}/*"
    }]
  })
}
