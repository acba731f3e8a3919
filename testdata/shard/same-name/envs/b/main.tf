module "data" {
  source = "../../modules/bucket"
  name   = "acme-b-data"
}
