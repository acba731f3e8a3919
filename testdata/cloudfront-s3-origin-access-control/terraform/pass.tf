variable "origin_domain" {
  type = string
}

variable "api_domain" {
  type = string
}

variable "oac_id" {
  type    = string
}

variable "extra_origins" {
  type = list(object({ id = string, domain = string }))
}

resource "aws_s3_bucket" "assets" {
  count  = 1
  bucket = "acme-assets"
}

resource "aws_cloudfront_origin_access_control" "assets" {
  name                              = "assets"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

resource "aws_cloudfront_origin_access_identity" "legacy" {
  comment = "legacy"
}

module "media" {
  source = "./media"
}

locals {
  media_domain = module.media.s3_bucket_bucket_regional_domain_name
}

resource "aws_cloudfront_distribution" "cdn" {
  enabled = true

  # Origin access control on an indexed bucket reference.
  origin {
    origin_id                = "assets"
    domain_name              = aws_s3_bucket.assets[0].bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.assets.id
  }

  # A legacy origin access identity.
  origin {
    origin_id   = "legacy"
    domain_name = "acme-legacy.s3.amazonaws.com"
    s3_origin_config {
      origin_access_identity = aws_cloudfront_origin_access_identity.legacy.cloudfront_access_identity_path
    }
  }

  # A module's bucket through a local, with origin access control.
  origin {
    origin_id                = "media"
    domain_name              = local.media_domain
    origin_access_control_id = aws_cloudfront_origin_access_control.assets.id
  }

  # A custom origin whose domain is a variable.
  origin {
    origin_id   = "api"
    domain_name = var.api_domain
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  # A variable domain without a custom origin configuration may be a bucket: unresolved.
  origin {
    origin_id   = "unknown"
    domain_name = var.origin_domain # expect-unresolved
  }

  # A variable domain with an S3 origin configuration and a legacy origin access identity of the scanned code.
  origin {
    origin_id   = "hosted"
    domain_name = var.origin_domain
    s3_origin_config {
      origin_access_identity = aws_cloudfront_origin_access_identity.legacy.cloudfront_access_identity_path
    }
  }

  # An S3 origin whose origin access control is a variable (often null in modules): unresolved.
  origin {
    origin_id                = "maybe"
    domain_name              = aws_s3_bucket.assets[0].bucket_regional_domain_name # expect-unresolved
    origin_access_control_id = var.oac_id
  }

  # Origins from a dynamic block: unresolved.
  dynamic "origin" { # expect-unresolved
    for_each = var.extra_origins
    content {
      origin_id   = origin.value.id
      domain_name = origin.value.domain
    }
  }

  default_cache_behavior {
    target_origin_id       = "assets"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }
}

resource "aws_cloudfront_origin_access_identity" "legacy" {
  comment = "legacy"
}
