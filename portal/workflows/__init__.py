"""The kernel's transition tables by sub-domain (``portal.workflow`` is the engine)."""
