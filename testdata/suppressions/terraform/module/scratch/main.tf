variable "name" {
  type = string
}

resource "aws_s3_bucket" "tmp" {
  bucket = var.name
}
