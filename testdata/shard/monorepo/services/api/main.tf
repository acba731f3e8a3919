provider "aws" {
  region = "us-east-1"
}

# s3lint-ignore s3-bucket-versioning-enabled: uploads are copied to the archive within the hour
resource "aws_s3_bucket" "uploads" {
  bucket = "acme-api-uploads"
}

resource "aws_s3_bucket_acl" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  acl    = "public-read"
}
