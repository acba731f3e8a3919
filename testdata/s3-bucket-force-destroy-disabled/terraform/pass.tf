variable "force_destroy" {
  type    = bool
}

# force_destroy defaults to false.
resource "aws_s3_bucket" "data" {
  bucket = "acme-data"

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_s3_bucket" "explicit" {
  bucket        = "acme-explicit"
  force_destroy = false
}

# Module-style input: unknown, never a pass or a finding.
resource "aws_s3_bucket" "module_style" {
  bucket        = "acme-module-style"
  force_destroy = var.force_destroy # expect-unresolved
}

# A split resource for a bucket outside the scanned code: nothing to judge.
resource "aws_s3_bucket_versioning" "external" {
  bucket = "acme-bucket-elsewhere"
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_directory_bucket" "session_cache" {
  bucket = "acme-session-cache--use1-az4--x-s3"

  location {
    name = "use1-az4"
  }
}

resource "aws_s3tables_table_bucket" "warehouse" {
  name          = "acme-warehouse"
  force_destroy = false
}
