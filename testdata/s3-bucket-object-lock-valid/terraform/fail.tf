resource "aws_s3_bucket" "plain" { # expect: missing
  bucket = "acme-plain"
}

resource "aws_s3_bucket" "unlocked" {
  bucket              = "acme-unlocked"
  object_lock_enabled = false # expect: missing
}

# Created with Object Lock, then versioning is suspended: S3 rejects that.
resource "aws_s3_bucket" "suspended" {
  bucket              = "acme-suspended"
  object_lock_enabled = true
}

resource "aws_s3_bucket_versioning" "suspended" {
  bucket = aws_s3_bucket.suspended.id
  versioning_configuration {
    status = "Suspended" # expect: versioningOff
  }
}

# Object Lock turned on for an existing bucket that is not versioned.
resource "aws_s3_bucket" "retrofitted" {
  bucket = "acme-retrofitted"
}

resource "aws_s3_bucket_object_lock_configuration" "retrofitted" { # expect: versioningMissing
  bucket = aws_s3_bucket.retrofitted.id
  rule {
    default_retention {
      mode = "GOVERNANCE"
      days = 30
    }
  }
}

# Linked by the literal bucket name.
resource "aws_s3_bucket" "zero" {
  bucket              = "acme-zero"
  object_lock_enabled = true
}

resource "aws_s3_bucket_object_lock_configuration" "zero" {
  bucket = "acme-zero"
  rule {
    default_retention {
      mode = "COMPLIANCE"
      days = 0 # expect: zeroRetention
    }
  }
}

resource "aws_s3_bucket" "modeless" {
  count               = 1
  bucket              = "acme-modeless"
  object_lock_enabled = true
}

resource "aws_s3_bucket_object_lock_configuration" "modeless" {
  bucket = aws_s3_bucket.modeless[0].id
  rule {
    default_retention { # expect: retentionWithoutMode
      years = 1
    }
  }
}

# Provider v3 inline configuration.
resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy"
  object_lock_configuration {
    object_lock_enabled = "Enabled"
    rule {
      default_retention {
        mode  = "governance" # expect: invalidMode
        days  = 7
        years = 1 # expect: retentionPeriod
      }
    }
  }
}
