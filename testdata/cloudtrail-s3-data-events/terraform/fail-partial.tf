resource "aws_s3_bucket" "trail" {
  bucket = "acme-trail"
}

resource "aws_s3_bucket" "covered" {
  bucket = "acme-covered"
}

resource "aws_s3_bucket" "forgotten" { # expect: bucketNotCovered
  bucket = "acme-forgotten"
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.trail.id

  event_selector {
    read_write_type = "All"
    data_resource {
      type   = "AWS::S3::Object"
      values = ["${aws_s3_bucket.covered.arn}/"]
    }
  }
}
