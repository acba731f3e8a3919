resource "aws_s3_bucket" "artifacts" {
  bucket = "acme-artifacts"
}

# An inline user policy that writes objects.
resource "aws_iam_user" "ci" {
  name = "ci"
}

resource "aws_iam_user_policy" "ci" {
  name = "upload"
  user = aws_iam_user.ci.name
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = ["s3:PutObject"], Resource = "${aws_s3_bucket.artifacts.arn}/*" }]
  })
}

resource "aws_iam_access_key" "ci" { # expect: keyWithS3Access
  user = aws_iam_user.ci.name
}

# An AWS managed S3 policy, attached to a user created with count and named by an indexed reference.
resource "aws_iam_user" "reader" {
  count = 1
  name  = "reader"
}

resource "aws_iam_user_policy_attachment" "reader" {
  user       = aws_iam_user.reader[0].name
  policy_arn = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
}

resource "aws_iam_access_key" "reader" { # expect: keyWithS3Access
  user = aws_iam_user.reader[0].name
}

# Permissions through a group, attached by literal names.
resource "aws_iam_user" "operator" {
  name = "operator"
}

resource "aws_iam_group" "admins" {
  name = "admins"
}

resource "aws_iam_group_policy_attachment" "admins" {
  group      = aws_iam_group.admins.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_user_group_membership" "operator" {
  user   = "operator"
  groups = [aws_iam_group.admins.name]
}

resource "aws_iam_access_key" "operator" { # expect: keyWithS3Access
  user = "operator"
}

# A customer managed policy built from a policy document data source, attached with aws_iam_policy_attachment.
data "aws_iam_policy_document" "backup" {
  statement {
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = [aws_s3_bucket.artifacts.arn, "${aws_s3_bucket.artifacts.arn}/*"]
  }
}

resource "aws_iam_policy" "backup" {
  name   = "backup"
  policy = data.aws_iam_policy_document.backup.json
}

resource "aws_iam_user" "backup" {
  name = "backup"
}

resource "aws_iam_policy_attachment" "backup" {
  name       = "backup"
  users      = [aws_iam_user.backup.name]
  policy_arn = aws_iam_policy.backup.arn
}

resource "aws_iam_access_key" "backup" { # expect: keyWithS3Access
  user = aws_iam_user.backup.id
}

# One key per user of a for_each collection: the iterated users are in the code.
resource "aws_iam_user" "team" {
  for_each = toset(["ana", "ben"])
  name     = each.key
}

resource "aws_iam_user_policy_attachment" "team" {
  for_each   = aws_iam_user.team
  user       = each.value.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonS3FullAccess"
}

resource "aws_iam_access_key" "team" { # expect: keyWithS3Access, keyWithS3Access
  for_each = aws_iam_user.team
  user     = each.value.name
}
