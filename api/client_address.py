"""The address a request comes from, as the per-address rate limits count it.

Without trusted proxies (the default) it is the socket's peer, ``REMOTE_ADDR``,
whatever ``X-Forwarded-For`` says: any client can write that header, and
believing it from anybody would let each request name a fresh address and slip
past every per-address limit (or spend someone else's). The embedded deployment
has no proxy in front, so the peer is the client.

Behind load balancers, ``INSTAGRAPH_TRUSTED_PROXIES`` lists their addresses or
networks. When the peer is one of them, ``X-Forwarded-For`` is read from the
right (each proxy appends the peer it saw), skipping the hops that are trusted
proxies too; the first hop that is not is the client. What lies left of it was
written by the client and is ignored.

IPv6 clients are counted per /64: one subscriber is usually given a whole /64
and could use a new address for every request.
"""

from __future__ import annotations

import ipaddress

import falcon

from instagraph.settings import Network

IPV6_PREFIX = 64


class ClientAddress:
    """Finds a request's client address, believing ``X-Forwarded-For`` only from ``trusted`` proxies."""

    def __init__(self, trusted: tuple[Network, ...]) -> None:
        self._trusted = trusted

    def __call__(self, req: falcon.Request) -> str:
        """The client's address (IPv6: its /64), fit to be part of a counter key."""
        address = req.remote_addr
        if self._trusted:
            hops = [hop.strip() for hop in (req.get_header("X-Forwarded-For") or "").split(",")]
            while self._is_trusted(address) and hops and hops[-1]:
                address = hops.pop()
        return _counted_as(address)

    def _is_trusted(self, address: str) -> bool:
        try:
            parsed = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(parsed in network for network in self._trusted)


def _counted_as(address: str) -> str:
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:  # a unix socket's empty peer, or a hop a trusted proxy wrote oddly
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((parsed, IPV6_PREFIX), strict=False))
    return str(parsed)
