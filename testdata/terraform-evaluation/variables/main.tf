resource "aws_s3_bucket" "data" {
  bucket        = "acme-evaluation-data"
  force_destroy = var.force_destroy
}

resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data.id
  versioning_configuration {
    status = var.versioning_status
  }
}

resource "aws_s3_bucket" "other" {
  bucket = "acme-evaluation-other"
}

resource "aws_s3_bucket_versioning" "other" {
  bucket = aws_s3_bucket.other.id
  versioning_configuration {
    status = var.unset
  }
}
