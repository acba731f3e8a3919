versioning_status = "Enabled"
