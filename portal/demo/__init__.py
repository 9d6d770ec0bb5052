"""The kernel's demo content by sub-domain, run by `manage.py load_demo`."""
