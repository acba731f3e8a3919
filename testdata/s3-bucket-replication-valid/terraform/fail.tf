# Neither bucket is versioned, no role, and both live in the same region and account.
resource "aws_s3_bucket" "source" {
  bucket = "acme-source"
}

resource "aws_s3_bucket" "replica" {
  bucket = "acme-replica"
}

resource "aws_s3_bucket_replication_configuration" "source" { # expect: sourceNotVersioned, noRole, gaps
  bucket = aws_s3_bucket.source.id
  rule {
    id     = "everything"
    status = "Enabled"
    filter {}
    destination {
      bucket = aws_s3_bucket.replica.arn # expect: destinationNotVersioned
    }
  }
}

# Explicitly suspended source; Replication Time Control without metrics.
resource "aws_s3_bucket" "suspended" {
  bucket = "acme-suspended"
}

resource "aws_s3_bucket_versioning" "suspended" {
  bucket = aws_s3_bucket.suspended.id
  versioning_configuration {
    status = "Suspended" # expect: sourceNotVersioned
  }
}

resource "aws_s3_bucket_replication_configuration" "suspended" {
  bucket = aws_s3_bucket.suspended.id
  role   = aws_iam_role.replication.arn
  rule {
    status = "Enabled"
    destination {
      bucket = aws_s3_bucket.west.arn
      replication_time {
        status = "Enabled" # expect: rtcWithoutMetrics
        time {
          minutes = 15
        }
      }
    }
  }
}

resource "aws_s3_bucket" "west" {
  provider = aws.west
  bucket   = "acme-west"
}

resource "aws_s3_bucket_versioning" "west" {
  provider = aws.west
  bucket   = aws_s3_bucket.west.id
  versioning_configuration {
    status = "Enabled"
  }
}

# A KMS-encrypted source: one rule skips KMS objects and crosses accounts without an owner override, the other
# replicates KMS objects without a key for the destination.
resource "aws_s3_bucket" "kms" {
  bucket = "acme-kms"
}

resource "aws_s3_bucket_versioning" "kms" {
  bucket = aws_s3_bucket.kms.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "kms" {
  bucket = aws_s3_bucket.kms.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
  }
}

resource "aws_s3_bucket_replication_configuration" "kms" { # expect: gaps
  bucket = aws_s3_bucket.kms.id
  role   = aws_iam_role.replication.arn
  rule {
    id       = "to-vault"
    priority = 1
    status   = "Enabled"
    filter {
      prefix = "vault/"
    }
    delete_marker_replication {
      status = "Enabled"
    }
    destination {
      bucket  = "arn:aws:s3:::acme-vault-444455556666"
      account = "444455556666"
    }
  }
  rule {
    id       = "kms-no-key"
    priority = 2
    status   = "Enabled"
    filter {
      prefix = "reports/"
    }
    delete_marker_replication {
      status = "Enabled"
    }
    source_selection_criteria {
      sse_kms_encrypted_objects {
        status = "Enabled" # expect: kmsWithoutReplicaKey
      }
    }
    destination {
      bucket = aws_s3_bucket.west.arn
    }
  }
}

# Provider v3 inline configuration: same region and account.
resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy"
  versioning {
    enabled = true
  }
  replication_configuration { # expect: gaps
    role = "arn:aws:iam::111122223333:role/replication"
    rules {
      id     = "docs"
      status = "Enabled"
      filter {
        prefix = "docs/"
      }
      destination {
        bucket = "arn:aws:s3:::acme-legacy-replica"
      }
    }
    # Disabled rules replicate nothing: the unversioned destination is not judged.
    rules {
      id     = "paused"
      status = "Disabled"
      destination {
        bucket = aws_s3_bucket.replica.arn
      }
    }
  }
}

resource "aws_s3_bucket" "legacy_replica" {
  bucket = "acme-legacy-replica"
  versioning {
    enabled = true
  }
}

# Delete marker replication in a tag-based rule: S3 rejects the configuration.
resource "aws_s3_bucket" "tagged" {
  bucket = "acme-tagged"
}

resource "aws_s3_bucket_versioning" "tagged" {
  bucket = aws_s3_bucket.tagged.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_replication_configuration" "tagged" {
  bucket = aws_s3_bucket.tagged.id
  role   = "arn:aws:iam::111122223333:role/replication"
  rule {
    id     = "archive"
    status = "Enabled"
    filter {
      and {
        prefix = "archive/"
        tags = {
          classification = "archive"
        }
      }
    }
    delete_marker_replication {
      status = "Enabled" # expect: deleteMarkersWithTags
    }
    destination {
      bucket = "arn:aws:s3:::acme-tagged-offsite"
    }
  }
}
