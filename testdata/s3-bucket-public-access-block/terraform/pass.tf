variable "reports_bucket_name" {
  type = string
}

variable "block_everything" {
  type    = bool
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

# Linked through a local that refers to the bucket (a common module pattern).
locals {
  media_bucket_id = join("", aws_s3_bucket.media[*].id)
}

resource "aws_s3_bucket" "media" {
  count  = 1
  bucket = "acme-media"
}

resource "aws_s3_bucket_public_access_block" "media" {
  bucket                  = local.media_bucket_id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}

# A conditional choosing between a directory bucket and a general-purpose bucket configures the latter.
variable "use_directory_bucket" {
  type    = bool
}

resource "aws_s3_bucket" "either" {
  count  = var.use_directory_bucket ? 0 : 1
  bucket = "acme-either"
}

resource "aws_s3_bucket_public_access_block" "either" {
  bucket                  = var.use_directory_bucket ? aws_s3_directory_bucket.express.bucket : aws_s3_bucket.either[0].id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}
