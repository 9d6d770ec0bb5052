"""The client's network address, for rate limits.

Behind a reverse proxy every request connects from the proxy, so limits keyed on
``REMOTE_ADDR`` would lump every visitor together (ten failed sign-ins by anyone would
block everyone). The proxy names the client in ``X-Forwarded-For``, but anyone can send
that header, so it is believed only when the connecting peer is one of
``PORTAL_TRUSTED_PROXIES``. Each proxy appends the address it saw, so the header is read
from the right: trusted hops are skipped and the first untrusted address is the client;
whatever a client wrote to the left of it is never reached.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# No chain of proxies we run is longer than this.
MAX_FORWARDED_HOPS = 20


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"PORTAL_TRUSTED_PROXIES: {entry!r} is not an IP address or network "
                "(e.g. 172.18.0.0/16)."
            ) from None
    return tuple(networks)


def trusted_proxies() -> tuple[Network, ...]:
    return _networks(tuple(getattr(settings, "PORTAL_TRUSTED_PROXIES", ()) or ()))


def parse_address(value: str | None) -> Address | None:
    """An address as proxies write it (``1.2.3.4``, ``1.2.3.4:80``, ``[::1]:80``, ``::1``),
    IPv4-mapped IPv6 as IPv4; None if it is not one."""
    value = (value or "").strip()
    if value.startswith("[") and "]" in value:
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _is_trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address in network for network in networks)


def client_ip(request) -> str:
    """The address of the client that made ``request``, as text; "" if unknown."""
    peer = parse_address(request.META.get("REMOTE_ADDR"))
    if peer is None:
        return ""
    networks = trusted_proxies()
    if not networks or not _is_trusted(peer, networks):
        return str(peer)
    # Only our own proxies' end of the header is read: whatever a client prepends, however
    # long, is never reached.
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", MAX_FORWARDED_HOPS)
    client = peer
    for raw in reversed(hops[-MAX_FORWARDED_HOPS:]):
        address = parse_address(raw)
        if address is None:
            # A hop we cannot read: nothing to its left can be vouched for.
            return str(peer)
        client = address
        if not _is_trusted(address, networks):
            break
    # Every hop trusted: the furthest one is as close to the client as we can know.
    return str(client)
