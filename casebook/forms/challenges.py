"""Forms of challenges, liaison meetings and plans (I1, I4): the municipality's pages,
the comment thread, and the admin's link and step forms."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.concurrency import VersionedFormMixin
from portal.forms import PortalForm
from portal.forms.strategy_links import MeasuresField, offer_or_drop
from portal.japanese import fiscal_year, nendo
from portal.models import Strategy, StrategyKind
from portal.references import ReferenceNumberField
from portal.uploads import AttachmentField

from ..models import (
    Challenge,
    LinkKind,
    PlanStatus,
    PlanType,
    Sharing,
    SupportKind,
    Theme,
    Urgency,
)
from ..models.challenges import LINK_REFERENCE_KINDS


class ChallengeForm(PortalForm):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("The challenge in a line. For example: 路線バスの廃止後の通院手段"),
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.filter(is_active=True),
        empty_label=_("Choose a theme"),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the situation is, who is affected and since when."),
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=Urgency.choices, widget=forms.RadioSelect
    )
    tried = forms.CharField(
        label=_("What has been tried"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the municipality has already done or considered, and with what result."),
    )
    support = forms.MultipleChoiceField(
        label=_("Support that would help"),
        choices=SupportKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose any that apply; the bureau may suggest others."),
    )
    measures = MeasuresField(
        help_text=_(
            "Tick the measures of the municipality's comprehensive strategy or of the region's "
            "policy this challenge bears on. Only published strategies are listed."
        )
    )
    sharing = forms.ChoiceField(
        label=_("Share with neighbouring municipalities"),
        choices=Sharing.choices,
        initial=Sharing.PRIVATE,
        required=False,  # nothing chosen is not shared
        widget=forms.RadioSelect,
        help_text=_(
            "Shared challenges are read by the staff of the municipalities you choose (not the "
            "public). They see the title, theme, urgency, status, description, what has been "
            "tried and the support wanted; never the bureau's response or the history. You can "
            "change this later on the challenge's page."
        ),
    )

    def __init__(self, *args, municipality=None, **kwargs):
        super().__init__(*args, **kwargs)
        offer_or_drop(self, municipality)

    def clean_sharing(self):
        return self.cleaned_data.get("sharing") or Sharing.PRIVATE


class SharingForm(PortalForm):
    sharing = forms.ChoiceField(
        label=_("Share with neighbouring municipalities"),
        choices=Sharing.choices,
        widget=forms.RadioSelect,
    )


class EchoForm(PortalForm):
    """「同じ課題がある」: optionally one of the neighbour's own challenges, and a note."""

    own_challenge = forms.ModelChoiceField(
        label=_("Our challenge that is the same"),
        queryset=Challenge.objects.none(),
        required=False,
        empty_label=_("None (we have not submitted it)"),
        help_text=_("The bureau sees the two challenges together."),
    )
    note = forms.CharField(
        label=_("Note to the municipality"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, own_challenges=None, **kwargs):
        super().__init__(*args, **kwargs)
        if own_challenges is not None:
            self.fields["own_challenge"].queryset = own_challenges


def year_choices() -> list[tuple[str, str]]:
    """令和 years to choose from, starting with nothing chosen: a default (ten years ahead, the
    top of the list) would be a risky answer nobody gave."""
    this_year = fiscal_year()
    return [("", _("Choose a fiscal year"))] + [
        (str(y), nendo(y)) for y in range(this_year + 10, 2004, -1)
    ]


class PlanForm(VersionedFormMixin, PortalForm):
    """A plan's fields; when editing, it carries the plan's version (portal.concurrency)."""

    plan_type = forms.ModelChoiceField(
        label=_("Plan type"),
        queryset=PlanType.objects.filter(is_active=True),
        empty_label=_("Choose a plan type"),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("The plan's name as adopted, e.g. 第2期○○町地域公共交通計画."),
    )
    start_year = forms.TypedChoiceField(
        label=_("First fiscal year"), coerce=int, choices=year_choices
    )
    end_year = forms.TypedChoiceField(label=_("Last fiscal year"), coerce=int, choices=year_choices)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The plan's aims, main measures and targets, in a few paragraphs."),
    )
    url = forms.URLField(
        label=_("Web page"),
        required=False,
        assume_scheme="https",
        help_text=_("Where the plan is published, if it is."),
    )
    strategy = forms.ModelChoiceField(
        label=_("Comprehensive strategy"),
        queryset=Strategy.objects.none(),
        required=False,
        empty_label=_("Not linked"),
        help_text=_(
            "For a 総合戦略: its goals, measures and KPIs are kept in the strategy and shown "
            "on the plan's page."
        ),
    )
    next_revision_due = forms.DateField(
        label=_("Next revision due"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "Staff are reminded 90 and 30 days before. Empty: set from the plan type's "
            "statutory cycle, if it has one."
        ),
    )
    documents = AttachmentField(label=_("Plan documents"), required=False)

    def __init__(self, *args, municipality_id=None, own_strategy_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The municipality's 総合戦略, and the plan's own measures (kind "plan") if it has them.
        self.fields["strategy"].queryset = Strategy.objects.filter(
            Q(kind=StrategyKind.MUNICIPAL) | Q(pk=own_strategy_id or 0),
            municipality_id=municipality_id,
        ).order_by("-start_year")

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("The last fiscal year cannot be before the first."))
        plan_type = data.get("plan_type")
        strategy = data.get("strategy")
        if (
            strategy
            and plan_type
            and (strategy.kind == StrategyKind.MUNICIPAL) != (plan_type.code == "strategy")
        ):
            self.add_error(
                "strategy", _("Only a comprehensive strategy (総合戦略) plan links a strategy.")
            )
        return data


class PlanRegisterForm(PlanForm):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (PlanStatus.DRAFTING, PlanStatus.DRAFTING.label),
            (PlanStatus.ADOPTED, PlanStatus.ADOPTED.label),
        ],
        widget=forms.RadioSelect,
    )

    field_order = ["plan_type", "title", "status", "start_year", "end_year"]


class PlanCommentForm(PortalForm):
    body = forms.CharField(
        label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReplyForm(PortalForm):
    """A reply to one comment: a prefix per comment keeps the ids of the page unique."""

    body = forms.CharField(
        label=_("Your reply"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class PlanStepForm(PortalForm):
    comment = forms.CharField(
        label=_("Note"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DocumentsForm(PortalForm):
    documents = AttachmentField(label=_("Documents"))


class CloseItemForm(PortalForm):
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


# --- Admin forms --------------------------------------------------------------------------


LINK_KIND_OF = {reference: kind for kind, reference in LINK_REFERENCE_KINDS.items()}


class LinkForm(forms.Form):
    """Link by the number people see: a request's or a consultation's reference number
    (which names its kind, whatever kind is chosen) or the number in a page's address (of
    the chosen kind). Cleans to the kind and the id the service links."""

    kind = forms.ChoiceField(label=_("What to link"), choices=LinkKind.choices)
    target_id = ReferenceNumberField(
        kinds=LINK_REFERENCE_KINDS.values(),
        label=_("Reference number"),
        help_text=_(
            "The reference number of the request or consultation (e.g. R8-石狩-派0003, "
            "C2026-00012), or the number in the address of the call, advisor or case study "
            "(e.g. 12 in /grants/calls/12/)."
        ),
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["target_id"]
        field.user = user
        chosen = LINK_REFERENCE_KINDS.get(self.data.get("kind")) if self.is_bound else None
        if chosen:
            field.kinds = (chosen, *(kind for kind in field.kinds if kind != chosen))

    def clean(self):
        data = super().clean()
        target = data.get("target_id")
        if target is not None:
            data["kind"] = LINK_KIND_OF[target.kind]
            data["target_id"] = str(target.pk)
        return data


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The municipality sees it in the challenge's history."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The municipality reads it."),
    )


class ResponseForm(forms.Form):
    response = forms.CharField(
        label=_("Response to the municipality"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
