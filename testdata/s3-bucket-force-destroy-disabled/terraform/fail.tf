resource "aws_s3_bucket" "scratch" {
  bucket        = "acme-scratch"
  force_destroy = true # expect: forceDestroy
}

resource "aws_s3_bucket" "per_env" {
  for_each      = toset(["dev", "test"]) # one finding per instance
  bucket        = "acme-${each.key}-artifacts"
  force_destroy = "true" # expect: forceDestroy, forceDestroy
}
