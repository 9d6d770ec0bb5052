"""Rules of the pillar as data and pure functions (what a statute or a programme requires),
shared by its forms, services, selectors and pages."""
