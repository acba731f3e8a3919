resource "aws_s3_bucket" "trail" {
  bucket = "acme-trail"
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

# Management events only: no event selector records data events.
resource "aws_cloudtrail" "main" { # expect: trailWithoutDataEvents
  name           = "main"
  s3_bucket_name = aws_s3_bucket.trail.id

  event_selector {
    read_write_type           = "All"
    include_management_events = true
  }
}

# Lambda data events are not S3 data events.
resource "aws_cloudtrail" "functions" { # expect: trailWithoutDataEvents
  name           = "functions"
  s3_bucket_name = aws_s3_bucket.trail.id

  event_selector {
    data_resource {
      type   = "AWS::Lambda::Function"
      values = ["arn:aws:lambda"]
    }
  }
}
