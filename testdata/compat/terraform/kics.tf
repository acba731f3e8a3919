resource "aws_s3_bucket" "site" {
  bucket = "acme-site"
  # kics-scan ignore-line
  acl = "public-read"
}

# kics-scan ignore-block
resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy"
  acl    = "public-read"
}

# kics-scan ignore-line
resource "aws_s3_bucket" "header" {
  bucket = "acme-header"
  acl    = "public-read"
}

resource "aws_s3_bucket" "uploads" {
  bucket = "acme-uploads"
}

# KICS "S3 Bucket Allows Public ACL … CORS" query: only the rule that names it.
# kics-scan ignore-block=98a8f708-121b-455b-ae2f-da3fb59d17e1
resource "aws_s3_bucket_cors_configuration" "uploads" {
  bucket = aws_s3_bucket.uploads.id

  cors_rule {
    allowed_methods = ["PUT"]
    allowed_origins = ["*"]
  }
}

resource "aws_s3_bucket" "late" {
  bucket = "acme-late"
}
# kics-scan ignore
