# No detector at all: guardduty-enabled's finding, not this rule's.
provider "aws" {
  region = "eu-west-1"
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}
