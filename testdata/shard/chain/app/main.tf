module "storage" {
  source = "../wrapper"
}
