"""Challenges on the portal: the list, a challenge's landing page with its answers,
leaders and countdown, the sponsor's forms (pose, edit, shortlist, announce winners) and
the results. Also the author's "put my name back" button."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import Role, has_role
from core.errors import Conflict
from core.forms import add_service_errors
from core.permissions import can, require

from . import services
from .challenge_selectors import (
    challenge_contributors,
    challenge_detail_queryset,
    challenge_ideas,
    challenge_list,
    challenge_shortlist,
    challenge_top_ideas,
    challenge_winners,
)
from .forms import ChallengeForm, ChallengeShortlistForm, ChallengeWinnersForm
from .models import Challenge, ChallengeStatus, Idea


def _challenge(request, pk: int) -> Challenge:
    challenge = get_object_or_404(challenge_detail_queryset(), pk=pk)
    require(request.user, "ideas.view_challenge", challenge)
    return challenge


@login_required
@require_GET
def challenge_list_view(request):
    status = request.GET.get("status") or ""
    if status not in ChallengeStatus.values:
        status = ""
    challenges = challenge_list(status=status or None)
    page = Paginator(challenges, settings.IDEAS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "ideas/challenges/list.html", {
        "page_obj": page, "challenges": page.object_list, "status": status, "statuses": ChallengeStatus.choices,
        "querystring": f"status={status}" if status else "", "now": timezone.now(),
    })


@login_required
@require_GET
def challenge_detail_view(request, pk: int):
    challenge = _challenge(request, pk)
    sort = "newest" if request.GET.get("sort") == "newest" else "supported"
    page = Paginator(challenge_ideas(challenge, viewer=request.user, sort=sort), settings.IDEAS_PER_PAGE).get_page(
        request.GET.get("page"))
    return render(request, "ideas/challenges/detail.html", {
        "challenge": challenge, "page_obj": page, "ideas": page.object_list, "sort": sort,
        "querystring": f"sort={sort}", "top_ideas": challenge_top_ideas(challenge),
        "contributors": challenge_contributors(challenge), "now": timezone.now(),
        "remaining": _remaining(challenge),
    })


def _remaining(challenge) -> dict | None:
    """What the countdown shows when the page is served: the time to the next date."""
    now = timezone.now()
    status = challenge.status
    if status == ChallengeStatus.UPCOMING:
        target = challenge.opens_at
    elif status == ChallengeStatus.OPEN:
        target = challenge.closes_at
    else:
        return None
    seconds = max(int((target - now).total_seconds()), 0)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    return {"target": target, "seconds": seconds, "days": days, "hours": hours, "minutes": rest // 60,
            "opening": status == ChallengeStatus.UPCOMING}


def _may_choose_sponsor(user) -> bool:
    return has_role(user, Role.COMMUNITY_MANAGER, Role.ADMINISTRATOR)


def _form_values(form) -> dict:
    data = form.cleaned_data
    return {
        "title": data["title"], "question": data["question"], "context": data.get("context", ""),
        "sponsor": data.get("sponsor"), "themes": data["themes"], "target_entities": data.get("target_entities") or (),
        "opens_at": data["opens_at"], "closes_at": data["closes_at"],
    }


@login_required
@require_http_methods(["GET", "POST"])
def challenge_create_view(request):
    require(request.user, "ideas.add_challenge", message=_("Only executives and community managers can pose a challenge."))
    may_choose = _may_choose_sponsor(request.user)
    form = ChallengeForm(request.POST or None, may_choose_sponsor=may_choose, initial={"sponsor": request.user.pk})
    if request.method == "POST" and form.is_valid():
        values = _form_values(form)
        if not may_choose:
            values["sponsor"] = request.user
        try:
            challenge = services.challenge_create(by=request.user, **values)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The challenge is posed."))
            return redirect(challenge)
    return render(request, "ideas/challenges/form.html", {"form": form, "challenge": None}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def challenge_update_view(request, pk: int):
    challenge = _challenge(request, pk)
    require(request.user, "ideas.change_challenge", challenge, _("This challenge can no longer be edited."))
    may_choose = _may_choose_sponsor(request.user)
    initial = {
        "title": challenge.title, "question": challenge.question, "context": challenge.context,
        "sponsor": challenge.sponsor_id, "themes": list(challenge.themes.all()),
        "target_entities": list(challenge.target_entities.all()),
        "opens_at": timezone.localtime(challenge.opens_at), "closes_at": timezone.localtime(challenge.closes_at),
    }
    form = ChallengeForm(request.POST or None, may_choose_sponsor=may_choose, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = _form_values(form)
        if not may_choose:
            values["sponsor"] = challenge.sponsor
        try:
            services.challenge_update(challenge=challenge, by=request.user, **values)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The challenge is saved."))
            return redirect(challenge)
    return render(request, "ideas/challenges/form.html", {"form": form, "challenge": challenge},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def challenge_evaluate_view(request, pk: int):
    """The sponsor's desk once the challenge is closed: the shortlist, then the winners."""
    challenge = _challenge(request, pk)
    require(request.user, "ideas.evaluate_challenge", challenge,
            _("Only the sponsor can judge the answers, once the challenge is closed."))
    shortlisted = [idea.pk for idea in challenge_shortlist(challenge)]
    shortlist_form = ChallengeShortlistForm(None, challenge=challenge, initial={"ideas": shortlisted}, prefix="shortlist")
    winners_form = ChallengeWinnersForm(None, challenge=challenge, initial={"ideas": shortlisted}, prefix="winners")
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        form_class, prefix = (ChallengeWinnersForm, "winners") if action == "winners" else (ChallengeShortlistForm, "shortlist")
        form = form_class(request.POST, challenge=challenge, prefix=prefix)
        if form.is_valid():
            ids = [idea.pk for idea in form.cleaned_data["ideas"]]
            try:
                if action == "winners":
                    services.challenge_announce_winners(challenge=challenge, by=request.user, idea_ids=ids,
                                                        note=form.cleaned_data["note"])
                else:
                    services.challenge_shortlist(challenge=challenge, by=request.user, idea_ids=ids)
            except ValidationError as error:
                add_service_errors(form, error)
            except Conflict as error:
                form.add_error(None, error.message)
            else:
                if action == "winners":
                    messages.success(request, _("The winners are announced."))
                    return redirect("ideas:challenge_results", pk=challenge.pk)
                messages.success(request, _("The shortlist is saved."))
                return redirect("ideas:challenge_evaluate", pk=challenge.pk)
        status = 400
        if action == "winners":
            winners_form = form
        else:
            shortlist_form = form
    return render(request, "ideas/challenges/evaluate.html", {
        "challenge": challenge, "shortlist_form": shortlist_form, "winners_form": winners_form,
    }, status=status)


@login_required
@require_GET
def challenge_results_view(request, pk: int):
    challenge = _challenge(request, pk)
    if challenge.evaluated_at is None:
        if challenge.status == ChallengeStatus.CLOSED and can(request.user, "ideas.evaluate_challenge", challenge):
            return redirect("ideas:challenge_evaluate", pk=challenge.pk)
        raise Http404
    shortlist = challenge_shortlist(challenge)
    return render(request, "ideas/challenges/results.html", {
        "challenge": challenge, "winners": challenge_winners(challenge), "shortlist": shortlist,
        "also_shortlisted": [idea for idea in shortlist if not idea.challenge_winner_at],
        "contributors": challenge_contributors(challenge),
    })


@login_required
@require_POST
def idea_reveal_author_view(request, pk: int):
    idea = get_object_or_404(Idea, pk=pk)
    services.idea_reveal_author(idea=idea, by=request.user)
    messages.success(request, _("Your name is now shown on this idea."))
    return redirect(idea)
