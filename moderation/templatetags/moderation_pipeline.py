"""{% pipeline_decision idea %}: the pipeline decision form, on the idea page, for those
who may take a step now. Asks the database nothing for everyone else."""

from django import template

from ..pipeline import pipeline_targets
from ..pipeline_forms import PipelineStepForm, canned_not_retained

register = template.Library()


@register.inclusion_tag("moderation/_pipeline_form.html", takes_context=True)
def pipeline_decision(context, idea):
    request = context["request"]
    targets = pipeline_targets(idea=idea, user=request.user) if request.user.is_authenticated else []
    if not targets:
        return {"form": None}
    form = PipelineStepForm(idea=idea, targets=targets, canned=canned_not_retained())
    return {"form": form, "idea": idea, "next": idea.get_absolute_url(), "csrf_token": context.get("csrf_token"),
            "request": request, "panel": True, "standalone": True}
