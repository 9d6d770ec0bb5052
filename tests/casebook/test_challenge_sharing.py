"""Sharing challenges among neighbours (#22 point 3): the owner chooses who may read a
challenge (audited), neighbours list and read it without the private parts and say
「同じ課題がある」 (undo allowed); the owner and the bureau see who said so. Out of scope: 404."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from casebook.models import ChallengeEcho, ChallengeLink, LinkKind, Sharing
from casebook.services import challenge_sharing as services
from casebook.services import challenges as challenge_services
from portal.models import AuditEvent
from tests.casebook.factories import theme
from tests.casebook.factories_challenges import ChallengeFactory
from tests.factories import UserFactory
from tests.factories import municipality as muni

pytestmark = pytest.mark.django_db

SHARED = reverse("casebook:shared_challenge_list")


def shared(sharing=Sharing.BUREAU, **kwargs):
    return ChallengeFactory(sharing=sharing, **kwargs)


def detail(challenge):
    return reverse("casebook:shared_challenge_detail", args=[challenge.pk])


def otaru_staff():
    """Staff of 小樽市: 後志総合振興局, in the same 連携地域 (道央) as 札幌市."""
    return UserFactory(role="municipal", municipality=muni("012033"))


# --- The owner's choice ---------------------------------------------------------------------


def test_a_challenge_is_not_shared_unless_chosen(sapporo_staff):
    challenge = challenge_services.challenge_submit(
        actor=sapporo_staff,
        theme=theme("transport"),
        title="通院手段",
        description="路線バスが廃止された。",
        urgency="high",
    )
    assert challenge.sharing == Sharing.PRIVATE


def test_the_submit_form_takes_the_sharing(client, sapporo_staff):
    client.force_login(sapporo_staff)
    client.post(
        reverse("casebook:challenge_create"),
        {
            "title": "通院手段",
            "theme": str(theme("transport").pk),
            "description": "路線バスが廃止された。",
            "urgency": "high",
            "sharing": "region",
        },
    )
    challenge = sapporo_staff.municipality.challenges.get()
    assert challenge.sharing == Sharing.REGION
    event = AuditEvent.objects.for_object(challenge).get()
    assert event.extra == {"sharing": "region"}


def test_sharing_is_changed_by_the_owner_audited_and_the_bureau_told_once(
    client, sapporo_staff, ishikari_officer, django_capture_on_commit_callbacks
):
    challenge = ChallengeFactory(submitted_by=sapporo_staff)
    client.force_login(sapporo_staff)
    url = reverse("casebook:challenge_sharing", args=[challenge.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"sharing": "bureau"})
        client.post(url, {"sharing": "region"})
        client.post(url, {"sharing": "region"})  # the same again: nothing happens
    assert response.status_code == 302
    challenge.refresh_from_db()
    assert challenge.sharing == Sharing.REGION
    events = AuditEvent.objects.for_object(challenge).filter(action="share")
    assert [e.extra for e in events.order_by("pk")] == [
        {"from": "private", "to": "bureau"},
        {"from": "bureau", "to": "region"},
    ]
    # Newly shared (from private) tells the bureau; widening it does not again.
    assert [m.to for m in mail.outbox] == [[ishikari_officer.email]]


def test_an_unknown_sharing_is_a_message_not_a_500(english, sapporo_staff):
    challenge = ChallengeFactory()
    english.force_login(sapporo_staff)
    response = english.post(
        reverse("casebook:challenge_sharing", args=[challenge.pk]), {"sharing": "everyone"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Select a valid choice" in body and 'class="error-summary"' in body
    assert "<title> Error:" in " ".join(body.split())
    challenge.refresh_from_db()
    assert challenge.sharing == Sharing.PRIVATE


@pytest.mark.parametrize("who", ["ebetsu_staff", "ishikari_officer", "hq_user"])
def test_only_the_owner_changes_the_sharing(client, request, who):
    user = request.getfixturevalue(who)
    challenge = ChallengeFactory()
    client.force_login(user)
    response = client.post(
        reverse("casebook:challenge_sharing", args=[challenge.pk]), {"sharing": "bureau"}
    )
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        services.challenge_share(challenge=challenge, actor=user, sharing="bureau")
    challenge.refresh_from_db()
    assert challenge.sharing == Sharing.PRIVATE


def test_the_service_refuses_an_unknown_choice(sapporo_staff):
    with pytest.raises(ValidationError):
        services.challenge_share(challenge=ChallengeFactory(), actor=sapporo_staff, sharing="x")


# --- What neighbours see ----------------------------------------------------------------------


def test_the_bureau_choice_reaches_the_bureaus_municipalities_only(
    client, ebetsu_staff, hakodate_staff, sapporo_staff
):
    challenge = shared(Sharing.BUREAU, title="若者の流出（共有）")
    ChallengeFactory(title="非公開の課題")
    otaru = otaru_staff()
    seen = {}
    for user in (ebetsu_staff, otaru, hakodate_staff, sapporo_staff):
        client.force_login(user)
        page = client.get(SHARED).content.decode()
        seen[user.municipality_id] = ("若者の流出（共有）" in page, "非公開の課題" in page)
        seen[user.municipality_id] += (client.get(detail(challenge)).status_code,)
    assert seen == {
        "012173": (True, False, 200),  # 江別市: the same bureau
        "012033": (False, False, 404),  # 小樽市: the same region, another bureau
        "012025": (False, False, 404),  # 函館市: another region
        "011002": (False, False, 404),  # 札幌市: its own (on its own list)
    }


def test_the_region_choice_reaches_the_regions_municipalities(client, ebetsu_staff, hakodate_staff):
    challenge = shared(Sharing.REGION)
    otaru = otaru_staff()
    for user, status in ((ebetsu_staff, 200), (otaru, 200), (hakodate_staff, 404)):
        client.force_login(user)
        assert client.get(detail(challenge)).status_code == status, user.municipality_id


@pytest.mark.parametrize("who", ["ishikari_officer", "hq_user", "advisor"])
def test_the_neighbours_pages_are_for_municipal_staff(client, request, who):
    challenge = shared()
    client.force_login(request.getfixturevalue(who))
    assert client.get(SHARED).status_code == 404
    assert client.get(detail(challenge)).status_code == 404


def test_a_neighbour_does_not_read_the_private_parts(english, ebetsu_staff, ishikari_officer):
    challenge = shared(description="公開の説明", tried="試したこと")
    challenge_services.challenge_respond(
        challenge=challenge, actor=ishikari_officer, response="振興局の回答（内部）"
    )
    challenge_services.challenge_decline(
        challenge=challenge, actor=ishikari_officer, reason="対応困難の理由（内部）"
    )
    ChallengeLink.objects.create(
        challenge=challenge, kind=LinkKind.CONSULTATION, target_id="1", label="相談（内部）"
    )
    ChallengeLink.objects.create(
        challenge=challenge, kind=LinkKind.CALL, target_id="1", label="公開の公募"
    )
    english.force_login(ebetsu_staff)
    page = english.get(detail(challenge)).content.decode()
    assert "公開の説明" in page and "試したこと" in page and "公開の公募" in page
    for private in ("振興局の回答（内部）", "対応困難の理由（内部）", "相談（内部）"):
        assert private not in page


def make_shared_with_echoes(count):
    for _n in range(count):
        challenge = shared(sharing=Sharing.REGION)
        ChallengeEcho.objects.create(challenge=challenge, municipality=muni("012025"))


def test_the_neighbours_list_has_a_fixed_number_of_queries(
    client, ebetsu_staff, django_assert_num_queries
):
    # session, user, the area, the count, the header's notification badge, the rows (echo
    # counts and "ours" in the same query), the marks no longer shared, and the session
    # saved (in a savepoint).
    client.force_login(ebetsu_staff)
    make_shared_with_echoes(1)
    with django_assert_num_queries(10):
        client.get(SHARED)
    make_shared_with_echoes(4)
    with django_assert_num_queries(10):
        response = client.get(SHARED)
    assert len(response.context["page"].object_list) == 5


# --- 「同じ課題がある」 ---------------------------------------------------------------------


def test_a_neighbour_says_it_has_the_same_challenge_and_the_owner_sees_it(
    english, ebetsu_staff, sapporo_staff
):
    challenge = shared(submitted_by=sapporo_staff)
    own = ChallengeFactory(municipality=ebetsu_staff.municipality, title="江別の同じ課題")
    english.force_login(ebetsu_staff)
    response = english.post(
        reverse("casebook:shared_challenge_echo", args=[challenge.pk]),
        {"own_challenge": str(own.pk), "note": "情報交換したい"},
    )
    assert response.status_code == 302
    echo = ChallengeEcho.objects.get()
    assert (echo.municipality_id, echo.own_challenge) == ("012173", own)
    assert echo.note == "情報交換したい"
    assert AuditEvent.objects.for_object(challenge).filter(action="echo").exists()

    english.force_login(sapporo_staff)
    page = english.get(challenge.get_absolute_url()).content.decode()
    assert "江別市" in page and "情報交換したい" in page
    # 江別市's own challenge is private: its title is not shown to 札幌市.
    assert "江別の同じ課題" not in page


def test_the_owner_follows_a_neighbours_challenge_when_it_is_shared(client, sapporo_staff):
    challenge = shared(submitted_by=sapporo_staff)
    ebetsu = UserFactory(ebetsu=True)
    own = shared(municipality=muni("012173"), title="江別の共有課題")
    services.challenge_echo(challenge=challenge, actor=ebetsu, own_challenge=own)
    client.force_login(sapporo_staff)
    page = client.get(challenge.get_absolute_url()).content.decode()
    assert reverse("casebook:shared_challenge_detail", args=[own.pk]) in page


def test_saying_it_again_updates_the_one_mark_and_it_can_be_taken_back(client, ebetsu_staff):
    challenge = shared()
    own = ChallengeFactory(municipality=ebetsu_staff.municipality)
    services.challenge_echo(challenge=challenge, actor=ebetsu_staff)
    services.challenge_echo(challenge=challenge, actor=ebetsu_staff, own_challenge=own)
    assert ChallengeEcho.objects.get().own_challenge == own
    client.force_login(ebetsu_staff)
    response = client.post(reverse("casebook:shared_challenge_unecho", args=[challenge.pk]))
    assert response.status_code == 302
    assert not ChallengeEcho.objects.exists()
    actions = list(
        AuditEvent.objects.for_object(challenge).order_by("pk").values_list("action", flat=True)
    )
    assert actions == ["echo", "echo_edit", "unecho"]
    # Taking back twice is harmless.
    assert services.challenge_echo_withdraw(challenge=challenge, actor=ebetsu_staff) is False


def test_only_ones_own_challenge_can_be_named(english, ebetsu_staff):
    challenge = shared()
    other = ChallengeFactory(municipality=muni("012025"))
    english.force_login(ebetsu_staff)
    response = english.post(
        reverse("casebook:shared_challenge_echo", args=[challenge.pk]),
        {"own_challenge": str(other.pk), "note": "残す"},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert "残す" in response.content.decode()
    assert not ChallengeEcho.objects.exists()
    with pytest.raises(ValidationError):
        services.challenge_echo(challenge=challenge, actor=ebetsu_staff, own_challenge=other)


def test_a_mark_needs_the_challenge_shared_with_the_user(client, hakodate_staff, sapporo_staff):
    challenge = shared()
    private = ChallengeFactory(municipality=muni("012173"))
    for user, target in ((hakodate_staff, challenge), (sapporo_staff, challenge)):
        client.force_login(user)
        url = reverse("casebook:shared_challenge_echo", args=[target.pk])
        assert client.post(url, {}).status_code == 404
    with pytest.raises(PermissionDenied):
        services.challenge_echo(challenge=private, actor=sapporo_staff)
    assert not ChallengeEcho.objects.exists()


def test_the_bureau_sees_who_said_so_on_the_challenge(client, ishikari_officer, ebetsu_staff):
    challenge = shared()
    services.challenge_echo(challenge=challenge, actor=ebetsu_staff, note="同じです")
    client.force_login(ishikari_officer)
    page = client.get(challenge.get_absolute_url()).content.decode()
    assert "江別市" in page and "同じです" in page


def test_a_mark_on_a_challenge_no_longer_shared_can_still_be_taken_back(
    client, ebetsu_staff, sapporo_staff
):
    challenge = shared(title="共有をやめた課題")
    services.challenge_echo(challenge=challenge, actor=ebetsu_staff)
    services.challenge_share(challenge=challenge, actor=sapporo_staff, sharing=Sharing.PRIVATE)
    client.force_login(ebetsu_staff)
    assert client.get(detail(challenge)).status_code == 404
    page = client.get(SHARED).content.decode()
    # Listed by municipality and date so that it can be taken back; not by its title.
    assert "札幌市" in page and "共有をやめた課題" not in page
    withdraw = reverse("casebook:shared_challenge_unecho", args=[challenge.pk])
    assert withdraw in page
    response = client.post(withdraw)
    assert response.status_code == 302 and response["Location"] == SHARED
    assert not ChallengeEcho.objects.exists()
    # Nothing left to take back, and never shared with 函館市: 404.
    assert client.post(withdraw).status_code == 404


@pytest.mark.parametrize("length", [499, 500])
def test_a_note_up_to_500_characters_is_kept(client, ebetsu_staff, length):
    challenge = shared()
    client.force_login(ebetsu_staff)
    url = reverse("casebook:shared_challenge_echo", args=[challenge.pk])
    assert client.post(url, {"note": "あ" * length}).status_code == 302
    assert len(ChallengeEcho.objects.get().note) == length


def test_a_longer_note_is_refused_with_the_text_kept(client, ebetsu_staff):
    challenge = shared()
    client.force_login(ebetsu_staff)
    url = reverse("casebook:shared_challenge_echo", args=[challenge.pk])
    response = client.post(url, {"note": "い" * 501})
    assert response.status_code == 400
    assert "い" * 501 in response.content.decode()
    assert not ChallengeEcho.objects.exists()
