variable "bucket_name" {
  type = string
}

resource "aws_s3_bucket" "direct" {
  bucket = "acme-direct"
}

resource "aws_s3_bucket" "indexed" {
  count  = 1
  bucket = "acme-indexed"
}

resource "aws_s3_bucket" "per_team" {
  for_each = toset(["red", "blue"])
  bucket   = "acme-team-${each.key}"
}

resource "aws_s3_bucket" "per_site" {
  for_each = toset(["eu", "us"])
  bucket   = "acme-site-${each.key}"
}

resource "aws_s3_bucket" "literal" {
  bucket = "acme-literal"
}

resource "aws_s3_bucket" "archive" {
  bucket = "acme-archive-2024"
}

resource "aws_s3_bucket" "tagged" {
  bucket = "acme-tagged"
  tags = {
    Backup = "daily"
  }
}

# Its name is an input: the literal ARNs may or may not name it, and it sets no Backup tag in the code.
resource "aws_s3_bucket" "configurable" {
  bucket = var.bucket_name
}

resource "aws_backup_selection" "references" {
  name         = "references"
  iam_role_arn = "arn:aws:iam::111122223333:role/backup"
  plan_id      = aws_backup_plan.daily.id
  resources    = [aws_s3_bucket.direct.arn, aws_s3_bucket.indexed[0].arn]
}

resource "aws_backup_selection" "teams" {
  for_each     = aws_s3_bucket.per_team
  name         = "team-${each.key}"
  iam_role_arn = "arn:aws:iam::111122223333:role/backup"
  plan_id      = aws_backup_plan.daily.id
  resources    = [each.value.arn]
}

resource "aws_backup_selection" "sites" {
  name         = "sites"
  iam_role_arn = "arn:aws:iam::111122223333:role/backup"
  plan_id      = aws_backup_plan.daily.id
  resources    = [for site in aws_s3_bucket.per_site : site.arn]
}

resource "aws_backup_selection" "literal" {
  name         = "literal"
  iam_role_arn = "arn:aws:iam::111122223333:role/backup"
  plan_id      = aws_backup_plan.daily.id
  resources    = ["arn:aws:s3:::acme-literal", "arn:aws:s3:::acme-archive-*"] # expect-unresolved
}

resource "aws_backup_selection" "tagged" {
  name         = "tagged"
  iam_role_arn = "arn:aws:iam::111122223333:role/backup"
  plan_id      = aws_backup_plan.daily.id

  condition {
    string_equals { # expect-unresolved
      key   = "aws:ResourceTag/Backup"
      value = "daily"
    }
  }
}

resource "aws_backup_vault" "main" {
  name = "main"
}

resource "aws_backup_plan" "daily" {
  name = "daily"
  rule {
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.main.name
  }
}
