# An unconditional Deny to everyone of every S3 action on the same objects wins over the public Allow.
resource "aws_s3_bucket" "sealed" {
  bucket = "acme-sealed"
}

resource "aws_s3_bucket_policy" "sealed" {
  bucket = aws_s3_bucket.sealed.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "LegacyPublicRead"
        Effect    = "Allow"
        Principal = "*"
        Action    = "s3:GetObject"
        Resource  = "arn:aws:s3:::acme-sealed/*"
      },
      {
        Sid       = "SealEverything"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = "arn:aws:s3:::acme-sealed/*"
      },
    ]
  })
}

# The same, with both statements naming the objects through the same expression.
resource "aws_s3_bucket" "sealed_by_reference" {
  bucket = "acme-sealed-by-reference"
}

resource "aws_s3_bucket_policy" "sealed_by_reference" {
  bucket = aws_s3_bucket.sealed_by_reference.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "${aws_s3_bucket.sealed_by_reference.arn}/*" },
      { Effect = "Deny", Principal = "*", Action = "*", Resource = "${aws_s3_bucket.sealed_by_reference.arn}/*" },
    ]
  })
}
