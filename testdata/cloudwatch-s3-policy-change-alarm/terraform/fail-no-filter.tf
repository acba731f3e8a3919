resource "aws_cloudwatch_log_group" "trail" { # expect: noFilter
  name = "cloudtrail"
}

# Watches root account usage, not bucket policies.
resource "aws_cloudwatch_log_metric_filter" "root" {
  name           = "root-usage"
  log_group_name = aws_cloudwatch_log_group.trail.name
  pattern        = "{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS }"

  metric_transformation {
    name      = "RootUsage"
    namespace = "CISBenchmark"
    value     = "1"
  }
}

# Excludes policy changes rather than watching them.
resource "aws_cloudwatch_log_metric_filter" "negated" {
  name           = "not-policy"
  log_group_name = aws_cloudwatch_log_group.trail.name
  pattern        = "{ ($.eventSource = s3.amazonaws.com) && ($.eventName != PutBucketPolicy) }"

  metric_transformation {
    name      = "OtherS3Changes"
    namespace = "CISBenchmark"
    value     = "1"
  }
}
