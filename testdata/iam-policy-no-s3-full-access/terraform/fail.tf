data "aws_partition" "current" {}

# s3:* on every resource, written with jsonencode.
resource "aws_iam_policy" "storage_admin" {
  name = "storage-admin"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ReadLogs"
        Effect   = "Allow"
        Action   = ["logs:GetLogEvents"]
        Resource = "*"
      },
      { # expect: s3Wildcard
        Sid      = "AllOfS3"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:*"]
        Resource = "*"
      }
    ]
  })
}

# Every bucket through a policy document data source, with the partition from a data source.
data "aws_iam_policy_document" "every_bucket" {
  statement { # expect: s3Wildcard
    actions   = ["s3:*"]
    resources = ["arn:${data.aws_partition.current.partition}:s3:::*"]
  }
}

resource "aws_iam_role_policy" "worker" {
  name   = "worker"
  role   = "worker"
  policy = data.aws_iam_policy_document.every_bucket.json
}

# Every object of every bucket.
resource "aws_iam_group_policy" "ops" {
  name  = "ops"
  group = "ops"
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "s3:*", Resource = ["arn:aws:s3:::*/*"] }] # expect: s3Wildcard
  })
}

# Action "*" grants S3 along with everything else.
resource "aws_iam_user_policy" "admin" {
  name = "admin"
  user = "admin"
  policy = jsonencode({
    Statement = [
      { # expect: everyAction
        Effect   = "Allow"
        Action   = "*"
        Resource = "*"
      }
    ]
  })
}

# NotAction that does not name S3 grants every S3 action; inline policies of a role count.
resource "aws_iam_role" "deployer" {
  name               = "deployer"
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })

  inline_policy {
    name = "almost-everything"
    policy = jsonencode({
      Statement = [
        { # expect: everyAction
          Effect    = "Allow"
          NotAction = ["iam:*", "organizations:*"]
          Resource  = "*"
        }
      ]
    })
  }
}

# Two statements granting full access in one identity: one finding, the second as a related location.
resource "aws_iam_role" "legacy" {
  name               = "legacy"
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })

  inline_policy {
    name   = "storage"
    policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "*" }] }) # expect: s3Wildcard
  }

  inline_policy {
    name   = "everything"
    policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
  }
}
