variable "block_public_policy" {
  type    = bool
}

# A website behind CloudFront: the bucket is private, the website endpoint serves nothing publicly.
resource "aws_s3_bucket" "private_site" {
  bucket = "acme-private-site"
}

resource "aws_s3_bucket_website_configuration" "private_site" {
  bucket = aws_s3_bucket.private_site.id
  index_document {
    suffix = "index.html"
  }
}

# A public grant neutralised by Block Public Access: latent, the website is not served publicly.
resource "aws_s3_bucket" "latent" {
  bucket = "acme-latent-site"
  acl    = "public-read"
  website {
    index_document = "index.html"
  }
}

resource "aws_s3_bucket_public_access_block" "latent" {
  bucket                  = aws_s3_bucket.latent.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}

# Public, but no website hosting: other rules judge the exposure.
resource "aws_s3_bucket" "public_no_site" {
  bucket = "acme-public-assets"
  acl    = "public-read"
}

# Whether Block Public Access stops the policy depends on a variable.
resource "aws_s3_bucket" "maybe" {
  bucket = "acme-maybe-site"
}

resource "aws_s3_bucket_website_configuration" "maybe" { # expect-unresolved
  bucket = aws_s3_bucket.maybe.id
  index_document {
    suffix = "index.html"
  }
}

resource "aws_s3_bucket_public_access_block" "maybe" {
  bucket                  = aws_s3_bucket.maybe.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = var.block_public_policy
  restrict_public_buckets = var.block_public_policy
}

data "aws_iam_policy_document" "maybe" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.maybe.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

resource "aws_s3_bucket_policy" "maybe" {
  bucket = aws_s3_bucket.maybe.id
  policy = data.aws_iam_policy_document.maybe.json
}
