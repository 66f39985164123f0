"""Where a webhook may be sent: http(s) to public addresses only, so that an endpoint cannot
make the server reach its own network (metadata services, databases, the admin). Every
address the host resolves to is checked, at registration and again at each sending (a name
may resolve elsewhere later). WEBHOOK_ALLOWED_HOSTS names the exceptions."""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def _allowed(host: str) -> bool:
    return host.lower() in {name.lower() for name in settings.WEBHOOK_ALLOWED_HOSTS}


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_url(url: str) -> None:
    """Raise ValidationError unless `url` may receive webhooks now."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise ValidationError(_("This address is not a valid URL."), code="invalid") from error
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(_("Only http:// and https:// addresses can receive webhooks."), code="scheme")
    if parts.username or parts.password:
        raise ValidationError(_("Put no user name or password in the address."), code="credentials")
    host = parts.hostname
    if _allowed(host):
        return
    try:
        found = socket.getaddrinfo(host, port or (443 if parts.scheme == "https" else 80), proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as error:
        raise ValidationError(_("The host %(host)s cannot be found.") % {"host": host}, code="unknown_host") from error
    addresses = {entry[4][0] for entry in found}
    if not addresses or not all(_is_public(address) for address in addresses):
        raise ValidationError(
            _("%(host)s is a private, loopback or link-local address: webhooks go to public addresses only.")
            % {"host": host},
            code="private",
        )
