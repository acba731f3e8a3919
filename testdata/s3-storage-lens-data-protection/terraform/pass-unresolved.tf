provider "aws" {
  region = "us-east-1"
}

variable "lens_enabled" {
  type    = bool
}

variable "data_protection" {
  type = bool
}

resource "aws_s3control_storage_lens_configuration" "toggled" {
  config_id = "toggled"

  storage_lens_configuration {
    enabled = var.lens_enabled # expect-unresolved

    account_level {
      advanced_data_protection_metrics {
        enabled = true
      }
      bucket_level {}
    }
  }
}

resource "aws_s3control_storage_lens_configuration" "metrics" {
  config_id = "metrics"

  storage_lens_configuration {
    enabled = true

    account_level {
      advanced_data_protection_metrics {
        enabled = var.data_protection # expect-unresolved
      }
      bucket_level {}
    }
  }
}
