"""The client IP of a request, one half of what tells visitors apart.

Without settings it is ``REMOTE_ADDR``, and no header is read. Behind
reverse proxies, the site says which hops are its proxies; each proxy
appends the address it received the request from to one header
(``CLIENT_IP_HEADER``, X-Forwarded-For by default; nginx's
``$proxy_add_x_forwarded_for``). The header's entries followed by
``REMOTE_ADDR`` are then the request's hops, the client's first, and only
the entries the proxies appended, at the right end, can be believed: a client
may send the header itself, with anything in it. So the hops are walked from
the right, and the client is the first one that is not a proxy:

* ``CLIENT_IP_PROXY_COUNT = N``: the N nearest hops (``REMOTE_ADDR`` and the
  N - 1 rightmost entries) are proxies; the client is the Nth entry from the
  right (the last entry behind one proxy);
* ``CLIENT_IP_TRUSTED_PROXIES``: the proxies are the hops in those addresses
  and networks, starting with ``REMOTE_ADDR``; if ``REMOTE_ADDR`` is not one
  of them, the header is not read at all. (With both settings, the trusted
  proxies decide; the system check asks for one.)

No other header (X-Real-IP, Forwarded, ...) is ever read. An entry that is
not an address ends the walk and the client is the last hop that was one
(``REMOTE_ADDR`` at worst); a header with fewer entries than proxies gives its
leftmost entry. A malformed header can make distinct readers one visitor, but
it can neither pick the address that is counted nor cause an error.
"""

import ipaddress
from functools import lru_cache

from ..conf import header_meta_key, news_settings, proxy_network


def client_ip(request):
    """The address of the client that sent ``request``, as text."""
    meta = request.META
    remote_addr = meta.get("REMOTE_ADDR", "")
    count = news_settings.CLIENT_IP_PROXY_COUNT
    count = count if isinstance(count, int) and count > 0 else 0
    networks = trusted_networks(news_settings.CLIENT_IP_TRUSTED_PROXIES)
    header = news_settings.CLIENT_IP_HEADER
    if not (count or networks) or not isinstance(header, str):
        return remote_addr
    client = parse_address(remote_addr)
    if client is None or (networks and not _in(client, networks)):
        return remote_addr
    value = meta.get(header_meta_key(header), "")
    entries = value.split(",") if value else []
    for position, entry in enumerate(reversed(entries), start=1):
        hop = parse_address(entry)
        if hop is None:
            break
        client = hop
        if networks:
            if not _in(hop, networks):
                break
        elif position == count:
            break
    return str(client)


def _in(address, networks):
    return any(address in network for network in networks)


def trusted_networks(entries):
    """The networks of ``CLIENT_IP_TRUSTED_PROXIES`` (entries that are no
    address or network, which the system check reports, are left out)."""
    if not isinstance(entries, (list, tuple)):
        return ()
    return _networks(tuple(entry for entry in entries if isinstance(entry, str)))


@lru_cache(maxsize=8)
def _networks(entries):
    return tuple(network for network in map(proxy_network, entries) if network is not None)


def parse_address(text):
    """The address of one hop as a proxy writes it: IPv4 or IPv6, with or
    without a port (``192.0.2.1:4711``, ``[2001:db8::1]:4711``) or quotes,
    or an RFC 7239 element (``for=192.0.2.1;proto=https``); ``None`` for
    anything else (``unknown``, a name, an empty entry). An IPv4-mapped IPv6
    address is its IPv4 address."""
    text = text.strip()
    if "=" in text:
        pairs = (pair.partition("=") for pair in text.split(";"))
        text = next((v for k, sep, v in pairs if sep and k.strip().lower() == "for"), "")
        text = text.strip()
    text = text.strip('"')
    if text.startswith("["):
        address, bracket, port = text[1:].partition("]")
        if not bracket or (port and not _is_port(port)):
            return None
        text = address
    elif text.count(":") == 1:
        text, _, port = text.partition(":")
        if not _is_port(":" + port):
            return None
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    return getattr(address, "ipv4_mapped", None) or address


def _is_port(text):
    digits = text[1:]
    return (
        text[:1] == ":"
        and 0 < len(digits) <= 5
        and digits.isascii()
        and digits.isdigit()
        and int(digits) <= 65535
    )
