provider "aws" {
  region = "us-east-1"
}

resource "aws_s3control_storage_lens_configuration" "main" {
  config_id = "data-protection"

  storage_lens_configuration {
    enabled = false # expect: disabled

    account_level {
      advanced_data_protection_metrics {
        enabled = true
      }
      bucket_level {
        advanced_data_protection_metrics {
          enabled = true
        }
      }
    }
  }
}
