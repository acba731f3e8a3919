variable "environment" {
  type    = string
  default = "prod"
}

variable "partner_account_id" {
  type = string
}
