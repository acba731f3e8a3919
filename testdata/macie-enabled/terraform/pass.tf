provider "aws" {
  region = "eu-west-1"
}

data "aws_caller_identity" "current" {}

resource "aws_s3_bucket" "customer_data" {
  bucket = "acme-customer-data"
}

resource "aws_macie2_account" "main" {
  status = "ENABLED"
}

resource "aws_macie2_classification_job" "weekly" {
  job_type = "SCHEDULED"
  name     = "weekly-pii-scan"
  schedule_frequency {
    weekly_schedule = "SUNDAY"
  }
  s3_job_definition {
    bucket_definitions {
      account_id = data.aws_caller_identity.current.account_id
      buckets    = [aws_s3_bucket.customer_data.id]
    }
  }
  depends_on = [aws_macie2_account.main]
}
