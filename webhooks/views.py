"""The console's webhook pages: the endpoints, one endpoint's delivery log, its test button."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import add_service_errors
from core.permissions import require

from . import services
from .forms import EndpointForm
from .models import Delivery, Endpoint

LOG_LENGTH = 50


def _refused() -> str:
    return _("Only administrators and community managers manage webhooks.")


@login_required
@require_http_methods(["GET", "POST"])
def endpoints_view(request):
    require(request.user, "webhooks.manage_endpoints", message=_refused())
    form = EndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint = services.endpoint_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The endpoint “%(name)s” is registered.") % {"name": endpoint.name})
            return redirect("webhooks:endpoint", endpoint.pk)
    endpoints = Endpoint.objects.order_by("name", "id")
    return render(request, "webhooks/endpoints.html", {"form": form, "endpoints": endpoints},
                  status=400 if form.errors else 200)


@login_required
def endpoint_view(request, pk: int):
    endpoint = get_object_or_404(Endpoint, pk=pk)
    require(request.user, "webhooks.manage_endpoints", endpoint, message=_refused())
    deliveries = Delivery.objects.filter(endpoint=endpoint).order_by("-created_at", "-id")[:LOG_LENGTH]
    return render(request, "webhooks/endpoint.html", {"endpoint": endpoint, "deliveries": deliveries})


@login_required
@require_POST
def endpoint_test_view(request, pk: int):
    endpoint = get_object_or_404(Endpoint, pk=pk)
    delivery = services.endpoint_send_test(endpoint=endpoint, by=request.user)
    if delivery.status == Delivery.Status.DELIVERED:
        messages.success(request, _("Test delivered: the receiver answered %(status)s.") % {
            "status": delivery.response_status})
    else:
        messages.error(request, _("Test not delivered: %(error)s") % {"error": delivery.error})
    return redirect("webhooks:endpoint", endpoint.pk)


@login_required
@require_POST
def endpoint_enable_view(request, pk: int):
    endpoint = get_object_or_404(Endpoint, pk=pk)
    services.endpoint_enable(endpoint=endpoint, by=request.user)
    messages.success(request, _("The endpoint is enabled again."))
    return redirect("webhooks:endpoint", endpoint.pk)


@login_required
@require_POST
def endpoint_delete_view(request, pk: int):
    endpoint = get_object_or_404(Endpoint, pk=pk)
    services.endpoint_delete(endpoint=endpoint, by=request.user)
    messages.success(request, _("The endpoint “%(name)s” is deleted.") % {"name": endpoint.name})
    return redirect("webhooks:endpoints")
