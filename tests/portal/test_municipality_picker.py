"""The municipality picker: choosing several of the 179 municipalities without Ctrl-clicking a
list of names. Checkboxes in one group per bureau (open where something is chosen), each with
its own label, a count of what is chosen, and a filter box added by script. The same field
serves the joint application's partners, a dispatch request's partners, a bureau project's
municipalities and a liaison meeting's invitees and attendees."""

import re

import pytest
from django import forms
from django.urls import reverse

from portal.forms import MunicipalitiesField, MunicipalityPicker, PortalForm
from tests.casebook.factories_challenges import MeetingFactory

pytestmark = pytest.mark.django_db


class ChooseForm(PortalForm):
    towns = MunicipalitiesField(label="市町村")


def test_every_municipality_in_one_group_per_bureau_each_with_its_label():
    page = ChooseForm().as_div()
    assert page.count('<details class="picker__group"') == 14
    boxes = re.findall(r'<input type="checkbox" name="towns" value="(\d+)"[^>]*id="([^"]+)"', page)
    assert len(boxes) == 179
    for _code, box_id in boxes:
        assert f'<label for="{box_id}">' in page
    # Nothing chosen: every group closed, the count at nought, the filter box for scripts only.
    assert " open>" not in page
    assert re.search(r"data-picker-total>0<", page)
    assert re.search(r'<p class="picker__filter" hidden>', page)
    assert re.search(r'<label for="id_towns_filter">', page)


def test_chosen_municipalities_are_ticked_their_groups_open_and_counted():
    form = ChooseForm(data={"towns": ["012173", "011002", "012025"]})
    assert form.is_valid()
    page = form.as_div()
    for code in ("012173", "011002", "012025"):
        assert re.search(rf'value="{code}"[^>]*checked', page)
    opened = re.findall(r'<details class="picker__group" open>\s*<summary>\s*([^<]+?)\s*<', page)
    assert opened == ["石狩振興局", "渡島総合振興局"]
    assert re.search(r"data-picker-total>3<", page)
    assert re.search(r"data-picker-chosen>2</span>／8", page)  # 札幌市 and 江別市 of 石狩's 8


def test_a_code_that_is_no_municipality_is_a_form_error_not_a_500():
    form = ChooseForm(data={"towns": ["999999"]})
    assert not form.is_valid()
    assert form.errors["towns"]


def test_the_widget_brings_its_script():
    assert "js/picker.js" in str(forms.Form().media + MunicipalityPicker().media)


def test_the_liaison_meeting_admin_uses_the_picker_not_filter_horizontal(client, ishikari_officer):
    meeting = MeetingFactory()
    meeting.invited_municipalities.add("011002")
    client.force_login(ishikari_officer)
    page = client.get(reverse("admin:casebook_liaisonmeeting_change", args=[meeting.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "SelectFilter" not in body and "selectfilter" not in body
    assert 'name="invited_municipalities" value="011002"' in body
    assert re.search(r'name="invited_municipalities" value="011002"[^>]*checked', body)
    assert 'name="attended_municipalities"' in body
    assert "js/picker.js" in body
