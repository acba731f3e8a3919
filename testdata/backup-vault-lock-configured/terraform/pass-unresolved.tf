variable "backup_resources" {
  type = list(string)
}

resource "aws_backup_vault" "configured" {
  name = "configured"
}

# Its selections live outside this module.
resource "aws_backup_vault" "shared" {
  name = "shared"
}

resource "aws_backup_plan" "configured" {
  name = "configured"
  rule {
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.configured.name
  }
}

resource "aws_backup_plan" "shared" { # expect-unresolved
  name = "shared"
  rule {
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.shared.name
  }
}

resource "aws_backup_selection" "configured" {
  name         = "configured"
  iam_role_arn = "arn:aws:iam::111122223333:role/backup"
  plan_id      = aws_backup_plan.configured.id
  resources    = var.backup_resources # expect-unresolved
}
