provider "aws" {
  region = "eu-west-1"
}

# Unused-access analyzers report idle roles and keys, not buckets shared outside the account.
resource "aws_accessanalyzer_analyzer" "unused" {
  analyzer_name = "unused-access"
  type          = "ACCOUNT_UNUSED_ACCESS" # expect: noExternalAccess

  configuration {
    unused_access {
      unused_access_age = 90
    }
  }
}
