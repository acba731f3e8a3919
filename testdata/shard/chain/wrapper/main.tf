# Excluded from the scan in the tests: read only because app calls it.
module "leaf" {
  source = "../leaf"
  name   = "acme-chain-leaf"
}
