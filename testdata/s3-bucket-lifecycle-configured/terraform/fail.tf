resource "aws_s3_bucket" "data" { # expect: missing
  bucket = "acme-data"
}

# A lifecycle configuration for another bucket does not count.
resource "aws_s3_bucket" "logs" { # expect: missing
  bucket = "acme-logs"
}

resource "aws_s3_bucket_lifecycle_configuration" "elsewhere" {
  bucket = "acme-created-elsewhere"
  rule {
    id     = "expire"
    status = "Enabled"
    filter {}
    expiration {
      days = 30
    }
  }
}
