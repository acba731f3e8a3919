variable "rotate" {
  type    = bool
}

variable "use_kms" {
  type    = bool
}

resource "aws_kms_key" "data" {
  enable_key_rotation = true
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
  }
}

# Not used by S3: generic KMS checks judge it, not this rule.
resource "aws_kms_key" "unrelated" {
  description = "Encrypts an SQS queue"
}

# Asymmetric and HMAC keys cannot rotate automatically.
resource "aws_kms_key" "signing" {
  customer_master_key_spec = "RSA_2048"
  key_usage                = "SIGN_VERIFY"
}

resource "aws_kms_key" "mac" {
  customer_master_key_spec = "HMAC_256"
  key_usage                = "GENERATE_VERIFY_MAC"
}

resource "aws_s3_object" "odd" {
  for_each   = { signing = aws_kms_key.signing.arn, mac = aws_kms_key.mac.arn }
  bucket     = aws_s3_bucket.data.id
  key        = each.key
  content    = "x"
  kms_key_id = aws_kms_key.signing.arn
}

resource "aws_s3_object" "mac" {
  bucket     = aws_s3_bucket.data.id
  key        = "mac"
  content    = "x"
  kms_key_id = aws_kms_key.mac.arn
}

# A replica key rotates with its primary.
resource "aws_kms_key" "primary" {
  multi_region        = true
  enable_key_rotation = true
}

resource "aws_kms_replica_key" "replica" {
  primary_key_arn = aws_kms_key.primary.arn
}

resource "aws_s3_bucket" "replica" {
  bucket = "acme-replica"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "replica" {
  bucket = "acme-replica"
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_replica_key.replica.arn
    }
  }
}

# Rotation from input, on a key used only when a variable says so.
resource "aws_kms_key" "optional" {
  count               = var.use_kms ? 1 : 0
  enable_key_rotation = var.rotate # expect-unresolved
}

resource "aws_s3_bucket" "optional" {
  bucket = "acme-optional"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "optional" {
  bucket = aws_s3_bucket.optional.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = var.use_kms ? "aws:kms" : "AES256"
      kms_master_key_id = var.use_kms ? aws_kms_key.optional[0].arn : null
    }
  }
}
