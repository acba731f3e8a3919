variable "denied_actions" {
  type = list(string)
}

# Deny statements that are narrowed by a condition, an exception, an action list or the objects only.
resource "aws_s3_bucket" "data" {
  for_each = toset(["raw", "curated"])
  bucket   = "acme-data-${each.key}"
}

resource "aws_s3_bucket_policy" "data" {
  for_each = aws_s3_bucket.data
  bucket   = each.value.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [each.value.arn, "${each.value.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
      {
        Sid          = "OnlyAdmins"
        Effect       = "Deny"
        NotPrincipal = { AWS = "arn:aws:iam::111122223333:role/admin" }
        Action       = "s3:*"
        Resource     = [each.value.arn]
      },
      {
        Sid       = "NoDeletes"
        Effect    = "Deny"
        Principal = "*"
        Action    = ["s3:DeleteObject", "s3:DeleteObjectVersion"]
        Resource  = ["${each.value.arn}/*"]
      },
      {
        Sid       = "NoObjectsForContractor"
        Effect    = "Deny"
        Principal = { AWS = "arn:aws:iam::111122223333:role/contractor" }
        Action    = "s3:*"
        Resource  = [each.value.arn, "${each.value.arn}/*"]
      },
    ]
  })
}

# Split resources linked by literal name; the denied actions come from a variable.
resource "aws_s3_bucket" "named" {
  bucket = "acme-named"
}

data "aws_iam_policy_document" "named" {
  statement {
    sid       = "DenyConfigured"
    effect    = "Deny"
    actions   = var.denied_actions # expect-unresolved
    resources = ["arn:aws:s3:::acme-named"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
  statement {
    sid       = "DenyObjectsOnly"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["arn:aws:s3:::acme-named/*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}

resource "aws_s3_bucket_policy" "named" {
  bucket = "acme-named"
  policy = data.aws_iam_policy_document.named.json
}
