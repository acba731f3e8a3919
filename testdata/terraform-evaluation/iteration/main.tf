variable "buckets" {
  type = map(object({ versioned = bool }))
  default = {
    logs = { versioned = true }
    data = { versioned = false }
  }
}

variable "extra_rules" {
  type = list(string)
}

resource "aws_s3_bucket" "b" {
  for_each = var.buckets
  bucket   = "acme-${each.key}"
}

resource "aws_s3_bucket_versioning" "b" {
  for_each = aws_s3_bucket.b
  bucket   = each.value.id
  versioning_configuration {
    status = var.buckets[each.key].versioned ? "Enabled" : "Suspended"
  }
}

resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy"

  dynamic "server_side_encryption_configuration" {
    for_each = [{ algorithm = "aws:kms" }]
    content {
      rule {
        apply_server_side_encryption_by_default {
          sse_algorithm = server_side_encryption_configuration.value.algorithm
        }
      }
    }
  }

  dynamic "versioning" {
    for_each = var.extra_rules
    iterator = rule
    content {
      enabled = rule.value == "versioned"
    }
  }
}
