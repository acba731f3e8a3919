variable "acl" {
  type    = string
}

resource "aws_s3_bucket" "private_inline" {
  bucket = "acme-private-inline"
  acl    = "private"
}

resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
}

# Log delivery is not public.
resource "aws_s3_bucket_acl" "logs" {
  bucket = aws_s3_bucket.logs.id
  acl    = "log-delivery-write"
}

resource "aws_s3_bucket" "partner" {
  bucket = "acme-partner"
}

resource "aws_s3_bucket_acl" "partner" {
  bucket = aws_s3_bucket.partner.id
  access_control_policy {
    grant {
      grantee {
        type = "CanonicalUser"
        id   = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"
      }
      permission = "READ"
    }
    owner {
      id = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"
    }
  }
}

# An ACL from a variable is unresolved, never a finding.
resource "aws_s3_bucket" "configurable" {
  bucket = "acme-configurable"
}

resource "aws_s3_bucket_acl" "configurable" {
  bucket = aws_s3_bucket.configurable.id
  acl    = var.acl # expect-unresolved
}

# Whether Block Public Access stops the ACL depends on variables: unresolved.
variable "block_public_acls" {
  type = bool
}

resource "aws_s3_bucket" "gated" {
  bucket = "acme-gated"
}

resource "aws_s3_bucket_acl" "gated" {
  bucket = aws_s3_bucket.gated.id
  acl    = "public-read"
}

resource "aws_s3_bucket_public_access_block" "gated" {
  bucket                  = aws_s3_bucket.gated.id
  block_public_acls       = var.block_public_acls
  ignore_public_acls      = var.block_public_acls # expect-unresolved
  block_public_policy     = true
  restrict_public_buckets = true
}
