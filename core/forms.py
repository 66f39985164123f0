"""Form helpers shared by the portal and the console."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on the field it names when the form
    has that field, above the form otherwise. Nothing is lost and the page answers 400."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class CountedCharField(forms.CharField):
    """A text field with a limit the browser does not enforce (its maxlength would cut a
    pasted text without a word): a live count shows the limit (static/js/multitude.js) and
    the form refuses a longer text with a message saying by how much."""

    default_error_messages = {
        "max_length": _("This is limited to %(limit_value)d characters; it has %(show_value)d: please shorten it."),
    }

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if attrs.pop("maxlength", None) is not None:
            attrs["data-max-length"] = str(self.max_length)
            # "%(count)s" and "%(max)s" are filled in by the script as the person types.
            attrs["data-count-label"] = _("%(count)s of %(max)s characters")
            attrs["data-over-label"] = _("%(count)s of %(max)s characters: %(over)s too many")
        return attrs
