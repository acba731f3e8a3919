provider "aws" {
  region = "eu-west-1"
}

resource "aws_macie2_account" "main" {
  finding_publishing_frequency = "FIFTEEN_MINUTES"
  status                       = "PAUSED" # expect: paused
}
