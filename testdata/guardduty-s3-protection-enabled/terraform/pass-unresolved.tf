provider "aws" {
  region = "eu-west-1"
}

variable "s3_protection" {
  type    = string
}

variable "detector_id" {
  type = string
}

resource "aws_guardduty_detector" "configurable" {}

resource "aws_guardduty_detector_feature" "configurable_s3" {
  detector_id = aws_guardduty_detector.configurable.id
  name        = "S3_DATA_EVENTS"
  status      = var.s3_protection # expect-unresolved
}

# The detector of this feature is not resolved: it may be the one below.
resource "aws_guardduty_detector" "elsewhere" {}

resource "aws_guardduty_detector_feature" "unlinked_s3" {
  detector_id = var.detector_id
  name        = "S3_DATA_EVENTS"
  status      = "ENABLED" # expect-unresolved
}

# Managed in another stack.
data "aws_guardduty_detector" "shared" {} # expect-unresolved
