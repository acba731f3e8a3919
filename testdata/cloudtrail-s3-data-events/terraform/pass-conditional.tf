variable "enable_audit" {
  type    = bool
}

resource "aws_s3_bucket" "trail" {
  bucket = "acme-trail"
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

# The only trail exists only when a variable says so.
resource "aws_cloudtrail" "audit" {
  count          = var.enable_audit ? 1 : 0 # expect-unresolved
  name           = "audit"
  s3_bucket_name = aws_s3_bucket.trail.id

  event_selector {
    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3"]
    }
  }
}
