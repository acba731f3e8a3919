resource "aws_s3_bucket" "uploads" { # expect: noLifecycle
  bucket = "acme-uploads"
}

resource "aws_s3_bucket" "data" {
  count  = 1
  bucket = "acme-data"
}

resource "aws_s3_bucket_lifecycle_configuration" "data" { # expect: noAbortRule
  bucket = aws_s3_bucket.data[0].id
  rule {
    id     = "expire"
    status = "Enabled"
    filter {}
    expiration {
      days = 365
    }
  }
  rule {
    id     = "abort"
    status = "Disabled"
    filter {}
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}

# Provider v3 inline rules.
resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy"
  lifecycle_rule { # expect: noAbortRule
    id      = "expire"
    enabled = true
    expiration {
      days = 30
    }
  }
}

# A configuration for a bucket outside the scanned code is still judged on what it says.
resource "aws_s3_bucket_lifecycle_configuration" "elsewhere" { # expect: noAbortRule
  bucket = "acme-created-elsewhere"
  rule {
    id     = "expire"
    status = "Enabled"
    filter {}
    expiration {
      days = 30
    }
  }
}

# Created or not, this configuration aborts nothing.
variable "expire_scratch" {
  type = bool
}

resource "aws_s3_bucket" "scratch" {
  bucket = "acme-scratch"
}

resource "aws_s3_bucket_lifecycle_configuration" "scratch" { # expect: noAbortRule
  count  = var.expire_scratch ? 1 : 0
  bucket = aws_s3_bucket.scratch.id
  rule {
    id     = "expire"
    status = "Enabled"
    filter {}
    expiration {
      days = 7
    }
  }
}
