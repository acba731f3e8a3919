resource "aws_backup_vault" "default_key" { # expect: defaultKey
  name = "default-key"
}

resource "aws_backup_vault" "aws_managed_alias" {
  name        = "aws-managed-alias"
  kms_key_arn = "arn:aws:kms:eu-west-1:111122223333:alias/aws/backup" # expect: awsManagedKey
}

data "aws_kms_alias" "backup" {
  name = "alias/aws/backup"
}

resource "aws_backup_vault" "looked_up" {
  name        = "looked-up"
  kms_key_arn = data.aws_kms_alias.backup.target_key_arn # expect: awsManagedKey
}

resource "aws_backup_vault" "explicit_null" { # expect: defaultKey
  name        = "explicit-null"
  kms_key_arn = null
}
