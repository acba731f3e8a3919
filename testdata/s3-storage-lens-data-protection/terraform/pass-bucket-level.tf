resource "aws_s3control_storage_lens_configuration" "buckets" {
  config_id = "bucket-protection"

  storage_lens_configuration {
    enabled = "true"

    account_level {
      bucket_level {
        advanced_data_protection_metrics {
          enabled = true
        }
      }
    }
  }
}
