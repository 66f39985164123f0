"""Warning or suspending a person, and lifting a suspension."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from core.errors import Conflict
from core.forms import add_service_errors
from core.permissions import require

from ..forms import SanctionForm
from ..models import Sanction
from ..sanctions import suspension_lift, user_suspend, user_warn
from ..selectors import active_suspensions

REFUSED = gettext_lazy("Only community managers warn or suspend people.")


@login_required
@require_http_methods(["GET", "POST"])
def sanction_view(request, pk: int):
    person = get_object_or_404(User.objects.select_related("entity"), pk=pk, is_active=True)
    require(request.user, "moderation.sanction_user", person, str(REFUSED))
    form = SanctionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["kind"] == Sanction.Kind.SUSPENSION:
                user_suspend(user=person, by=request.user, days=data["days"], reason=data["full_reason"])
                messages.success(request, _("%(name)s is suspended until %(until)s.") % {
                    "name": person.display_name, "until": person.suspended_until.strftime("%Y-%m-%d %H:%M")})
            else:
                user_warn(user=person, by=request.user, reason=data["full_reason"])
                messages.success(request, _("%(name)s has been warned.") % {"name": person.display_name})
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("moderation:sanctions")
    history = Sanction.objects.filter(user=person).select_related("by", "lifted_by")[:20]
    return render(request, "moderation/sanction.html", {"form": form, "person": person, "history": history},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def lift_view(request, pk: int):
    person = get_object_or_404(User, pk=pk)
    require(request.user, "moderation.sanction_user", person, str(REFUSED))
    try:
        suspension_lift(user=person, by=request.user, reason=request.POST.get("reason", "")[:1000])
    except Conflict as error:
        messages.info(request, error.message)
    else:
        messages.success(request, _("%(name)s may take part again.") % {"name": person.display_name})
    return redirect("moderation:sanctions")


@login_required
@require_GET
def sanctions_view(request):
    require(request.user, "moderation.view_flags", message=str(REFUSED))
    page = Paginator(active_suspensions(), 25).get_page(request.GET.get("page"))
    recent = Sanction.objects.select_related("user", "by").order_by("-created_at", "-id")[:20]
    return render(request, "moderation/sanctions.html", {"page_obj": page, "suspensions": page.object_list, "recent": recent})
