"""To-do items the human-support pillar gives the kernel's task list, one module per sub-domain."""
