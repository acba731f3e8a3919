#trivy:ignore:AVD-AWS-0089
resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
}

# tfsec:ignore:aws-s3-enable-versioning build cache, rebuilt every night
resource "aws_s3_bucket" "cache" {
  bucket = "acme-cache"
}

resource "aws_s3_bucket" "site" {
  bucket = "acme-site"
  acl    = "public-read" #tfsec:ignore:aws-s3-no-public-access-with-acl
}

#trivy:ignore:AVD-AWS-0090:exp:2026-01-01
resource "aws_s3_bucket" "expired" {
  bucket = "acme-expired"
}

#trivy:ignore:AVD-AWS-0090:exp:2027-01-01 trivy:ignore:avd-aws-0089
resource "aws_s3_bucket" "both" {
  bucket = "acme-both"
}
