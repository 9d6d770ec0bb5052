"""The human-support measures of the regional view, one module per sub-domain."""
