resource "aws_s3_bucket" "unversioned" { # expect: missing
  bucket = "acme-unversioned"
}

resource "aws_s3_bucket" "suspended" {
  bucket = "acme-suspended"
}

resource "aws_s3_bucket_versioning" "suspended" {
  bucket = aws_s3_bucket.suspended.id
  versioning_configuration {
    status = "Suspended" # expect: notEnabled
  }
}

# Provider v3 inline block.
resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy-reports"
  versioning {
    enabled = false # expect: notEnabled
  }
}

resource "aws_s3_bucket" "tagged" { # expect: missing
  bucket = "acme-tagged"
  tags = {
    Backup = "daily"
  }
}

resource "aws_backup_selection" "by_reference" {
  name         = "by-reference"
  iam_role_arn = "arn:aws:iam::111122223333:role/backup"
  plan_id      = aws_backup_plan.daily.id
  resources    = [aws_s3_bucket.unversioned.arn]
}

resource "aws_backup_selection" "by_literal" {
  name         = "by-literal"
  iam_role_arn = "arn:aws:iam::111122223333:role/backup"
  plan_id      = aws_backup_plan.daily.id
  resources    = ["arn:aws:s3:::acme-suspended", "arn:aws:s3:::acme-legacy-*"]
}

resource "aws_backup_selection" "by_tag" {
  name         = "by-tag"
  iam_role_arn = "arn:aws:iam::111122223333:role/backup"
  plan_id      = aws_backup_plan.daily.id
  resources    = ["arn:aws:s3:::*"]
  condition {
    string_equals {
      key   = "aws:ResourceTag/Backup"
      value = "daily"
    }
  }
}

resource "aws_backup_plan" "daily" {
  name = "daily"
  rule {
    rule_name         = "daily"
    target_vault_name = "Default"
  }
}
