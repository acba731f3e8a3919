variable "extra_pattern" {
  type = string
}

locals {
  namespace            = "Security"
  bucket_policy_change = "{ ($.eventSource = \"s3.amazonaws.com\") && ($.eventName = \"PutBucketPolicy\") }"
}

# The pattern comes from a local; the metric names are shared literals and expressions.
resource "aws_cloudwatch_log_metric_filter" "bucket_policy" {
  name           = "bucket-policy"
  log_group_name = "cloudtrail"
  pattern        = local.bucket_policy_change

  metric_transformation {
    name      = "BucketPolicyChanges"
    namespace = local.namespace
    value     = "1"
  }
}

resource "aws_cloudwatch_metric_alarm" "bucket_policy" {
  alarm_name          = "bucket-policy"
  metric_name         = "BucketPolicyChanges"
  namespace           = local.namespace
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
}

# Another filter whose pattern is not known statically does not change a pass.
resource "aws_cloudwatch_log_metric_filter" "extra" {
  name           = "extra"
  log_group_name = "cloudtrail"
  pattern        = var.extra_pattern

  metric_transformation {
    name      = "Extra"
    namespace = local.namespace
    value     = "1"
  }
}
