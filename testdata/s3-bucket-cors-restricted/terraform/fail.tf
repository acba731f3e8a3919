resource "aws_s3_bucket" "uploads" {
  bucket = "acme-uploads"
}

resource "aws_s3_bucket_cors_configuration" "uploads" {
  bucket = aws_s3_bucket.uploads.id

  cors_rule {
    allowed_methods = ["GET"]
    allowed_origins = ["*"]
  }

  cors_rule {
    allowed_headers = ["*"]
    allowed_methods = ["PUT", "POST"]
    allowed_origins = ["*"] # expect: anyOriginWrite
  }

  cors_rule {
    allowed_methods = ["delete"]
    allowed_origins = ["https://app.example.com", "https://*"] # expect: anyOriginWrite
  }
}

# Provider v3 inline rule, on a counted bucket.
resource "aws_s3_bucket" "legacy" {
  count  = 1
  bucket = "acme-legacy-uploads"
  cors_rule {
    allowed_methods = ["POST"]
    allowed_origins = ["*"] # expect: anyOriginWrite
  }
}

# Linked by the literal bucket name.
resource "aws_s3_bucket" "shared" {
  bucket = "acme-shared"
}

resource "aws_s3_bucket_cors_configuration" "shared" {
  bucket = "acme-shared"
  cors_rule {
    allowed_methods = ["PUT"]
    allowed_origins = ["*"] # expect: anyOriginWrite
  }
}
