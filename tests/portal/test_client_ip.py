"""Rate limits key on the client's address. Behind the bundled nginx every request connects
from nginx, so the client's address is taken from X-Forwarded-For, but only when the
connecting peer is one of PORTAL_TRUSTED_PROXIES; anyone else's header is ignored."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory
from django.urls import reverse

from portal.net import client_ip
from tests.factories import PASSWORD

NGINX = "172.18.0.5"  # an address in the compose network
COMPOSE_NETWORK = "172.18.0.0/16"
ALICE, BOB = "198.51.100.10", "203.0.113.20"


def _request(remote_addr=NGINX, xff=None):
    headers = {"REMOTE_ADDR": remote_addr}
    if xff is not None:
        headers["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **headers)


@pytest.fixture
def behind_proxy(settings):
    settings.PORTAL_TRUSTED_PROXIES = [COMPOSE_NETWORK]


# --- portal.net.client_ip -------------------------------------------------------------------


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.PORTAL_TRUSTED_PROXIES = []
    assert client_ip(_request(remote_addr="192.0.2.1", xff=ALICE)) == "192.0.2.1"


def test_behind_a_trusted_proxy_the_forwarded_client_is_used(behind_proxy):
    assert client_ip(_request(xff=ALICE)) == ALICE


def test_an_untrusted_peer_cannot_name_another_client(behind_proxy):
    assert client_ip(_request(remote_addr=BOB, xff=ALICE)) == BOB


def test_a_client_cannot_spoof_by_prepending_addresses(behind_proxy):
    # A TLS terminator in front appended the real client; whatever the client sent is left.
    xff = f"{BOB}, 10.0.0.1, {ALICE}, 172.18.0.9"
    assert client_ip(_request(xff=xff)) == ALICE


def test_a_client_cannot_escape_by_sending_a_very_long_header(behind_proxy):
    xff = ", ".join(["192.0.2.1"] * 5000 + [ALICE])
    assert client_ip(_request(xff=xff)) == ALICE


@pytest.mark.parametrize("xff", [None, "", " , ", "not-an-ip", f"{ALICE}, garbage"])
def test_a_missing_or_malformed_header_falls_back_to_the_peer(behind_proxy, xff):
    assert client_ip(_request(xff=xff)) == NGINX


def test_when_every_hop_is_trusted_the_furthest_one_is_the_client(behind_proxy):
    assert client_ip(_request(xff="172.18.0.7, 172.18.0.8")) == "172.18.0.7"


@pytest.mark.parametrize(
    ("xff", "expected"),
    [
        ("2001:db8::1", "2001:db8::1"),
        ("[2001:DB8::1]:4711", "2001:db8::1"),
        ("198.51.100.10:4711", ALICE),
        ("::ffff:198.51.100.10", ALICE),
    ],
)
def test_addresses_are_normalised(behind_proxy, xff, expected):
    assert client_ip(_request(xff=xff)) == expected


def test_single_addresses_and_ipv6_networks_can_be_trusted(settings):
    settings.PORTAL_TRUSTED_PROXIES = ["192.0.2.7", "fd00::/8"]
    assert client_ip(_request(remote_addr="192.0.2.7", xff=ALICE)) == ALICE
    assert client_ip(_request(remote_addr="fd00::3", xff=ALICE)) == ALICE
    assert client_ip(_request(remote_addr="192.0.2.8", xff=ALICE)) == "192.0.2.8"


def test_a_mistyped_trusted_proxy_is_a_configuration_error(settings):
    settings.PORTAL_TRUSTED_PROXIES = ["172.18.0.0/33"]
    with pytest.raises(ImproperlyConfigured, match="PORTAL_TRUSTED_PROXIES"):
        client_ip(_request(xff=ALICE))


def test_the_setting_is_read_from_the_environment_and_empty_by_default():
    from portal import settings as portal_settings

    assert portal_settings.PORTAL_TRUSTED_PROXIES == []


# --- allauth's sign-in limits ----------------------------------------------------------------


def _sign_in(client, email, password, *, remote_addr, xff=None):
    extra = {"REMOTE_ADDR": remote_addr}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def _fail_ten_times(client, *, remote_addr, xff=None):
    # Different addresses each time, so only the per-address limit (10 a minute) is hit.
    for n in range(10):
        response = _sign_in(
            client, f"nobody{n}@example.jp", "wrong", remote_addr=remote_addr, xff=xff
        )
        assert response.status_code == 200
        assert "ログイン失敗が連続しています" not in response.content.decode()


@pytest.mark.django_db
def test_failed_sign_ins_behind_the_proxy_block_only_that_client(behind_proxy, sapporo_staff):
    alice, bob = Client(), Client()
    _fail_ten_times(alice, remote_addr=NGINX, xff=ALICE)

    blocked = _sign_in(alice, sapporo_staff.email, PASSWORD, remote_addr=NGINX, xff=ALICE)
    assert "ログイン失敗が連続しています" in blocked.content.decode()
    assert "_auth_user_id" not in alice.session

    # Another person behind the same proxy signs in as usual.
    response = _sign_in(bob, sapporo_staff.email, PASSWORD, remote_addr=NGINX, xff=BOB)
    assert response.status_code == 302
    assert "_auth_user_id" in bob.session


@pytest.mark.django_db
def test_a_spoofed_forwarded_for_from_an_untrusted_peer_does_not_escape_the_limit(
    settings, sapporo_staff
):
    settings.PORTAL_TRUSTED_PROXIES = []
    attacker = Client()
    for n in range(10):
        _sign_in(attacker, f"nobody{n}@example.jp", "wrong", remote_addr=BOB, xff=f"192.0.2.{n}")
    blocked = _sign_in(attacker, sapporo_staff.email, PASSWORD, remote_addr=BOB, xff="192.0.2.99")
    assert "ログイン失敗が連続しています" in blocked.content.decode()
    assert "_auth_user_id" not in attacker.session


# --- the 協力隊 window's inquiry limit (5 an hour) ------------------------------------------


def _inquiry(client, n, *, remote_addr, xff=None):
    data = {
        "asker_kind": "prospective",
        "name": "移住 花子",
        "email": "hanako@example.jp",
        "municipality": "",
        "position": "",
        "subject": f"応募の条件 {n}",
        "question": "単身でも応募できますか。",
        "website": "",
    }
    extra = {"REMOTE_ADDR": remote_addr}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return client.post(reverse("dispatch:kyoryokutai_inquiry"), data, **extra)


@pytest.mark.django_db
def test_the_inquiry_limit_behind_the_proxy_counts_each_client(behind_proxy, client):
    for n in range(5):
        assert _inquiry(client, n, remote_addr=NGINX, xff=ALICE).status_code == 302
    refused = _inquiry(client, 5, remote_addr=NGINX, xff=ALICE)
    assert refused.status_code == 429
    assert "応募の条件 5" in refused.content.decode()
    assert _inquiry(client, 6, remote_addr=NGINX, xff=BOB).status_code == 302


@pytest.mark.django_db
def test_the_inquiry_limit_ignores_a_spoofed_header_from_an_untrusted_peer(settings, client):
    settings.PORTAL_TRUSTED_PROXIES = []
    for n in range(5):
        response = _inquiry(client, n, remote_addr=BOB, xff=f"192.0.2.{n}")
        assert response.status_code == 302
    assert _inquiry(client, 5, remote_addr=BOB, xff="192.0.2.99").status_code == 429
