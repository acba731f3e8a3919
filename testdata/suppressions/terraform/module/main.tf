# s3lint-ignore s3-bucket-policy-not-public: public dataset, published on purpose (DATA-42)
resource "aws_s3_bucket" "dataset" {
  bucket = "acme-open-dataset"
}

resource "aws_s3_bucket" "other" {
  bucket = "acme-other"
}

# A suppression on a module call covers the resources that call creates, and no other call's.
# s3lint-ignore s3-bucket-versioning-enabled: the module's buckets are disposable
module "scratch" {
  source = "./scratch"
  name   = "acme-scratch"
}

module "kept" {
  source = "./scratch"
  name   = "acme-kept"
}
