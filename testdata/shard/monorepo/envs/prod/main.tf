provider "aws" {
  region = var.region
}

variable "region" {
  type = string
}

module "prod_data" {
  source     = "../../modules/bucket"
  name       = "acme-prod-data"
  versioning = true
}
