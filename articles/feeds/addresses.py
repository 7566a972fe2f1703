"""Which network addresses a feed may be fetched from.

A feed URL is chosen by whoever configures a source, so it must not reach the machine
itself, the private network around it, or a cloud metadata service. Every spelling of
an address ends up here as the address the name resolved to, so one check covers them.
"""

import ipaddress
import socket

from django.conf import settings

from .errors import FeedFetchError

# The NAT64 well-known prefix carries an IPv4 address in its last 32 bits.
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for, if it is a mapped, NAT64 or 6to4 one."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip.sixtofour


def is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Globally routable unicast: not loopback, private, link-local, multicast or reserved."""
    if ip.version == 6:
        inner = embedded_ipv4(ip)
        if inner is not None and not is_public(inner):
            return False
        if ip.ipv4_mapped is not None or ip in NAT64:
            # The packet goes to the IPv4 address, so that is the one that counts.
            return True
    # `is_global` alone lets multicast and some reserved ranges through.
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified)


def allowed_networks() -> list:
    """Private networks an operator opened on purpose, e.g. an intranet feed host."""
    names = getattr(settings, "FEED_ALLOWED_NETWORKS", ())
    return [ipaddress.ip_network(name, strict=False) for name in names]


def is_allowed(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone such as %eth0
    if getattr(settings, "FEED_ALLOW_PRIVATE_ADDRESSES", False) or is_public(ip):
        return True
    return any(ip in network for network in allowed_networks())


def resolve(host: str, port: int) -> list[str]:
    """Every address the host resolves to; this is the only lookup a fetch makes."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise FeedFetchError(f"cannot resolve {host}: {exc}") from None
    return list(dict.fromkeys(info[4][0] for info in found))


def checked_addresses(host: str, port: int) -> list[str]:
    """Resolve the host once and refuse it unless every address may be fetched from.

    One inward address is enough to refuse: which one a connection would use is not ours
    to choose reliably, and a name with a mix of addresses is suspicious anyway.
    """
    addresses = resolve(host, port)
    if not addresses:
        raise FeedFetchError(f"{host} resolves to no address")
    for address in addresses:
        if not is_allowed(address):
            raise FeedFetchError(f"{host} resolves to {address}, which is not a public address")
    return addresses
