# Macie is enabled by the organization's administrator; a running job implies it is on.
resource "aws_macie2_classification_job" "daily" {
  job_type = "SCHEDULED"
  schedule_frequency {
    daily_schedule = true
  }
  s3_job_definition {
    bucket_criteria {
      includes {
        and {
          tag_criterion {
            comparator = "EQ"
            tag_values {
              key   = "classification"
              value = "confidential"
            }
          }
        }
      }
    }
  }
}
