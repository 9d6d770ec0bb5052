"""The consultation desk for municipal staff and officers."""

from functools import partial
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .. import permissions, selectors
from ..actions import forbidden, not_found, refusal_on_form, run_action
from ..filters import ConsultationFilter
from ..forms import ConsultationForm, ReplyForm
from ..models import AuditEvent
from ..services import consultations as services
from ..services.attachments import attachments_of
from ..uploads import keep_uploads
from ..workflow import CONSULTATION_WORKFLOW, InvalidTransition


@login_required
def consultation_list(request):
    qs = selectors.consultations_visible_to(request.user)
    status = request.GET.get("status", "")
    if status in {"open", "answered", "closed"}:
        qs = qs.filter(status=status)
    # The 年度 and place the regional view's figures link with (?fiscal_year=&region=…).
    filterset = ConsultationFilter(request.GET, queryset=qs, user=request.user)
    page = Paginator(filterset.qs, 20).get_page(request.GET.get("page"))
    query = {k: v for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "portal/consultation_list.html",
        {
            "page": page,
            "status": status,
            "filter": filterset,
            "query": urlencode(query),
            "can_ask": permissions.can_ask_consultation(request.user),
        },
    )


@login_required
def consultation_create(request):
    if not permissions.can_ask_consultation(request.user):
        raise Http404
    form = ConsultationForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    keep_uploads(form, request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        opened = {}

        def consultation_open():
            opened["consultation"] = consultation = services.consultation_open(
                actor=request.user,
                category=data["category"],
                subject=data["subject"],
                question=data["question"],
                uploads=data["attachments"],
            )
            return _("Your question %(ref)s has been sent. You will be notified of the answer.") % {
                "ref": consultation.reference
            }

        if run_action(request, consultation_open, form=form, on_refused=forbidden) and opened:
            return redirect("portal:consultation_detail", pk=opened["consultation"].pk)
    return render(request, "portal/consultation_form.html", {"form": form})


@login_required
def consultation_detail(request, pk):
    consultation = selectors.consultation_get_for(request.user, pk)
    form = ReplyForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    keep_uploads(form, request)
    if request.method == "POST" and form.is_valid():
        reply = partial(
            services.consultation_reply,
            consultation=consultation,
            actor=request.user,
            body=form.cleaned_data["body"],
            uploads=form.cleaned_data["attachments"],
        )
        done = _("Your message has been sent.")
        if run_action(request, reply, form=form, on_refused=refusal_on_form(form), done=done):
            return redirect("portal:consultation_detail", pk=consultation.pk)
    replies = list(consultation.replies.select_related("author"))
    is_desk = permissions.can_answer_consultation(request.user, consultation)
    return render(
        request,
        "portal/consultation_detail.html",
        {
            "consultation": consultation,
            "replies": replies,
            "attachments": attachments_of(consultation),
            "form": form if consultation.status != "closed" else None,
            "events": AuditEvent.objects.for_object(consultation).select_related("actor"),
            "workflow": CONSULTATION_WORKFLOW,
            "is_desk": is_desk,
            "applicant_view": not is_desk,
        },
    )


CONSULTATION_ACTIONS = {
    "close": (services.consultation_close, gettext_lazy("The consultation has been closed.")),
    "reopen": (services.consultation_reopen, gettext_lazy("The consultation has been reopened.")),
}


@login_required
@require_POST
def consultation_action(request, pk):
    consultation = selectors.consultation_get_for(request.user, pk)
    action = CONSULTATION_ACTIONS.get(request.POST.get("action"))
    if action is None:
        messages.error(request, InvalidTransition().message)
    else:
        service, done = action
        move = partial(service, consultation=consultation, actor=request.user)
        run_action(request, move, done=done, on_refused=not_found)
    return redirect("portal:consultation_detail", pk=consultation.pk)


@never_cache  # a private thread opened by its secret link: never kept in a cache
def consultation_guest(request, token):
    """The private thread of someone who asked without an account (link in their email)."""
    consultation = selectors.consultation_get_by_token(token)
    form = ReplyForm(request.POST if request.method == "POST" else None, attachments=False)
    if request.method == "POST" and consultation.status != "closed" and form.is_valid():
        reply = partial(
            services.consultation_reply_as_guest,
            consultation=consultation,
            body=form.cleaned_data["body"],
        )
        done = _("Your message has been sent.")
        if run_action(request, reply, form=form, on_refused=forbidden, done=done):
            return redirect("portal:consultation_guest", token=token)
    return render(
        request,
        "portal/consultation_guest.html",
        {
            "consultation": consultation,
            "replies": consultation.replies.all(),
            "form": form if consultation.status != "closed" else None,
        },
    )
