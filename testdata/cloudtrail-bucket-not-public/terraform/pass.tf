variable "trail_bucket" {
  type = string
}

variable "trail_acl" {
  type    = string
}

resource "aws_s3_bucket" "trail" {
  bucket = "acme-trail"
}

resource "aws_s3_bucket_public_access_block" "trail" {
  bucket                  = aws_s3_bucket.trail.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.trail.id
}

# A public ACL that Block Public Access neutralises: latent, judged by s3-bucket-acl-not-public.
resource "aws_s3_bucket" "blocked" {
  count  = 1
  bucket = "acme-trail-blocked"
  acl    = "public-read"
}

resource "aws_s3_bucket_public_access_block" "blocked" {
  count                   = 1
  bucket                  = aws_s3_bucket.blocked[0].id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}

resource "aws_cloudtrail" "blocked" {
  name           = "blocked"
  s3_bucket_name = aws_s3_bucket.blocked[0].id
}

# Unknown: a bucket outside the code, by literal or variable, and an ACL from a variable.
resource "aws_cloudtrail" "central" {
  name           = "central"
  s3_bucket_name = "acme-organization-trail" # expect-unresolved
}

resource "aws_cloudtrail" "configurable" {
  name           = "configurable"
  s3_bucket_name = var.trail_bucket # expect-unresolved
}

resource "aws_s3_bucket" "variable_acl" {
  bucket = "acme-trail-variable-acl"
  acl    = var.trail_acl
}

resource "aws_cloudtrail" "variable_acl" {
  name           = "variable-acl"
  s3_bucket_name = aws_s3_bucket.variable_acl.bucket # expect-unresolved
}
