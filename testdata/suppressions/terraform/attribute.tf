# Attribute-level suppressions: they cover the attribute, not the rest of the resource.
resource "aws_s3_bucket" "downloads" {
  bucket = "acme-downloads"
  # s3lint-ignore s3-bucket-acl-not-public: public downloads page, reviewed by security (SEC-123)
  acl = "public-read"
}

resource "aws_s3_bucket" "mirror" {
  bucket = "acme-mirror"
  acl    = "public-read" # s3lint-ignore s3-bucket-acl-not-public: public package mirror
}

resource "aws_s3_bucket_versioning" "mirror" {
  bucket = aws_s3_bucket.mirror.id
  versioning_configuration {
    # s3lint-ignore s3-bucket-versioning-enabled: mirror is rebuilt from upstream
    status = "Suspended"
  }
}
