resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_s3_access_point" "internet" { # expect: internetOrigin
  bucket = aws_s3_bucket.data.id
  name   = "internet"
}

resource "aws_s3_access_point" "empty" {
  bucket = aws_s3_bucket.data.id
  name   = "empty"

  vpc_configuration {
    vpc_id = "" # expect: emptyVpc
  }
}
