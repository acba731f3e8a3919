variable "sse" {
  type    = string
}

variable "bucket_name" {
  type = string
}

resource "aws_kms_key" "data" {
  enable_key_rotation = true
}

resource "aws_s3_bucket" "plain" {
  bucket = "acme-plain"
}

resource "aws_s3_object" "kms" {
  bucket                 = aws_s3_bucket.plain.id
  key                    = "kms.txt"
  content                = "secret"
  server_side_encryption = "aws:kms"
}

resource "aws_s3_object" "dsse" {
  bucket                 = aws_s3_bucket.plain.id
  key                    = "dsse.txt"
  content                = "secret"
  server_side_encryption = "aws:kms:dsse"
  kms_key_id             = aws_kms_key.data.arn
}

resource "aws_s3_object" "key_only" {
  bucket     = aws_s3_bucket.plain.id
  key        = "key-only.txt"
  content    = "secret"
  kms_key_id = aws_kms_key.data.arn
}

# Objects without settings in buckets whose default is KMS or DSSE-KMS.
resource "aws_s3_bucket" "kms_default" {
  bucket = "acme-kms-default"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "kms_default" {
  bucket = "acme-kms-default"
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms:dsse"
      kms_master_key_id = aws_kms_key.data.arn
    }
  }
}

resource "aws_s3_object" "inherits" {
  for_each = toset(["a.txt", "b.txt"])
  bucket   = "acme-kms-default"
  key      = each.key
  content  = each.key
}

resource "aws_s3_bucket" "legacy" {
  count  = 1
  bucket = "acme-legacy"
  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "aws:kms"
      }
    }
  }
}

resource "aws_s3_bucket_object" "inherits_legacy" {
  bucket = aws_s3_bucket.legacy[0].id
  key    = "legacy.txt"
  source = "legacy.txt"
}

resource "aws_s3_object" "from_input" {
  bucket                 = aws_s3_bucket.plain.id
  key                    = "input.txt"
  content                = "x"
  server_side_encryption = var.sse # expect-unresolved
}

# The bucket is not in the scanned code: its default encryption is unknown.
resource "aws_s3_object" "elsewhere" {
  bucket  = var.bucket_name # expect-unresolved
  key     = "elsewhere.txt"
  content = "x"
}
