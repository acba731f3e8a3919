resource "aws_s3_bucket" "silent" { # expect: missing
  bucket = "acme-silent"
}

resource "aws_s3_bucket" "disabled" {
  bucket = "acme-disabled"
}

resource "aws_s3_bucket_notification" "disabled" { # expect: empty
  bucket      = aws_s3_bucket.disabled.id
  eventbridge = false
}
