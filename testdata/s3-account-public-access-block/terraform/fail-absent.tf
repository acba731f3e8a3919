# Flags left out default to false for the account block.
resource "aws_s3_account_public_access_block" "partial" { # expect: flagsOff
  block_public_acls   = true
  block_public_policy = true
}
