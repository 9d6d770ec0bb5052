"""What the dispatch views share: refusing with a message, reading a service's refusal,
the query string without the page, and access for staff only."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from portal.workflow import InvalidTransition

from ..permissions import requests as permissions

PAGE_SIZE = 25


def to_request(request_obj):
    return redirect("dispatch:request_detail", pk=request_obj.pk)


def error_text(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    if isinstance(error, InvalidTransition):
        return error.message
    if isinstance(error, PermissionDenied) and error.args:
        return str(error.args[0])
    return _("You cannot do this with this request now.")


def refuse(request, request_obj, error=None):
    messages.error(request, error_text(error) if error is not None else error_text(None))
    return to_request(request_obj)


def add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names where the form
    has that field, at the top otherwise."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target, item.messages)
    else:
        form.add_error(None, error.messages)


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
