# BucketOwnerEnforced disables ACLs: S3 refuses the public-read ACL, so the grant is latent, not effective.
resource "aws_s3_bucket" "reports" {
  bucket = "acme-reports-enforced"
}

resource "aws_s3_bucket_ownership_controls" "reports" {
  bucket = aws_s3_bucket.reports.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_acl" "reports" {
  bucket = aws_s3_bucket.reports.id
  acl    = "public-read" # expect: publicAclBlocked
}

# ObjectWriter keeps ACLs on: the same grant is public.
resource "aws_s3_bucket" "drops" {
  bucket = "acme-drops-object-writer"
}

resource "aws_s3_bucket_ownership_controls" "drops" {
  bucket = aws_s3_bucket.drops.id
  rule {
    object_ownership = "ObjectWriter"
  }
}

resource "aws_s3_bucket_acl" "drops" {
  bucket = aws_s3_bucket.drops.id
  acl    = "public-read" # expect: publicAcl
}
