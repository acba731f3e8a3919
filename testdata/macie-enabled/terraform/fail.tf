provider "aws" { # expect: missing
  region = "eu-west-1"
}

resource "aws_s3_bucket" "customer_data" {
  bucket = "acme-customer-data"
}
