# Provider v3 style: the canned ACL inline on the bucket, nothing blocks it.
resource "aws_s3_bucket" "legacy_site" {
  bucket = "acme-legacy-site"
  acl    = "public-read" # expect: publicAcl
}

# Provider v4 style: a separate aws_s3_bucket_acl.
resource "aws_s3_bucket" "uploads" {
  bucket = "acme-uploads"
}

resource "aws_s3_bucket_acl" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  acl    = "public-read-write" # expect: publicAcl
}

# A grant to every AWS account through an access control policy.
resource "aws_s3_bucket" "shared" {
  bucket = "acme-shared"
}

resource "aws_s3_bucket_acl" "shared" {
  bucket = aws_s3_bucket.shared.id
  access_control_policy {
    grant {
      grantee {
        type = "Group"
        uri  = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers" # expect: publicAcl
      }
      permission = "READ"
    }
    owner {
      id = "abc123"
    }
  }
}

# Block Public Access neutralises the ACL, but the grant remains a latent risk: a warning.
resource "aws_s3_bucket" "blocked" {
  bucket = "acme-blocked"
}

resource "aws_s3_bucket_acl" "blocked" {
  bucket = aws_s3_bucket.blocked.id
  acl    = "authenticated-read" # expect: publicAclBlocked
}

resource "aws_s3_bucket_public_access_block" "blocked" {
  bucket                  = aws_s3_bucket.blocked.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}

# The bucket lives in another stack: its block is unknown, so the public ACL is a warning.
resource "aws_s3_bucket_acl" "elsewhere" {
  bucket = "bucket-from-another-stack"
  acl    = "public-read" # expect: publicAclElsewhere
}
