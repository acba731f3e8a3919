# checkov's own placement: inside the resource block. It covers the whole resource.
resource "aws_s3_bucket" "logs" {
  #checkov:skip=CKV_AWS_18:this is the log bucket itself
  bucket = "acme-logs"
}

# On the line above the block, and without a reason.
#checkov:skip=CKV_AWS_21
resource "aws_s3_bucket" "scratch" {
  bucket = "acme-scratch"
}

resource "aws_s3_bucket" "site" {
  bucket = "acme-site"
  acl    = "public-read" #checkov:skip=CKV_AWS_20,CKV_AWS_999:public downloads, reviewed in SEC-7
}

# A check no s3lint rule names is for checkov alone.
#checkov:skip=CKV_AWS_117:a Lambda check, nothing to do with S3
resource "aws_s3_bucket" "plain" {
  bucket = "acme-plain"
}
