"""What the dispatch views share: refusing with a message, reading a service's refusal,
the query string without the page, and access for staff only."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy

from portal.actions import error_text

from ..permissions import requests as permissions

PAGE_SIZE = 25


REFUSED = gettext_lazy("You cannot do this with this request now.")


def to_request(request_obj):
    return redirect("dispatch:request_detail", pk=request_obj.pk)


def refuse(request, request_obj, error=None):
    messages.error(request, error_text(error, REFUSED) if error is not None else str(REFUSED))
    return to_request(request_obj)


def query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def staff_only(view):
    """Bureau officers and HQ; anyone else signed in gets 404 (no existence leak)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not permissions.is_staff(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def posted(request):
    """The form data of a POST (even an empty one), None otherwise: ``request.POST or
    None`` would leave a form without fields unbound when nothing but CSRF is sent."""
    return request.POST if request.method == "POST" else None


def files(request):
    return request.FILES if request.method == "POST" else None
