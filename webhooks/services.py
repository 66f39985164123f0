"""Registering endpoints and delivering events to them. Listeners record deliveries in
their transaction; `delivery_attempt` (the worker's task, or the web process without a
broker) posts one, records the answer, and disables an endpoint failing too often."""

import logging
import secrets
from datetime import timedelta

import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.outbox import broker_in_use
from core.permissions import require

from . import formats
from .addresses import check_url
from .models import TEST_KIND, Delivery, Endpoint, EventKind, Format

logger = logging.getLogger(__name__)

REFUSED = "Only administrators and community managers manage webhooks."


def _validate(*, name: str, url: str, kinds, fmt: str, language: str) -> dict:
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = _("Give the endpoint a name.")
    elif len(name) > Endpoint._meta.get_field("name").max_length:
        errors["name"] = _("A name is limited to %(limit)d characters.") % {
            "limit": Endpoint._meta.get_field("name").max_length}
    url = (url or "").strip()
    if len(url) > Endpoint._meta.get_field("url").max_length:
        errors["url"] = _("This address is too long.")
    else:
        try:
            check_url(url)
        except ValidationError as error:
            errors["url"] = error.messages
    kinds = sorted(set(kinds or ()))
    if not kinds:
        errors["kinds"] = _("Choose at least one event.")
    elif not set(kinds) <= set(EventKind.values):
        errors["kinds"] = _("Unknown event.")
    if fmt not in Format.values:
        errors["format"] = _("Unknown format.")
    if language not in {code for code, _name in settings.LANGUAGES}:
        errors["language"] = _("Unknown language.")
    if errors:
        raise ValidationError(errors)
    return {"name": name, "url": url, "kinds": kinds, "format": fmt, "language": language}


def endpoint_create(*, by, name: str, url: str, kinds, format: str = Format.GENERIC,  # noqa: A002
                    language: str = settings.LANGUAGE_CODE) -> Endpoint:
    require(by, "webhooks.manage_endpoints", message=_(REFUSED))
    fields = _validate(name=name, url=url, kinds=kinds, fmt=format, language=language)
    return Endpoint.objects.create(created_by=by, secret=secrets.token_hex(32), **fields)


def endpoint_delete(*, endpoint: Endpoint, by) -> None:
    require(by, "webhooks.manage_endpoints", endpoint, message=_(REFUSED))
    endpoint.delete()


def endpoint_enable(*, endpoint: Endpoint, by) -> None:
    """Back in service after an automatic disabling: the failure count starts again."""
    require(by, "webhooks.manage_endpoints", endpoint, message=_(REFUSED))
    Endpoint.objects.filter(pk=endpoint.pk).update(disabled_at=None, disabled_reason="", consecutive_failures=0)


def endpoint_send_test(*, endpoint: Endpoint, by) -> Delivery:
    """Post a test message now, in the request: whoever pressed the button sees the answer."""
    require(by, "webhooks.manage_endpoints", endpoint, message=_(REFUSED))
    delivery = Delivery.objects.create(
        endpoint=endpoint, kind=TEST_KIND, key=f"test:{secrets.token_hex(8)}",
        data={"url": settings.SITE_URL.rstrip("/") + "/"},
    )
    delivery_attempt(delivery_id=delivery.pk, test=True)
    delivery.refresh_from_db()
    return delivery


# --- Recording and delivering ---------------------------------------------------------------

def deliveries_record(*, kind: str, key: str, data: dict) -> list[int]:
    """One delivery per active endpoint listening to `kind`, once per `key`, sent after
    commit. Returns the ids of the deliveries created."""
    endpoints = [endpoint.pk for endpoint in Endpoint.objects.filter(disabled_at__isnull=True)
                 if kind in endpoint.kinds]
    if not endpoints:
        return []
    with transaction.atomic():
        already = set(Delivery.objects.filter(endpoint_id__in=endpoints, key=key).values_list("endpoint_id", flat=True))
        Delivery.objects.bulk_create(
            # Owed from now on: if the hand-over after commit is lost, the sweep sends it.
            [Delivery(endpoint_id=pk, kind=kind, key=key, data=data, next_attempt_at=timezone.now())
             for pk in endpoints if pk not in already],
            ignore_conflicts=True,
        )
        created = list(Delivery.objects.filter(key=key, endpoint_id__in=set(endpoints) - already)
                       .values_list("pk", flat=True))
        transaction.on_commit(lambda: [_hand_over(pk) for pk in created])
    return created


def _hand_over(delivery_id: int) -> None:
    if broker_in_use():
        from .tasks import webhook_deliver

        try:
            webhook_deliver.apply_async((delivery_id,), retry=False)
            return
        except Exception:
            logger.warning("Broker unreachable: webhook delivery %s waits for the sweep", delivery_id, exc_info=True)
            return
    try:
        delivery_attempt(delivery_id=delivery_id)
    except Exception:
        logger.exception("Webhook delivery %s failed in-process", delivery_id)


def backoff(attempt: int) -> timedelta:
    """After attempt n: 30 s, 1 min, 2 min... up to an hour."""
    return timedelta(seconds=min(settings.WEBHOOK_RETRY_BASE_SECONDS * 2 ** max(attempt - 1, 0), 3600))


def delivery_attempt(*, delivery_id: int, test: bool = False) -> str:
    """Post the delivery once. Returns "delivered", "retry" (failed, owed again at
    next_attempt_at), or "failed" (given up, or its endpoint is disabled or gone)."""
    delivery = Delivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != Delivery.Status.PENDING:
        return "failed" if delivery is None else delivery.status
    endpoint = delivery.endpoint
    if endpoint.disabled_at is not None and not test:
        Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.FAILED, next_attempt_at=None,
                                                       error=_("The endpoint is disabled."))
        return "failed"
    status_code, error = None, ""
    try:
        check_url(endpoint.url)
        body, headers = formats.render(endpoint, delivery)
        answer = requests.post(endpoint.url, data=body, headers=headers, timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
                               allow_redirects=False)
        status_code = answer.status_code
        if not 200 <= status_code < 300:
            error = _("The receiver answered %(status)s.") % {"status": status_code}
    except ValidationError as refused:
        error = " ".join(refused.messages)
    except requests.RequestException as failure:
        error = f"{type(failure).__name__}: {failure}"
    now = timezone.now()
    attempts = delivery.attempts + 1
    common = {"attempts": attempts, "response_status": status_code, "last_attempt_at": now, "error": error[:500]}
    if not error:
        with transaction.atomic():
            Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.DELIVERED, delivered_at=now,
                                                           next_attempt_at=None, **common)
            Endpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=0)
        return "delivered"
    with transaction.atomic():
        Endpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=models.F("consecutive_failures") + 1)
        failures = Endpoint.objects.values_list("consecutive_failures", flat=True).get(pk=endpoint.pk)
        if failures >= settings.WEBHOOK_DISABLE_AFTER and endpoint.disabled_at is None:
            Endpoint.objects.filter(pk=endpoint.pk).update(
                disabled_at=now,
                disabled_reason=(_("Disabled after %(count)d failed attempts in a row; last: %(error)s")
                                 % {"count": failures, "error": error})[:300],
            )
            logger.warning("Webhook endpoint %s disabled after %s failures", endpoint.pk, failures)
            disabled = True
        else:
            disabled = False
        gave_up = test or disabled or attempts >= settings.WEBHOOK_MAX_ATTEMPTS
        Delivery.objects.filter(pk=delivery.pk).update(
            status=Delivery.Status.FAILED if gave_up else Delivery.Status.PENDING,
            next_attempt_at=None if gave_up else now + backoff(attempts), **common,
        )
    return "failed" if gave_up else "retry"


def deliveries_due(*, overdue: timedelta = timedelta(0), limit: int = 200) -> list[int]:
    """Deliveries whose next attempt was due `overdue` ago: their task's message was lost,
    or no worker retries them (without a broker)."""
    return list(
        Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=timezone.now() - overdue,
                                endpoint__disabled_at__isnull=True)
        .order_by("next_attempt_at").values_list("pk", flat=True)[:limit]
    )
