"""Who may do what in the human-support pillar: pure predicates."""
