# Sandbox account: nothing here holds real data.
# s3lint-ignore-file s3-bucket-versioning-enabled: sandbox account, data is disposable [until 2099-12-31]

resource "aws_s3_bucket" "one" {
  bucket = "acme-sandbox-one"
}

resource "aws_s3_bucket" "two" {
  bucket = "acme-sandbox-two"
}
