from django import template

from ..evaluations import evaluation_summary

register = template.Library()


@register.simple_tag(takes_context=True)
def expert_evaluation(context, idea):
    """The experts' scores of `idea` for the page's reader, or None when they may not see
    them (an expert still scoring, an employee)."""
    return evaluation_summary(idea=idea, viewer=context["request"].user)
