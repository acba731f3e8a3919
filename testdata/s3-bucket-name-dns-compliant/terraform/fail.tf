variable "env" {
  type    = string
  default = "prod"
}

resource "aws_s3_bucket" "dotted" {
  bucket = "assets.example.com" # expect: dotInName
}

resource "aws_s3_bucket" "prefixed" {
  bucket_prefix = "logs.acme-" # expect: dotInName
}

# The fixed part of a template carries the dot, whatever the input.
resource "aws_s3_bucket" "templated" {
  bucket = "${var.env}.acme-data" # expect: dotInName
}

resource "aws_s3_bucket" "per_region" {
  for_each = toset(["eu", "us"])
  bucket   = "acme.${each.key}" # expect: dotInName, dotInName
}
