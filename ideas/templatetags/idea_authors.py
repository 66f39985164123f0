"""{% idea_author idea %}: the author of an idea as the viewing user may see it (a linked
name, or "a colleague" when the author posted without their name)."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from ideas.authorship import author_visible, comment_author_label, is_hidden_author

register = template.Library()


def _viewer(context):
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


def author_html(idea, viewer, link=True, entity=False):
    """The name (linked to the profile unless link=False, with the business unit when
    entity=True), or the neutral label; the business unit is hidden with the name."""
    from django.utils.translation import gettext as _

    if not author_visible(idea, viewer):
        return format_html('<span class="anonymous-author">{}</span>', _("a colleague"))
    name = idea.author.display_name
    html = format_html('<a href="{}">{}</a>', reverse("accounts:profile", args=[idea.author_id]), name) if link else format_html("{}", name)
    if entity and idea.author_entity_id:
        html = format_html("{} · {}", html, idea.author_entity.name)
    return html


@register.simple_tag(takes_context=True)
def idea_author(context, idea, link=True, entity=False):
    return author_html(idea, _viewer(context), link=link, entity=entity)


@register.simple_tag(takes_context=True)
def idea_cards(context, ideas):
    """{% idea_cards ideas %}: the cards of a list, from the cache where it has them."""
    from ideas.fragments import idea_cards_html

    return idea_cards_html(ideas, _viewer(context))


@register.simple_tag(takes_context=True)
def author_shown(context, idea) -> bool:
    return author_visible(idea, _viewer(context))


@register.simple_tag(takes_context=True)
def comment_author(context, comment, idea=None) -> str:
    return comment_author_label(comment, _viewer(context), idea)


@register.simple_tag(takes_context=True)
def comment_by_hidden_author(context, comment, idea=None) -> bool:
    return is_hidden_author(comment.author_id, idea or comment.idea, _viewer(context))


@register.simple_tag(takes_context=True)
def idea_person(context, idea, person) -> str:
    """Someone named on an idea's page (a step of its history, a co-author): "the author"
    when it is the author who hid their name from the viewer."""
    from django.utils.translation import gettext as _

    if person is None:
        return ""
    return _("the author") if is_hidden_author(person.pk, idea, _viewer(context)) else person.display_name


@register.simple_tag(takes_context=True)
def coauthor_name(context, coauthor) -> str:
    """A co-author credited by a merge keeps the anonymity of the idea they posted
    without their name: "a colleague" for those who may not see it."""
    from django.utils.translation import gettext as _

    merged_from = coauthor.merged_from
    if merged_from is not None and merged_from.author_id == coauthor.user_id and not author_visible(merged_from, _viewer(context)):
        return _("a colleague")
    return coauthor.user.display_name
