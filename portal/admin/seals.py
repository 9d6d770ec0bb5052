"""The official seal (公印) of each bureau's notices: HQ only (bureau officers do not see it,
so nobody but HQ can change what is stamped on a bureau's notices)."""

from __future__ import annotations

import base64
import mimetypes

from django import forms
from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..admin_scope import ScopedModelAdmin
from ..models import OfficialSeal, Role
from ..models.seals import SEAL_MAX_BYTES
from ..services.seals import official_seal_save

SEAL_FORMATS = {"PNG", "JPEG"}


class OfficialSealForm(forms.ModelForm):
    class Meta:
        model = OfficialSeal
        fields = ["bureau", "mode", "image"]
        # The file is private: Django's widget would link it (private files have no URL).
        widgets = {"image": forms.FileInput(attrs={"accept": "image/png,image/jpeg"})}

    def clean_image(self):
        image = self.cleaned_data.get("image")
        upload = self.files.get(self.add_prefix("image"))
        if upload is None:
            return image
        if upload.size > SEAL_MAX_BYTES:
            raise forms.ValidationError(
                _("The seal image is %(size)s; it may be at most %(limit)s."),
                code="too_large",
                params={
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(SEAL_MAX_BYTES),
                },
            )
        # forms.ImageField has opened it with Pillow and kept what it found.
        if getattr(getattr(image, "image", None), "format", None) not in SEAL_FORMATS:
            raise forms.ValidationError(
                _("Upload the seal as a PNG or JPEG image."), code="image_format"
            )
        return image

    def clean(self):
        data = super().clean()
        if data.get("mode") == OfficialSeal.Mode.IMAGE and not data.get("image"):
            self.add_error(
                "image",
                forms.ValidationError(
                    _("Upload the seal image, or choose to print 「公印省略」."),
                    code="image_required",
                ),
            )
        return data


@admin.register(OfficialSeal)
class OfficialSealAdmin(ScopedModelAdmin):
    form = OfficialSealForm
    master_data = True
    scope_municipality = None
    view_roles = frozenset({Role.HQ})
    add_roles = frozenset({Role.HQ})
    change_roles = frozenset({Role.HQ})
    delete_roles = frozenset()
    list_display = ["bureau", "mode", "updated_at", "updated_by"]
    list_select_related = ["bureau", "updated_by"]
    readonly_fields = ["seal_preview", "updated_at", "updated_by"]
    fields = ["bureau", "mode", "image", "seal_preview", "updated_at", "updated_by"]

    def scope(self, request, queryset):
        return queryset if permissions.is_hq(request.user) else queryset.none()

    @admin.display(description=_("current seal"))
    def seal_preview(self, obj):
        if obj is None or not obj.image:
            return "—"
        try:
            with obj.image.open("rb") as file:
                data = base64.b64encode(file.read()).decode("ascii")
        except OSError:
            return gettext("The seal image file is missing. Upload it again.")
        return format_html(
            '<img src="data:{};base64,{}" alt="{}" width="96" height="96">',
            mimetypes.guess_type(obj.image.name)[0] or "image/png",
            data,
            gettext("Seal image of %(bureau)s") % {"bureau": obj.bureau},
        )

    def save_model(self, request, obj, form, change):
        official_seal_save(seal=obj, actor=request.user)
