variable "partner_account" {
  type = string
}

variable "rule_status" {
  type    = string
}

data "aws_caller_identity" "current" {}

resource "aws_s3_bucket" "source" {
  count  = 1
  bucket = "acme-source"
}

resource "aws_s3_bucket_versioning" "source" {
  bucket = aws_s3_bucket.source[0].id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "source" {
  bucket = aws_s3_bucket.source[0].id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
  }
}

# Another region, every protection on.
resource "aws_s3_bucket_replication_configuration" "source" {
  bucket = aws_s3_bucket.source[0].id
  role   = aws_iam_role.replication.arn
  rule {
    id       = "dr"
    priority = 1
    status   = "Enabled"
    filter {}
    delete_marker_replication {
      status = "Enabled"
    }
    source_selection_criteria {
      sse_kms_encrypted_objects {
        status = "Enabled"
      }
    }
    destination {
      bucket  = aws_s3_bucket.replica.arn
      account = data.aws_caller_identity.current.account_id
      encryption_configuration {
        replica_kms_key_id = aws_kms_key.replica.arn
      }
      replication_time {
        status = "Enabled"
        time {
          minutes = 15
        }
      }
      metrics {
        status = "Enabled"
        event_threshold {
          minutes = 15
        }
      }
    }
  }
  # S3 does not replicate delete markers for tag-based rules.
  rule {
    id       = "tagged"
    priority = 2
    status   = "Enabled"
    filter {
      tag {
        key   = "classification"
        value = "archive"
      }
    }
    delete_marker_replication {
      status = "Disabled"
    }
    source_selection_criteria {
      sse_kms_encrypted_objects {
        status = "Enabled"
      }
    }
    destination {
      bucket = "arn:aws:s3:::acme-replica"
      encryption_configuration {
        replica_kms_key_id = aws_kms_key.replica.arn
      }
    }
  }
  # Disabled rules replicate nothing.
  rule {
    id       = "paused"
    priority = 3
    status   = "Disabled"
    filter {}
    destination {
      bucket = aws_s3_bucket.scratch.arn
    }
  }
}

resource "aws_s3_bucket" "replica" {
  provider = aws.west
  bucket   = "acme-replica"
}

resource "aws_s3_bucket_versioning" "replica" {
  provider = aws.west
  bucket   = aws_s3_bucket.replica.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "scratch" {
  bucket = "acme-scratch"
}

# Created with Object Lock (versioned by S3), to a partner account whose bucket enforces bucket-owner ownership.
resource "aws_s3_bucket" "locked" {
  bucket              = "acme-locked"
  object_lock_enabled = true
}

resource "aws_s3_bucket" "partner" {
  provider = aws.partner
  bucket   = "acme-partner-copy"
}

resource "aws_s3_bucket_versioning" "partner" {
  provider = aws.partner
  bucket   = aws_s3_bucket.partner.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_replication_configuration" "locked" {
  bucket = aws_s3_bucket.locked.id
  role   = aws_iam_role.replication.arn
  rule {
    status = "Enabled"
    destination {
      bucket  = aws_s3_bucket.partner.arn
      account = var.partner_account
    }
  }
}

# Provider v3 inline configuration to a bucket outside the scanned code, with the owner override.
resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy"
  versioning {
    enabled = true
  }
  replication_configuration {
    role = "arn:aws:iam::111122223333:role/replication"
    rules {
      id                               = "offsite"
      status                           = "Enabled"
      delete_marker_replication_status = "Enabled"
      filter {
        prefix = ""
      }
      destination {
        bucket     = "arn:aws:s3:::acme-offsite" # expect-unresolved
        account_id = "444455556666"
        access_control_translation {
          owner = "Destination"
        }
        replication_time {
          minutes = 15
        }
        metrics {
          minutes = 15
        }
      }
    }
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

resource "aws_s3_bucket_replication_configuration" "toggled" {
  bucket = aws_s3_bucket.toggled.id
  role   = aws_iam_role.replication.arn
  rule {
    status = var.rule_status # expect-unresolved
    destination {
      bucket = aws_s3_bucket.scratch.arn
    }
  }
}

# The source bucket is outside the scanned code: its versioning is not known.
resource "aws_s3_bucket_replication_configuration" "elsewhere" { # expect-unresolved
  bucket = "acme-created-elsewhere"
  role   = aws_iam_role.replication.arn
  rule {
    status = "Enabled"
    destination {
      bucket = aws_s3_bucket.replica.arn
    }
  }
}

variable "replication_rules" {
  type    = list(object({ id = string, destination = string }))
}

resource "aws_s3_bucket" "generated" {
  bucket = "acme-generated"
}

resource "aws_s3_bucket_versioning" "generated" {
  bucket = aws_s3_bucket.generated.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_replication_configuration" "generated" {
  bucket = aws_s3_bucket.generated.id
  role   = aws_iam_role.replication.arn
  dynamic "rule" { # expect-unresolved
    for_each = var.replication_rules
    content {
      id     = rule.value.id
      status = "Enabled"
      destination {
        bucket = rule.value.destination
      }
    }
  }
}
