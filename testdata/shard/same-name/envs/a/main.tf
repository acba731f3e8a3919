module "data" {
  source = "../../modules/bucket"
  name   = "acme-a-data"
}
