provider "aws" { # expect: missing
  region = "eu-west-1"
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

# Declared but never created: count = 0.
resource "aws_guardduty_detector" "off" {
  count = 0
}
