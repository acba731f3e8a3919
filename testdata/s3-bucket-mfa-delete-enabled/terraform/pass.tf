variable "mfa_delete" {
  type    = string
}

variable "versioning_status" {
  type = string
}

variable "root_mfa" {
  type      = string
  sensitive = true
}

resource "aws_s3_bucket" "records" {
  bucket = "acme-records"
}

resource "aws_s3_bucket_versioning" "records" {
  bucket = aws_s3_bucket.records.id
  mfa    = var.root_mfa
  versioning_configuration {
    status     = "Enabled"
    mfa_delete = "Enabled"
  }
}

resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy"
  versioning {
    enabled    = true
    mfa_delete = true
  }
}

# Unversioned and suspended buckets are s3-bucket-versioning-enabled's concern.
resource "aws_s3_bucket" "scratch" {
  bucket = "acme-scratch"
}

resource "aws_s3_bucket" "paused" {
  bucket = "acme-paused"
}

resource "aws_s3_bucket_versioning" "paused" {
  bucket = aws_s3_bucket.paused.id
  versioning_configuration {
    status = "Suspended"
  }
}

# for_each over the buckets, indexed references.
resource "aws_s3_bucket" "per_team" {
  for_each = toset(["red", "blue"])
  bucket   = "acme-team-${each.key}"
}

resource "aws_s3_bucket_versioning" "per_team" {
  for_each = aws_s3_bucket.per_team
  bucket   = each.value.id
  mfa      = var.root_mfa
  versioning_configuration {
    status     = "Enabled"
    mfa_delete = "Enabled"
  }
}

resource "aws_s3_bucket" "configurable" {
  bucket = "acme-configurable"
}

resource "aws_s3_bucket_versioning" "configurable" {
  bucket = aws_s3_bucket.configurable.bucket
  versioning_configuration {
    status     = "Enabled"
    mfa_delete = var.mfa_delete # expect-unresolved
  }
}

resource "aws_s3_bucket" "undecided" {
  bucket = "acme-undecided"
}

resource "aws_s3_bucket_versioning" "undecided" {
  bucket = aws_s3_bucket.undecided.id
  versioning_configuration {
    status = var.versioning_status # expect-unresolved
  }
}
