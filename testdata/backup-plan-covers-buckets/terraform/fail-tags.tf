# Every bucket sets the tags the selection reads, so each one is decided.
resource "aws_s3_bucket" "nightly" {
  bucket = "acme-nightly"
  tags = {
    Backup      = "nightly"
    Environment = "prod"
  }
}

resource "aws_s3_bucket" "scratch" { # expect: notCovered
  bucket = "acme-scratch"
  tags = {
    Backup      = "none"
    Environment = "prod"
  }
}

resource "aws_s3_bucket" "test_data" { # expect: notCovered
  bucket = "acme-test-data"
  tags = {
    Backup      = "nightly"
    Environment = "test-eu"
  }
}

resource "aws_backup_selection" "tagged" {
  name         = "tagged"
  iam_role_arn = "arn:aws:iam::111122223333:role/backup"
  plan_id      = "0123abcd-plan-outside-this-module"

  selection_tag {
    type  = "STRINGEQUALS"
    key   = "Backup"
    value = "nightly"
  }

  condition {
    string_not_like {
      key   = "aws:ResourceTag/Environment"
      value = "test*"
    }
  }
}
