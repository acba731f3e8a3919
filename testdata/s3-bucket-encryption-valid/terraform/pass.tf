variable "algorithm" {
  type    = string
}

# No configuration: S3 encrypts new objects with SSE-S3 by default.
resource "aws_s3_bucket" "defaulted" {
  bucket = "acme-defaulted"
}

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
    bucket_key_enabled = true
  }
}

# DSSE-KMS is valid and at least as strong as SSE-KMS.
resource "aws_s3_bucket" "dsse" {
  bucket = "acme-dsse"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "dsse" {
  bucket = aws_s3_bucket.dsse.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms:dsse"
      kms_master_key_id = aws_kms_key.data.arn
    }
  }
}

resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy"
  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "AES256"
      }
    }
  }
}

resource "aws_s3_bucket" "configurable" {
  bucket = "acme-configurable"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "configurable" {
  bucket = aws_s3_bucket.configurable.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = var.algorithm # expect-unresolved
    }
  }
}

# A rule with only a bucket key is valid: S3 keeps encrypting with SSE-S3.
resource "aws_s3_bucket" "bucket_key_only" {
  bucket = "acme-bucket-key-only"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "bucket_key_only" {
  bucket = aws_s3_bucket.bucket_key_only.id
  rule {
    bucket_key_enabled = true
  }
}

# A key from a variable with AES256 cannot be judged: it may well be null.
variable "kms_key_arn" {
  type    = string
}

resource "aws_s3_bucket" "maybe_key" {
  bucket = "acme-maybe-key"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "maybe_key" {
  bucket = aws_s3_bucket.maybe_key.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "AES256"
      kms_master_key_id = var.kms_key_arn # expect-unresolved
    }
  }
}
