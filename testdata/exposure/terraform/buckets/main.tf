# One bucket per exposure scenario; test/exposure.test.ts reads the verdict and reasons of each.
variable "reader" {
  type = string
}

locals {
  read_objects = ["s3:GetObject"]
}

resource "aws_s3_bucket" "open_policy" {
  bucket = "acme-open-policy"
}

resource "aws_s3_bucket_policy" "open_policy" {
  bucket = aws_s3_bucket.open_policy.id
  policy = jsonencode({
    Statement = [{ Sid = "Everyone", Effect = "Allow", Principal = "*", Action = local.read_objects, Resource = "${aws_s3_bucket.open_policy.arn}/*" }]
  })
}

resource "aws_s3_bucket" "blocked_policy" {
  bucket = "acme-blocked-policy"
}

resource "aws_s3_bucket_public_access_block" "blocked_policy" {
  bucket                  = aws_s3_bucket.blocked_policy.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_policy" "blocked_policy" {
  bucket = aws_s3_bucket.blocked_policy.id
  policy = jsonencode({
    Statement = [{ Sid = "Everyone", Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "${aws_s3_bucket.blocked_policy.arn}/*" }]
  })
}

resource "aws_s3_bucket" "enforced_acl" {
  bucket = "acme-enforced-acl"
  acl    = "public-read"
}

resource "aws_s3_bucket_ownership_controls" "enforced_acl" {
  bucket = aws_s3_bucket.enforced_acl.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket" "org_only" {
  bucket = "acme-org-only"
}

resource "aws_s3_bucket_policy" "org_only" {
  bucket = aws_s3_bucket.org_only.id
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.org_only.arn}/*"
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }
    }]
  })
}

resource "aws_s3_bucket" "vpce_only" {
  bucket = "acme-vpce-only"
}

resource "aws_s3_bucket_policy" "vpce_only" {
  bucket = aws_s3_bucket.vpce_only.id
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.vpce_only.arn}/*"
      Condition = { StringEquals = { "aws:SourceVpce" = "vpce-0123456789abcdef0" } }
    }]
  })
}

resource "aws_s3_bucket" "any_ip" {
  bucket = "acme-any-ip"
}

resource "aws_s3_bucket_policy" "any_ip" {
  bucket = aws_s3_bucket.any_ip.id
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.any_ip.arn}/*"
      Condition = { IpAddress = { "aws:SourceIp" = "0.0.0.0/0" } }
    }]
  })
}

resource "aws_s3_bucket" "not_principal" {
  bucket = "acme-not-principal"
}

resource "aws_s3_bucket_policy" "not_principal" {
  bucket = aws_s3_bucket.not_principal.id
  policy = jsonencode({
    Statement = [{
      Effect       = "Allow"
      NotPrincipal = { AWS = "arn:aws:iam::111122223333:root" }
      Action       = "s3:GetObject"
      Resource     = "${aws_s3_bucket.not_principal.arn}/*"
    }]
  })
}

resource "aws_s3_bucket" "partner" {
  bucket = "acme-partner"
}

resource "aws_s3_bucket_policy" "partner" {
  bucket = aws_s3_bucket.partner.id
  policy = jsonencode({
    Statement = [
      { Sid = "Partner", Effect = "Allow", Principal = { AWS = "arn:aws:iam::444455556666:root" }, Action = "s3:GetObject", Resource = "${aws_s3_bucket.partner.arn}/*" },
      {
        Sid       = "SisterAccount"
        Effect    = "Allow"
        Principal = { AWS = "777788889999" }
        Action    = "s3:GetObject"
        Resource  = "${aws_s3_bucket.partner.arn}/*"
        Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }
      },
    ]
  })
}

resource "aws_s3_bucket" "locked_out" {
  bucket = "acme-locked-out"
}

resource "aws_s3_bucket_policy" "locked_out" {
  bucket = aws_s3_bucket.locked_out.id
  policy = jsonencode({
    Statement = [{ Effect = "Deny", Principal = "*", Action = "s3:*", Resource = [aws_s3_bucket.locked_out.arn, "${aws_s3_bucket.locked_out.arn}/*"] }]
  })
}

resource "aws_s3_bucket" "input_reader" {
  bucket = "acme-input-reader"
}

resource "aws_s3_bucket_policy" "input_reader" {
  bucket = aws_s3_bucket.input_reader.id
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { AWS = var.reader }, Action = "s3:GetObject", Resource = "${aws_s3_bucket.input_reader.arn}/*" }]
  })
}

resource "aws_s3_bucket" "through_access_point" {
  bucket = "acme-through-access-point"
}

resource "aws_s3_access_point" "open" {
  bucket = aws_s3_bucket.through_access_point.id
  name   = "open"
  public_access_block_configuration {
    block_public_acls       = false
    ignore_public_acls      = false
    block_public_policy     = false
    restrict_public_buckets = false
  }
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:eu-west-1:111122223333:accesspoint/open/object/*" }]
  })
}
