"""The journal 北海道創生ジャーナル「創る」: numbered issues (号) whose articles are case
studies or feature pieces written by HQ."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .choices import ArticleKind, IssueStatus


class JournalIssue(models.Model):
    number = models.PositiveSmallIntegerField(_("issue number"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    published_on = models.DateField(_("publication date"))
    summary = models.TextField(_("introduction"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=IssueStatus.choices,
        default=IssueStatus.DRAFT,
        editable=False,
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("journal issue")
        verbose_name_plural = _("journal issues")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in IssueStatus]),
                name="casebook_issue_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(number__gt=0), name="casebook_issue_number_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"第{self.number}号 {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("casebook:issue_detail", args=[self.number])

    @property
    def is_public(self) -> bool:
        return self.status == IssueStatus.PUBLISHED


class Article(models.Model):
    issue = models.ForeignKey(JournalIssue, on_delete=models.CASCADE, related_name="articles")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(
        _("kind"), max_length=20, choices=ArticleKind.choices, default=ArticleKind.CASE_STUDY
    )
    case_study = models.ForeignKey(
        "casebook.CaseStudy",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("case study"),
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_("For a case study, leave empty to use the case study's title."),
    )
    lead = models.TextField(_("lead"), max_length=1000, blank=True)
    body = models.TextField(_("text"), max_length=30000, blank=True)
    byline = models.CharField(_("byline"), max_length=200, blank=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in ArticleKind]),
                name="casebook_article_kind_valid",
            ),
            models.CheckConstraint(
                condition=~Q(kind=ArticleKind.CASE_STUDY) | Q(case_study__isnull=False),
                name="casebook_article_case_study_given",
            ),
            models.CheckConstraint(
                condition=~Q(kind=ArticleKind.FEATURE) | (~Q(title="") & ~Q(body="")),
                name="casebook_feature_has_text",
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        if self.kind == ArticleKind.CASE_STUDY and self.case_study_id:
            return reverse("casebook:case_study_detail", args=[self.case_study_id])
        return reverse("casebook:article_detail", args=[self.issue.number, self.pk])

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        return self.case_study.title if self.case_study_id else ""
