variable "retention" {
  type = list(object({ mode = string, days = number }))
}

# No Object Lock: not this rule's question (s3-bucket-object-lock-valid).
resource "aws_s3_bucket" "plain" {
  bucket = "acme-plain"
}

resource "aws_s3_bucket" "records" {
  bucket              = "acme-records"
  object_lock_enabled = true
}

resource "aws_s3_bucket_object_lock_configuration" "records" {
  bucket = "acme-records"
  rule {
    default_retention {
      mode = "COMPLIANCE"
      days = 2555
    }
  }
}

resource "aws_s3_bucket" "per_team" {
  for_each            = toset(["red", "blue"])
  bucket              = "acme-vault-${each.key}"
  object_lock_enabled = true
}

resource "aws_s3_bucket_object_lock_configuration" "per_team" {
  for_each = aws_s3_bucket.per_team
  bucket   = each.value.bucket
  rule {
    default_retention {
      mode = "GOVERNANCE"
      days = 30
    }
  }
}

resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy"
  object_lock_configuration {
    object_lock_enabled = "Enabled"
    rule {
      default_retention {
        mode  = "GOVERNANCE"
        years = 1
      }
    }
  }
}

resource "aws_s3_bucket" "configurable" {
  bucket              = "acme-configurable"
  object_lock_enabled = true
}

resource "aws_s3_bucket_object_lock_configuration" "configurable" {
  bucket = aws_s3_bucket.configurable.id
  dynamic "rule" { # expect-unresolved
    for_each = var.retention
    content {
      default_retention {
        mode = rule.value.mode
        days = rule.value.days
      }
    }
  }
}

# Created with Object Lock; the default retention exists only when an input says so.
variable "retain_ledger" {
  type = bool
}

resource "aws_s3_bucket" "ledger" {
  bucket              = "acme-ledger"
  object_lock_enabled = true
}

resource "aws_s3_bucket_object_lock_configuration" "ledger" {
  count  = var.retain_ledger ? 1 : 0 # expect-unresolved
  bucket = aws_s3_bucket.ledger.id
  rule {
    default_retention {
      mode = "COMPLIANCE"
      days = 365
    }
  }
}
