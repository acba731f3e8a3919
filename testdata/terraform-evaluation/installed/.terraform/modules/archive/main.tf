variable "name" {
  type = string
}

resource "aws_s3_bucket" "this" {
  bucket        = var.name
  force_destroy = true
}

module "lock" {
  source = "./modules/lock"
  bucket = aws_s3_bucket.this.id
}
