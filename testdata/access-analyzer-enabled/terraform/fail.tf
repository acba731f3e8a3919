terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

provider "aws" { # expect: missing
  region = "eu-west-1"
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_accessanalyzer_analyzer" "disabled" {
  for_each      = {}
  analyzer_name = "never-created"
}
