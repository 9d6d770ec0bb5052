"""Bureau and HQ dashboards of the grants pillar (being written)."""

from django.http import Http404


def _todo(request, *args, **kwargs):
    raise Http404


dashboard = export_csv = overdue_reports = _todo
