variable "replication" {
  type    = list(object({ role = string }))
}

resource "aws_s3_bucket" "source" {
  bucket = "acme-source"
}

resource "aws_s3_bucket_replication_configuration" "source" {
  bucket = aws_s3_bucket.source.id
  role   = "arn:aws:iam::111122223333:role/replication"
  rule {
    status = "Enabled"
    filter {}
    delete_marker_replication {
      status = "Enabled"
    }
    destination {
      bucket = aws_s3_bucket.replica.arn
    }
  }
}

# The destination holds replicas, not primary data.
resource "aws_s3_bucket" "replica" {
  provider = aws.west
  bucket   = "acme-replica"
}

# Provider v3 inline configuration; the destination named by a literal ARN.
resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy"
  replication_configuration {
    role = "arn:aws:iam::111122223333:role/replication"
    rules {
      status = "Enabled"
      destination {
        bucket = "arn:aws:s3:::acme-legacy-replica"
      }
    }
  }
}

resource "aws_s3_bucket" "legacy_replica" {
  bucket = "acme-legacy-replica"
}

# One configuration per bucket of a for_each, to indexed replicas.
resource "aws_s3_bucket" "per_team" {
  for_each = toset(["red", "blue"])
  bucket   = "acme-team-${each.key}"
}

resource "aws_s3_bucket" "per_team_replica" {
  for_each = toset(["red", "blue"])
  provider = aws.west
  bucket   = "acme-team-${each.key}-replica"
}

resource "aws_s3_bucket_replication_configuration" "per_team" {
  for_each = aws_s3_bucket.per_team
  bucket   = each.value.id
  role     = "arn:aws:iam::111122223333:role/replication"
  rule {
    status = "Enabled"
    destination {
      bucket = aws_s3_bucket.per_team_replica[each.key].arn
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

resource "aws_s3_bucket" "optional" {
  bucket = "acme-optional"
  dynamic "replication_configuration" { # expect-unresolved
    for_each = var.replication
    content {
      role = replication_configuration.value.role
      rules {
        status = "Enabled"
        destination {
          bucket = "arn:aws:s3:::acme-optional-replica"
        }
      }
    }
  }
}

# Every rule comes from a dynamic block: the resource requires at least one rule, so the configuration exists.
variable "replication_rules" {
  type = list(object({ id = string, destination = string }))
}

resource "aws_s3_bucket" "fanout" {
  bucket = "acme-fanout"
}

resource "aws_s3_bucket_replication_configuration" "fanout" {
  bucket = aws_s3_bucket.fanout.id
  role   = "arn:aws:iam::111122223333:role/replication"
  dynamic "rule" {
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

# A configuration created only when an input says so.
variable "replicate_archive" {
  type = bool
}

resource "aws_s3_bucket" "archive" {
  bucket = "acme-archive"
}

resource "aws_s3_bucket_replication_configuration" "archive" {
  count  = var.replicate_archive ? 1 : 0 # expect-unresolved
  bucket = aws_s3_bucket.archive.id
  role   = "arn:aws:iam::111122223333:role/replication"
  rule {
    id     = "offsite"
    status = "Enabled"
    destination {
      bucket = "arn:aws:s3:::acme-archive-offsite"
    }
  }
}

# An access-log bucket holds no primary data.
resource "aws_s3_bucket" "access_logs" {
  bucket = "acme-access-logs"
}

resource "aws_s3_bucket" "site" {
  bucket = "acme-site"
}

resource "aws_s3_bucket_logging" "site" {
  bucket        = aws_s3_bucket.site.id
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "site/"
}

resource "aws_s3_bucket_replication_configuration" "site" {
  bucket = aws_s3_bucket.site.id
  role   = "arn:aws:iam::111122223333:role/replication"
  rule {
    status = "Enabled"
    destination {
      bucket = "arn:aws:s3:::acme-site-offsite"
    }
  }
}
