"""The grants pillar in the admin.

HQ keeps the rules (programmes, categories, calls, allocations); bureau officers read their
bureau's calls and allocations, and review, decide and follow up their bureau's applications.

- rules.py: programmes, categories, applicant kinds, cost categories, calls, allocations
- applications.py: the application list and page (filters.py: its list filters)
- bulk.py: the list's bulk actions at the 年度 peak (reviewers, decisions with an amount each,
  notices as one batch with its progress page; bulk_forms.py: their forms)
- steps.py: every change to an application, one kernel action each (forms.py: their forms;
  situation.py: the facts the pages show; page.py: the page's read-only pieces)
- records.py: change requests, reports, payments and notices, read-only
- projects.py: bureau policy projects (F2) and the policy themes
- national.py: the knowledge base of national grants and the FAQ (F3)
- publication.py: which fields the public list of grant decisions shows (HQ)
- furusato.py: companies, projects seeking support, interest, seminar materials (F4)
- furusato_consultations.py: 1:1 consultation slots (one or a series) and bookings (#22)
- furusato_portals.py: portal-site listings, joint campaigns, donations received (#22)
"""

# Importing the modules registers their admins (Django autodiscovers grants.admin).
from . import (
    applications,
    furusato,
    furusato_consultations,
    furusato_portals,
    national,
    projects,
    publication,
    records,
    rules,
)

__all__ = [
    "applications",
    "furusato",
    "furusato_consultations",
    "furusato_portals",
    "national",
    "projects",
    "publication",
    "records",
    "rules",
]
