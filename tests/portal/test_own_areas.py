"""Each role finds its own area (自分のページ) in the header and on my page, and no other
role's; the information pages link the public register of certified cooperatives."""

import re

import pytest
from django.urls import reverse

from portal.models import Municipality, Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# role -> (factory traits, the key of its area, where the area's link goes)
AREAS = {
    "municipal": ({"sapporo": True}, "municipal-work", "portal:my_work"),
    "group": (
        {"role": Role.GROUP, "department": "札幌まちづくりの会"},
        "group-applications",
        "grants:application_list",
    ),
    "advisor": ({"advisor": True}, "advisor-assignments", "dispatch:my_assignments"),
    "cooperative": ({"role": Role.COOPERATIVE}, "cooperative-page", "casebook:cooperative_home"),
    "company": ({"role": Role.COMPANY}, "company-page", "grants:company_home"),
    "member": ({"role": Role.MEMBER}, "kyoryokutai-member", "dispatch:kyoryokutai_member_home"),
    "bureau": ({"ishikari_officer": True}, "bureau-work", "admin:index"),
    "hq": ({"hq": True}, "hq-work", "admin:index"),
}
AREA_URLS = {role: reverse(url_name) for role, (_traits, _key, url_name) in AREAS.items()}


def make_user(role):
    traits, _key, _url = AREAS[role]
    if role == "group":
        traits = {**traits, "municipality": Municipality.objects.get(code="011002")}
    return UserFactory(**traits)


def header_links(html: str) -> set[str]:
    header = html.split("</header>")[0]
    return set(re.findall(r'<a href="([^"]+)"', header))


def own_area_links(html: str) -> dict[str, str]:
    """key -> href of the links under 「自分のページ」 on my page."""
    return dict(re.findall(r'<li id="own-area-([\w-]+)">\s*<a href="([^"]+)"', html))


@pytest.mark.parametrize("role", list(AREAS))
def test_the_header_links_each_role_to_its_own_area_only(client, role):
    client.force_login(make_user(role))
    links = header_links(client.get(reverse("portal:home")).content.decode())
    own = reverse(AREAS[role][2])
    assert own in links
    others = {url for url in AREA_URLS.values() if url != own}
    assert not links & others


@pytest.mark.parametrize("role", list(AREAS))
def test_my_page_lists_the_role_s_own_area_only(client, role):
    client.force_login(make_user(role))
    html = client.get(reverse("portal:mypage")).content.decode()
    _traits, key, url_name = AREAS[role]
    # HQ also keeps the roster changes of bureau and HQ staff (人事異動, #20).
    extra = {"rotation": reverse("portal:rotation_list")} if role == "hq" else {}
    assert own_area_links(html) == {key: reverse(url_name), **extra}


@pytest.mark.parametrize(("is_org_admin", "listed"), [(True, True), (False, False)])
def test_a_municipality_s_administrator_finds_its_roster_changes(client, is_org_admin, listed):
    client.force_login(UserFactory(sapporo=True, is_org_admin=is_org_admin))
    html = client.get(reverse("portal:mypage")).content.decode()
    assert ("rotation" in own_area_links(html)) is listed


def test_officers_have_one_link_to_the_admin_named_for_their_work(client, ishikari_officer):
    client.force_login(ishikari_officer)
    header = client.get(reverse("portal:home")).content.decode().split("</header>")[0]
    assert header.count(f'href="{reverse("admin:index")}"') == 1


@pytest.mark.parametrize("traits", [{}, {"role": Role.NONE}])
def test_people_without_a_role_have_no_own_area(client, traits):
    client.force_login(UserFactory(**traits))
    html = client.get(reverse("portal:mypage")).content.decode()
    assert own_area_links(html) == {}
    assert not header_links(html) & set(AREA_URLS.values())


def test_anonymous_visitors_see_no_own_area(client):
    links = header_links(client.get(reverse("portal:home")).content.decode())
    assert not links & set(AREA_URLS.values())


def test_the_casebook_index_links_the_public_register_of_cooperatives(client):
    register = reverse("casebook:cooperative_register_list")
    html = client.get(reverse("casebook:index")).content.decode()
    assert f'href="{register}"' in html
    # Cooperatives (and people who want to register one) find their way in too.
    assert f'href="{reverse("casebook:cooperative_home")}"' in html


def test_a_cooperative_finds_its_page_from_the_casebook_index(client):
    client.force_login(UserFactory(role=Role.COOPERATIVE))
    html = client.get(reverse("casebook:index")).content.decode()
    main = html.split('id="main"')[1]
    assert f'href="{reverse("casebook:cooperative_home")}"' in main
    assert f'href="{reverse("casebook:cooperative_register_list")}"' in main


def test_municipal_staff_are_not_offered_the_cooperatives_sign_up(client, sapporo_staff):
    client.force_login(sapporo_staff)
    main = client.get(reverse("casebook:index")).content.decode().split('id="main"')[1]
    assert f'href="{reverse("casebook:cooperative_home")}"' not in main
    assert f'href="{reverse("casebook:cooperative_register_list")}"' in main


def test_the_sitemap_page_links_the_public_register(client):
    html = client.get(reverse("portal:sitemap_page")).content.decode()
    assert f'href="{reverse("casebook:cooperative_register_list")}"' in html
    footer = client.get(reverse("portal:home")).content.decode().split('class="site-footer"')[1]
    assert f'href="{reverse("portal:sitemap_page")}"' in footer
