variable "trail_bucket" {
  type = string
}

variable "access_logging" {
  type    = map(string)
}

resource "aws_s3_bucket" "access_logs" {
  bucket = "acme-access-logs"
}

resource "aws_s3_bucket" "trail" {
  bucket = "acme-trail"
}

resource "aws_s3_bucket_logging" "trail" {
  bucket        = aws_s3_bucket.trail.id
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "trail/"
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.trail.id
}

# Provider v3 inline logging, indexed reference.
resource "aws_s3_bucket" "legacy" {
  count  = 1
  bucket = "acme-trail-legacy"
  logging {
    target_bucket = "acme-organization-access-logs"
  }
}

resource "aws_cloudtrail" "legacy" {
  name           = "legacy"
  s3_bucket_name = aws_s3_bucket.legacy[0].id
}

# A bucket outside the code whose logging the code configures, linked by literal name.
resource "aws_s3_bucket_logging" "org_trail" {
  bucket        = "acme-organization-trail"
  target_bucket = "acme-organization-access-logs"
}

resource "aws_cloudtrail" "org" {
  name           = "org"
  s3_bucket_name = "acme-organization-trail"
}

# Unknown: a bucket outside the code, and logging behind a dynamic block.
resource "aws_cloudtrail" "configurable" {
  name           = "configurable"
  s3_bucket_name = var.trail_bucket # expect-unresolved
}

resource "aws_s3_bucket" "optional" {
  bucket = "acme-trail-optional"
  dynamic "logging" { # expect-unresolved
    for_each = var.access_logging
    content {
      target_bucket = logging.value
    }
  }
}

resource "aws_cloudtrail" "optional" {
  name           = "optional"
  s3_bucket_name = aws_s3_bucket.optional.id
}
