provider "aws" {
  region = "us-east-1"
}

data "aws_caller_identity" "current" {}

resource "aws_s3_bucket" "lens_exports" {
  bucket = "acme-storage-lens-exports"
}

resource "aws_s3control_storage_lens_configuration" "main" {
  config_id = "data-protection"

  storage_lens_configuration {
    enabled = true

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

    data_export {
      s3_bucket_destination {
        account_id            = data.aws_caller_identity.current.account_id
        arn                   = aws_s3_bucket.lens_exports.arn
        format                = "Parquet"
        output_schema_version = "V_1"
        encryption {
          sse_s3 {}
        }
      }
    }
  }
}
