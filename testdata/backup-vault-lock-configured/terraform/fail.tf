resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "id"
}

resource "aws_backup_vault" "main" { # expect: noLock
  name = "main"
}

# Receives copies of the S3 backups.
resource "aws_backup_vault" "dr" { # expect: noLock
  name = "dr"
}

# Holds the table backups only: no S3 data, no finding.
resource "aws_backup_vault" "tables" {
  name = "tables"
}

resource "aws_backup_plan" "buckets" {
  name = "buckets"
  rule {
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.main.name
    copy_action {
      destination_vault_arn = aws_backup_vault.dr.arn
    }
  }
}

resource "aws_backup_plan" "tables" {
  name = "tables"
  rule {
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.tables.name
  }
}

resource "aws_backup_selection" "buckets" {
  name         = "buckets"
  iam_role_arn = "arn:aws:iam::111122223333:role/backup"
  plan_id      = aws_backup_plan.buckets.id
  resources    = [aws_s3_bucket.data.arn]
}

resource "aws_backup_selection" "tables" {
  name         = "tables"
  iam_role_arn = "arn:aws:iam::111122223333:role/backup"
  plan_id      = aws_backup_plan.tables.id
  resources    = [aws_dynamodb_table.orders.arn, "arn:aws:rds:*:*:db:*"]
}
