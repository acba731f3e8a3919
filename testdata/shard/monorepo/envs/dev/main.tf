provider "aws" {
  region = "eu-west-1"
}

module "dev_data" {
  source = "../../modules/bucket"
  name   = "acme-dev-data"
}
