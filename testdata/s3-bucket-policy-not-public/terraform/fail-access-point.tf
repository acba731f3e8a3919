resource "aws_s3_bucket" "shared" {
  bucket = "acme-shared-through-access-points"
}

resource "aws_s3_bucket_public_access_block" "shared" {
  bucket                  = aws_s3_bucket.shared.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = false
  restrict_public_buckets = false
}

# The access point turns its own block off: its public policy takes effect.
resource "aws_s3_access_point" "open" {
  bucket = aws_s3_bucket.shared.id
  name   = "open"

  public_access_block_configuration {
    block_public_acls       = true
    ignore_public_acls      = true
    block_public_policy     = false
    restrict_public_buckets = false
  }

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ # expect: publicPolicy
      Sid       = "PublicRead"
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:eu-west-1:111122223333:accesspoint/open/object/*"
    }]
  })
}

# An access point's block defaults to on: the same grant here is latent.
resource "aws_s3_access_point" "guarded" {
  bucket = aws_s3_bucket.shared.id
  name   = "guarded"
}

resource "aws_s3control_access_point_policy" "guarded" {
  access_point_arn = aws_s3_access_point.guarded.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ # expect: publicPolicyBlocked
      Sid       = "PublicRead"
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_access_point.guarded.arn}/object/*"
    }]
  })
}
