"""Who is on the other end: the client address behind configured proxies, and its keyed hash.

``X-Forwarded-For`` is trusted only from configured proxy addresses (env
``GLADSAXE_TRUSTED_PROXIES``: comma-separated addresses or networks, e.g.
``127.0.0.1, 10.0.0.0/24``); anything else could be typed by the client itself. The list is
read from the right: each hop a trusted proxy added is skipped until the first address no
trusted proxy stands for — that is the client.

An address is never stored: only an HMAC of it, with IPv6 reduced to its /64 network (one home
connection gets a whole /64, so counting single IPv6 addresses would count nothing).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from collections.abc import Iterable

from geo import settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = settings.IPNetwork
LOOPBACK = ipaddress.ip_address("127.0.0.1")  # Streamlit reports loopback peers as None
IPV6_PREFIX = 64


def trusted_proxies(setting: str | None = None) -> tuple[IPNetwork, ...]:
    """The proxy networks from ``setting`` (default: ``$GLADSAXE_TRUSTED_PROXIES``).

    Raises ValueError naming the first entry that is not an address or network.
    """
    return settings.proxy_networks(settings.current().trusted_proxies if setting is None else setting)


def client_address(peer: str | None, forwarded_for: Iterable[str], proxies: tuple[IPNetwork, ...]) -> IPAddress:
    """The client's address: the connection's ``peer`` (None means loopback), or, when the peer
    is a trusted proxy, the right-most ``X-Forwarded-For`` hop that is not a trusted proxy."""
    address = _parse(peer) if peer else LOOPBACK
    if address is None:
        return LOOPBACK
    hops = [hop.strip() for header in forwarded_for for hop in header.split(",")]
    while _trusted(address, proxies) and hops:
        previous = _parse(hops.pop())
        if previous is None:
            break  # not written by a proxy we trust; keep the last address we can vouch for
        address = previous
    return address


def _parse(text: str) -> IPAddress | None:
    try:
        address = ipaddress.ip_address(text.strip().removeprefix("[").split("]")[0])
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _trusted(address: IPAddress, proxies: tuple[IPNetwork, ...]) -> bool:
    return any(address.version == net.version and address in net for net in proxies)


def address_key(address: IPAddress, secret: bytes) -> str:
    """A keyed hash (HMAC-SHA256, hex) naming the address — or its /64 network for IPv6."""
    if isinstance(address, ipaddress.IPv6Address):
        name = str(ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False))
    else:
        name = str(address)
    return hmac.new(secret, name.encode(), hashlib.sha256).hexdigest()
