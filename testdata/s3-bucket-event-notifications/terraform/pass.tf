variable "queues" {
  type    = map(string)
}

resource "aws_s3_bucket" "events" {
  bucket = "acme-events"
}

resource "aws_s3_bucket_notification" "events" {
  bucket      = aws_s3_bucket.events.id
  eventbridge = true
}

resource "aws_sns_topic" "uploads" {
  name = "uploads"
}

# Linked by literal name.
resource "aws_s3_bucket" "uploads" {
  bucket = "acme-uploads"
}

resource "aws_s3_bucket_notification" "uploads" {
  bucket = "acme-uploads"
  topic {
    topic_arn = aws_sns_topic.uploads.arn
    events    = ["s3:ObjectCreated:*"]
  }
}

# for_each over the buckets themselves.
resource "aws_s3_bucket" "per_team" {
  for_each = toset(["red", "blue"])
  bucket   = "acme-team-${each.key}"
}

resource "aws_s3_bucket_notification" "per_team" {
  for_each    = aws_s3_bucket.per_team
  bucket      = each.value.id
  eventbridge = true
}

# Destinations from a variable may be none.
resource "aws_s3_bucket" "optional" {
  bucket = "acme-optional"
}

resource "aws_s3_bucket_notification" "optional" {
  bucket = aws_s3_bucket.optional.id
  dynamic "queue" { # expect-unresolved
    for_each = var.queues
    content {
      queue_arn = queue.value
      events    = ["s3:ObjectRemoved:*"]
    }
  }
}

# Notification for a bucket outside the scanned code.
resource "aws_s3_bucket_notification" "external" {
  bucket      = "acme-other-stack"
  eventbridge = true
}

variable "notify" {
  type    = bool
}

resource "aws_s3_bucket" "maybe" {
  bucket = "acme-maybe"
}

resource "aws_s3_bucket_notification" "maybe" {
  count       = var.notify ? 1 : 0 # expect-unresolved
  bucket      = aws_s3_bucket.maybe.id
  eventbridge = true
}
