module "logs_b" {
  source = "../lib"
  name   = "acme-b-logs"
}
