variable "versioning_status" {
  type    = string
}

resource "aws_s3_bucket" "versioned" {
  bucket = "acme-versioned"
}

resource "aws_s3_bucket_versioning" "versioned" {
  bucket = aws_s3_bucket.versioned.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy"
  versioning {
    enabled = true
  }
}

# Object Lock turns versioning on by itself.
resource "aws_s3_bucket" "locked" {
  bucket              = "acme-locked"
  object_lock_enabled = true
}

resource "aws_s3_bucket" "configurable" {
  bucket = "acme-configurable"
}

resource "aws_s3_bucket_versioning" "configurable" {
  bucket = aws_s3_bucket.configurable.id
  versioning_configuration {
    status = var.versioning_status # expect-unresolved
  }
}

# Provider v3 dynamic block: whether it renders depends on for_each.
variable "versioning" {
  type    = map(string)
}

resource "aws_s3_bucket" "dynamic" {
  bucket = "acme-dynamic"
  dynamic "versioning" { # expect-unresolved
    for_each = var.versioning
    content {
      enabled = true
    }
  }
}

# for_each over the buckets themselves: each.value is the bucket.
resource "aws_s3_bucket" "per_team" {
  for_each = toset(["red", "blue"])
  bucket   = "acme-team-${each.key}"
}

resource "aws_s3_bucket_versioning" "per_team" {
  for_each = aws_s3_bucket.per_team
  bucket   = each.value.id
  versioning_configuration {
    status = "Enabled"
  }
}
