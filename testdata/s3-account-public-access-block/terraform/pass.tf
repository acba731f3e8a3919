variable "restrict" {
  type = bool
}

resource "aws_s3_account_public_access_block" "baseline" {
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = "true"
  restrict_public_buckets = true
}

# A flag from a variable: unresolved.
resource "aws_s3_account_public_access_block" "from_input" {
  account_id              = "111122223333"
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = var.restrict # expect-unresolved
}
