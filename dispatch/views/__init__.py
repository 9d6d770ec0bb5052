"""Views of the human-support pillar.

Dispatch, on-site support and DX advisors (H1, H2):
- public.py: the landing page
- requests.py: the request form with drafts, check and submit, the request's page, the
  bureau's decision, withdrawal, the completion report
- assigning.py: suggestions and assignment, release, dispatch notices, summary PDF
- sessions.py: sessions, activity reports and their confirmation
- people.py: the roster, a person's page, "my assignments"
- figures.py: a municipality's page, yearly figures and CSV, the dashboard
- calendars.py: iCal feeds

地域おこし協力隊 support (H3):
- kyoryokutai_public.py: the volunteers' portal (positions, trial programmes, events, inquiries)
- kyoryokutai_manage.py: posting positions and trial programmes
- kyoryokutai_register.py: the register of members and each step of their term
- kyoryokutai_figures.py: the members' figures per 年度, charts and CSV
"""
