"""照会・調査 (I1): HQ or a bureau asks municipalities (or cooperatives) questions and collects
their answers on the portal instead of by email and Excel.

A ``Survey`` is written in the admin (its questions in ``survey_questions``), published to an
audience (``portal.audiences``), which creates one ``SurveyResponse`` per recipient. Statuses
move only through ``services.surveys`` and the tables in ``workflows/surveys.py``:
survey 下書き draft → 公開中 published → 締切 closed; response 未開封 not opened → 下書き draft →
提出済 submitted (↔ 差戻し returned). A submission after the deadline is accepted and marked late.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.audiences import AudienceFields


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", pgettext_lazy("survey", "Published")
    CLOSED = "closed", pgettext_lazy("survey", "Closed")


class Survey(AudienceFields):
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(pgettext_lazy("survey", "purpose"), max_length=2000)
    cover_letter = models.TextField(
        _("cover letter (事務連絡)"),
        max_length=10000,
        blank=True,
        help_text=_("The text of the 事務連絡 that goes with the survey."),
    )
    deadline = models.DateField(_("deadline"))
    # The sending bureau; empty means HQ sent it. Scope follows from this column.
    sender_bureau = models.ForeignKey(
        "portal.Bureau",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("sending bureau"),
        editable=False,
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SurveyStatus.choices,
        default=SurveyStatus.DRAFT,
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=SurveyStatus.values), name="casebook_survey_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["sender_bureau", "status"], name="casebook_survey_sender_idx"),
            models.Index(fields=["status", "deadline"], name="casebook_survey_deadline_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def sender_label(self) -> str:
        return str(self.sender_bureau) if self.sender_bureau_id else str(_("HQ"))

    @property
    def is_overdue(self) -> bool:
        return timezone.localdate() > self.deadline


class ResponseStatus(models.TextChoices):
    UNOPENED = "unopened", _("Not opened")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", pgettext_lazy("survey response", "Submitted")
    RETURNED = "returned", pgettext_lazy("survey response", "Returned")


class SurveyResponse(models.Model):
    """One recipient's answer: a municipality's, or for the cooperatives audience a
    cooperative's. What was typed but did not validate is kept as a draft
    (``section_drafts``, portal.tasklist); valid answers are kept in ``answers``, a JSON
    object keyed by the question's id as a string (absent or null: not answered):

    - short and long text, single choice: the text; date: "YYYY-MM-DD";
    - number: the number as a decimal string ("12.5"), exact, for Decimal();
    - yes/no: true or false; multiple choice: a list of the chosen texts;
    - file: a list of ``portal.Attachment`` ids (owned by the response, label "q<id>");
    - table: a list of rows, each an object {column name: text, or decimal string for a
      number column}.
    """

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("survey")
    )
    municipality = models.ForeignKey(
        "portal.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_responses",
        verbose_name=_("municipality"),
    )
    cooperative = models.ForeignKey(
        "casebook.Cooperative",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_responses",
        verbose_name=_("cooperative"),
    )
    # The respondent's bureau, copied at publication: the matrix filters by it and a bureau
    # sees its own municipalities' answers through it.
    bureau = models.ForeignKey(
        "portal.Bureau",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bureau"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ResponseStatus.choices,
        default=ResponseStatus.UNOPENED,
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    section_drafts = models.JSONField(default=dict, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    is_late = models.BooleanField(_("submitted after the deadline"), default=False)
    return_reason = models.TextField(_("reason for returning"), max_length=2000, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["survey", "bureau__order", "municipality__code", "cooperative__name", "pk"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ResponseStatus.values),
                name="casebook_survey_response_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(municipality__isnull=False, cooperative__isnull=True)
                | Q(municipality__isnull=True, cooperative__isnull=False),
                name="casebook_survey_response_one_respondent",
            ),
            models.UniqueConstraint(
                fields=["survey", "municipality"],
                condition=Q(municipality__isnull=False),
                name="casebook_survey_response_one_per_municipality",
            ),
            models.UniqueConstraint(
                fields=["survey", "cooperative"],
                condition=Q(cooperative__isnull=False),
                name="casebook_survey_response_one_per_cooperative",
            ),
        ]
        indexes = [
            models.Index(fields=["survey", "status"], name="casebook_sresp_status_idx"),
            models.Index(fields=["municipality", "status"], name="casebook_sresp_muni_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.survey} — {self.respondent_name}"

    @property
    def respondent(self):
        return self.municipality if self.municipality_id else self.cooperative

    @property
    def respondent_name(self) -> str:
        return str(self.respondent)

    @property
    def is_submitted(self) -> bool:
        return self.status == ResponseStatus.SUBMITTED


class ReminderStage(models.TextChoices):
    BEFORE = "before", _("Reminder before the deadline")
    OVERDUE = "overdue", _("督促 after the deadline")


class SurveyReminder(models.Model):
    """A reminder stage sent for a survey: recorded so that a stage is never sent twice,
    whatever the number of beat runs."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("survey")
    )
    stage = models.CharField(_("stage"), max_length=10, choices=ReminderStage.choices)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipients = models.PositiveIntegerField(_("respondents reminded"), default=0)

    class Meta:
        ordering = ["survey", "sent_at"]
        verbose_name = _("survey reminder")
        verbose_name_plural = _("survey reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "stage"], name="casebook_survey_reminder_once_per_stage"
            ),
            models.CheckConstraint(
                condition=Q(stage__in=ReminderStage.values),
                name="casebook_survey_reminder_stage_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey}: {self.get_stage_display()}"
