"""CSV exports of the human-support pillar, built from the same figures as the pages."""
