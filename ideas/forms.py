from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.forms import EntityChoiceField
from accounts.models import User

from .models import LISTED_STAGES, Comment, Stage, Theme
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
    title = forms.CharField(label=_("Title"), max_length=160, help_text=_("A short sentence that says what you propose."))
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

    def __init__(self, *args, idea=None, **kwargs):
        super().__init__(*args, **kwargs)
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
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=Sort.CHOICES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [("", _("All stages"))] + [(s.value, s.label) for s in Stage if s in LISTED_STAGES]
