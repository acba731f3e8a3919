# A tag-only selection selects every resource type carrying the tag, buckets included.
resource "aws_backup_vault" "tagged" { # expect: noLock
  name = "tagged"
}

resource "aws_backup_plan" "tagged" {
  name = "tagged"
  rule {
    rule_name         = "daily"
    target_vault_name = "tagged"
  }
}

resource "aws_backup_selection" "tagged" {
  name         = "tagged"
  iam_role_arn = "arn:aws:iam::111122223333:role/backup"
  plan_id      = aws_backup_plan.tagged.id
  selection_tag {
    type  = "STRINGEQUALS"
    key   = "Backup"
    value = "daily"
  }
}
