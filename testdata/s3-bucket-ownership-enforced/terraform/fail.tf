# No ownership controls: new buckets default to BucketOwnerEnforced, so only a note.
resource "aws_s3_bucket" "defaulted" { # expect: missing
  bucket = "acme-defaulted"
}

resource "aws_s3_bucket" "preferred" {
  bucket = "acme-preferred"
}

resource "aws_s3_bucket_ownership_controls" "preferred" {
  bucket = aws_s3_bucket.preferred.id
  rule {
    object_ownership = "BucketOwnerPreferred" # expect: notEnforced
  }
}

resource "aws_s3_bucket" "writer" {
  count  = 1
  bucket = "acme-writer"
}

resource "aws_s3_bucket_ownership_controls" "writer" {
  bucket = aws_s3_bucket.writer[0].id
  rule {
    object_ownership = "ObjectWriter" # expect: notEnforced
  }
}

# A bucket outside the scanned code: an explicit ObjectWriter is still reported.
resource "aws_s3_bucket_ownership_controls" "elsewhere" {
  bucket = "acme-created-elsewhere"
  rule {
    object_ownership = "ObjectWriter" # expect: notEnforced
  }
}
