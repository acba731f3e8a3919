# No default encryption configured: S3 applies SSE-S3.
resource "aws_s3_bucket" "defaulted" { # expect: sseS3Default
  bucket = "acme-defaulted"
}

resource "aws_s3_bucket" "sse_s3" {
  bucket = "acme-sse-s3"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "sse_s3" {
  bucket = aws_s3_bucket.sse_s3.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256" # expect: notKms
    }
  }
}

# aws:kms without a key uses the AWS managed key aws/s3.
resource "aws_s3_bucket" "managed" {
  bucket = "acme-managed"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "managed" {
  bucket = aws_s3_bucket.managed.bucket
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms" # expect: awsManagedKey
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket" "managed_alias" {
  bucket = "acme-managed-alias"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "managed_alias" {
  bucket = "acme-managed-alias"
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = "alias/aws/s3" # expect: awsManagedKey
    }
  }
}

# DSSE-KMS with the AWS managed key, looked up through a data source.
data "aws_kms_alias" "s3" {
  name = "alias/aws/s3"
}

resource "aws_s3_bucket" "dsse_managed" {
  count  = 1
  bucket = "acme-dsse-managed"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "dsse_managed" {
  bucket = aws_s3_bucket.dsse_managed[0].id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms:dsse"
      kms_master_key_id = data.aws_kms_alias.s3.target_key_arn # expect: awsManagedKey
    }
  }
}

# Provider v3 inline configuration.
resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy"
  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "AES256" # expect: notKms
      }
    }
  }
}

# A rule with only a bucket key keeps SSE-S3.
resource "aws_s3_bucket" "key_only" {
  bucket = "acme-key-only"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "key_only" {
  bucket = aws_s3_bucket.key_only.id
  rule { # expect: notKms
    bucket_key_enabled = true
  }
}

# Network Load Balancers accept SSE-KMS log buckets: no exception.
resource "aws_s3_bucket" "nlb_logs" { # expect: sseS3Default
  bucket = "acme-nlb-logs"
}

resource "aws_lb" "tcp" {
  name               = "tcp"
  load_balancer_type = "network"
  access_logs {
    bucket  = aws_s3_bucket.nlb_logs.id
    enabled = true
  }
}
