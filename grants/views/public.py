"""Public pages of the grants pillar (being written)."""

from django.http import Http404


def _todo(request, *args, **kwargs):
    raise Http404


call_list = call_detail = _todo
