"""{% demo_logins as logins %}: the demo logins, for the sign-in page in demo mode."""

from django import template

from demo import logins

register = template.Library()


@register.simple_tag
def demo_logins() -> list[dict]:
    return logins.demo_logins()
