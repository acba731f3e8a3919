provider "aws" { # expect: noTrail
  region = "eu-west-1"
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}
