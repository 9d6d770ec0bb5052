"""Views of the human-support pillar (H1, H2).

- public.py: the landing page
- requests.py: the request form with drafts, check and submit, the request's page, the
  bureau's decision, withdrawal, the completion report
- assigning.py: suggestions and assignment, release, dispatch notices, summary PDF
- sessions.py: sessions, activity reports and their confirmation
- people.py: the roster, a person's page, "my assignments"
- figures.py: a municipality's page, yearly figures and CSV, the dashboard
- calendars.py: iCal feeds
"""

from .public import index

__all__ = ["index"]
