resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_backup_vault" "main" {
  name = "main"
}

resource "aws_backup_vault_lock_configuration" "main" {
  backup_vault_name   = aws_backup_vault.main.name
  min_retention_days  = 7
  max_retention_days  = 365
  changeable_for_days = 3
}

# Locked by a lock configuration that names it literally.
resource "aws_backup_vault" "archive" {
  name = "archive"
}

resource "aws_backup_vault_lock_configuration" "archive" {
  backup_vault_name  = "archive"
  min_retention_days = 30
}

# Volumes only.
resource "aws_backup_vault" "volumes" {
  name = "volumes"
}

# No plan stores anything in it.
resource "aws_backup_vault" "spare" {
  name = "spare"
}

resource "aws_backup_plan" "buckets" {
  name = "buckets"
  rule {
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.main.id
  }
  rule {
    rule_name         = "monthly"
    target_vault_name = "archive"
  }
}

resource "aws_backup_plan" "volumes" {
  name = "volumes"
  rule {
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.volumes.name
  }
}

resource "aws_backup_selection" "buckets" {
  name         = "buckets"
  iam_role_arn = "arn:aws:iam::111122223333:role/backup"
  plan_id      = aws_backup_plan.buckets.id
  resources    = ["arn:aws:s3:::*"]
}

resource "aws_backup_selection" "volumes" {
  name         = "volumes"
  iam_role_arn = "arn:aws:iam::111122223333:role/backup"
  plan_id      = aws_backup_plan.volumes.id
  resources    = ["arn:aws:ec2:*:*:volume/*"]
}
