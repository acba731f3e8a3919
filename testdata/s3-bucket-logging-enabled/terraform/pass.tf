variable "log_bucket" {
  type = string
}

variable "logging" {
  type    = map(string)
}

variable "logs_acl" {
  type    = string
}

# The central log bucket: a log target, so it needs no logging of its own.
resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_s3_bucket_logging" "data" {
  bucket        = aws_s3_bucket.data.id
  target_bucket = aws_s3_bucket.logs.id
  target_prefix = "data/"
}

# Indexed reference to a counted bucket.
resource "aws_s3_bucket" "counted" {
  count  = 1
  bucket = "acme-counted"
}

resource "aws_s3_bucket_logging" "counted" {
  count         = 1
  bucket        = aws_s3_bucket.counted[0].id
  target_bucket = aws_s3_bucket.logs.bucket
}

# for_each over the buckets themselves.
resource "aws_s3_bucket" "per_team" {
  for_each = toset(["red", "blue"])
  bucket   = "acme-team-${each.key}"
}

resource "aws_s3_bucket_logging" "per_team" {
  for_each      = aws_s3_bucket.per_team
  bucket        = each.value.id
  target_bucket = aws_s3_bucket.logs.id
  target_prefix = "${each.key}/"
}

# A target outside the scanned code, by literal or by variable: logging is on, whether the target is private is unknown.
resource "aws_s3_bucket" "to_central" {
  bucket = "acme-to-central"
}

resource "aws_s3_bucket_logging" "to_central" {
  bucket        = aws_s3_bucket.to_central.id
  target_bucket = "acme-organization-access-logs" # expect-unresolved
}

resource "aws_s3_bucket" "to_variable" {
  bucket = "acme-to-variable"
  logging {
    target_bucket = var.log_bucket # expect-unresolved
  }
}

# Log targets recognised by their ACL or policy.
resource "aws_s3_bucket" "legacy_logs" {
  bucket = "acme-legacy-logs"
  acl    = "log-delivery-write"
}

resource "aws_s3_bucket" "acl_logs" {
  bucket = "acme-acl-logs"
}

resource "aws_s3_bucket_acl" "acl_logs" {
  bucket = aws_s3_bucket.acl_logs.id
  acl    = "log-delivery-write"
}

resource "aws_s3_bucket" "policy_logs" {
  bucket = "acme-policy-logs"
}

data "aws_iam_policy_document" "policy_logs" {
  statement {
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.policy_logs.arn}/*"]
    principals {
      type        = "Service"
      identifiers = ["logging.s3.amazonaws.com"]
    }
  }
}

resource "aws_s3_bucket_policy" "policy_logs" {
  bucket = aws_s3_bucket.policy_logs.id
  policy = data.aws_iam_policy_document.policy_logs.json
}

# A public ACL on the target that Block Public Access neutralises is not a public target.
resource "aws_s3_bucket" "blocked_logs" {
  bucket = "acme-blocked-logs"
  acl    = "public-read"
}

resource "aws_s3_bucket_public_access_block" "blocked_logs" {
  bucket                  = aws_s3_bucket.blocked_logs.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "to_blocked" {
  bucket = "acme-to-blocked"
}

resource "aws_s3_bucket_logging" "to_blocked" {
  bucket        = aws_s3_bucket.to_blocked.id
  target_bucket = aws_s3_bucket.blocked_logs.id
}

# Unknown: the block may render zero times, and the target's ACL depends on a variable.
resource "aws_s3_bucket" "optional" {
  bucket = "acme-optional"
  dynamic "logging" { # expect-unresolved
    for_each = var.logging
    content {
      target_bucket = logging.value
    }
  }
}

resource "aws_s3_bucket" "configurable_logs" {
  bucket = "acme-configurable-logs"
  acl    = var.logs_acl
}

resource "aws_s3_bucket" "to_configurable" {
  bucket = "acme-to-configurable"
}

resource "aws_s3_bucket_logging" "to_configurable" {
  bucket        = aws_s3_bucket.to_configurable.id
  target_bucket = aws_s3_bucket.configurable_logs.id # expect-unresolved
}

# Created only when a variable says so, as modules often do.
variable "access_log_bucket" {
  type    = string
}

resource "aws_s3_bucket" "module_style" {
  bucket = "acme-module-style"
}

resource "aws_s3_bucket_logging" "module_style" {
  count         = var.access_log_bucket != null ? 1 : 0 # expect-unresolved
  bucket        = aws_s3_bucket.module_style.id
  target_bucket = var.access_log_bucket
}

# The same condition as the bucket's own: logging exists whenever the bucket does.
variable "create" {
  type    = bool
}

resource "aws_s3_bucket" "optional_bucket" {
  count  = var.create ? 1 : 0
  bucket = "acme-optional-bucket"
}

resource "aws_s3_bucket_logging" "optional_bucket" {
  count         = var.create ? 1 : 0
  bucket        = aws_s3_bucket.optional_bucket[0].id
  target_bucket = aws_s3_bucket.logs.id
}
