provider "aws" {
  region = "us-east-1"
}

# Free metrics only.
resource "aws_s3control_storage_lens_configuration" "activity" { # expect: noDataProtection
  config_id = "activity"

  storage_lens_configuration {
    enabled = true

    account_level {
      activity_metrics {
        enabled = true
      }
      bucket_level {
        activity_metrics {
          enabled = true
        }
      }
    }
  }
}

# Explicitly off: listed as related to the finding above (one finding per account).
resource "aws_s3control_storage_lens_configuration" "cost" {
  config_id = "cost"

  storage_lens_configuration {
    enabled = true

    account_level {
      advanced_cost_optimization_metrics {
        enabled = true
      }
      advanced_data_protection_metrics {
        enabled = false
      }
      bucket_level {}
    }
  }
}
