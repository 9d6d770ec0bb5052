"""Posting positions and trial programmes on the volunteers' portal: the lists of the
user's scope (drafts too), the forms, and publish / back to draft / close / reopen.
Municipal staff post for their municipality; bureau officers and HQ for those of their
scope. Anything outside scope is 404."""

from __future__ import annotations

from functools import wraps

import django_filters
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.actions import add_service_errors, not_found, run_action
from portal.concurrency import StaleVersion
from portal.models import Municipality
from portal.selectors import municipalities_visible_to
from portal.workflow import InvalidTransition

from ..forms.kyoryokutai import PositionForm, TrialForm, municipality_for_posting, posting_initial
from ..models import PostingStatus
from ..permissions import requests as permissions
from ..selectors import kyoryokutai as selectors
from ..services import kyoryokutai as services
from .common import REFUSED, posted, query_without_page

PAGE_SIZE = 25


def _poster(view):
    """Municipal staff, bureau officers and HQ; anyone else signed in gets 404."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not permissions.can_post_kyoryokutai(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


class PostingManageFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=PostingStatus.choices,
        label=gettext_lazy("Status"),
        empty_label=gettext_lazy("All statuses"),
    )
    municipality = django_filters.ModelChoiceFilter(
        queryset=Municipality.objects.none(),
        label=gettext_lazy("Municipality"),
        empty_label=gettext_lazy("All municipalities"),
    )

    def __init__(self, data=None, *args, user, **kwargs):
        super().__init__(data, *args, **kwargs)
        if user.role == "municipal":
            del self.filters["municipality"]
        else:
            self.filters["municipality"].queryset = municipalities_visible_to(user).order_by("code")


KINDS = {
    "positions": {
        "form": PositionForm,
        "fields": services.POSITION_FIELDS,
        "create": services.position_create,
        "managed": selectors.positions_managed_by,
        "get": selectors.position_to_manage,
        "detail": "dispatch:kyoryokutai_position_detail",
        "list": "dispatch:kyoryokutai_manage_positions",
        "title": gettext_lazy("Positions you post"),
        "new_title": gettext_lazy("Post a position"),
        "edit_title": gettext_lazy("Change the position"),
    },
    "trials": {
        "form": TrialForm,
        "fields": services.TRIAL_FIELDS,
        "create": services.trial_create,
        "managed": selectors.trials_managed_by,
        "get": selectors.trial_to_manage,
        "detail": "dispatch:kyoryokutai_trial_detail",
        "list": "dispatch:kyoryokutai_manage_trials",
        "title": gettext_lazy("Trial programmes you post"),
        "new_title": gettext_lazy("Post a trial programme"),
        "edit_title": gettext_lazy("Change the trial programme"),
    },
}


def _kind(kind: str) -> dict:
    if kind not in KINDS:
        raise Http404
    return {"kind": kind, **KINDS[kind]}


@_poster
def posting_list(request, kind):
    config = _kind(kind)
    user = request.user
    filterset = PostingManageFilter(
        request.GET,
        queryset=config["managed"](user).order_by("-updated_at", "-pk"),
        user=user,
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "dispatch/kyoryokutai/posting_list.html",
        {
            "config": config,
            "filter": filterset,
            "page": page,
            "query": query_without_page(request),
        },
    )


@_poster
def posting_create(request, kind):
    config = _kind(kind)
    form = config["form"](posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        created = []

        def create():
            posting = config["create"](
                actor=request.user,
                municipality=municipality_for_posting(request.user, form.cleaned_data),
                data=form.cleaned_data,
            )
            created.append(posting)

        done = _("The draft has been saved. Check it, then publish it when ready.")
        if run_action(request, create, form=form, done=done, on_refused=not_found):
            return redirect(config["detail"], pk=created[0].pk)
    return render(
        request,
        "dispatch/kyoryokutai/posting_form.html",
        {"config": config, "form": form, "title": config["new_title"]},
    )


@_poster
def posting_edit(request, kind, pk):
    config = _kind(kind)
    posting = config["get"](request.user, pk)
    if posting.status == PostingStatus.CLOSED:
        messages.error(request, _("A closed posting can no longer be changed."))
        return redirect(config["detail"], pk=posting.pk)
    initial = posting_initial(posting, config["fields"])
    form = config["form"](posted(request), initial=initial, user=request.user)
    if "municipality" in form.fields:
        # The municipality of a posting stays what it was.
        form.fields["municipality"].disabled = True
    if request.method != "POST":
        form.stamp(version=posting.version, values=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.posting_save(
                posting=posting,
                actor=request.user,
                data=form.cleaned_data,
                version=form.base_version,
            )
        except StaleVersion:
            current = config["get"](request.user, pk)
            form.refuse_stale(
                version=current.version, values=posting_initial(current, config["fields"])
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect(config["detail"], pk=posting.pk)
    return render(
        request,
        "dispatch/kyoryokutai/posting_form.html",
        {"config": config, "form": form, "posting": posting, "title": config["edit_title"]},
    )


MESSAGES = {
    "publish": gettext_lazy("Published: it is on the volunteers' portal now."),
    "unpublish": gettext_lazy("Taken back to draft: it is no longer public."),
    "close": gettext_lazy("Closed: it stays on the municipality's page among past postings."),
    "reopen": gettext_lazy("Opened again."),
}


@_poster
@require_POST
def posting_action(request, kind, pk):
    config = _kind(kind)
    posting = config["get"](request.user, pk)
    action = request.POST.get("action", "")
    service = services.POSTING_ACTIONS.get(action)

    def move():
        if service is None:
            raise InvalidTransition
        service(posting=posting, actor=request.user)
        return str(MESSAGES[action])

    run_action(request, move, refused=REFUSED, on_refused=not_found)
    return redirect(config["detail"], pk=posting.pk)
