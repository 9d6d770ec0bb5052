"""The kernel's own panels on the municipality pages (public and regional view)."""
