# Directory and table buckets have force_destroy too: it empties them before they are destroyed.
resource "aws_s3_directory_bucket" "session_cache" {
  bucket        = "acme-session-cache--use1-az4--x-s3"
  force_destroy = true # expect: forceDestroy

  location {
    name = "use1-az4"
  }
}

resource "aws_s3tables_table_bucket" "warehouse" {
  name          = "acme-warehouse"
  force_destroy = true # expect: forceDestroy
}
