# s3lint-ignore s3-bucket-versioning-enabled: migration to the new account [until 2024-01-31]
resource "aws_s3_bucket" "old" {
  bucket = "acme-old"
}

# s3lint-ignore s3-bucket-versioning-enabled [until 2027-03-31]: waiting for the data retention decision
resource "aws_s3_bucket" "pending" {
  bucket = "acme-pending"
}
