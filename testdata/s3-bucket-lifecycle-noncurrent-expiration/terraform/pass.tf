variable "versioning_status" {
  type    = string
}

variable "noncurrent_rule_status" {
  type    = string
}

# Not versioned: noncurrent versions do not exist.
resource "aws_s3_bucket" "scratch" {
  bucket = "acme-scratch"
}

resource "aws_s3_bucket" "suspended" {
  bucket = "acme-suspended"
}

resource "aws_s3_bucket_versioning" "suspended" {
  bucket = "acme-suspended"
  versioning_configuration {
    status = "Suspended"
  }
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    id     = "old-versions"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = 90
    }
  }
}

# Transitioning noncurrent versions counts too; linked by literal name.
resource "aws_s3_bucket" "archive" {
  bucket              = "acme-archive"
  object_lock_enabled = true
}

resource "aws_s3_bucket_lifecycle_configuration" "archive" {
  bucket = "acme-archive"
  rule {
    id     = "cold-versions"
    status = "Enabled"
    filter {
      prefix = "ledger/"
    }
    noncurrent_version_transition {
      noncurrent_days = 30
      storage_class   = "GLACIER"
    }
  }
}

resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy"
  versioning {
    enabled = true
  }
  lifecycle_rule {
    id      = "old-versions"
    enabled = true
    noncurrent_version_expiration {
      days = 30
    }
  }
}

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

resource "aws_s3_bucket_lifecycle_configuration" "per_team" {
  for_each = aws_s3_bucket.per_team
  bucket   = each.value.id
  rule {
    id     = "old-versions"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = 30
    }
  }
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

resource "aws_s3_bucket" "toggled" {
  bucket = "acme-toggled"
}

resource "aws_s3_bucket_versioning" "toggled" {
  bucket = aws_s3_bucket.toggled.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "toggled" {
  bucket = aws_s3_bucket.toggled.id
  rule {
    id     = "old-versions"
    status = var.noncurrent_rule_status # expect-unresolved
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = 30
    }
  }
}
