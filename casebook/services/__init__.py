"""Every write of the casebook: one function per use case or workflow transition."""
