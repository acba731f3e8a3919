variable "inventory_fields" {
  type    = list(string)
}

resource "aws_s3_bucket" "reports" {
  bucket = "acme-inventory-reports"
}

resource "aws_s3_bucket_inventory" "reports" {
  bucket                   = aws_s3_bucket.reports.id
  name                     = "self"
  included_object_versions = "Current"
  optional_fields          = ["EncryptionStatus", "ReplicationStatus"]
  schedule {
    frequency = "Weekly"
  }
  # No encryption block: the reports take the destination bucket's default encryption.
  destination {
    bucket {
      format     = "CSV"
      bucket_arn = aws_s3_bucket.reports.arn
    }
  }
}

resource "aws_s3_bucket" "data" {
  for_each = toset(["red", "blue"])
  bucket   = "acme-data-${each.key}"
}

resource "aws_s3_bucket_inventory" "data" {
  for_each                 = aws_s3_bucket.data
  bucket                   = each.value.id
  name                     = "daily"
  included_object_versions = "All"
  optional_fields          = ["Size", "EncryptionStatus", "ReplicationStatus", "ObjectLockMode"]
  schedule {
    frequency = "Daily"
  }
  destination {
    bucket {
      format     = "ORC"
      bucket_arn = "arn:aws:s3:::acme-organization-inventory"
      encryption {
        sse_s3 {}
      }
    }
  }
}

# One complete inventory is enough; a second, partial one does not fail the bucket.
resource "aws_s3_bucket" "archive" {
  bucket = "acme-archive"
}

resource "aws_s3_bucket_inventory" "archive_full" {
  bucket                   = aws_s3_bucket.archive.id
  name                     = "full"
  included_object_versions = "All"
  optional_fields          = ["EncryptionStatus", "ReplicationStatus"]
  schedule {
    frequency = "Weekly"
  }
  destination {
    bucket {
      format     = "CSV"
      bucket_arn = aws_s3_bucket.reports.arn
      encryption {
        sse_s3 {}
      }
    }
  }
}

resource "aws_s3_bucket_inventory" "archive_sizes" {
  bucket                   = aws_s3_bucket.archive.id
  name                     = "sizes"
  included_object_versions = "Current"
  optional_fields          = ["Size"]
  schedule {
    frequency = "Daily"
  }
  destination {
    bucket {
      format     = "CSV"
      bucket_arn = aws_s3_bucket.reports.arn
    }
  }
}

# Fields from a variable.
resource "aws_s3_bucket" "configurable" {
  bucket = "acme-configurable"
}

resource "aws_s3_bucket_inventory" "configurable" {
  bucket                   = aws_s3_bucket.configurable.id
  name                     = "configurable"
  included_object_versions = "All"
  optional_fields          = var.inventory_fields # expect-unresolved
  schedule {
    frequency = "Daily"
  }
  destination {
    bucket {
      format     = "CSV"
      bucket_arn = aws_s3_bucket.reports.arn
      encryption {
        sse_s3 {}
      }
    }
  }
}

variable "inventory_enabled" {
  type    = bool
}

resource "aws_s3_bucket" "maybe" {
  bucket = "acme-maybe"
}

resource "aws_s3_bucket_inventory" "maybe" {
  count                    = var.inventory_enabled ? 1 : 0 # expect-unresolved
  bucket                   = aws_s3_bucket.maybe.id
  name                     = "maybe"
  included_object_versions = "All"
  optional_fields          = ["EncryptionStatus", "ReplicationStatus"]
  schedule {
    frequency = "Daily"
  }
  destination {
    bucket {
      format     = "CSV"
      bucket_arn = aws_s3_bucket.reports.arn
      encryption {
        sse_s3 {}
      }
    }
  }
}
