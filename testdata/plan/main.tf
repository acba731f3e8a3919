resource "aws_s3_bucket" "b" {
  bucket_prefix = "prod-data-"
  tags = {
    env = var.env
  }
}

resource "aws_s3_bucket_versioning" "v" {
  bucket = aws_s3_bucket.b.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "site" {
  for_each = toset(["www"])
  bucket   = "${each.key}.example.com"
  tags     = var.site_tags
}

resource "aws_s3_bucket_public_access_block" "site" {
  for_each                = aws_s3_bucket.site
  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_kms_key" "logs" {
  enable_key_rotation = true
}

data "aws_iam_policy_document" "read" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::www.example.com/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
}

data "aws_caller_identity" "current" {
  depends_on = [aws_kms_key.logs]
}

module "logs" {
  count       = 2
  source      = "./modules/logs"
  index       = count.index
  algorithm   = "aws:kms"
  kms_key_arn = aws_kms_key.logs.arn
}

module "app" {
  for_each = toset(["web"])
  source   = "./modules/app"
}
