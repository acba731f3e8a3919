module "logs_a" {
  source = "../lib"
  name   = "acme-a-logs"
}
