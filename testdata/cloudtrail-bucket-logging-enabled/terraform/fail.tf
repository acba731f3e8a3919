resource "aws_s3_bucket" "trail" {
  bucket = "acme-trail"
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.trail.id # expect: bucketNotLogged
}

# A log target is still judged here: the audit trail's bucket needs its own access logs.
resource "aws_s3_bucket" "shared" {
  bucket = "acme-trail-shared"
  acl    = "log-delivery-write"
}

resource "aws_cloudtrail" "shared" {
  name           = "shared"
  s3_bucket_name = "acme-trail-shared" # expect: bucketNotLogged
}
