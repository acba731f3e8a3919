resource "aws_kms_key" "data" { # expect: missing
  description = "Default encryption for acme-data"
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms:dsse"
      kms_master_key_id = aws_kms_key.data.arn
    }
  }
}

# Used through an alias resource.
resource "aws_kms_key" "archive" {
  enable_key_rotation = false # expect: disabled
}

resource "aws_kms_alias" "archive" {
  name          = "alias/acme-archive"
  target_key_id = aws_kms_key.archive.key_id
}

resource "aws_s3_bucket" "archive" {
  bucket = "acme-archive"
  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm     = "aws:kms"
        kms_master_key_id = aws_kms_alias.archive.arn
      }
    }
  }
}

# Used by an object, through a counted key.
resource "aws_kms_key" "objects" { # expect: missing
  count = 1
}

resource "aws_s3_object" "secret" {
  bucket     = aws_s3_bucket.data.id
  key        = "secret.txt"
  content    = "x"
  kms_key_id = aws_kms_key.objects[0].arn
}

# Used to encrypt replicas.
resource "aws_kms_key" "replica" { # expect: missing
  description = "Replica encryption"
}

resource "aws_s3_bucket_replication_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  role   = "arn:aws:iam::111122223333:role/replication"
  rule {
    id     = "all"
    status = "Enabled"
    destination {
      bucket = "arn:aws:s3:::acme-data-replica"
      encryption_configuration {
        replica_kms_key_id = aws_kms_key.replica.arn
      }
    }
    source_selection_criteria {
      sse_kms_encrypted_objects {
        status = "Enabled"
      }
    }
  }
}

# Used for inventory reports, named by the literal alias of a key in the scan.
resource "aws_kms_key" "inventory" { # expect: missing
  description = "Inventory reports"
}

resource "aws_kms_alias" "inventory" {
  name          = "alias/acme-inventory"
  target_key_id = aws_kms_key.inventory.id
}

resource "aws_s3_bucket_inventory" "data" {
  bucket                   = "acme-data"
  name                     = "weekly"
  included_object_versions = "Current"
  schedule {
    frequency = "Weekly"
  }
  destination {
    bucket {
      format     = "CSV"
      bucket_arn = "arn:aws:s3:::acme-inventory"
      encryption {
        sse_kms {
          key_id = "alias/acme-inventory"
        }
      }
    }
  }
}

# A replica key shares its primary's key material: the primary must rotate.
resource "aws_kms_key" "primary" { # expect: missing
  multi_region = true
}

resource "aws_kms_replica_key" "replica" {
  primary_key_arn = aws_kms_key.primary.arn
}

resource "aws_s3_bucket_server_side_encryption_configuration" "elsewhere" {
  bucket = "acme-created-elsewhere"
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_replica_key.replica.arn
    }
  }
}
