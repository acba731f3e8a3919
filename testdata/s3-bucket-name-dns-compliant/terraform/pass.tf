variable "name" {
  type = string
}

variable "env" {
  type    = string
  default = "prod"
}

resource "aws_s3_bucket" "hyphens" {
  bucket = "assets-example-com"
}

resource "aws_s3_bucket" "prefixed" {
  bucket_prefix = "acme-logs-"
}

# No name: Terraform generates one without dots.
resource "aws_s3_bucket" "generated" {
}

# A name from input with no literal dot gets no outcome (a dot is nearly always written literally).
resource "aws_s3_bucket" "from_input" {
  bucket = var.name
}

resource "aws_s3_bucket" "templated" {
  bucket = "acme-${var.env}-data"
}

# Dots inside an interpolation are not in the name.
resource "aws_s3_bucket" "function" {
  bucket = "acme-${lower(var.env)}-${format("%s", var.name)}"
}

resource "aws_s3_bucket" "conditional" {
  bucket = var.env == "prod" ? "acme-prod" : "acme-dev"
}

# Settings for a bucket outside the scanned code: its name is not ours to judge.
resource "aws_s3_bucket_versioning" "elsewhere" {
  bucket = "legacy.example.com"
  versioning_configuration {
    status = "Enabled"
  }
}
