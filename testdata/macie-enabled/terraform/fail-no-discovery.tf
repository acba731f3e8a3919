provider "aws" {
  region = "eu-west-1"
}

data "aws_caller_identity" "current" {}

resource "aws_macie2_account" "main" {} # expect: noDiscovery

# A cancelled job discovers nothing.
resource "aws_macie2_classification_job" "once" {
  job_type   = "ONE_TIME"
  name       = "initial-scan"
  job_status = "CANCELLED"
  s3_job_definition {
    bucket_definitions {
      account_id = data.aws_caller_identity.current.account_id
      buckets    = ["acme-customer-data"]
    }
  }
  depends_on = [aws_macie2_account.main]
}
