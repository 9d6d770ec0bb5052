"""ふるさと納税 support (F4).

- events.py: the overview page, the seminars and consultation sessions (kernel events of
  category furusato: registration, waiting list and iCal are the kernel's), their materials
  and a calendar feed
- companies.py: a company registers for ほっかいどう応援団会議 and follows its registration
- matching.py: municipalities post projects seeking support; companies browse them and
  express interest; the municipality accepts or declines
- reports.py: the pipeline and the matching report (HQ, bureaus), the statistics (HQ)
"""
