"""The client's IP address, behind as many trusted reverse proxies as ``SUMAI_TRUSTED_PROXIES`` says.

Each trusted proxy appends the address it received the request from to ``X-Forwarded-For``; the last proxy is
``REMOTE_ADDR``. With ``N`` trusted proxies the client is the ``N``-th address from the right of
``X-Forwarded-For`` (what a client writes to the left of it is ignored); with 0, ``X-Forwarded-For`` is
ignored. The same rule as Django REST framework's ``NUM_PROXIES``, which Sumai sets to the same number, so
the lock-out (django-axes), the API throttles and the page rate limits see one address per client.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def trusted_proxies() -> int:
    return max(0, int(getattr(settings, "SUMAI_TRUSTED_PROXIES", 0) or 0))


def client_ip(request: HttpRequest) -> str:
    """The address of the client that made ``request`` (``REMOTE_ADDR`` when there is no trusted proxy or the
    forwarded value is not an IP address)."""
    remote = str(request.META.get("REMOTE_ADDR") or "")
    proxies = trusted_proxies()
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if not proxies or not forwarded:
        return remote
    addresses = [a.strip() for a in str(forwarded).split(",") if a.strip()]
    if not addresses:
        return remote
    candidate = addresses[-min(proxies, len(addresses))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
