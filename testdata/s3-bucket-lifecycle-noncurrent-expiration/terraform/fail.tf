# Versioned, with a lifecycle configuration that only expires current versions.
resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "data" { # expect: noNoncurrentRule
  bucket = aws_s3_bucket.data.id
  rule {
    id     = "expire"
    status = "Enabled"
    filter {}
    expiration {
      days = 365
    }
  }
}

# Versioned, no lifecycle configuration at all: the finding points at the bucket.
resource "aws_s3_bucket" "reports" { # expect: noLifecycle
  count  = 1
  bucket = "acme-reports"
}

resource "aws_s3_bucket_versioning" "reports" {
  bucket = aws_s3_bucket.reports[0].id
  versioning_configuration {
    status = "Enabled"
  }
}

# Object Lock turns versioning on.
resource "aws_s3_bucket" "records" { # expect: noLifecycle
  bucket              = "acme-records"
  object_lock_enabled = true
}

# Provider v3: the only rule that expires noncurrent versions is disabled.
resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy"
  versioning {
    enabled = true
  }
  lifecycle_rule { # expect: noNoncurrentRule
    id      = "expire"
    enabled = true
    expiration {
      days = 30
    }
  }
  lifecycle_rule {
    id      = "old-versions"
    enabled = false
    noncurrent_version_expiration {
      days = 30
    }
  }
}
