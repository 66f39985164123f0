from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import EntityChoiceField
from ideas.forms import ThemeChoiceField
from ideas.models import Theme

from .models import Segment
from .services import BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH

PERIOD_CHOICES = [("all", _("All time")), ("month", _("This month")), ("quarter", _("This quarter"))]


class LeaderboardFilterForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=PERIOD_CHOICES, required=False)
    entity = EntityChoiceField(label=_("Business unit"), required=False, empty_label=_("All business units"))
    theme = ThemeChoiceField(label=_("Theme"), queryset=Theme.objects.filter(is_active=True), required=False,
                             empty_label=_("All themes"))
    segment = forms.ChoiceField(label=_("Segment"), required=False,
                                choices=[("", _("All segments"))] + list(Segment.choices))


class SegmentPeriodForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=PERIOD_CHOICES, required=False)


class SegmentMembersFilterForm(forms.Form):
    entity = EntityChoiceField(label=_("Business unit"), required=False, empty_label=_("All business units"))


class SegmentMessageForm(forms.Form):
    entity = EntityChoiceField(
        label=_("Only in this business unit"), required=False, empty_label=_("All business units"),
        help_text=_("Its sub-units are included."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX_LENGTH)
    body = forms.CharField(label=_("Message"), max_length=BODY_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 6}))
