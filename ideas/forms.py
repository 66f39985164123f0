from django import forms
from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts.forms import EntityChoiceField
from accounts.models import Entity
from accounts.models import User
from core.forms import CountedCharField

from .models import LISTED_STAGES, Challenge, Comment, Stage, Theme
from .selectors import Sort


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class ThemeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class IdeaForm(forms.Form):
    title = CountedCharField(label=_("Title"), max_length=160, help_text=_("A short sentence that says what you propose."))
    theme = ThemeChoiceField(label=_("Theme"), queryset=Theme.objects.filter(is_active=True), empty_label=_("Choose a theme"))
    body = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=20_000,
        help_text=_("What is the problem, what do you propose, what would it change? Markdown is accepted: **bold**, *italic*, lists, links."),
    )
    images = MultipleFileField(
        label=_("Pictures"),
        required=False,
        help_text=_("Up to %(max)d pictures (JPEG, PNG, WebP or GIF).") % {"max": settings.IDEA_MAX_IMAGES},
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )
    remove_images = forms.TypedMultipleChoiceField(label=_("Remove pictures"), required=False, coerce=int, choices=[],
                                                   widget=forms.CheckboxSelectMultiple)
    challenge = forms.ModelChoiceField(
        label=_("Challenge answered"), queryset=Challenge.objects.none(), required=False,
        empty_label=_("None: a free idea"), help_text=_("Only open challenges take ideas."),
    )
    author_name_hidden = forms.BooleanField(
        label=_("Hide my name from colleagues"), required=False,
        help_text=_("Colleagues will see “a colleague”. The correspondents of the theme and the community managers "
                    "still see your name; your points count as usual. You can put your name back later."),
    )

    def __init__(self, *args, idea=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The menu offers the open challenges, plus the one the idea already answers; any
        # challenge is accepted here so that the service says why a closed one is refused.
        field = self.fields["challenge"]
        field.queryset = Challenge.objects.all()
        offered = Challenge.objects.open()
        if idea is not None and idea.challenge_id:
            offered = offered | Challenge.objects.filter(pk=idea.challenge_id)
        field.widget.choices = [("", field.empty_label)] + [
            (challenge.pk, challenge.title) for challenge in offered.order_by("closes_at", "pk")
        ]
        if idea is not None:
            self.fields["remove_images"].choices = [(image.pk, str(image.pk)) for image in idea.images.all()]
        else:
            del self.fields["remove_images"]


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    parent = forms.ModelChoiceField(queryset=Comment.objects.all(), required=False, widget=forms.HiddenInput)


class DecisionForm(forms.Form):
    reason = forms.CharField(label=_("Message to the author"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class IdeaFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    theme = ThemeChoiceField(label=_("Theme"), queryset=Theme.objects.filter(is_active=True), required=False, empty_label=_("All themes"))
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    entity = EntityChoiceField(label=_("Business unit"), required=False, empty_label=_("All business units"))
    author = forms.ModelChoiceField(label=_("Author"), queryset=User.objects.all(), required=False, widget=forms.HiddenInput)
    challenge = forms.ModelChoiceField(label=_("Challenge"), queryset=Challenge.objects.order_by("-opens_at", "-pk"),
                                       required=False, empty_label=_("All ideas"))
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=Sort.CHOICES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [("", _("All stages"))] + [
            (s.value, capfirst(s.label)) for s in Stage if s in LISTED_STAGES]
        # "Best match" means something only with a search term: offered then (still accepted
        # without one, so a shared address keeps working).
        if not (self.data.get("q") or "").strip():
            self.fields["sort"].widget.choices = [c for c in Sort.CHOICES if c[0] != Sort.RELEVANCE]


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class ChallengeForm(forms.Form):
    title = CountedCharField(label=_("Title"), max_length=160)
    question = forms.CharField(label=_("Question"), max_length=300,
                               help_text=_("The precise question employees answer, in one sentence."))
    context = forms.CharField(label=_("Context"), required=False, widget=forms.Textarea(attrs={"rows": 8}),
                              max_length=20_000, help_text=_("Why it matters, what is known, what is out of scope. Markdown is accepted."))
    sponsor = PersonChoiceField(label=_("Sponsor"), queryset=User.objects.none(), empty_label=None,
                                help_text=_("An executive or a community manager who will judge the answers."))
    themes = forms.ModelMultipleChoiceField(label=_("Themes"), queryset=Theme.objects.filter(is_active=True),
                                            widget=forms.CheckboxSelectMultiple)
    target_entities = forms.ModelMultipleChoiceField(
        label=_("Business units addressed"), queryset=Entity.objects.all(), required=False,
        help_text=_("Leave empty to address everyone."),
    )
    opens_at = forms.DateTimeField(label=_("Opens at"), widget=DateTimeLocalInput())
    closes_at = forms.DateTimeField(label=_("Closes at"), widget=DateTimeLocalInput())

    def __init__(self, *args, may_choose_sponsor: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        from accounts.roles import Role

        self.fields["themes"].label_from_instance = lambda theme: theme.name
        sponsors = User.objects.filter(
            is_active=True, role_assignments__role__in=[Role.EXECUTIVE, Role.COMMUNITY_MANAGER, Role.ADMINISTRATOR]
        ).distinct().order_by("last_name", "first_name")
        self.fields["sponsor"].queryset = sponsors
        if not may_choose_sponsor:
            self.fields["sponsor"].disabled = True


class IdeaChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class ChallengeShortlistForm(forms.Form):
    ideas = IdeaChoiceField(label=_("Shortlisted ideas"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, challenge, **kwargs):
        super().__init__(*args, **kwargs)
        from .challenge_selectors import challenge_answers

        self.fields["ideas"].queryset = challenge_answers(challenge).order_by("-support_count", "-id")


class ChallengeWinnersForm(ChallengeShortlistForm):
    note = forms.CharField(label=_("Note to the participants"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20_000,
                           help_text=_("What you retain and what happens next. Markdown is accepted."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ideas"].label = _("Winning ideas")
