provider "aws" {
  region = "eu-west-1"
}

variable "enable_guardduty" {
  type    = bool
}

variable "guardduty_enabled" {
  type = bool
}

resource "aws_guardduty_detector" "optional" {
  count = var.enable_guardduty ? 1 : 0 # expect-unresolved
}

resource "aws_guardduty_detector" "configurable" {
  enable = var.guardduty_enabled # expect-unresolved
}
