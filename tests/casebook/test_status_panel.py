"""The status panel on the casebook's workflow pages: a challenge, a case study."""

import pytest
from django.urls import reverse

from casebook.models import Challenge
from tests.casebook.factories import CaseStudyFactory
from tests.casebook.factories_challenges import ChallengeFactory
from tests.panel_html import assert_panel_first, buttons, panel

pytestmark = pytest.mark.django_db


def challenge_page(client, user, challenge) -> str:
    client.force_login(user)
    response = client.get(reverse("admin:casebook_challenge_change", args=[challenge.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_new_challenge_is_the_bureaus_move_with_its_triage_buttons(client, ishikari_officer):
    challenge = ChallengeFactory()
    content = challenge_page(client, ishikari_officer, challenge)
    assert_panel_first(content)
    section = panel(content)
    assert str(challenge.get_status_display()) in section
    assert "石狩振興局" in section
    found = buttons(content)
    assert set(found) == {"respond", "consider", "match", "decline"}
    assert "status-action-primary" in found["respond"]["classes"]
    assert "status-action-destructive" in found["decline"]["classes"]
    assert list(found)[-1] == "decline"
    # Each button only once: the triage section no longer repeats them.
    step = reverse("admin:casebook_challenge_step", args=[challenge.pk, "decline"])
    assert content.count(f'href="{step}"') == 1


def test_a_resolved_challenge_offers_reopening_not_triage(client, ishikari_officer):
    challenge = ChallengeFactory()
    Challenge.objects.filter(pk=challenge.pk).update(status="resolved")
    found = buttons(challenge_page(client, ishikari_officer, challenge))
    assert "reopen" in found
    assert not {"consider", "match", "decline"} & set(found)


def test_the_challenge_page_is_still_404_out_of_scope(client, oshima_officer):
    challenge = ChallengeFactory()
    client.force_login(oshima_officer)
    url = reverse("admin:casebook_challenge_change", args=[challenge.pk])
    assert client.get(url).status_code == 404


def test_a_draft_case_study_shows_the_panel_to_the_editor(client, editor):
    case_study = CaseStudyFactory()
    client.force_login(editor)
    response = client.get(reverse("admin:casebook_casestudy_change", args=[case_study.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert_panel_first(content)
    assert str(case_study.get_status_display()) in panel(content)
    for button in buttons(content).values():
        assert button["text"]
