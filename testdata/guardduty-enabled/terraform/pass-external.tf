provider "aws" {
  region = "eu-west-1"
}

# The detector lives in another stack: unknown here, not missing.
data "aws_guardduty_detector" "existing" {} # expect-unresolved

resource "aws_guardduty_detector_feature" "s3" {
  detector_id = data.aws_guardduty_detector.existing.id
  name        = "S3_DATA_EVENTS"
  status      = "ENABLED"
}
