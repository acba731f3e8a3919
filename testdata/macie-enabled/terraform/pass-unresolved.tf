provider "aws" {
  region = "eu-west-1"
}

variable "macie_status" {
  type    = string
  default = "ENABLED"
}

variable "job_status" {
  type = string
}

resource "aws_macie2_account" "main" {}

resource "aws_macie2_account" "replica" {
  status = var.macie_status
}

resource "aws_macie2_classification_job" "weekly" {
  job_type   = "SCHEDULED"
  job_status = var.job_status # expect-unresolved
  schedule_frequency {
    weekly_schedule = "SUNDAY"
  }
  s3_job_definition {
    bucket_definitions {
      account_id = "111122223333"
      buckets    = ["acme-customer-data"]
    }
  }
}
