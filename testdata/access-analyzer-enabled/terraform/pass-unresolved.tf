provider "aws" {
  region = "eu-west-1"
}

variable "analyzer_type" {
  type    = string
}

variable "create_analyzer" {
  type = bool
}

resource "aws_accessanalyzer_analyzer" "configurable" {
  analyzer_name = "configurable"
  type          = var.analyzer_type # expect-unresolved
}

resource "aws_accessanalyzer_analyzer" "optional" {
  count         = var.create_analyzer ? 1 : 0 # expect-unresolved
  analyzer_name = "optional"
}
