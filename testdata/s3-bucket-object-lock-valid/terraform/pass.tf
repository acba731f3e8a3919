variable "lock_enabled" {
  type    = bool
}

variable "retention_days" {
  type    = number
}

# Created with Object Lock: S3 turns versioning on by itself.
resource "aws_s3_bucket" "records" {
  bucket              = "acme-records"
  object_lock_enabled = true
}

resource "aws_s3_bucket_object_lock_configuration" "records" {
  bucket = aws_s3_bucket.records.id
  rule {
    default_retention {
      mode = "GOVERNANCE"
      days = 30
    }
  }
}

# Indexed reference to a counted bucket.
resource "aws_s3_bucket" "ledger" {
  count               = 1
  bucket              = "acme-ledger"
  object_lock_enabled = true
}

resource "aws_s3_bucket_object_lock_configuration" "ledger" {
  bucket = aws_s3_bucket.ledger[0].bucket
  rule {
    default_retention {
      mode  = "COMPLIANCE"
      years = 7
    }
  }
}

# Object Lock turned on for an existing bucket that is versioned.
resource "aws_s3_bucket" "retrofitted" {
  bucket = "acme-retrofitted"
}

resource "aws_s3_bucket_versioning" "retrofitted" {
  bucket = aws_s3_bucket.retrofitted.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_object_lock_configuration" "retrofitted" {
  bucket = aws_s3_bucket.retrofitted.id
}

# One configuration per bucket of a for_each.
resource "aws_s3_bucket" "per_team" {
  for_each            = toset(["red", "blue"])
  bucket              = "acme-vault-${each.key}"
  object_lock_enabled = true
}

resource "aws_s3_bucket_object_lock_configuration" "per_team" {
  for_each = aws_s3_bucket.per_team
  bucket   = each.value.id
  rule {
    default_retention {
      mode = "GOVERNANCE"
      days = 90
    }
  }
}

# Provider v3 inline configuration.
resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy"
  object_lock_configuration {
    object_lock_enabled = "Enabled"
    rule {
      default_retention {
        mode = "COMPLIANCE"
        days = 365
      }
    }
  }
}

# A bucket outside the scanned code: nothing is missing, the configuration is valid.
resource "aws_s3_bucket_object_lock_configuration" "external" {
  bucket = "acme-created-elsewhere"
  rule {
    default_retention {
      mode = "GOVERNANCE"
      days = 1
    }
  }
}

resource "aws_s3_bucket" "switchable" {
  bucket              = "acme-switchable"
  object_lock_enabled = var.lock_enabled # expect-unresolved
}

resource "aws_s3_bucket" "configurable" {
  bucket              = "acme-configurable"
  object_lock_enabled = true
}

resource "aws_s3_bucket_object_lock_configuration" "configurable" {
  bucket = aws_s3_bucket.configurable.id
  rule {
    default_retention {
      mode = "GOVERNANCE"
      days = var.retention_days # expect-unresolved
    }
  }
}

# A period from inputs that may be null: whether both are set is not known statically.
variable "retention" {
  type = object({ days = optional(number), years = optional(number) })
}

resource "aws_s3_bucket" "tunable" {
  bucket              = "acme-tunable"
  object_lock_enabled = true
}

resource "aws_s3_bucket_object_lock_configuration" "tunable" {
  bucket = aws_s3_bucket.tunable.id
  rule {
    default_retention {
      mode  = "GOVERNANCE"
      days  = try(var.retention.days, null) # expect-unresolved
      years = try(var.retention.years, null)
    }
  }
}

# Object Lock turned on by a configuration that exists only when an input says so.
variable "lock_archive" {
  type = bool
}

resource "aws_s3_bucket" "archive" {
  bucket = "acme-archive"
}

resource "aws_s3_bucket_object_lock_configuration" "archive" {
  count  = var.lock_archive ? 1 : 0 # expect-unresolved
  bucket = aws_s3_bucket.archive.id
  rule {
    default_retention {
      mode = "GOVERNANCE"
      days = 30
    }
  }
}
