"""Forms of the advice on national grants (F3). They validate; services write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import PortalForm
from portal.uploads import AttachmentField

from ..models import Application, PolicyProject
from ..selectors.national import national_programmes_public

ABOUT_LIMIT = 100


class ProgrammeChoices(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", national_programmes_public())
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.ministry}）"


class NationalQuestionForm(PortalForm):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    question = forms.CharField(
        label=_("Your question"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "For example: which national grant fits the project, how to write the regional "
            "revitalisation plan (地域再生計画), when the deadlines are. Do not include "
            "residents' personal information."
        ),
    )
    about = forms.ChoiceField(
        label=_("What the question is about"),
        required=False,
        help_text=_("One of your municipality's grant applications, or a bureau project."),
    )
    programmes = ProgrammeChoices(
        label=_("National programmes you are thinking of"),
        help_text=_("Choose any that apply; the bureau corrects the choice if needed."),
    )
    attachments = AttachmentField(label=_("Attachments"), required=False)

    def __init__(self, *args, applications=(), projects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._objects = {}
        choices = [("", _("Nothing in particular"))]
        apps = []
        for application in list(applications)[:ABOUT_LIMIT]:
            key = f"application:{application.pk}"
            self._objects[key] = application
            label = application.title or application.call.title
            apps.append((key, f"{application.reference or _('draft')} {label}"))
        if apps:
            choices.append((_("Grant applications (地域づくり総合交付金)"), apps))
        projs = []
        for project in list(projects)[:ABOUT_LIMIT]:
            key = f"project:{project.pk}"
            self._objects[key] = project
            projs.append((key, f"{project.title}（{project.bureau.name}）"))
        if projs:
            choices.append((_("Bureau policy projects"), projs))
        self.fields["about"].choices = choices

    def clean_about(self):
        value = self.cleaned_data.get("about") or ""
        return self._objects.get(value)

    @property
    def related(self) -> Application | PolicyProject | None:
        return self.cleaned_data.get("about")


class ProgrammeTagForm(PortalForm):
    programmes = ProgrammeChoices(label=_("Programmes this consultation refers to"))


class HQReferralForm(PortalForm):
    note = forms.CharField(
        label=_("What HQ should help with"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("HQ staff are notified and can answer on the consultation's page."),
    )


class FAQPublishForm(PortalForm):
    question = forms.CharField(
        label=_("Question as published"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Rewrite it so that no person or municipality can be recognised."),
    )
    answer = forms.CharField(
        label=_("Answer as published"), max_length=8000, widget=forms.Textarea(attrs={"rows": 8})
    )
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=national_programmes_public(),
        required=False,
        empty_label=_("None"),
    )
    anonymised = forms.BooleanField(
        label=_("I have removed names, email addresses, phone numbers and other personal data."),
    )
