# Resource-level suppressions: above the block, trailing on its header, and on a split resource.

# A scratch bucket, recreated every night: nothing in it needs versions.
# s3lint-ignore s3-bucket-versioning-enabled: scratch data, recreated every night
resource "aws_s3_bucket" "scratch" {
  bucket = "acme-scratch"
}

resource "aws_s3_bucket_public_access_block" "scratch" {
  bucket                  = aws_s3_bucket.scratch.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "cache" { # s3lint-ignore s3-bucket-versioning-enabled, s3-bucket-policy-requires-tls: build cache, public artefacts only
  bucket = "acme-cache"
}

resource "aws_s3_bucket_public_access_block" "cache" {
  bucket                  = aws_s3_bucket.cache.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "site" {
  bucket = "acme-site"
}

// s3lint-ignore s3-bucket-public-access-block: the site is served straight from S3 behind a WAF
resource "aws_s3_bucket_public_access_block" "site" {
  bucket                  = aws_s3_bucket.site.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = false
  restrict_public_buckets = false
}
