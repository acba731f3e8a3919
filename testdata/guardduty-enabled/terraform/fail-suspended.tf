provider "aws" {
  region = "eu-west-1"
}

provider "aws" {
  alias  = "us"
  region = "us-east-1"
}

resource "aws_guardduty_detector" "eu" {
  enable = true
}

# A suspended detector leaves its Region unwatched, whatever the other Regions do.
resource "aws_guardduty_detector" "us" {
  provider = aws.us
  enable   = false # expect: disabled
}
