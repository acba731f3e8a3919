# kics-scan ignore

resource "aws_s3_bucket" "ignored" {
  bucket = "acme-ignored"
  acl    = "public-read"
}
