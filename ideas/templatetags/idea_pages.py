from django import template

from ideas.comment_permissions import comment_permissions_for

register = template.Library()


@register.simple_tag(takes_context=True)
def comment_actions(context, comment):
    """{% comment_actions comment as may %}: what the viewer may do with this comment
    (may.edit, may.flag...), decided once per page where the rules allow. In a cached
    thread, the answers of the viewer shape it is kept for (ideas.fragments.ThreadShape)."""
    shape = context.get("thread_shape")
    if shape is not None:
        return shape.for_comment(comment)
    return comment_permissions_for(context["user"], context["idea"]).for_comment(comment)


@register.simple_tag(takes_context=True)
def comment_thread(context, idea):
    """{% comment_thread idea %}: the comments of the idea for the viewing person."""
    from ideas.fragments import comment_thread_html

    return comment_thread_html(context["request"], idea)


@register.simple_tag
def challenge_cards(challenges):
    """{% challenge_cards challenges %}: the cards of a challenge list, from the cache where it has them."""
    from ideas.fragments import challenge_cards_html

    return challenge_cards_html(challenges)


@register.simple_tag
def idea_body(idea):
    """{% idea_body idea %}: the idea's text and pictures."""
    from ideas.fragments import idea_body_html

    return idea_body_html(idea)
