variable "bucket_domain" {
  type = string
}

resource "aws_s3_bucket" "assets" {
  bucket = "acme-assets"
}

resource "aws_s3_bucket" "site" {
  bucket = "acme-site"
}

resource "aws_s3_bucket_website_configuration" "site" {
  bucket = aws_s3_bucket.site.id
  index_document {
    suffix = "index.html"
  }
}

resource "aws_lb" "api" {
  name = "api"
}

resource "aws_cloudfront_distribution" "cdn" {
  enabled = true

  # The bucket's REST endpoint with neither origin access control nor identity.
  origin {
    origin_id   = "assets"
    domain_name = aws_s3_bucket.assets.bucket_regional_domain_name # expect: noOriginAccess
  }

  # An empty origin access identity is no identity.
  origin {
    origin_id   = "legacy"
    domain_name = "acme-legacy.s3.eu-west-1.amazonaws.com" # expect: noOriginAccess
    s3_origin_config {
      origin_access_identity = ""
    }
  }

  # A REST endpoint built from the bucket name.
  origin {
    origin_id   = "built"
    domain_name = "${aws_s3_bucket.assets.bucket}.s3.amazonaws.com" # expect: noOriginAccess
  }

  # A domain from a variable with an S3 origin configuration is a bucket's REST endpoint.
  origin {
    origin_id   = "hosted"
    domain_name = var.bucket_domain # expect: noOriginAccess
    s3_origin_config {
      origin_access_identity = ""
    }
  }

  # A custom origin in the same distribution passes.
  origin {
    origin_id   = "api"
    domain_name = aws_lb.api.dns_name
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id       = "assets"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }
}

resource "aws_cloudfront_distribution" "website" {
  enabled = true

  # Website endpoints need a public bucket, by reference or by literal host.
  origin {
    origin_id   = "site"
    domain_name = aws_s3_bucket_website_configuration.site.website_endpoint # expect: websiteOrigin
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "http-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  origin {
    origin_id   = "old-site"
    domain_name = "acme-old-site.s3-website-us-east-1.amazonaws.com" # expect: websiteOrigin
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "http-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id       = "site"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }
}
