provider "aws" {
  region = "eu-west-1"
}

# type defaults to ACCOUNT.
resource "aws_accessanalyzer_analyzer" "account" {
  analyzer_name = "account"
}

resource "aws_accessanalyzer_analyzer" "unused" {
  analyzer_name = "unused-access"
  type          = "ORGANIZATION_UNUSED_ACCESS"
}
