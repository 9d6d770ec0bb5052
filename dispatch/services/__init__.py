"""Every write of the human-support pillar: one function per use case or transition."""
