resource "aws_s3_bucket" "other" {
  bucket = "acme-chain-other"
}
