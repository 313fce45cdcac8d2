"""Who is on the other end: the client's address, trusting only the proxies we run.

Behind a reverse proxy every request comes from the proxy, and the client's address is in
X-Forwarded-For, which the client can also write. Each proxy appends the address it saw, so
with ``TRUSTED_PROXY_COUNT`` proxies the client is the entry that many places from the right;
anything to its left was written by the client and is ignored.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """Return the client's address; IPv6 clients are grouped by their /64 network."""
    address = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    return _normalise(address)


def _normalise(address: str) -> str:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        # One household or phone gets a whole /64: counting single addresses would let it
        # walk round any limit.
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)
