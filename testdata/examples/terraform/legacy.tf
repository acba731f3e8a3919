# An old bucket written for AWS provider v3: public-read ACL inline, versioning suspended,
# and a misspelt encryption algorithm that S3 will reject.
resource "aws_s3_bucket" "reports" {
  bucket = "acme-legacy-reports"
  acl    = "public-read"

  versioning {
    enabled = false
  }

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "aws:kms:sse"
      }
    }
  }
}

resource "aws_s3_bucket_public_access_block" "reports" {
  bucket                  = aws_s3_bucket.reports.id
  block_public_acls       = false
  ignore_public_acls      = false
  block_public_policy     = true
  restrict_public_buckets = true
}
