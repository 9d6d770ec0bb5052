"""To-do items of the grants pillar (shown on my page), one module per sub-domain."""
