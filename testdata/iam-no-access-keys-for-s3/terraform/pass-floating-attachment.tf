variable "user_name" {
  type = string
}

# The attachment's user is a variable: it may be the keyed user, so the key is unresolved rather than passed.
resource "aws_iam_user" "app" {
  name = "app"
}

resource "aws_iam_access_key" "app" {
  user = aws_iam_user.app.name
}

resource "aws_iam_user_policy_attachment" "someone" {
  user       = var.user_name # expect-unresolved
  policy_arn = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
}
