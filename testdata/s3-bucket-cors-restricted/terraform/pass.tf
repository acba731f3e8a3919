variable "origins" {
  type    = list(string)
}

variable "rules" {
  type    = list(any)
}

resource "aws_s3_bucket" "uploads" {
  bucket = "acme-uploads"
}

resource "aws_s3_bucket_cors_configuration" "uploads" {
  bucket = aws_s3_bucket.uploads.id

  # Reading from anywhere is what public assets need.
  cors_rule {
    allowed_methods = ["GET", "HEAD"]
    allowed_origins = ["*"]
  }

  # Writing only from the application's own origins (a subdomain wildcard is a named site).
  cors_rule {
    allowed_methods = ["PUT", "POST", "DELETE"]
    allowed_origins = ["https://app.example.com", "https://*.example.com"]
  }
}

resource "aws_s3_bucket" "per_team" {
  for_each = toset(["red", "blue"])
  bucket   = "acme-team-${each.key}"
}

resource "aws_s3_bucket_cors_configuration" "per_team" {
  for_each = aws_s3_bucket.per_team
  bucket   = each.value.id
  cors_rule {
    allowed_methods = ["PUT"]
    allowed_origins = var.origins # expect-unresolved
  }

  # Origins from input cannot make a read-only rule a write rule.
  cors_rule {
    allowed_methods = ["GET"]
    allowed_origins = var.origins
  }
}

resource "aws_s3_bucket" "dynamic" {
  bucket = "acme-dynamic"
}

resource "aws_s3_bucket_cors_configuration" "dynamic" {
  bucket = aws_s3_bucket.dynamic.id
  dynamic "cors_rule" { # expect-unresolved
    for_each = var.rules
    content {
      allowed_methods = cors_rule.value.methods
      allowed_origins = cors_rule.value.origins
    }
  }
}
