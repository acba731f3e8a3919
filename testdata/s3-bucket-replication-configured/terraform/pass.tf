variable "replication" {
  type    = list(object({ role = string }))
  default = []
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
