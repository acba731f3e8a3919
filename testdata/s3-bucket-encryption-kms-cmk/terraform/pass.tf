variable "kms_key_arn" {
  type    = string
}

variable "algorithm" {
  type    = string
}

resource "aws_kms_key" "data" {
  enable_key_rotation = true
}

resource "aws_kms_alias" "data" {
  name          = "alias/acme-data"
  target_key_id = aws_kms_key.data.key_id
}

resource "aws_kms_key" "regional" {
  count               = 1
  enable_key_rotation = true
}

locals {
  data_key = aws_kms_key.data.arn
}

resource "aws_s3_bucket" "kms" {
  bucket = "acme-kms"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "kms" {
  bucket = aws_s3_bucket.kms.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
    bucket_key_enabled = true
  }
}

# DSSE-KMS through an alias resource; split resource linked by the literal name.
resource "aws_s3_bucket" "dsse" {
  bucket = "acme-dsse"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "dsse" {
  bucket = "acme-dsse"
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms:dsse"
      kms_master_key_id = aws_kms_alias.data.arn
    }
  }
}

# Indexed key, local, literal alias of a key in the scan, literal key ARN from another account.
resource "aws_s3_bucket" "indexed" {
  bucket = "acme-indexed"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "indexed" {
  bucket = aws_s3_bucket.indexed.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.regional[0].arn
    }
  }
}

resource "aws_s3_bucket" "per_team" {
  for_each = toset(["red", "blue"])
  bucket   = "acme-team-${each.key}"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "per_team" {
  for_each = aws_s3_bucket.per_team
  bucket   = each.value.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = local.data_key
    }
  }
}

resource "aws_s3_bucket" "by_alias" {
  bucket = "acme-by-alias"
  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm     = "aws:kms"
        kms_master_key_id = "alias/acme-data"
      }
    }
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "shared_key" {
  bucket = "acme-created-elsewhere"
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    }
  }
}

# Settings for a bucket outside the scanned code, without encryption: nothing is missing.
resource "aws_s3_bucket_versioning" "elsewhere" {
  bucket = "acme-other-elsewhere"
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "key_from_input" {
  bucket = "acme-key-from-input"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "key_from_input" {
  bucket = aws_s3_bucket.key_from_input.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.kms_key_arn # expect-unresolved
    }
  }
}

resource "aws_s3_bucket" "algorithm_from_input" {
  bucket = "acme-algorithm-from-input"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "algorithm_from_input" {
  bucket = aws_s3_bucket.algorithm_from_input.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = var.algorithm # expect-unresolved
      kms_master_key_id = aws_kms_key.data.arn
    }
  }
}

# Application Load Balancers deliver access logs only to buckets that encrypt with SSE-S3.
resource "aws_s3_bucket" "alb_logs" {
  bucket = "acme-alb-logs"
}

resource "aws_lb" "web" {
  name = "web"
  access_logs {
    bucket  = aws_s3_bucket.alb_logs.id
    enabled = true
  }
}
