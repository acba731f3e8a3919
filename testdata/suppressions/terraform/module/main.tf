# s3lint-ignore s3-bucket-policy-not-public: public dataset, published on purpose (DATA-42)
resource "aws_s3_bucket" "dataset" {
  bucket = "acme-open-dataset"
}

resource "aws_s3_bucket" "other" {
  bucket = "acme-other"
}

# A module call: suppressions on module blocks wait for module expansion.
# s3lint-ignore s3-bucket-versioning-enabled: the module's buckets are disposable
module "scratch" {
  source = "./scratch"
}
