resource "aws_s3_bucket" "site" {
  bucket = "acme-site"
}

resource "aws_s3_bucket_website_configuration" "site" { # expect: publicWebsite
  bucket = aws_s3_bucket.site.id
  index_document {
    suffix = "index.html"
  }
}

resource "aws_s3_bucket_public_access_block" "site" {
  bucket                  = aws_s3_bucket.site.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = false
  restrict_public_buckets = false
}

resource "aws_s3_bucket_policy" "site" {
  bucket = aws_s3_bucket.site.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.site.arn}/*"
    }]
  })
}

# Provider v3: inline website and a public-read ACL, no public access block.
resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy-site"
  acl    = "public-read"
  website { # expect: publicWebsite
    index_document = "index.html"
  }
}

# Linked by the literal bucket name, with an indexed bucket.
resource "aws_s3_bucket" "docs" {
  count  = 1
  bucket = "acme-docs-site"
}

resource "aws_s3_bucket_website_configuration" "docs" { # expect: publicWebsite
  bucket = "acme-docs-site"
  index_document {
    suffix = "index.html"
  }
}

resource "aws_s3_bucket_acl" "docs" {
  bucket = aws_s3_bucket.docs[0].id
  acl    = "public-read"
}
