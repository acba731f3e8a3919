variable "extra_bucket_arns" {
  type    = list(string)
}

resource "aws_s3_bucket" "trail" {
  bucket = "acme-trail"
}

resource "aws_s3_bucket" "counted" {
  count  = 1
  bucket = "acme-counted"
}

resource "aws_s3_bucket" "named" {
  bucket = "acme-named"
}

resource "aws_s3_bucket" "uncertain" {
  bucket = "acme-uncertain"
}

# Buckets named by indexed reference and by literal ARN; the last bucket may be in the variable.
resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.trail.id

  event_selector {
    data_resource {
      type   = "AWS::S3::Object"
      values = ["${aws_s3_bucket.counted[0].arn}/", "arn:aws:s3:::acme-named/"]
    }
  }

  event_selector {
    data_resource {
      type   = "AWS::S3::Object"
      values = var.extra_bucket_arns # expect-unresolved
    }
  }
}
