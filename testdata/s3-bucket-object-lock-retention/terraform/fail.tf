# Created with Object Lock, no configuration: nothing is locked unless an upload asks for it.
resource "aws_s3_bucket" "bare" { # expect: noDefaultRetention
  bucket              = "acme-bare"
  object_lock_enabled = true
}

# A configuration without a rule.
resource "aws_s3_bucket" "ruleless" {
  count               = 1
  bucket              = "acme-ruleless"
  object_lock_enabled = true
}

resource "aws_s3_bucket_object_lock_configuration" "ruleless" { # expect: noDefaultRetention
  bucket = aws_s3_bucket.ruleless[0].id
}

# Provider v3 inline configuration without a rule.
resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy"
  object_lock_configuration { # expect: noDefaultRetention
    object_lock_enabled = "Enabled"
  }
}

# Objects may carry their own retention, but that does not replace a default.
resource "aws_s3_object" "report" {
  bucket                        = aws_s3_bucket.bare.id
  key                           = "report.pdf"
  source                        = "report.pdf"
  object_lock_mode              = "GOVERNANCE"
  object_lock_retain_until_date = "2030-01-01T00:00:00Z"
  object_lock_legal_hold_status = "ON"
}
