force_destroy = true
