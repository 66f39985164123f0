"""Merging a duplicate into another idea, and undoing it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.errors import Conflict
from core.forms import add_service_errors
from core.permissions import can, require
from ideas.models import Idea
from ideas.similar import merge_suggestions

from ..forms import MergeForm, UndoMergeForm
from ..merges import ideas_merge, merge_undo

IDEAS = Idea.objects.select_related("author", "author_entity", "theme")
SUGGESTIONS = 5



def _suggestions(source: Idea) -> list[Idea]:
    """Open ideas of the same theme that resemble the source (the similar-ideas engine)."""
    return merge_suggestions(source, limit=SUGGESTIONS)


@login_required
@require_http_methods(["GET", "POST"])
def merge_view(request, pk: int):
    source = get_object_or_404(IDEAS, pk=pk)
    if not can(request.user, "ideas.view_idea", source):
        raise Http404
    require(request.user, "moderation.merge_idea", source, _("You cannot merge this idea."))
    form = MergeForm(request.POST or None, initial={"target": request.GET.get("into")})
    if request.method == "POST" and form.is_valid():
        target = IDEAS.filter(pk=form.cleaned_data["target"]).first()
        if target is None or not can(request.user, "ideas.view_idea", target):
            form.add_error("target", _("There is no idea with this number."))
        elif (target.theme_id != source.theme_id and not form.cleaned_data["across_themes"]
              and can(request.user, "moderation.merge_into_idea", target)):
            # Ideas of different themes are rarely duplicates: say so and ask to confirm.
            form.add_error("across_themes", _(
                "“%(target)s” is in the theme “%(target_theme)s”, this idea in “%(theme)s”: they may not be "
                "duplicates. Tick the box to merge them all the same.") % {
                "target": target.title, "target_theme": target.theme.name, "theme": source.theme.name})
        else:
            try:
                ideas_merge(source=source, target=target, by=request.user, note=form.cleaned_data["full_reason"])
            except ValidationError as error:
                add_service_errors(form, error)
            except (Conflict, PermissionDenied) as error:
                form.add_error("target", getattr(error, "message", None) or str(error))
            else:
                messages.success(request, _("“%(source)s” is merged into this idea.") % {"source": source.title})
                return redirect(target)
    return render(request, "moderation/merge.html", {
        "form": form, "idea": source, "suggestions": _suggestions(source),
    }, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def undo_merge_view(request, pk: int):
    source = get_object_or_404(IDEAS.select_related("merged_into"), pk=pk)
    if not can(request.user, "ideas.view_idea", source):
        raise Http404
    require(request.user, "moderation.undo_merge", source, _("Only community managers undo merges."))
    form = UndoMergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            merge_undo(source=source, by=request.user, reason=form.cleaned_data["full_reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        except Conflict as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The merge is undone: both ideas have their own supporters back."))
            return redirect(source)
    return render(request, "moderation/undo_merge.html", {"form": form, "idea": source},
                  status=400 if form.errors else 200)
