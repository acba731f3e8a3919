output "queue_bucket" {
  value = aws_s3_bucket.queue.id
}
