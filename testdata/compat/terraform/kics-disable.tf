# kics-scan disable=98a8f708-121b-455b-ae2f-da3fb59d17e1,00000000-0000-0000-0000-000000000000

resource "aws_s3_bucket" "media" {
  bucket = "acme-media"
}

resource "aws_s3_bucket_cors_configuration" "media" {
  bucket = aws_s3_bucket.media.id

  cors_rule {
    allowed_methods = ["PUT"]
    allowed_origins = ["*"]
  }
}
