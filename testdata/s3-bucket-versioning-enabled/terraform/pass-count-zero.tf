# Terraform creates no instance of these: nothing to judge.
resource "aws_s3_bucket" "disabled" {
  count  = 0
  bucket = "acme-disabled"
}

# s3lint-ignore s3-bucket-versioning-enabled: the replica bucket is versioned by the replication module
resource "aws_s3_bucket" "none" {
  for_each = {}
  bucket   = "acme-${each.key}"
}

resource "aws_s3_bucket" "empty_set" {
  for_each = []
  bucket   = each.value
}

# Created once or not at all depending on input: judged once, like any bucket.
variable "enabled" {
  type = bool
}

resource "aws_s3_bucket" "maybe" {
  count  = var.enabled ? 1 : 0
  bucket = "acme-maybe"
}

resource "aws_s3_bucket_versioning" "maybe" {
  count  = var.enabled ? 1 : 0
  bucket = aws_s3_bucket.maybe[0].id
  versioning_configuration {
    status = "Enabled"
  }
}
