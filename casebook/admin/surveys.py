"""Surveys (照会・調査) in the admin, where officers work: the survey and its question builder
(inlines), the 「回答者として表示」 preview, publishing and closing through the kernel's action
layer, the response matrix, and returning an answer (差戻し).

A bureau officer sees and sends the bureau's own surveys, and reads (nothing to publish,
close or return) any other survey that reached one of the bureau's municipalities, limited
to their answers; HQ sees every survey. Anything else is 404, as everywhere in the admin.
Scope comes from ``selectors.surveys`` (``survey_reader_q``, ``response_reader_q``,
``responses_in_view``), never from checks of each page.
"""

from __future__ import annotations

from django.contrib import admin
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from portal.actions import DESTRUCTIVE, PRIMARY, Action, ActionAdminMixin, ActionSet
from portal.admin_scope import ScopedModelAdmin
from portal.models import Role
from portal.services.attachments import attachments_of

from ..forms.survey_sheets import AnswerSheet
from ..forms.surveys import CommentForm, ReturnForm, SurveyForm
from ..models import ResponseStatus, Survey, SurveyResponse, SurveyStatus
from ..permissions import surveys as perms
from ..selectors import surveys as selectors
from ..selectors.survey_answers import answer_rows, response_events
from ..services import surveys as services
from ..services.common import sender_bureau
from ..workflows.surveys import SURVEY_RESPONSE_WORKFLOW, SURVEY_WORKFLOW
from .common import ACTION_PAGE
from .survey_collation import SurveyCollationAdminMixin
from .survey_questions import QuestionInline

STAFF = frozenset({Role.BUREAU, Role.HQ})


def _publish(request, survey, form, target):
    services.survey_publish(survey=survey, actor=request.user)
    return _("The survey was published and its recipients notified.")


def _close(request, survey, form, target):
    services.survey_close(survey=survey, actor=request.user, comment=form.cleaned_data["comment"])
    return _("The survey is closed.")


def _reopen(request, survey, form, target):
    services.survey_reopen(survey=survey, actor=request.user, comment=form.cleaned_data["comment"])
    return _("The survey is open for answers again.")


SURVEY_ACTIONS = ActionSet(
    SURVEY_WORKFLOW,
    [
        Action(
            "publish",
            _("Publish the survey"),
            _publish,
            submit_label=_("Publish and notify the recipients"),
            style=PRIMARY,
            info_template="admin/casebook/survey/publish_info.html",
        ),
        Action("close", _("Close the survey"), _close, form=CommentForm, style=DESTRUCTIVE),
        Action("reopen", _("Reopen the survey"), _reopen, form=CommentForm),
    ],
    may_act=perms.can_manage_survey,
)


@admin.register(Survey)
class SurveyAdmin(SurveyCollationAdminMixin, ActionAdminMixin, ScopedModelAdmin):
    object_actions = SURVEY_ACTIONS
    action_unavailable = _("This is not possible for this survey now.")
    action_page_context = ACTION_PAGE
    form = SurveyForm
    inlines = [QuestionInline]
    scope_municipality = None
    view_roles = STAFF
    add_roles = STAFF
    change_roles = STAFF
    deadline_field = "deadline"
    list_display = ["title", "sender_display", "deadline", "status", "published_at"]
    list_filter = ["status"]
    list_select_related = ["sender_bureau"]
    search_fields = ["title", "purpose"]
    ordering = ["-created_at", "-id"]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["title", "purpose", "cover_letter", "deadline"]}),
        (_("Attachments"), {"fields": ["attached_files", "attachments"]}),
        (
            _("Recipients"),
            {
                "fields": [
                    "audience_kind",
                    "audience_bureau",
                    "audience_region",
                    "audience_municipalities",
                ]
            },
        ),
    ]

    readonly_fields = ["attached_files"]

    @admin.display(description=_("Attached files"))
    def attached_files(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return (
            format_html_join(
                "、",
                '<a href="{}">{}</a>',
                (
                    (reverse("portal:attachment_download", args=[a.pk]), a.original_name)
                    for a in attachments_of(obj)
                ),
            )
            or "—"
        )

    @admin.display(description=_("Sender"), ordering="sender_bureau__order")
    def sender_display(self, obj):
        return obj.sender_label

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = super().get_form(request, obj, change=change, **kwargs)
        bureau = sender_bureau(request.user)

        class BoundSurveyForm(base):
            def __init__(self, *args, **inner):
                inner.setdefault("sender_bureau", bureau)
                super().__init__(*args, **inner)

        return BoundSurveyForm

    def scope(self, request, queryset):
        return queryset.filter(selectors.survey_reader_q(request.user))

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status != SurveyStatus.DRAFT:
            return False  # a published survey is read, not edited
        if obj is not None and not perms.can_manage_survey(request.user, obj):
            return False  # another's survey is read, never edited
        return super().has_change_permission(request, obj)

    def reading_context(self, request, survey) -> dict:
        """For a bureau reading another's survey: the notice that says so, and no roll-up."""
        manages = perms.can_manage_survey(request.user, survey)
        notice = ""
        if not manages:
            notice = _(
                "This survey was sent by %(sender)s. You can read it; only the answers of "
                "your bureau's municipalities are shown, and the sender manages it."
            ) % {"sender": survey.sender_label}
        return {"manages": manages, "reading_notice": notice}

    def has_delete_permission(self, request, obj=None):
        return (
            obj is not None
            and obj.status == SurveyStatus.DRAFT
            and self._role_allowed(request, STAFF)
            and perms.can_manage_survey(request.user, obj)
        )

    def save_model(self, request, obj, form, change):
        services.survey_save(
            survey=obj,
            actor=request.user,
            creating=not change,
            uploads=form.cleaned_data.get("attachments") or [],
        )

    def panel_links(self, request, obj) -> list[dict]:
        links = [
            {
                "title": _("Show as a respondent"),
                "url": reverse("admin:casebook_survey_preview", args=[obj.pk]),
            }
        ]
        if obj.status != SurveyStatus.DRAFT:
            links.insert(
                0,
                {
                    "title": _("Response matrix"),
                    "url": reverse("admin:casebook_survey_responses", args=[obj.pk]),
                },
            )
        return links

    def change_view(self, request, object_id, form_url="", extra_context=None):
        survey = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "events": selectors.survey_events(survey),
            "workflow": SURVEY_WORKFLOW,
            **self.reading_context(request, survey),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            *self.action_urls(),
            *self.collation_urls(),
            path(
                "<int:pk>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="casebook_survey_preview",
            ),
            path(
                "<int:pk>/responses/",
                self.admin_site.admin_view(self.responses_view),
                name="casebook_survey_responses",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, pk):
        """The survey as a respondent sees it, with a banner and nothing to send."""
        survey = self.get_object(request, str(pk))  # outside scope: 404
        questions = selectors.survey_questions(survey)
        return render(
            request,
            "casebook/surveys/answer.html",
            {
                "survey": survey,
                "sheet": AnswerSheet(questions),
                "preview": True,
                "back_url": reverse("admin:casebook_survey_change", args=[survey.pk]),
            },
        )

    def responses_view(self, request, pk):
        """The response matrix: each target's state, filtered by state, bureau or lateness."""
        survey = self.get_object(request, str(pk))  # outside scope: 404
        targets = selectors.responses_in_view(request.user, survey)
        status = request.GET.get("status", "")
        bureau = request.GET.get("bureau", "")
        late = request.GET.get("late") == "1"
        rows = list(
            selectors.response_matrix(
                survey,
                status=status,
                bureau_id=int(bureau) if bureau.isdigit() else None,
                late=late,
                responses=targets,
            )
        )
        context = {
            **self.admin_site.each_context(request),
            **ACTION_PAGE,
            "opts": self.model._meta,
            "object": survey,
            "object_url": reverse("admin:casebook_survey_change", args=[survey.pk]),
            "title": _("Response matrix"),
            "survey": survey,
            "rows": rows,
            "counts": selectors.response_counts(survey, responses=targets),
            "bureaus": selectors.matrix_bureaus(survey, responses=targets),
            "statuses": ResponseStatus.choices,
            "selected": {"status": status, "bureau": bureau, "late": late},
            "threads": list(selectors.survey_threads(survey, responses=targets)[:50]),
            **self.reading_context(request, survey),
        }
        return render(request, "admin/casebook/survey/responses.html", context)


def _return(request, response, form, target):
    services.response_return(
        response=response, actor=request.user, reason=form.cleaned_data["reason"]
    )
    return _("The answer was returned and the respondent notified.")


RESPONSE_ACTIONS = ActionSet(
    SURVEY_RESPONSE_WORKFLOW,
    [
        Action(
            "return",
            _("Return for correction"),
            _return,
            form=ReturnForm,
            error_field="reason",
            style=DESTRUCTIVE,
        ),
    ],
    may_act=lambda user, response: perms.can_manage_survey(user, response.survey),
)


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ActionAdminMixin, ScopedModelAdmin):
    """An answer, read in the admin; the sender returns it from here."""

    object_actions = RESPONSE_ACTIONS
    action_unavailable = _("This is not possible for this answer now.")
    action_page_context = ACTION_PAGE
    scope_municipality = None
    view_roles = STAFF
    add_roles = frozenset()
    change_roles = frozenset()
    list_display = ["survey", "respondent_display", "bureau", "status", "is_late", "submitted_at"]
    list_filter = ["status", "is_late"]
    list_select_related = ["survey", "municipality", "cooperative", "bureau"]
    search_fields = ["survey__title", "municipality__name", "cooperative__name"]
    ordering = ["-survey__created_at", "bureau__order", "municipality__code", "pk"]
    list_per_page = 100
    readonly_fields = [
        "survey",
        "respondent_display",
        "bureau",
        "status",
        "opened_at",
        "submitted_at",
        "submitted_by",
        "is_late",
        "return_reason",
        "returned_at",
        "answers_display",
    ]
    fields = readonly_fields

    def scope(self, request, queryset):
        return queryset.filter(selectors.response_reader_q(request.user))

    @admin.display(description=_("Respondent"))
    def respondent_display(self, obj):
        return obj.respondent_name

    @admin.display(description=_("Answers"))
    def answers_display(self, obj):
        rows = answer_rows(obj)
        if not rows:
            return "—"
        return format_html(
            "<dl class='survey-answers'>{}</dl>",
            format_html_join("", "<dt>{}</dt><dd>{}</dd>", ((r["label"], r["html"]) for r in rows)),
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "events": response_events(response),
            "workflow": SURVEY_RESPONSE_WORKFLOW,
            "threads": list(selectors.response_threads(response)),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [*self.action_urls(), *super().get_urls()]
