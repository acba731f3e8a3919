# Macie itself is enabled by the organization's administrator; this stack only owns the job, which is paused.
resource "aws_macie2_classification_job" "weekly" {
  job_type   = "SCHEDULED"
  job_status = "USER_PAUSED" # expect: noDiscovery
  schedule_frequency {
    weekly_schedule = "MONDAY"
  }
  s3_job_definition {
    bucket_definitions {
      account_id = "111122223333"
      buckets    = ["acme-customer-data"]
    }
  }
}
