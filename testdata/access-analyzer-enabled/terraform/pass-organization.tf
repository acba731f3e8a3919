resource "aws_organizations_organization" "org" {
  aws_service_access_principals = ["access-analyzer.amazonaws.com"]
}

resource "aws_accessanalyzer_analyzer" "org" {
  depends_on    = [aws_organizations_organization.org]
  analyzer_name = "organization"
  type          = "ORGANIZATION"
}
