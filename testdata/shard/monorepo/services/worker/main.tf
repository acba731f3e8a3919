provider "aws" {
  region = "us-east-1"
}

resource "aws_s3_bucket" "queue" {
  bucket        = "acme-worker-queue"
  force_destroy = true
}
