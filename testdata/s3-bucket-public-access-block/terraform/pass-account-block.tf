# An account-wide block with every flag on protects buckets that have no block of their own.
resource "aws_s3_account_public_access_block" "this" {
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "covered_by_account" {
  bucket = "acme-covered-by-account"
}
