resource "aws_s3_bucket" "inventory" {
  bucket = "acme-inventory"
}

resource "aws_s3_bucket" "uncounted" { # expect: missing
  bucket = "acme-uncounted"
}

# A server access log target is not exempt: its objects need an audit of their protection too.
resource "aws_s3_bucket" "logs" { # expect: missing
  bucket = "acme-logs"
  acl    = "log-delivery-write"
}

resource "aws_s3_bucket_inventory" "inventory" {
  bucket                   = aws_s3_bucket.inventory.id
  name                     = "self"
  included_object_versions = "Current"
  optional_fields          = ["Size", "EncryptionStatus", "ReplicationStatus"]
  schedule {
    frequency = "Weekly"
  }
  destination {
    bucket {
      format     = "CSV"
      bucket_arn = aws_s3_bucket.inventory.arn
      encryption {
        sse_s3 {}
      }
    }
  }
}

resource "aws_s3_bucket" "partial" {
  bucket = "acme-partial"
}

resource "aws_s3_bucket_inventory" "partial" {
  bucket                   = aws_s3_bucket.partial.id
  name                     = "partial"
  included_object_versions = "All"
  optional_fields          = ["Size", "EncryptionStatus"] # expect: missingFields
  schedule {
    frequency = "Daily"
  }
  destination {
    bucket {
      format     = "Parquet"
      bucket_arn = aws_s3_bucket.inventory.arn
    }
  }
}

resource "aws_s3_bucket" "paused" {
  bucket = "acme-paused"
}

resource "aws_s3_bucket_inventory" "paused" {
  bucket                   = aws_s3_bucket.paused.id
  name                     = "paused"
  enabled                  = false # expect: disabled
  included_object_versions = "All"
  optional_fields          = ["EncryptionStatus", "ReplicationStatus"]
  schedule {
    frequency = "Daily"
  }
  destination {
    bucket {
      format     = "CSV"
      bucket_arn = aws_s3_bucket.inventory.arn
      encryption {
        sse_s3 {}
      }
    }
  }
}

# No optional fields at all: reported at the inventory.
resource "aws_s3_bucket" "bare" {
  bucket = "acme-bare"
}

resource "aws_s3_bucket_inventory" "bare" { # expect: missingFields
  bucket                   = "acme-bare"
  name                     = "bare"
  included_object_versions = "Current"
  schedule {
    frequency = "Daily"
  }
  destination {
    bucket {
      format     = "CSV"
      bucket_arn = aws_s3_bucket.inventory.arn
      encryption {
        sse_kms {
          key_id = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
        }
      }
    }
  }
}
