"""The casebook in the admin: bureau officers draft case studies, HQ editors review and
publish them and prepare the journal's issues."""

from . import case_studies, challenges, cooperatives, journal, meetings, plans, reference  # noqa: F401
