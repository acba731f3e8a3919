variable "versioning_status" {
  type    = string
  default = "Suspended"
}

variable "force_destroy" {
  type    = bool
  default = false
}

variable "key_enabled" {
  type    = bool
  default = true
}

variable "unset" {
  type = string
}
