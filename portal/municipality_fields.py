"""Form fields for choosing municipalities: one (a select grouped by bureau) or several (the
picker: bureau groups of checkboxes with a filter box). Imported through ``portal.forms``."""

from __future__ import annotations

from django import forms

from .models import Municipality


class GroupedByBureau(forms.models.ModelChoiceIterator):
    """Municipalities in one <optgroup> per bureau, for a single or multiple choice field.
    Order the queryset by bureau and select_related("bureau"): one query, groups in order."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups: dict[str, list] = {}
        for municipality in self.queryset:
            groups.setdefault(municipality.bureau.display_name, []).append(
                self.choice(municipality)
            )
        yield from groups.items()


class MunicipalityChoiceField(forms.ModelChoiceField):
    """The 179 municipalities, grouped by bureau in the select box."""

    iterator = GroupedByBureau

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "queryset",
            Municipality.objects.select_related("bureau").order_by("bureau__order", "code"),
        )
        super().__init__(**kwargs)

    def label_from_instance(self, obj):
        return obj.display_name


class MunicipalityPicker(forms.CheckboxSelectMultiple):
    """Many municipalities out of 179: checkboxes in one collapsible group per bureau (open
    where something is chosen), with a count of what is chosen. Works by keyboard and
    without JavaScript; js/picker.js adds a box that filters the names as one types."""

    template_name = "portal/forms/widgets/municipality_picker.html"

    class Media:
        js = ["js/picker.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        groups = []
        for group_name, options, _index in context["widget"]["optgroups"]:
            groups.append(
                {
                    "name": group_name,
                    "options": options,
                    "chosen": sum(1 for option in options if option["selected"]),
                }
            )
        context["widget"]["groups"] = groups
        context["widget"]["chosen"] = sum(group["chosen"] for group in groups)
        return context


class MunicipalitiesField(forms.ModelMultipleChoiceField):
    """Several of the 179 municipalities (partners, invitees, a project's towns): grouped by
    bureau in a ``MunicipalityPicker``. Pass ``queryset`` to offer fewer."""

    iterator = GroupedByBureau

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "queryset",
            Municipality.objects.select_related("bureau").order_by("bureau__order", "code"),
        )
        kwargs.setdefault("widget", MunicipalityPicker)
        super().__init__(**kwargs)

    def label_from_instance(self, obj):
        return obj.display_name
