variable "index" { type = number }
variable "algorithm" { type = string }
variable "kms_key_arn" { type = string }

resource "aws_s3_bucket" "this" {
  bucket = "logs-${var.index}"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  dynamic "rule" {
    for_each = [var.algorithm]
    content {
      bucket_key_enabled = true
      apply_server_side_encryption_by_default {
        sse_algorithm     = rule.value
        kms_master_key_id = var.kms_key_arn
      }
    }
  }
}
