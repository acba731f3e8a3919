module "logs" {
  source     = "../bucket"
  name       = "acme-logs"
  versioning = false
}

module "per_team" {
  source   = "../bucket"
  for_each = { red = true, blue = false }

  name       = "acme-team-${each.key}"
  versioning = each.value
}

# s3lint-ignore s3-bucket-versioning-enabled: never created, so this has nothing to silence
module "never" {
  source = "../bucket"
  count  = 0
  name   = "acme-never"
}

# A policy outside the module, on the bucket the module creates.
resource "aws_s3_bucket_policy" "logs" {
  bucket = module.logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "${module.logs.arn}/*"
    }]
  })
}
