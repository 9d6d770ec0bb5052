"""Kernel services: every write that matters goes through one of these functions."""
