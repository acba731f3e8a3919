resource "aws_s3_account_public_access_block" "explicit" {
  block_public_acls       = true
  ignore_public_acls      = false # expect: flagsOff
  block_public_policy     = true
  restrict_public_buckets = true
}
