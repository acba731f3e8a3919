variable "team" {
  type = string
}

resource "aws_backup_vault" "main" {
  name = "main"
}

resource "aws_backup_plan" "daily" {
  name = "daily"
  rule {
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.main.name
    schedule          = "cron(0 5 * * ? *)"
  }
}

resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "id"
}

resource "aws_s3_bucket" "covered" {
  bucket = "acme-covered"
}

resource "aws_s3_bucket" "literal" {
  bucket = "acme-literal"
}

resource "aws_s3_bucket" "reports" {
  bucket = "acme-reports-2024"
}

# Selected by nothing: another table and other bucket names only.
resource "aws_s3_bucket" "forgotten" { # expect: notCovered
  bucket = "acme-forgotten"
}

# Matches the prefix, but not_resources takes it out again.
resource "aws_s3_bucket" "reports_tmp" { # expect: notCovered
  bucket = "acme-reports-tmp"
}

resource "aws_backup_selection" "by_reference" {
  name         = "by-reference"
  iam_role_arn = "arn:aws:iam::111122223333:role/backup"
  plan_id      = aws_backup_plan.daily.id
  resources    = [aws_s3_bucket.covered.arn, aws_dynamodb_table.orders.arn]
}

resource "aws_backup_selection" "by_pattern" {
  name          = "by-pattern"
  iam_role_arn  = "arn:aws:iam::111122223333:role/backup"
  plan_id       = aws_backup_plan.daily.id
  resources     = ["arn:aws:s3:::acme-literal", "arn:aws:s3:::acme-reports-*", "arn:aws:ec2:*:*:volume/*"]
  not_resources = [aws_s3_bucket.reports_tmp.arn]
}

# Whatever the team, these ARNs end in "-logs": they cannot name the buckets above.
resource "aws_backup_selection" "team_logs" {
  name         = "team-logs"
  iam_role_arn = "arn:aws:iam::111122223333:role/backup"
  plan_id      = aws_backup_plan.daily.id
  resources    = ["arn:aws:s3:::${var.team}-logs"]
}
