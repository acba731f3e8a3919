variable "reports_bucket_name" {
  type = string
}

variable "block_everything" {
  type    = bool
  default = true
}

locals {
  archive_name = "acme-archive"
}

# Linked through `.id`.
resource "aws_s3_bucket" "assets" {
  bucket = "acme-assets"
}

resource "aws_s3_bucket_public_access_block" "assets" {
  bucket                  = aws_s3_bucket.assets.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}

# Linked through `.bucket`.
resource "aws_s3_bucket" "logs" {
  bucket_prefix = "acme-logs-"
}

resource "aws_s3_bucket_public_access_block" "logs" {
  bucket                  = aws_s3_bucket.logs.bucket
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}

# Bucket and block named by the same variable.
resource "aws_s3_bucket" "reports" {
  bucket = var.reports_bucket_name
}

resource "aws_s3_bucket_public_access_block" "reports" {
  bucket                  = var.reports_bucket_name
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}

# Bucket and block named by the same local.
resource "aws_s3_bucket" "archive" {
  bucket = local.archive_name
}

resource "aws_s3_bucket_public_access_block" "archive" {
  bucket                  = local.archive_name
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}

# Flags that depend on a variable are unresolved, never a finding.
resource "aws_s3_bucket" "configurable" {
  bucket = "acme-configurable"
}

resource "aws_s3_bucket_public_access_block" "configurable" {
  bucket                  = aws_s3_bucket.configurable.id
  block_public_acls       = var.block_everything # expect-unresolved
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}

# Directory buckets always block public access.
resource "aws_s3_directory_bucket" "express" {
  bucket = "acme-express--use1-az4--x-s3"
  location {
    name = "use1-az4"
  }
}
