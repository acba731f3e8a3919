resource "aws_s3_bucket" "plain" {
  bucket = "acme-plain"
}

# No encryption of its own, and the bucket defaults to SSE-S3.
resource "aws_s3_object" "readme" { # expect: bucketDefault
  bucket  = aws_s3_bucket.plain.id
  key     = "README.md"
  content = "hello"
}

# An explicit AES256 overrides even a KMS bucket default.
resource "aws_kms_key" "data" {
  enable_key_rotation = true
}

resource "aws_s3_bucket" "kms" {
  bucket = "acme-kms"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "kms" {
  bucket = aws_s3_bucket.kms.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
  }
}

resource "aws_s3_object" "report" {
  bucket                 = aws_s3_bucket.kms.id
  key                    = "report.csv"
  source                 = "report.csv"
  server_side_encryption = "AES256" # expect: sseS3
}

# Bucket linked by literal name, with AES256 default encryption.
resource "aws_s3_bucket" "sse_s3" {
  bucket = "acme-sse-s3"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "sse_s3" {
  bucket = "acme-sse-s3"
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_object" "legacy" { # expect: bucketDefault
  bucket = "acme-sse-s3"
  key    = "legacy.txt"
  source = "legacy.txt"
}

resource "aws_s3_bucket" "copies" {
  count  = 1
  bucket = "acme-copies"
}

resource "aws_s3_object_copy" "copy" { # expect: bucketDefault
  bucket = aws_s3_bucket.copies[0].id
  key    = "copy.csv"
  source = "acme-kms/report.csv"
}
