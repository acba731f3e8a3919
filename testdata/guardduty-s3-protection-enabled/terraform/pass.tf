provider "aws" {
  region = "eu-west-1"
}

resource "aws_guardduty_detector" "main" {
  count = 1
}

# Indexed reference to the detector.
resource "aws_guardduty_detector_feature" "s3" {
  detector_id = aws_guardduty_detector.main[0].id
  name        = "S3_DATA_EVENTS"
  status      = "ENABLED"
}

# Provider v4 style, still accepted.
resource "aws_guardduty_detector" "legacy" {
  datasources {
    s3_logs {
      enable = true
    }
  }
}

# Never created: not judged.
resource "aws_guardduty_detector" "unused" {
  count = 0
}
