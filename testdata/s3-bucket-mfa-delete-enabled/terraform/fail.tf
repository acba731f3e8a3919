resource "aws_s3_bucket" "records" {
  bucket = "acme-records"
}

resource "aws_s3_bucket_versioning" "records" {
  bucket = aws_s3_bucket.records.id
  versioning_configuration {
    status = "Enabled" # expect: missing
  }
}

resource "aws_s3_bucket" "ledger" {
  bucket = "acme-ledger"
}

resource "aws_s3_bucket_versioning" "ledger" {
  bucket = "acme-ledger"
  versioning_configuration {
    status     = "Enabled"
    mfa_delete = "Disabled" # expect: disabled
  }
}

# Provider v3 inline versioning.
resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy"
  versioning {
    enabled = true # expect: missing
  }
}

resource "aws_s3_bucket" "legacy_off" {
  bucket = "acme-legacy-off"
  versioning {
    enabled    = true
    mfa_delete = false # expect: disabled
  }
}
