variable "lifecycle_rules" {
  type    = list(object({ id = string, days = number }))
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_s3_bucket_lifecycle_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    id     = "archive"
    status = "Enabled"
    filter {}
    transition {
      days          = 90
      storage_class = "GLACIER"
    }
  }
}

# Linked by the literal bucket name.
resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
}

resource "aws_s3_bucket_lifecycle_configuration" "logs" {
  bucket = "acme-logs"
  rule {
    id     = "expire"
    status = "Enabled"
    filter {}
    expiration {
      days = 30
    }
  }
}

# Indexed reference to a counted bucket.
resource "aws_s3_bucket" "reports" {
  count  = 1
  bucket = "acme-reports"
}

resource "aws_s3_bucket_lifecycle_configuration" "reports" {
  bucket = aws_s3_bucket.reports[0].id
  rule {
    id     = "expire"
    status = "Enabled"
    filter {}
    expiration {
      days = 365
    }
  }
}

resource "aws_s3_bucket" "per_team" {
  for_each = toset(["red", "blue"])
  bucket   = "acme-team-${each.key}"
}

resource "aws_s3_bucket_lifecycle_configuration" "per_team" {
  for_each = aws_s3_bucket.per_team
  bucket   = each.value.id
  rule {
    id     = "expire"
    status = "Enabled"
    filter {}
    expiration {
      days = 90
    }
  }
}

# Provider v3 inline rules.
resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy"
  lifecycle_rule {
    id      = "expire"
    enabled = true
    expiration {
      days = 30
    }
  }
}

# Settings for a bucket outside the scanned code say nothing about what it lacks.
resource "aws_s3_bucket_versioning" "elsewhere" {
  bucket = "acme-created-elsewhere"
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "generated" {
  bucket = "acme-generated"
  dynamic "lifecycle_rule" { # expect-unresolved
    for_each = var.lifecycle_rules
    content {
      id      = lifecycle_rule.value.id
      enabled = true
      expiration {
        days = lifecycle_rule.value.days
      }
    }
  }
}

# Every rule comes from a dynamic block: the resource requires at least one rule, so the configuration exists.
resource "aws_s3_bucket" "tiered" {
  bucket = "acme-tiered"
}

resource "aws_s3_bucket_lifecycle_configuration" "tiered" {
  bucket = aws_s3_bucket.tiered.id
  dynamic "rule" {
    for_each = var.lifecycle_rules
    content {
      id     = rule.value.id
      status = "Enabled"
      filter {}
      expiration {
        days = rule.value.days
      }
    }
  }
}

# A configuration created only when an input says so.
variable "expire_scratch" {
  type = bool
}

resource "aws_s3_bucket" "scratch" {
  bucket = "acme-scratch"
}

resource "aws_s3_bucket_lifecycle_configuration" "scratch" {
  count  = var.expire_scratch ? 1 : 0 # expect-unresolved
  bucket = aws_s3_bucket.scratch.id
  rule {
    id     = "expire"
    status = "Enabled"
    filter {}
    expiration {
      days = 7
    }
  }
}
