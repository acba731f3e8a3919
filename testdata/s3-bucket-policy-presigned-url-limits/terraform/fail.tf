# No bucket policy at all.
resource "aws_s3_bucket" "plain" { # expect: noPolicy
  bucket = "acme-plain"
}

# REST-QUERY-STRING is among the allowed types: presigned URLs still work, unbounded.
resource "aws_s3_bucket" "downloads" {
  bucket = "acme-downloads"
}

resource "aws_s3_bucket_policy" "downloads" {
  bucket = aws_s3_bucket.downloads.id
  policy = jsonencode({ # expect: missing
    Version = "2012-10-17"
    Statement = [{
      Sid       = "HeaderOrQueryString"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = "${aws_s3_bucket.downloads.arn}/*"
      Condition = { StringNotEquals = { "s3:authType" = ["REST-HEADER", "REST-QUERY-STRING"] } }
    }]
  })
}

# The age limit applies to one role only: everyone else's presigned URLs are unbounded.
resource "aws_s3_bucket" "exports" {
  count  = 1
  bucket = "acme-exports"
}

data "aws_iam_policy_document" "exports_base" {
  statement {
    sid       = "Reader"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.exports[0].arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/reader"]
    }
  }
}

data "aws_iam_policy_document" "exports" {
  source_policy_documents = [data.aws_iam_policy_document.exports_base.json]
  statement {
    sid       = "ShortLinksForInterns"
    effect    = "Deny"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.exports[0].arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/intern"]
    }
    condition {
      test     = "NumericGreaterThan"
      variable = "s3:signatureAge"
      values   = ["600000"]
    }
  }
}

resource "aws_s3_bucket_policy" "exports" {
  bucket = aws_s3_bucket.exports[0].id
  policy = data.aws_iam_policy_document.exports.json # expect: missing
}
