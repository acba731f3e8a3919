# s3lint-ignore s3-bucket-versioning-enabled
resource "aws_s3_bucket" "no_reason" {
  bucket = "acme-no-reason"
}

# s3lint-ignore s3-bucket-versioning-enabld: typo in the rule id
resource "aws_s3_bucket" "typo" {
  bucket = "acme-typo"
}

# s3lint-ignore s3-bucket-acl-not-public: nothing to silence here, the ACL is private
resource "aws_s3_bucket" "unused" {
  bucket = "acme-unused"
}

# s3lint-ignore *: everything is fine
resource "aws_s3_bucket" "star" {
  bucket = "acme-star"
}

resource "aws_s3_bucket" "strings" {
  bucket = "acme-strings # s3lint-ignore s3-bucket-versioning-enabled: inside a string"
  tags = {
    Note = "see https://example.com // s3lint-ignore s3-bucket-versioning-enabled: also a string"
    Tpl  = "${var.prefix == "#" ? "a" : "b"} # s3lint-ignore s3-bucket-versioning-enabled: template"
  }
}

resource "aws_s3_bucket_policy" "strings" {
  bucket = aws_s3_bucket.strings.id
  policy = <<EOT
# s3lint-ignore s3-bucket-policy-requires-tls: inside a heredoc
{"Version": "2012-10-17", "Statement": []}
EOT
}

# s3lint-ignore s3-bucket-versioning-enabled: a comment with nothing after it
