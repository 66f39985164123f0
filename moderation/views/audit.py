"""The audit log: every moderation and pipeline action, browsable and exportable by
community managers and administrators."""

import csv

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from core.permissions import require

from ..audit_log import TARGET_TYPES, audit_entries, csv_rows, differences, target_url
from ..models import AuditEntry

AUDIT_REFUSED = gettext_lazy("Only community managers and administrators read the audit log.")
AUDIT_PER_PAGE = 50


class ActorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name} <{obj.email}>"


class AuditFilterForm(forms.Form):
    actor = ActorChoiceField(label=gettext_lazy("Who"), required=False, empty_label=gettext_lazy("Anyone"),
                             queryset=get_user_model().objects.none())
    action = forms.ChoiceField(label=gettext_lazy("Action"), required=False,
                               choices=[("", gettext_lazy("Every action")), *AuditEntry.Action.choices])
    target = forms.ChoiceField(label=gettext_lazy("On"), required=False, choices=[
        ("", gettext_lazy("Anything")), ("idea", gettext_lazy("ideas")), ("comment", gettext_lazy("comments")),
        ("user", gettext_lazy("people")),
    ])
    since = forms.DateField(label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=gettext_lazy("To (included)"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    q = forms.CharField(label=gettext_lazy("Search the target or the reason"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only people who acted: a short list, whatever the size of the company.
        self.fields["actor"].queryset = get_user_model().objects.filter(
            pk__in=AuditEntry.objects.filter(actor__isnull=False).values("actor_id")
        ).order_by("last_name", "first_name", "id")

    def entries(self):
        self.is_valid()  # a wrong value drops only its own filter
        data = self.cleaned_data
        return audit_entries(
            actor=data.get("actor"), action=data.get("action") or "",
            target_type=data.get("target") if data.get("target") in TARGET_TYPES else "",
            since=data.get("since"), until=data.get("until"), search=data.get("q") or "",
        )


@login_required
@require_GET
def audit_log_view(request):
    require(request.user, "moderation.view_audit_log", message=str(AUDIT_REFUSED))
    form = AuditFilterForm(request.GET)
    page = Paginator(form.entries(), AUDIT_PER_PAGE).get_page(request.GET.get("page"))
    rows = [(entry, differences(entry), target_url(entry)) for entry in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "moderation/audit.html", {
        "filter_form": form, "page_obj": page, "rows": rows, "querystring": query.urlencode(),
    })


class _Echo:
    """A file-like object that hands back what csv.writer writes, for streaming."""

    def write(self, value):
        return value


@login_required
@require_GET
def audit_export_view(request):
    require(request.user, "moderation.view_audit_log", message=str(AUDIT_REFUSED))
    writer = csv.writer(_Echo())
    entries = AuditFilterForm(request.GET).entries()
    response = StreamingHttpResponse((writer.writerow(row) for row in csv_rows(entries, language=translation.get_language())),
                                     content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="multitude-audit-{stamp}.csv"'
    return response
