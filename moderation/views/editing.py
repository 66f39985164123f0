"""A moderator corrects an idea (its theme, its text), with a reason that is audited."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.forms import add_service_errors
from core.permissions import can, require
from ideas.models import Idea

from ..editing import idea_revise
from ..forms import ReviseForm


@login_required
@require_http_methods(["GET", "POST"])
def revise_view(request, pk: int):
    idea = get_object_or_404(Idea.objects.select_related("author", "author_entity", "theme"), pk=pk)
    if not can(request.user, "ideas.view_idea", idea):
        raise Http404
    require(request.user, "moderation.revise_idea", idea, _("You cannot edit this idea."))
    form = ReviseForm(request.POST or None, initial={"title": idea.title, "theme": idea.theme, "body": idea.body})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            idea_revise(idea=idea, by=request.user, title=data["title"], body=data["body"], theme=data["theme"],
                        reason=data["full_reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The idea is corrected; the change and your reason are in the audit log."))
            return redirect(idea)
    return render(request, "moderation/revise.html", {"form": form, "idea": idea}, status=400 if form.errors else 200)
