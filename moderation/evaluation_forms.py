"""Forms of expert evaluation: naming the experts, and an expert's scores."""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import SCORE_MAX, SCORE_MIN

SEPARATORS = re.compile(r"[\s,;]+")


class AssignEvaluatorsForm(forms.Form):
    evaluators = forms.CharField(
        label=_("Experts' e-mail addresses"),
        help_text=_("One or more addresses, separated by commas or new lines. Experts may come from any "
                    "business unit; the idea's author and co-authors cannot evaluate it."),
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
        max_length=2000,
    )

    def clean_evaluators(self):
        emails = list(dict.fromkeys(e for e in SEPARATORS.split(self.cleaned_data["evaluators"]) if e))[:20]
        condition = Q()
        for email in emails:
            condition |= Q(email__iexact=email)
        people = {p.email.lower(): p for p in get_user_model().objects.filter(condition)} if emails else {}
        unknown = [e for e in emails if e.lower() not in people]
        if unknown:
            raise forms.ValidationError(_("Nobody has these addresses: %(emails)s") % {"emails": ", ".join(unknown)})
        return list(people.values())


class EvaluationForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000,
        help_text=_("Why these scores: strengths, risks, what to check. The decision makers read it."),
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        choices = [(str(n), str(n)) for n in range(SCORE_MIN, SCORE_MAX + 1)]
        scored = {}
        for criterion in criteria:
            scored[criterion.code] = forms.TypedChoiceField(
                label=criterion.name, help_text=criterion.help, choices=choices, coerce=int,
                widget=forms.RadioSelect,
            )
        # The scores first, then the comment.
        self.fields = {**scored, "comment": self.fields["comment"]}

    @property
    def score_fields(self):
        return [self[criterion.code] for criterion in self.criteria]

    def scores(self) -> dict:
        return {criterion.code: self.cleaned_data[criterion.code] for criterion in self.criteria}
