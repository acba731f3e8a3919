variable "ownership" {
  type    = string
}

resource "aws_s3_bucket" "enforced" {
  bucket = "acme-enforced"
}

resource "aws_s3_bucket_ownership_controls" "enforced" {
  bucket = aws_s3_bucket.enforced.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

# Split resource linked by the literal bucket name.
resource "aws_s3_bucket" "by_name" {
  bucket = "acme-by-name"
}

resource "aws_s3_bucket_ownership_controls" "by_name" {
  bucket = "acme-by-name"
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

# Indexed reference to a counted bucket.
resource "aws_s3_bucket" "counted" {
  count  = 2
  bucket = "acme-counted-${count.index}"
}

resource "aws_s3_bucket_ownership_controls" "counted" {
  count  = 2
  bucket = aws_s3_bucket.counted[count.index].id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket" "per_team" {
  for_each = toset(["red", "blue"])
  bucket   = "acme-team-${each.key}"
}

resource "aws_s3_bucket_ownership_controls" "per_team" {
  for_each = aws_s3_bucket.per_team
  bucket   = each.value.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket" "configurable" {
  bucket = "acme-configurable"
}

resource "aws_s3_bucket_ownership_controls" "configurable" {
  bucket = aws_s3_bucket.configurable.id
  rule {
    object_ownership = var.ownership # expect-unresolved
  }
}

# Ownership controls for a bucket outside the scanned code: nothing is missing.
resource "aws_s3_bucket_public_access_block" "elsewhere" {
  bucket                  = "acme-created-elsewhere"
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}

# CloudFront standard logs (legacy) are delivered with ACLs: their bucket has to keep ACLs enabled.
resource "aws_s3_bucket" "cdn_logs" {
  bucket = "acme-cdn-logs"
}

resource "aws_s3_bucket_ownership_controls" "cdn_logs" {
  bucket = aws_s3_bucket.cdn_logs.id
  rule {
    object_ownership = "BucketOwnerPreferred"
  }
}

resource "aws_cloudfront_distribution" "site" {
  enabled = true
  logging_config {
    bucket = aws_s3_bucket.cdn_logs.bucket_domain_name
    prefix = "site/"
  }
}

# Controls that exist only when a variable says so: without them the bucket keeps its default.
variable "manage_ownership" {
  type    = bool
}

resource "aws_s3_bucket" "optional" {
  bucket = "acme-optional"
}

resource "aws_s3_bucket_ownership_controls" "optional" {
  count  = var.manage_ownership ? 1 : 0 # expect-unresolved
  bucket = aws_s3_bucket.optional.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}
