"""Panels the pillar contributes to the kernel's public pages (portal.registry)."""
