variable "backup_resources" {
  type    = list(string)
}

# Not versioned; whether the selection covers it depends on the variable.
resource "aws_s3_bucket" "maybe" {
  bucket = "acme-maybe"
}

resource "aws_backup_selection" "configured" {
  name         = "configured"
  iam_role_arn = "arn:aws:iam::111122223333:role/backup"
  plan_id      = "plan-outside-this-module"
  resources    = var.backup_resources # expect-unresolved
}

variable "backups_enabled" {
  type    = bool
}

# Not versioned; selected only when the variable turns the selection on.
resource "aws_s3_bucket" "optional" {
  bucket = "acme-optional"
}

resource "aws_backup_selection" "optional" {
  count        = var.backups_enabled ? 1 : 0 # expect-unresolved
  name         = "optional"
  iam_role_arn = "arn:aws:iam::111122223333:role/backup"
  plan_id      = "plan-outside-this-module"
  resources    = [aws_s3_bucket.optional.arn]
}

# Never created.
resource "aws_s3_bucket" "disabled" {
  bucket = "acme-disabled"
}

resource "aws_backup_selection" "disabled" {
  count        = 0
  name         = "disabled"
  iam_role_arn = "arn:aws:iam::111122223333:role/backup"
  plan_id      = "plan-outside-this-module"
  resources    = [aws_s3_bucket.disabled.arn]
}
