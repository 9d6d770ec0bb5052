"""Advice on national revitalisation grants (F3).

The knowledge base and the FAQ are public. Municipal staff ask through the kernel's
consultation desk (category 国の交付金), optionally about one of their applications or a
bureau project; the bureau answers on the kernel's consultation page, and on this pillar's
page for the consultation tags the programmes, brings HQ in or publishes an FAQ entry.
"""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from portal.actions import forbidden, not_found, run_action
from portal.models import Role
from portal.permissions import is_hq
from portal.uploads import keep_uploads

from ..filters.national import FAQFilter, NationalConsultationFilter, ProgrammeFilter
from ..forms.national import FAQPublishForm, HQReferralForm, NationalQuestionForm, ProgrammeTagForm
from ..models import Application, PolicyProject
from ..permissions import applications as permissions
from ..selectors.applications import applications_visible_to
from ..selectors.national import (
    consultation_counts_by_programme,
    consultations_referring_to,
    faq_entries_public,
    faq_entry_for_consultation,
    national_consultation_get_for,
    national_consultation_rows,
    national_consultations_visible_to,
    national_info_of,
    national_programme_get_public,
    national_programmes_public,
)
from ..selectors.projects import policy_projects_visible_to
from ..services import national as services
from .public import PAGE_SIZE, query_without_page

# --- Public: the knowledge base and the FAQ -------------------------------------------------


@require_GET
def programme_list(request):
    filterset = ProgrammeFilter(request.GET, queryset=national_programmes_public())
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = consultation_counts_by_programme(p.pk for p in page)
    return render(
        request,
        "grants/national/programme_list.html",
        {
            "filter": filterset,
            "page": page,
            "rows": [(p, counts.get(p.pk, 0)) for p in page],
            "query": query_without_page(request),
            "can_ask": permissions.can_ask_about_national_grants(request.user),
        },
    )


@require_GET
def programme_detail(request, pk):
    programme = national_programme_get_public(pk)
    return render(
        request,
        "grants/national/programme_detail.html",
        {
            "programme": programme,
            "faq_entries": list(faq_entries_public().filter(programme=programme)[:20]),
            "consultations": list(consultations_referring_to(programme, request.user)[:20]),
            "consultation_total": consultation_counts_by_programme([programme.pk]).get(
                programme.pk, 0
            ),
            "can_ask": permissions.can_ask_about_national_grants(request.user),
        },
    )


@require_GET
def faq_list(request):
    filterset = FAQFilter(request.GET, queryset=faq_entries_public())
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "grants/national/faq_list.html",
        {"filter": filterset, "page": page, "query": query_without_page(request)},
    )


# --- Asking ---------------------------------------------------------------------------------


@login_required
def national_ask(request):
    user = request.user
    if not permissions.can_ask_about_national_grants(user):
        raise Http404
    applications = (
        applications_visible_to(user)
        .filter(municipality_id=user.municipality_id)
        .order_by("-fiscal_year", "-created_at")
    )
    form = NationalQuestionForm(
        request.POST or None,
        request.FILES or None,
        applications=applications,
        projects=policy_projects_visible_to(user),
        initial={"about": request.GET.get("about", "")},
    )
    keep_uploads(form, request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        opened = {}

        def consultation_open():
            opened["consultation"] = consultation = services.national_consultation_open(
                actor=user,
                subject=data["subject"],
                question=data["question"],
                uploads=data["attachments"],
                related=form.related,
                programmes=data["programmes"],
            )
            return _("Your question %(ref)s has been sent. You will be notified of the answer.") % {
                "ref": consultation.reference
            }

        if run_action(request, consultation_open, form=form, on_refused=forbidden) and opened:
            return redirect("portal:consultation_detail", pk=opened["consultation"].pk)
    return render(request, "grants/national/ask.html", {"form": form})


# --- The desk side --------------------------------------------------------------------------


def _may_list(user) -> bool:
    return is_hq(user) or user.role in (Role.BUREAU, Role.MUNICIPAL)


@login_required
@require_GET
def national_consultation_list(request):
    user = request.user
    if not _may_list(user):
        raise Http404
    filterset = NationalConsultationFilter(
        request.GET,
        queryset=national_consultations_visible_to(user).order_by("-created_at", "-pk"),
    )
    page = Paginator(filterset.qs.distinct(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "grants/national/consultation_list.html",
        {
            "filter": filterset,
            "page": page,
            "rows": national_consultation_rows(page),
            "query": query_without_page(request),
            "can_ask": permissions.can_ask_about_national_grants(user),
        },
    )


def related_link(consultation, user) -> dict | None:
    """The application or project the consultation is about, if the user may open it."""
    related = consultation.related if consultation.related_type_id else None
    if isinstance(related, Application):
        label = f"{related.reference} {related.title}".strip()
        if is_hq(user) or permissions.can_review_application(user, related):
            url = reverse("admin:grants_application_change", args=[related.pk])
        else:
            prefetch_related_objects([related], "partners")
            if not permissions.can_view_application(user, related):
                return None
            url = reverse("grants:application_detail", args=[related.pk])
        return {"kind": _("Grant application"), "label": label, "url": url}
    if isinstance(related, PolicyProject) and permissions.can_view_policy_project(user, related):
        return {
            "kind": _("Bureau policy project"),
            "label": related.title,
            "url": reverse("grants:project_detail", args=[related.pk]),
        }
    return None


def _desk_page(request, consultation, *, tag_form=None, hq_form=None, status=200):
    user = request.user
    info = national_info_of(consultation)
    can_handle = permissions.can_handle_national_consultation(user, consultation)
    can_refer = permissions.can_refer_to_hq(user, consultation) and not (
        info and info.hq_referred_at
    )
    faq_entry = faq_entry_for_consultation(consultation)
    programmes = list(info.programmes.all()) if info else []
    return render(
        request,
        "grants/national/consultation_detail.html",
        {
            "consultation": consultation,
            "info": info,
            "programmes": programmes,
            "related": related_link(consultation, user),
            "can_handle": can_handle,
            "tag_form": tag_form or (ProgrammeTagForm(initial={"programmes": programmes})),
            "hq_form": (hq_form or HQReferralForm()) if can_refer else None,
            "faq_entry": faq_entry,
            "can_publish_faq": faq_entry is None
            and permissions.can_publish_faq(user, consultation),
        },
        status=status,
    )


@login_required
@require_GET
def national_consultation_detail(request, pk):
    consultation = national_consultation_get_for(request.user, pk)
    return _desk_page(request, consultation)


@login_required
@require_POST
def national_consultation_tag(request, pk):
    consultation = national_consultation_get_for(request.user, pk)
    if not permissions.can_handle_national_consultation(request.user, consultation):
        raise Http404
    form = ProgrammeTagForm(request.POST)
    if not form.is_valid():
        return _desk_page(request, consultation, tag_form=form, status=400)
    services.national_consultation_tag(
        consultation=consultation, actor=request.user, programmes=form.cleaned_data["programmes"]
    )
    messages.success(request, _("The programmes were saved."))
    return redirect("grants:national_consultation_detail", pk=consultation.pk)


@login_required
@require_POST
def national_consultation_refer(request, pk):
    consultation = national_consultation_get_for(request.user, pk)
    if not permissions.can_refer_to_hq(request.user, consultation):
        raise Http404
    form = HQReferralForm(request.POST)
    if not form.is_valid():
        return _desk_page(request, consultation, hq_form=form, status=400)
    services.national_consultation_refer_to_hq(
        consultation=consultation, actor=request.user, note=form.cleaned_data["note"]
    )
    messages.success(request, _("HQ has been asked to help and was notified."))
    return redirect("grants:national_consultation_detail", pk=consultation.pk)


@login_required
def faq_publish(request, pk):
    """Publish an anonymised copy of an answered consultation in the FAQ."""
    consultation = national_consultation_get_for(request.user, pk)
    if not permissions.can_publish_faq(request.user, consultation):
        raise Http404
    if faq_entry_for_consultation(consultation) is not None:
        messages.info(request, _("This consultation is already in the FAQ."))
        return redirect("grants:national_consultation_detail", pk=consultation.pk)
    answers = list(consultation.replies.filter(from_desk=True).order_by("created_at", "pk"))
    info = national_info_of(consultation)
    first_programme = info.programmes.first() if info else None
    form = FAQPublishForm(
        request.POST or None,
        initial={
            "question": consultation.question,
            "answer": answers[-1].body if answers else "",
            "programme": first_programme,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        publish = partial(
            services.faq_publish,
            consultation=consultation,
            actor=request.user,
            question=data["question"],
            answer=data["answer"],
            programme=data["programme"],
        )
        done = _("The question and answer are now in the FAQ.")
        if run_action(request, publish, form=form, on_refused=not_found, done=done):
            return redirect("grants:national_faq")
    return render(
        request,
        "grants/national/faq_publish.html",
        {"consultation": consultation, "form": form},
    )
