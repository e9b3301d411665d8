"""The client address the per-address limits count: X-Forwarded-For only from trusted proxies, IPv6 per /64."""

from __future__ import annotations

import ipaddress

import falcon.testing
import pytest

from api.client_address import ClientAddress

BALANCERS = (ipaddress.ip_network("10.0.0.0/8"), ipaddress.ip_network("2001:db8:ffff::/48"))


def address(trusted: tuple, peer: str, forwarded_for: str | None = None) -> str:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for is not None else {}
    return ClientAddress(trusted)(falcon.testing.create_req(remote_addr=peer, headers=headers))


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "expected"),
    [
        ("203.0.113.5", None, "203.0.113.5"),
        ("203.0.113.5", "198.51.100.1", "203.0.113.5"),  # anyone may write the header: ignored
        ("10.0.0.1", "198.51.100.1", "10.0.0.1"),  # even from what would be a balancer
    ],
)
def test_without_trusted_proxies_the_peer_is_the_client(peer: str, forwarded_for: str | None, expected: str) -> None:
    assert address((), peer, forwarded_for) == expected


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "expected"),
    [
        ("10.0.0.1", "198.51.100.1", "198.51.100.1"),  # the balancer says who it served
        ("10.0.0.1", "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # what the client wrote on the left is ignored
        ("10.0.0.1", "198.51.100.1, 10.0.0.9", "198.51.100.1"),  # two balancers in a row
        ("10.0.0.1", "10.0.0.9, 10.0.0.8", "10.0.0.9"),  # nothing but balancers: the last one seen
        ("10.0.0.1", None, "10.0.0.1"),  # a balancer's own probe
        ("203.0.113.5", "198.51.100.1", "203.0.113.5"),  # not from a balancer: the header is the client's
        ("2001:db8:ffff::1", "198.51.100.1", "198.51.100.1"),
    ],
)
def test_behind_trusted_proxies_x_forwarded_for_is_read_from_the_right(
    peer: str, forwarded_for: str | None, expected: str
) -> None:
    assert address(BALANCERS, peer, forwarded_for) == expected


@pytest.mark.parametrize(
    ("peer", "expected"),
    [
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:bbbb::7", "2001:db8:1:2::/64"),  # same /64: the same client
        ("2001:db8:1:3::1", "2001:db8:1:3::/64"),
        ("::ffff:198.51.100.7", "198.51.100.7"),  # IPv4 over an IPv6 socket
    ],
)
def test_ipv6_clients_are_counted_per_64(peer: str, expected: str) -> None:
    assert address((), peer) == expected
