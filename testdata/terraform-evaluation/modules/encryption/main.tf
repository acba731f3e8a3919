variable "bucket" {
  type = string
}

variable "algorithm" {
  type    = string
  default = "AES256"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = var.bucket
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = var.algorithm
    }
  }
}
