from django import template

from ideas.comment_permissions import comment_permissions_for

register = template.Library()


@register.simple_tag(takes_context=True)
def comment_actions(context, comment):
    """{% comment_actions comment as may %}: what the viewer may do with this comment
    (may.edit, may.flag...), decided once per page where the rules allow."""
    return comment_permissions_for(context["user"], context["idea"]).for_comment(comment)
