"""Console forms. A reason is a canned reason (editable data, in both languages), free
text, or both; the reason stored is the canned one's code then the free text, and it is
shown in the reader's language (core/reasons.py)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.forms import EntityChoiceField
from core.forms import CountedCharField
from core.reasons import reason_stored
from ideas.forms import ThemeChoiceField
from ideas.models import Theme

from .models import CannedReason, Sanction
from .selectors import QueueSort


class CannedReasonField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class ReasonForm(forms.Form):
    """A reason from a list of canned ones for `use`, plus free text."""

    use = CannedReason.Use.HIDE
    reason_required = True
    canned = CannedReasonField(label=_("Ready-made reason"), queryset=CannedReason.objects.none(), required=False,
                               empty_label=_("None: I write my own"))
    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["canned"].queryset = CannedReason.objects.filter(use=self.use, is_active=True)

    def clean(self):
        cleaned = super().clean()
        canned = cleaned.get("canned")
        cleaned["full_reason"] = reason_stored(code=canned.pk if canned else None, written=cleaned.get("reason", ""))
        if self.reason_required and not cleaned["full_reason"] and not self.errors:
            self.add_error("reason", _("Please give a reason: pick one or write your own."))
        return cleaned


class FlagForm(ReasonForm):
    use = CannedReason.Use.FLAG


class HideForm(ReasonForm):
    use = CannedReason.Use.HIDE


class RestoreForm(ReasonForm):
    use = CannedReason.Use.HIDE
    reason_required = False


class MergeForm(ReasonForm):
    use = CannedReason.Use.MERGE
    target = forms.IntegerField(label=_("Number of the idea to merge into"), min_value=1,
                                help_text=_("The number shown in the idea's address, e.g. 42 for /ideas/42/."))
    across_themes = forms.BooleanField(label=_("Merge even though the two ideas are in different themes"), required=False)

    field_order = ["target", "across_themes", "canned", "reason"]


class UndoMergeForm(ReasonForm):
    use = CannedReason.Use.MERGE


class SanctionForm(ReasonForm):
    use = CannedReason.Use.SANCTION
    kind = forms.ChoiceField(label=_("Measure"), choices=Sanction.Kind.choices, widget=forms.RadioSelect,
                             initial=Sanction.Kind.WARNING)
    days = forms.IntegerField(label=_("Suspension length (days)"), min_value=1, max_value=settings.SUSPENSION_MAX_DAYS,
                              required=False, initial=7)

    field_order = ["kind", "days", "canned", "reason"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Sanction.Kind.SUSPENSION and not cleaned.get("days") and "days" not in self.errors:
            self.add_error("days", _("How many days should the suspension last?"))
        return cleaned


class DecisionForm(ReasonForm):
    """A correspondent's decision on a submitted idea; the reason is required to ask for
    changes or to reject (the services say so), optional to approve."""

    reason_required = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["canned"].queryset = CannedReason.objects.filter(
            use__in=[CannedReason.Use.REQUEST_CHANGES, CannedReason.Use.REJECT], is_active=True
        )
        self.fields["reason"].label = _("Message to the author")


class QueueFilterForm(forms.Form):
    theme = ThemeChoiceField(label=_("Theme"), queryset=Theme.objects.filter(is_active=True), required=False,
                             empty_label=_("All themes"))
    entity = EntityChoiceField(label=_("Business unit"), required=False, empty_label=_("All business units"))
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=[
        (QueueSort.OLDEST, _("Oldest first")), (QueueSort.NEWEST, _("Newest first")),
    ])


class BulkApproveForm(forms.Form):
    ideas = forms.TypedMultipleChoiceField(coerce=int, choices=(), error_messages={
        "required": _("Select at least one idea to approve."),
    })
    reason = forms.CharField(label=_("Note to the authors (optional)"), required=False, max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ideas"].choices = [(pk, pk) for pk in choices]


class ReviseForm(ReasonForm):
    """A moderator's correction of an idea; the reason goes to the audit log."""

    use = CannedReason.Use.HIDE
    title = CountedCharField(label=_("Title"), max_length=160)
    theme = ThemeChoiceField(label=_("Theme"), queryset=Theme.objects.filter(is_active=True))
    body = forms.CharField(label=_("Description"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 10}))

    field_order = ["title", "theme", "body", "canned", "reason"]
