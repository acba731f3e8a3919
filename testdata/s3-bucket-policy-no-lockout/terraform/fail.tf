# jsonencode: Deny everything to everyone on the bucket and its objects, with no condition.
resource "aws_s3_bucket" "vault" {
  bucket = "acme-vault"
}

resource "aws_s3_bucket_policy" "vault" {
  bucket = aws_s3_bucket.vault.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { # expect: lockout
        Sid       = "DenyAll"
        Effect    = "Deny"
        Principal = { AWS = "*" }
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.vault.arn, "${aws_s3_bucket.vault.arn}/*"]
      },
    ]
  })
}

# aws_iam_policy_document: the lockout comes from a source document and names every resource.
resource "aws_s3_bucket" "frozen" {
  count  = 1
  bucket = "acme-frozen"
}

data "aws_iam_policy_document" "freeze" {
  statement { # expect: lockout
    sid       = "Freeze"
    effect    = "Deny"
    actions   = ["*"]
    resources = ["*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

data "aws_iam_policy_document" "frozen" {
  source_policy_documents = [data.aws_iam_policy_document.freeze.json]
  statement {
    sid       = "Readers"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.frozen[0].arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/reader"]
    }
  }
}

resource "aws_s3_bucket_policy" "frozen" {
  bucket = aws_s3_bucket.frozen[0].id
  policy = data.aws_iam_policy_document.frozen.json
}

# An access point policy that denies everything on the access point itself.
resource "aws_s3_access_point" "closed" {
  bucket = aws_s3_bucket.vault.id
  name   = "closed"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ # expect: lockout
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = "arn:aws:s3:us-east-1:111122223333:accesspoint/closed"
    }]
  })
}
