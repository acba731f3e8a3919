module "archive" {
  source  = "example-org/archive-bucket/aws"
  version = "1.2.0"

  name = "acme-archive"
}

module "elsewhere" {
  source = "git::https://example.com/not-downloaded.git"
}
