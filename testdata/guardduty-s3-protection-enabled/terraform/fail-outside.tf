variable "detector_id" {
  type = string
}

# The detector is outside the scanned code, but this feature turns S3 Protection off.
resource "aws_guardduty_detector_feature" "s3" {
  detector_id = var.detector_id
  name        = "S3_DATA_EVENTS"
  status      = "DISABLED" # expect: disabled
}
