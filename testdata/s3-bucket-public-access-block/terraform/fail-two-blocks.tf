# Two blocks for one bucket: whichever Terraform applies last replaces the other, so a flag is on only when
# both set it.
resource "aws_s3_bucket" "data" {
  bucket = "acme-two-blocks"
}

resource "aws_s3_bucket_public_access_block" "strict" {
  bucket                  = aws_s3_bucket.data.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_public_access_block" "loose" {
  bucket                  = aws_s3_bucket.data.id
  block_public_acls       = false # expect: flagsOff
  ignore_public_acls      = false
  block_public_policy     = true
  restrict_public_buckets = true
}
