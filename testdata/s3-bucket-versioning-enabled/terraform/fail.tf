resource "aws_s3_bucket" "unversioned" { # expect: missing
  bucket = "acme-unversioned"
}

resource "aws_s3_bucket" "suspended" {
  bucket = "acme-suspended"
}

resource "aws_s3_bucket_versioning" "suspended" {
  bucket = aws_s3_bucket.suspended.id
  versioning_configuration {
    status = "Suspended" # expect: notEnabled
  }
}

# Provider v3: `enabled = false` leaves versioning suspended.
resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy"
  versioning {
    enabled = false # expect: notEnabled
  }
}

resource "aws_s3_bucket" "disabled" {
  bucket = "acme-disabled"
}

resource "aws_s3_bucket_versioning" "disabled" {
  bucket = "acme-disabled"
  versioning_configuration {
    status = "Disabled" # expect: notEnabled
  }
}
