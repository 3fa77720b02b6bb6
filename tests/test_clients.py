"""The client address behind proxies, and what is kept of it (issue 12, M1)."""

from __future__ import annotations

import ipaddress

import pytest

from geo.clients import address_key, client_address, trusted_proxies

PROXY = trusted_proxies("127.0.0.1, 10.0.0.0/24")


def test_without_trusted_proxies_the_header_is_ignored():
    assert str(client_address("203.0.113.7", ["1.2.3.4"], ())) == "203.0.113.7"
    assert str(client_address(None, ["1.2.3.4"], ())) == "127.0.0.1"  # loopback, all alike


def test_a_client_cannot_pick_its_address_through_the_header():
    # The client typed "1.2.3.4" itself; nginx on 127.0.0.1 appended the real peer.
    assert str(client_address(None, ["1.2.3.4, 198.51.100.9"], PROXY)) == "198.51.100.9"


def test_hops_of_trusted_proxies_are_skipped_from_the_right():
    headers = ["6.6.6.6, 198.51.100.9", "10.0.0.5"]
    assert str(client_address("10.0.0.2", headers, PROXY)) == "198.51.100.9"


def test_a_peer_that_is_not_a_proxy_is_the_client():
    assert str(client_address("198.51.100.9", ["10.0.0.5"], PROXY)) == "198.51.100.9"


def test_garbage_in_the_header_stops_at_the_last_trusted_hop():
    assert str(client_address(None, ["<script>", "10.0.0.7"], PROXY)) == "10.0.0.7"
    assert str(client_address(None, [], PROXY)) == "127.0.0.1"


def test_ipv4_mapped_and_bracketed_addresses():
    assert str(client_address("::ffff:198.51.100.9", [], ())) == "198.51.100.9"
    assert str(client_address(None, ["[2001:db8::1]"], PROXY)) == "2001:db8::1"


def test_bad_proxy_setting_is_named():
    with pytest.raises(ValueError, match="not-an-ip"):
        trusted_proxies("127.0.0.1, not-an-ip")


def test_only_a_keyed_hash_is_kept_and_ipv6_counts_per_64():
    secret = b"s" * 32
    v4 = address_key(ipaddress.ip_address("198.51.100.9"), secret)
    assert len(v4) == 64 and "198" not in v4
    assert v4 != address_key(ipaddress.ip_address("198.51.100.9"), b"t" * 32)
    a = address_key(ipaddress.ip_address("2001:db8:1:2::1"), secret)
    assert a == address_key(ipaddress.ip_address("2001:db8:1:2:ffff::9"), secret)
    assert a != address_key(ipaddress.ip_address("2001:db8:1:3::1"), secret)
