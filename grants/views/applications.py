"""Municipal web forms of the grant application (being written)."""

from django.http import Http404


def _todo(request, *args, **kwargs):
    raise Http404


application_start = application_list = application_detail = application_section = _todo
application_check = application_confirmation = application_withdraw = _todo
application_forward = application_partner_confirm = application_change = _todo
application_report = application_claim = notice_pdf = _todo
