variable "block_public_policy" {
  type = bool
}

variable "blocks" {
  type = list(object({ acls = bool }))
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

# No block at all: every flag defaults to true for access points.
resource "aws_s3_access_point" "default" {
  bucket = aws_s3_bucket.data.id
  name   = "default"
}

# A partial block: the flags left out stay true.
resource "aws_s3_access_point" "partial" {
  bucket = aws_s3_bucket.data.id
  name   = "partial"

  public_access_block_configuration {
    block_public_acls = true
  }
}

resource "aws_s3control_multi_region_access_point" "global" {
  details {
    name = "global"
    region {
      bucket = aws_s3_bucket.data.id
    }
  }
}

# A flag from a variable: unresolved.
resource "aws_s3_access_point" "from_input" {
  bucket = aws_s3_bucket.data.id
  name   = "from-input"

  public_access_block_configuration {
    block_public_policy = var.block_public_policy # expect-unresolved
  }
}

# The whole block from a dynamic block: unresolved.
resource "aws_s3_access_point" "dynamic" {
  bucket = aws_s3_bucket.data.id
  name   = "dynamic"

  dynamic "public_access_block_configuration" { # expect-unresolved
    for_each = var.blocks
    content {
      block_public_acls = public_access_block_configuration.value.acls
    }
  }
}

# A Multi-Region Access Point whose details come from a dynamic block: unresolved.
resource "aws_s3control_multi_region_access_point" "dynamic" {
  dynamic "details" { # expect-unresolved
    for_each = var.blocks
    content {
      name = "dynamic"
      region {
        bucket = aws_s3_bucket.data.id
      }
    }
  }
}
