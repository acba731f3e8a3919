resource "aws_s3_bucket" "primary" { # expect: missing
  bucket = "acme-primary"
}

resource "aws_s3_bucket_versioning" "primary" {
  bucket = aws_s3_bucket.primary.id
  versioning_configuration {
    status = "Enabled"
  }
}

# Replicating another bucket does not make this one a replica.
resource "aws_s3_bucket" "audit" { # expect: missing
  bucket = "acme-audit"
}

resource "aws_s3_bucket_replication_configuration" "elsewhere" {
  bucket = "acme-created-elsewhere"
  role   = "arn:aws:iam::111122223333:role/replication"
  rule {
    status = "Enabled"
    destination {
      bucket = "arn:aws:s3:::acme-offsite"
    }
  }
}
