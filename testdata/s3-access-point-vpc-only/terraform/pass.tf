variable "vpc_id" {
  type = string
}

variable "vpc_ids" {
  type = list(string)
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_s3_access_point" "vpc" {
  bucket = aws_s3_bucket.data.id
  name   = "vpc"

  vpc_configuration {
    vpc_id = aws_vpc.main.id
  }
}

# Multi-Region Access Points cannot be restricted to a VPC: not judged.
resource "aws_s3control_multi_region_access_point" "global" {
  details {
    name = "global"
    region {
      bucket = aws_s3_bucket.data.id
    }
  }
}

# A VPC id from a variable: S3 requires a non-empty id in a VPC configuration, so the origin is a VPC whatever it is.
resource "aws_s3_access_point" "from_input" {
  bucket = aws_s3_bucket.data.id
  name   = "from-input"

  vpc_configuration {
    vpc_id = var.vpc_id
  }
}

# A dynamic VPC block is absent when its for_each is empty: unresolved.

resource "aws_s3_access_point" "optional" {
  bucket = aws_s3_bucket.data.id
  name   = "optional"

  dynamic "vpc_configuration" { # expect-unresolved
    for_each = var.vpc_ids
    content {
      vpc_id = vpc_configuration.value
    }
  }
}
