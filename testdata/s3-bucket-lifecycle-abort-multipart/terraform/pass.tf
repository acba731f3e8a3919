variable "abort_days" {
  type    = number
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_s3_bucket_lifecycle_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    id     = "abort"
    status = "Enabled"
    filter {}
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}

# Linked by the literal bucket name.
resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
}

resource "aws_s3_bucket_lifecycle_configuration" "logs" {
  bucket = "acme-logs"
  rule {
    id     = "expire"
    status = "Enabled"
    filter {
      prefix = "tmp/"
    }
    expiration {
      days = 1
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = var.abort_days
    }
  }
}

resource "aws_s3_bucket" "per_team" {
  for_each = toset(["red", "blue"])
  bucket   = "acme-team-${each.key}"
}

resource "aws_s3_bucket_lifecycle_configuration" "per_team" {
  for_each = aws_s3_bucket.per_team
  bucket   = each.value.id
  rule {
    id     = "abort"
    status = "Enabled"
    filter {}
    abort_incomplete_multipart_upload {
      days_after_initiation = 3
    }
  }
}

# Provider v3 inline rules.
resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy"
  lifecycle_rule {
    id                                     = "abort"
    enabled                                = true
    abort_incomplete_multipart_upload_days = 7
  }
}

# Provider v3: an attribute set from a variable may be null.
resource "aws_s3_bucket" "configurable" {
  bucket = "acme-configurable"
  lifecycle_rule {
    id                                     = "abort"
    enabled                                = true
    abort_incomplete_multipart_upload_days = var.abort_days # expect-unresolved
  }
}

# The configuration that aborts uploads exists only when an input says so.
variable "clean_uploads" {
  type = bool
}

resource "aws_s3_bucket" "uploads" {
  bucket = "acme-uploads"
}

resource "aws_s3_bucket_lifecycle_configuration" "uploads" {
  count  = var.clean_uploads ? 1 : 0 # expect-unresolved
  bucket = aws_s3_bucket.uploads.id
  rule {
    id     = "abort"
    status = "Enabled"
    filter {}
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}
