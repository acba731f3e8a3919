resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

# Two flags off: one finding at the first, the other related.
resource "aws_s3_access_point" "partners" {
  bucket = aws_s3_bucket.data.id
  name   = "partners"

  public_access_block_configuration {
    block_public_acls       = true
    ignore_public_acls      = true
    block_public_policy     = false # expect: flagsOff
    restrict_public_buckets = "false"
  }
}

# A Multi-Region Access Point with one flag off.
resource "aws_s3control_multi_region_access_point" "global" {
  details {
    name = "global"

    public_access_block {
      block_public_acls       = true
      ignore_public_acls      = true
      block_public_policy     = true
      restrict_public_buckets = false # expect: flagsOff
    }

    region {
      bucket = aws_s3_bucket.data.id
    }
  }
}
