resource "aws_kms_key" "data" {
  enable_key_rotation = true
}

resource "aws_s3_bucket" "missing" {
  bucket = "acme-missing"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "missing" {
  bucket = aws_s3_bucket.missing.id
  rule { # expect: missing
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
  }
}

resource "aws_s3_bucket" "disabled" {
  count  = 1
  bucket = "acme-disabled"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "disabled" {
  bucket = aws_s3_bucket.disabled[0].id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
    bucket_key_enabled = false # expect: disabled
  }
}

# Provider v3 inline configuration.
resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy"
  server_side_encryption_configuration {
    rule { # expect: missing
      apply_server_side_encryption_by_default {
        sse_algorithm     = "aws:kms"
        kms_master_key_id = aws_kms_key.data.arn
      }
    }
  }
}

# A bucket outside the scanned code: the configuration is in the code, so it is judged.
resource "aws_s3_bucket_server_side_encryption_configuration" "elsewhere" {
  bucket = "acme-created-elsewhere"
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
    bucket_key_enabled = "false" # expect: disabled
  }
}
