"""Reports (flags) from employees, and hiding or restoring content by community managers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.errors import Conflict
from core.forms import add_service_errors
from core.permissions import can, require
from ideas.models import Comment, Idea

from ..content import content_flag, content_hide, content_restore
from ..forms import FlagForm, HideForm, RestoreForm
from ..selectors import flag_queue, flagged_items

TARGETS = {
    "idea": Idea.objects.select_related("author", "author_entity", "theme"),
    "comment": Comment.objects.select_related("author", "idea", "idea__author", "idea__author_entity", "idea__theme"),
}


def _target(request, kind: str, pk: int):
    if kind not in TARGETS:
        raise Http404
    target = get_object_or_404(TARGETS[kind], pk=pk)
    idea = target if kind == "idea" else target.idea
    if not can(request.user, "ideas.view_idea", idea):
        raise Http404
    return target, idea


def _target_url(target) -> str:
    if isinstance(target, Comment):
        return f"{target.idea.get_absolute_url()}#comment-{target.pk}"
    return target.get_absolute_url()



@login_required
@require_http_methods(["GET", "POST"])
def flag_view(request, kind: str, pk: int):
    target, idea = _target(request, kind, pk)
    require(request.user, f"moderation.flag_{kind}", target, _("You cannot report this."))
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            content_flag(target=target, by=request.user, reason=form.cleaned_data["full_reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        except Conflict as error:
            messages.info(request, error.message)
            return redirect(_target_url(target))
        else:
            messages.success(request, _("Thank you: the community managers will look at your report."))
            return redirect(_target_url(target))
    return render(request, "moderation/flag.html", {"form": form, "target": target, "idea": idea, "kind": kind},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def hide_view(request, kind: str, pk: int):
    target, idea = _target(request, kind, pk)
    require(request.user, "moderation.hide_content", target, _("Only community managers hide content."))
    form = HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            content_hide(target=target, by=request.user, reason=form.cleaned_data["full_reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The content is hidden; its author still sees it, with your reason."))
            return redirect(request.POST.get("next") == "flags" and "moderation:flags" or _target_url(target))
    return render(request, "moderation/hide.html", {"form": form, "target": target, "idea": idea, "kind": kind},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["POST"])
def restore_view(request, kind: str, pk: int):
    target, _idea = _target(request, kind, pk)
    require(request.user, "moderation.restore_content", target, _("Only community managers restore content."))
    form = RestoreForm(request.POST)
    form.is_valid()
    try:
        content_restore(target=target, by=request.user, reason=form.cleaned_data.get("full_reason", ""))
    except Conflict as error:
        messages.info(request, error.message)
    else:
        messages.success(request, _("The content is visible again and its reports are settled."))
    return redirect(request.POST.get("next") == "flags" and "moderation:flags" or _target_url(target))


@login_required
@require_GET
def flags_view(request):
    require(request.user, "moderation.view_flags", message=_("Only community managers review reports."))
    kind = request.GET.get("kind") if request.GET.get("kind") in ("idea", "comment") else ""
    page = Paginator(flag_queue(kind=kind), 25).get_page(request.GET.get("page"))
    return render(request, "moderation/flags.html", {
        "page_obj": page, "items": flagged_items(page.object_list), "kind": kind,
        "querystring": f"kind={kind}" if kind else "", "hide_form": HideForm(),
    })
