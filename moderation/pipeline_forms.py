"""Forms of the pipeline console: the queue's filters and one pipeline decision."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.forms import EntityChoiceField
from core.reasons import reason_stored
from ideas.forms import ThemeChoiceField
from ideas.models import Idea, Stage, Theme

from .models import CannedReason
from .pipeline import AWAITING_STAGES, SAVINGS_MAX_EUR
from .pipeline_queue import PipelineSort


class PipelineFilterForm(forms.Form):
    theme = ThemeChoiceField(label=gettext_lazy("Theme"), queryset=Theme.objects.filter(is_active=True), required=False,
                             empty_label=gettext_lazy("All themes"))
    stage = forms.ChoiceField(label=gettext_lazy("Stage"), required=False, choices=[
        ("", gettext_lazy("All stages")), *[(s, Stage(s).label) for s in AWAITING_STAGES],
    ])
    entity = EntityChoiceField(label=gettext_lazy("Business unit"), required=False,
                               empty_label=gettext_lazy("All business units"))
    sort = forms.ChoiceField(label=gettext_lazy("Order"), required=False, choices=[
        (PipelineSort.SUPPORTED, gettext_lazy("Most supported first")),
        (PipelineSort.OLDEST, gettext_lazy("Longest waiting first")),
        (PipelineSort.NEWEST, gettext_lazy("Newest in their stage first")),
    ])


class OwnerField(forms.CharField):
    """An active colleague, given by e-mail address (the page suggests names as you type)."""

    def clean(self, value):
        email = (super().clean(value) or "").strip()
        if not email:
            return None
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise ValidationError(_("No active colleague has this e-mail address."), code="unknown_owner")
        return user


class PipelineStepForm(forms.Form):
    """One pipeline decision. Every stage is accepted here, so that a step the lifecycle
    does not allow is refused by the service with its own message; only the steps the
    viewer may take are offered."""

    to_stage = forms.ChoiceField(label=gettext_lazy("Next step"), choices=Stage.choices)
    canned = forms.TypedChoiceField(label=gettext_lazy("Ready-made reason (not retained)"), required=False, coerce=int,
                                    empty_value=None)
    note = forms.CharField(label=gettext_lazy("Decision note"), required=False, max_length=2000,
                           help_text=gettext_lazy("Public: shown on the idea's timeline."),
                           widget=forms.Textarea(attrs={"rows": 3}))
    owner = OwnerField(label=gettext_lazy("Owner (e-mail address)"), required=False, max_length=254,
                       help_text=gettext_lazy("Required from “in project” on. Type a name to get suggestions."),
                       widget=forms.TextInput(attrs={"list": "pipeline-people", "autocomplete": "off",
                                                     "class": "owner-picker", "spellcheck": "false"}))
    savings_eur = forms.IntegerField(label=gettext_lazy("Annual savings (euros)"), required=False, min_value=0,
                                     max_value=SAVINGS_MAX_EUR, widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    quality = forms.CharField(label=gettext_lazy("Quality indicator"), required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=gettext_lazy("E.g. “customer complaints down 30 %”."))

    def __init__(self, *args, idea: Idea, targets: list[str], canned: list[CannedReason], **kwargs):
        kwargs.setdefault("auto_id", f"pipeline-{idea.pk}-%s")
        initial = kwargs.setdefault("initial", {})
        if idea.owner_id:
            initial.setdefault("owner", idea.owner.email)
        if targets:
            initial.setdefault("to_stage", targets[0])
        super().__init__(*args, **kwargs)
        self.idea = idea
        self.targets = [(stage, Stage(stage).label) for stage in targets]
        self.canned_reasons = {reason.pk: reason for reason in canned}
        self.fields["canned"].choices = [("", _("None: I write my own"))] + [(r.pk, r.label) for r in canned]

    def clean(self):
        cleaned = super().clean()
        code = self.canned_reasons[cleaned["canned"]].pk if cleaned.get("canned") else None
        cleaned["full_note"] = reason_stored(code=code, written=cleaned.get("note", ""))
        return cleaned

    @property
    def offers_deployment(self) -> bool:
        return any(stage == Stage.DEPLOYED for stage, _label in self.targets)


def canned_not_retained() -> list[CannedReason]:
    return list(CannedReason.objects.filter(use=CannedReason.Use.NOT_RETAINED, is_active=True))
