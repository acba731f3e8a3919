variable "pattern" {
  type = string
}

resource "aws_cloudwatch_log_metric_filter" "configurable" {
  name           = "configurable"
  log_group_name = "cloudtrail"
  pattern        = var.pattern # expect-unresolved

  metric_transformation {
    name      = "Configurable"
    namespace = "Security"
    value     = "1"
  }
}
