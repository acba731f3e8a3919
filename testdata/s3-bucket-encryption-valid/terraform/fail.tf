resource "aws_s3_bucket" "typo" {
  bucket = "acme-typo"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "typo" {
  bucket = aws_s3_bucket.typo.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms:sse" # expect: invalidAlgorithm
    }
  }
}

resource "aws_s3_bucket" "key_ignored" {
  bucket = "acme-key-ignored"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "key_ignored" {
  bucket = aws_s3_bucket.key_ignored.bucket
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "AES256"
      kms_master_key_id = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" # expect: keyWithoutKms
    }
  }
}

resource "aws_s3_bucket" "no_default" {
  bucket = "acme-no-default"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "no_default" {
  bucket = aws_s3_bucket.no_default.id
  rule {
    apply_server_side_encryption_by_default { # expect: missingAlgorithm
      kms_master_key_id = "alias/data"
    }
  }
}

# Provider v3: inline configuration on the bucket.
resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy"
  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "aes256" # expect: invalidAlgorithm
      }
    }
  }
}
