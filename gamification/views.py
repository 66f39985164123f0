"""Leaderboards for everyone; segments, their members and messages for community managers."""

import csv

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import add_service_errors
from core.permissions import require

from .forms import LeaderboardFilterForm, SegmentMembersFilterForm, SegmentMessageForm, SegmentPeriodForm
from .fragments import leaderboard_rows_html
from .models import Segment, SegmentMessage
from .segments import latest_week, segment_movements, segment_reason
from .selectors import leaderboard, rank_in, segment_activity, segment_members, segment_trend, with_people
from .services import segment_message_send, segments_snapshot_take

MEMBERS_PER_PAGE = 50


@login_required
@require_GET
def leaderboard_view(request):
    require(request.user, "gamification.view_leaderboard")
    form = LeaderboardFilterForm(request.GET)
    # A stale or mistyped value drops only its own filter.
    form.is_valid()
    filters = form.cleaned_data
    period = filters.get("period") or "all"
    board = leaderboard(
        period=period, entity=filters.get("entity"), theme=filters.get("theme"), segment=filters.get("segment") or None
    )
    page = Paginator(board, settings.LEADERBOARD_PER_PAGE).get_page(request.GET.get("page"))
    rows = with_people(page.object_list, first_rank=page.start_index() or 1)
    return render(request, "gamification/leaderboard.html", {
        "form": form, "page_obj": page, "rows": rows, "rows_html": leaderboard_rows_html(rows, request.user), "period": period,
        "mine": rank_in(board, request.user.pk),
    })


def _segment_or_404(code: str) -> Segment:
    if code not in Segment.values:
        raise Http404
    return Segment(code)


@login_required
@require_GET
def segments_view(request):
    require(request.user, "gamification.view_segments", message=_("Only community managers see segments."))
    form = SegmentPeriodForm(request.GET)
    form.is_valid()
    period = form.cleaned_data.get("period") or "month"
    trend = segment_trend()
    weeks = trend["weeks"]
    movements = []
    if len(weeks) >= 2:
        moves = segment_movements(before=weeks[-2], after=weeks[-1])
        movements = [
            {"from": Segment(before).label, "to": Segment(after).label, "count": n}
            for (before, after), n in sorted(moves.items(), key=lambda item: -item[1])
        ]
    return render(request, "gamification/segments.html", {
        "form": form, "period": period, "trend": trend, "week": weeks[-1] if weeks else None,
        "activity": segment_activity(period=period), "movements": movements,
        "messages_sent": SegmentMessage.objects.select_related("sender", "entity")[:10],
    })


@login_required
@require_POST
def snapshot_view(request):
    week, count = segments_snapshot_take(by=request.user)
    messages.success(request, ngettext(
        "Segments of the week of %(week)s stored for %(count)d person.",
        "Segments of the week of %(week)s stored for %(count)d people.", count,
    ) % {"week": date_format(week, "SHORT_DATE_FORMAT"), "count": count})
    return redirect("gamification:segments")


@login_required
@require_GET
def segment_members_view(request, segment: str):
    require(request.user, "gamification.view_segments", message=_("Only community managers see segments."))
    segment = _segment_or_404(segment)
    form = SegmentMembersFilterForm(request.GET)
    form.is_valid()
    entity = form.cleaned_data.get("entity")
    week = latest_week()
    members = segment_members(segment=segment, entity=entity, week=week)
    if request.GET.get("format") == "csv":
        return _members_csv(segment, members)
    page = Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [{"snapshot": snapshot, "reason": segment_reason(snapshot.segment, snapshot.figures)} for snapshot in page]
    query = request.GET.copy()
    query.pop("page", None)
    query["format"] = "csv"
    return render(request, "gamification/segment_members.html", {
        "segment": segment, "form": form, "page_obj": page, "rows": rows, "week": week,
        "csv_query": query.urlencode(),
    })


def _members_csv(segment: Segment, members) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="segment-{segment.value}.csv"'
    writer = csv.writer(response)
    writer.writerow(["week", "segment", "name", "email", "business_unit", "ideas_posted", "ideas_advanced",
                     "comments_posted", "supports_given", "supports_received", "helpful_comments", "reason"])
    for snapshot in members.iterator(chunk_size=2000):
        person, figures = snapshot.user, snapshot.figures
        writer.writerow([
            snapshot.week.isoformat(), segment.value, _csv_safe(person.display_name), person.email,
            _csv_safe(person.entity.name if person.entity else ""),
            *[figures.get(name, 0) for name in ("ideas_posted", "ideas_advanced", "comments_posted", "supports_given",
                                               "supports_received", "helpful_comments")],
            segment_reason(segment, figures),
        ])
    return response


def _csv_safe(value: str) -> str:
    # A cell starting with = + - @ is a formula to a spreadsheet: make it text.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


@login_required
@require_http_methods(["GET", "POST"])
def segment_message_view(request, segment: str):
    require(request.user, "gamification.message_segment", message=_("Only community managers write to segments."))
    segment = _segment_or_404(segment)
    form = SegmentMessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            message = segment_message_send(
                by=request.user, segment=segment, entity=form.cleaned_data["entity"],
                subject=form.cleaned_data["subject"], body=form.cleaned_data["body"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, ngettext(
                "Your message goes to %(count)d person.", "Your message goes to %(count)d people.",
                message.recipients_count,
            ) % {"count": message.recipients_count})
            return redirect("gamification:segments")
    status = 400 if request.method == "POST" else 200
    return render(request, "gamification/segment_message.html", {"segment": segment, "form": form}, status=status)
