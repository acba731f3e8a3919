provider "aws" {
  region = "eu-west-1"
}

resource "aws_guardduty_detector" "silent" { # expect: notEnabled
  enable = true
}

resource "aws_guardduty_detector" "legacy" {
  datasources {
    s3_logs {
      enable = false # expect: disabled
    }
  }
}

resource "aws_guardduty_detector" "features" {}

resource "aws_guardduty_detector_feature" "features_s3" {
  detector_id = aws_guardduty_detector.features.id
  name        = "S3_DATA_EVENTS"
  status      = "DISABLED" # expect: disabled
}

# Another feature does not turn S3 Protection on.
resource "aws_guardduty_detector_feature" "features_eks" {
  detector_id = aws_guardduty_detector.features.id
  name        = "EKS_AUDIT_LOGS"
  status      = "ENABLED"
}

# Suspended: guardduty-enabled reports it; no second finding here.
resource "aws_guardduty_detector" "suspended" {
  enable = false
}
