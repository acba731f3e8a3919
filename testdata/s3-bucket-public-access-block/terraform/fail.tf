# A bucket with no public access block at all: one finding, on the bucket.
resource "aws_s3_bucket" "no_block" { # expect: missing
  bucket = "acme-no-block"
}

# Linked by a plain reference; two flags explicitly off: one finding, at the first.
resource "aws_s3_bucket" "partial" {
  bucket = "acme-partial"
}

resource "aws_s3_bucket_public_access_block" "partial" {
  bucket                  = aws_s3_bucket.partial.id
  block_public_acls       = true
  ignore_public_acls      = false # expect: flagsOff
  block_public_policy     = true
  restrict_public_buckets = false
}

# Linked by the literal bucket name; the flags left out default to false.
resource "aws_s3_bucket" "by_name" {
  bucket = "acme-by-name"
}

resource "aws_s3_bucket_public_access_block" "by_name" { # expect: flagsOff
  bucket            = "acme-by-name"
  block_public_acls = true
}

# Linked by an indexed reference to a counted bucket.
resource "aws_s3_bucket" "indexed" {
  count  = 1
  bucket = "acme-indexed-${count.index}"
}

resource "aws_s3_bucket_public_access_block" "indexed" {
  bucket                  = aws_s3_bucket.indexed[0].id
  block_public_acls       = "false" # expect: flagsOff
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}

# A block for a bucket that lives in another stack still must not turn protection off.
resource "aws_s3_bucket_public_access_block" "elsewhere" {
  bucket                  = "bucket-from-another-stack"
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = false # expect: flagsOff
  restrict_public_buckets = true
}
