resource "aws_sns_topic" "security" {
  name = "security-alarms"
}

resource "aws_cloudwatch_log_metric_filter" "bucket_policy" {
  name           = "s3-bucket-policy-changes"
  log_group_name = "cloudtrail"
  pattern        = "{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketPolicy) || ($.eventName = DeleteBucketPolicy)) }"

  metric_transformation {
    name      = "S3BucketPolicyChanges"
    namespace = "CISBenchmark"
    value     = "1"
  }
}

# The alarm names the filter's metric by reference.
resource "aws_cloudwatch_metric_alarm" "bucket_policy" {
  alarm_name          = "s3-bucket-policy-changes"
  metric_name         = aws_cloudwatch_log_metric_filter.bucket_policy.metric_transformation[0].name
  namespace           = aws_cloudwatch_log_metric_filter.bucket_policy.metric_transformation[0].namespace
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [aws_sns_topic.security.arn]
}
