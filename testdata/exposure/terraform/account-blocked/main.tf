# The account-level block neutralises every public grant of this module's buckets.
resource "aws_s3_account_public_access_block" "this" {
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy-public"
  acl    = "public-read"
}
