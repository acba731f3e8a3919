resource "aws_s3_bucket" "unlogged" { # expect: missing
  bucket = "acme-unlogged"
}

# Logs into itself, linked by reference.
resource "aws_s3_bucket" "self_logging" {
  bucket = "acme-self-logging"
}

resource "aws_s3_bucket_logging" "self_logging" {
  bucket        = aws_s3_bucket.self_logging.id
  target_bucket = aws_s3_bucket.self_logging.id # expect: targetIsSource
  target_prefix = "logs/"
}

# Provider v3 inline block, sending logs to a bucket that everyone can read.
resource "aws_s3_bucket" "reports" {
  bucket = "acme-reports"
  logging {
    target_bucket = aws_s3_bucket.public_logs.id # expect: targetPublic
    target_prefix = "reports/"
  }
}

resource "aws_s3_bucket" "public_logs" {
  bucket = "acme-public-logs"
  acl    = "public-read"
}

# Split resource linked by literal name, logging into itself by the same literal.
resource "aws_s3_bucket" "by_name" {
  bucket = "acme-by-name"
}

resource "aws_s3_bucket_logging" "by_name" {
  bucket        = "acme-by-name"
  target_bucket = "acme-by-name" # expect: targetIsSource
}
