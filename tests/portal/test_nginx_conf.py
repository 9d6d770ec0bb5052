"""The bundled nginx (deploy/nginx.conf) is the edge of the compose stack: it writes the
forwarding headers the portal trusts itself instead of passing on what a client sent, and
does not announce its version. Only a TLS terminator an operator lists in the ``geo`` block
may pass its own headers on. nginx is not installed here, so the text is read."""

import re
from pathlib import Path

CONF = Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf"


def _text() -> str:
    return re.sub(r"#[^\n]*", "", CONF.read_text(encoding="utf-8"))


def _directives() -> list[list[str]]:
    return [part.split() for part in re.split(r"[;{}]", _text()) if part.split()]


def _block(head: str) -> dict[str, str]:
    """The entries of the ``map``/``geo`` block whose header matches ``head``."""
    match = re.search(head + r"\s*\{([^}]*)\}", _text())
    assert match, f"no block {head!r} in nginx.conf"
    return dict(line.split() for line in match[1].split(";") if line.split())


def _proxy_header(name: str) -> str:
    values = [
        " ".join(d[2:])
        for d in _directives()
        if d[0] == "proxy_set_header" and d[1].lower() == name.lower()
    ]
    assert len(values) == 1, f"{name} is set {len(values)} times"
    return values[0]


def test_nginx_hides_its_version():
    assert ["server_tokens", "off"] in _directives()


def test_no_tls_terminator_is_trusted_until_an_operator_lists_one():
    assert _block(r"geo\s+\$from_tls_terminator") == {"default": "0"}


def test_the_client_address_is_nginxs_own_view_not_the_clients_header():
    assert _proxy_header("X-Forwarded-For") == "$forwarded_for"
    assert _block(r"map\s+\$from_tls_terminator\s+\$forwarded_for") == {
        "1": "$proxy_add_x_forwarded_for",
        "default": "$remote_addr",
    }


def test_the_scheme_is_nginxs_own_not_the_clients_header():
    assert _proxy_header("X-Forwarded-Proto") == "$forwarded_proto"
    assert _block(r"map\s+\$from_tls_terminator\s+\$forwarded_proto") == {
        "1": "$http_x_forwarded_proto",
        "default": "$scheme",
    }


def test_client_headers_are_used_nowhere_else():
    outside_maps = re.sub(r"map\s[^{]*\{[^}]*\}", "", _text())
    assert "$http_x_forwarded" not in outside_maps
    assert "$proxy_add_x_forwarded_for" not in outside_maps


def test_the_compose_stack_trusts_its_nginx_for_the_client_address(settings):
    """In docker-compose.yml web trusts the private ranges Docker allocates its networks
    from (web itself is not published), so a request relayed by nginx is keyed on the
    client nginx saw, while a peer outside them cannot name a client."""
    import yaml
    from django.test import RequestFactory

    from portal.net import client_ip

    compose = yaml.safe_load((CONF.parents[1] / "docker-compose.yml").read_text(encoding="utf-8"))
    value = compose["services"]["web"]["environment"]["PORTAL_TRUSTED_PROXIES"]
    default = re.fullmatch(r"\$\{PORTAL_TRUSTED_PROXIES:-([^}]*)\}", value)[1]
    settings.PORTAL_TRUSTED_PROXIES = default.split(",")

    via_nginx = RequestFactory().get(
        "/", REMOTE_ADDR="172.18.0.5", HTTP_X_FORWARDED_FOR="198.51.100.10"
    )
    assert client_ip(via_nginx) == "198.51.100.10"
    direct = RequestFactory().get(
        "/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.10"
    )
    assert client_ip(direct) == "203.0.113.9"
