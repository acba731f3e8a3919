variable "backup_key_arn" {
  type = string
}

variable "key_alias" {
  type    = string
}

resource "aws_kms_key" "backup" {
  description         = "AWS Backup vaults"
  enable_key_rotation = true
}

resource "aws_backup_vault" "referenced" {
  name        = "referenced"
  kms_key_arn = aws_kms_key.backup.arn
}

resource "aws_backup_vault" "literal" {
  name        = "literal"
  kms_key_arn = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_kms_key" "regional" {
  for_each            = toset(["eu", "us"])
  enable_key_rotation = true
}

resource "aws_backup_vault" "per_region" {
  for_each    = aws_kms_key.regional
  name        = "vault-${each.key}"
  kms_key_arn = each.value.arn
}

# A customer-managed alias looked up by name.
data "aws_kms_alias" "custom" {
  name = "alias/backup-cmk"
}

resource "aws_backup_vault" "custom_alias" {
  name        = "custom-alias"
  kms_key_arn = data.aws_kms_alias.custom.target_key_arn
}

resource "aws_backup_vault" "from_variable" {
  name        = "from-variable"
  kms_key_arn = var.backup_key_arn # expect-unresolved
}

data "aws_kms_key" "configured" {
  key_id = var.key_alias
}

resource "aws_backup_vault" "configured_lookup" {
  name        = "configured-lookup"
  kms_key_arn = data.aws_kms_key.configured.arn # expect-unresolved
}

module "keys" {
  source = "./keys"
}

resource "aws_backup_vault" "from_module" {
  name        = "from-module"
  kms_key_arn = module.keys.backup_key_arn # expect-unresolved
}
