variable "versioning_status" {
  type    = string
}

resource "aws_s3_bucket" "versioned" {
  bucket = "acme-versioned"
}

resource "aws_s3_bucket_versioning" "versioned" {
  bucket = aws_s3_bucket.versioned.id
  versioning_configuration {
    status = "Enabled"
  }
}

# Object Lock turns versioning on by itself.
resource "aws_s3_bucket" "locked" {
  bucket              = "acme-locked"
  object_lock_enabled = true
}

# Split versioning linked by the literal bucket name.
resource "aws_s3_bucket" "by_name" {
  bucket = "acme-by-name"
}

resource "aws_s3_bucket_versioning" "by_name" {
  bucket = "acme-by-name"
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "configurable" {
  bucket = "acme-configurable"
}

resource "aws_s3_bucket_versioning" "configurable" {
  bucket = aws_s3_bucket.configurable.id
  versioning_configuration {
    status = var.versioning_status # expect-unresolved
  }
}

# Not versioned, and taken out of the wildcard selection.
resource "aws_s3_bucket" "scratch" {
  bucket = "acme-scratch"
}

resource "aws_s3_bucket" "per_team" {
  for_each = toset(["red", "blue"])
  bucket   = "acme-team-${each.key}"
}

resource "aws_s3_bucket_versioning" "per_team" {
  for_each = aws_s3_bucket.per_team
  bucket   = each.value.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_backup_selection" "all_buckets" {
  name          = "all-buckets"
  iam_role_arn  = "arn:aws:iam::111122223333:role/backup"
  plan_id       = aws_backup_plan.daily.id
  resources     = ["arn:aws:s3:::*"]
  not_resources = [aws_s3_bucket.scratch.arn]
}

resource "aws_backup_plan" "daily" {
  name = "daily"
  rule {
    rule_name         = "daily"
    target_vault_name = "Default"
  }
}
