from django import template

from ..selectors import profile_gamification

register = template.Library()


@register.inclusion_tag("gamification/_standing.html", takes_context=True)
def gamification_standing(context, person):
    """{% gamification_standing person %}: points, rank, badges and progress on a profile."""
    viewer = context.get("user")
    is_me = viewer is not None and viewer.pk == person.pk
    return {"person": person, "is_me": is_me, **profile_gamification(person.pk, with_progress=is_me)}
