"""The employee portal: browse, read, write, support and discuss ideas."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import Conflict
from core.files import protected_file_response
from core.forms import add_service_errors
from core.permissions import can, require

from . import services
from .forms import CommentForm, IdeaFilterForm, IdeaForm
from .fragments import filter_fields_html
from .models import Comment, Follow, Idea, IdeaImage
from .selectors import Sort, idea_detail_queryset, idea_list, ideas_of_author, waiting_on


def _visible_idea(request, pk: int, queryset=None) -> Idea:
    idea = get_object_or_404(queryset if queryset is not None else Idea.objects.select_related("author", "author_entity", "theme"), pk=pk)
    if not can(request.user, "ideas.view_idea", idea):
        # Unpublished ideas of others do not exist, as far as the viewer can tell.
        raise Http404
    return idea


@login_required
@require_GET
def idea_list_view(request):
    form = IdeaFilterForm(request.GET)
    # A stale or mistyped value drops only its own filter: the valid ones still apply.
    form.is_valid()
    filters = form.cleaned_data
    search = filters.get("q") or ""
    sort = filters.get("sort") or (Sort.RELEVANCE if search else Sort.NEWEST)
    ideas = idea_list(
        viewer=request.user, theme=filters.get("theme"), stage=filters.get("stage"), entity=filters.get("entity"),
        author=filters.get("author"), challenge=filters.get("challenge"), search=search, sort=sort,
    )
    page = Paginator(ideas, settings.IDEAS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "ideas/list.html", {
        "form": form, "filter_fields": filter_fields_html(form), "page_obj": page, "ideas": page.object_list, "sort": sort,
        "querystring": query.urlencode(),
        "filter_author": filters.get("author"), "filter_challenge": filters.get("challenge"),
    })


@login_required
@require_GET
def idea_detail_view(request, pk: int):
    # Whether the viewer follows it, for the follow button: part of the same query.
    queryset = idea_detail_queryset(viewer=request.user, with_discussion=False).annotate(
        viewer_follows=Exists(Follow.objects.filter(idea=OuterRef("pk"), user=request.user))
    )
    idea = _visible_idea(request, pk, queryset)
    if idea.merged_into_id and "merged" not in request.GET:
        # A merged idea lives on in the one it went into; ?merged shows it as it was.
        messages.info(request, _("“%(title)s” was merged into this idea.") % {"title": idea.title})
        return redirect(reverse("ideas:detail", args=[idea.merged_into_id]))
    return render(request, "ideas/detail.html", {"idea": idea, "comment_form": CommentForm()})


@login_required
@require_http_methods(["GET", "POST"])
def idea_create_view(request):
    require(request.user, "ideas.add_idea", message=_("Your account cannot post ideas at the moment."))
    # "Answer this challenge" comes here with ?challenge=<id>: the form starts with it.
    form = IdeaForm(request.POST or None, request.FILES or None, initial={"challenge": request.GET.get("challenge")})
    if request.method == "POST" and form.is_valid():
        try:
            idea = services.idea_create(
                by=request.user, title=form.cleaned_data["title"], body=form.cleaned_data["body"],
                theme=form.cleaned_data["theme"], images=form.cleaned_data["images"], submit="submit" in request.POST,
                challenge=form.cleaned_data.get("challenge"), author_name_hidden=form.cleaned_data.get("author_name_hidden"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your idea was sent to the functional correspondents.") if "submit" in request.POST
                             else _("Your draft is saved."))
            return redirect(idea)
    return render(request, "ideas/form.html", {"form": form, "idea": None})


@login_required
@require_http_methods(["GET", "POST"])
def idea_update_view(request, pk: int):
    idea = _visible_idea(request, pk)
    require(request.user, "ideas.change_idea", idea, _("This idea can no longer be edited."))
    initial = {"title": idea.title, "body": idea.body, "theme": idea.theme, "challenge": idea.challenge_id,
               "author_name_hidden": idea.author_name_hidden}
    form = IdeaForm(request.POST or None, request.FILES or None, initial=initial, idea=idea)
    if request.method == "POST" and form.is_valid():
        try:
            services.idea_update(
                idea=idea, by=request.user, title=form.cleaned_data["title"], body=form.cleaned_data["body"],
                theme=form.cleaned_data["theme"], images=form.cleaned_data["images"],
                remove_image_ids=form.cleaned_data.get("remove_images") or (), submit="submit" in request.POST,
                challenge=form.cleaned_data.get("challenge"), author_name_hidden=form.cleaned_data.get("author_name_hidden"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your idea was sent to the functional correspondents.") if "submit" in request.POST
                             else _("Your changes are saved."))
            return redirect(idea)
    return render(request, "ideas/form.html", {"form": form, "idea": idea})


@login_required
@require_POST
def idea_submit_view(request, pk: int):
    idea = _visible_idea(request, pk)
    try:
        services.idea_submit(idea=idea, by=request.user)
    except Conflict as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your idea was sent to the functional correspondents."))
    return redirect(idea)


@login_required
@require_POST
def idea_delete_view(request, pk: int):
    idea = _visible_idea(request, pk)
    services.idea_delete(idea=idea, by=request.user)
    messages.success(request, _("The draft was deleted."))
    return redirect("ideas:mine")


@login_required
@require_POST
def support_view(request, pk: int):
    idea = _visible_idea(request, pk)
    withdraw = request.POST.get("action") == "withdraw"
    try:
        if withdraw:
            services.vote_withdraw(idea=idea, by=request.user)
        else:
            services.vote_cast(idea=idea, by=request.user)
    except Conflict as error:
        if request.htmx:
            return HttpResponse(error.message, status=409)
        messages.error(request, error.message)
        return redirect(idea)
    if request.htmx:
        idea.viewer_supports = not withdraw
        return render(request, "ideas/_support.html", {"idea": idea})
    return redirect(idea)


@login_required
@require_POST
def comment_post_view(request, pk: int):
    idea = _visible_idea(request, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_post(idea=idea, by=request.user, body=form.cleaned_data["body"], parent=form.cleaned_data["parent"])
        except ValidationError as error:
            add_service_errors(form, error)
    if request.htmx:
        refreshed = idea_detail_queryset(viewer=request.user, with_discussion=False).get(pk=idea.pk)
        return render(request, "ideas/_comments.html", {"idea": refreshed, "comment_form": CommentForm() if form.is_valid() and not form.errors else form})
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)
    return redirect(f"{idea.get_absolute_url()}#comments")


@login_required
@require_http_methods(["GET", "POST"])
def comment_edit_view(request, pk: int, comment_pk: int):
    idea = _visible_idea(request, pk)
    comment = get_object_or_404(Comment.objects.select_related("idea", "author"), pk=comment_pk, idea=idea)
    require(request.user, "ideas.change_comment", comment, _("This comment can no longer be edited."))
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_edit(comment=comment, by=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(f"{idea.get_absolute_url()}#comment-{comment.pk}")
    return render(request, "ideas/comment_edit.html", {"idea": idea, "comment": comment, "form": form})


@login_required
@require_POST
def comment_helpful_view(request, pk: int, comment_pk: int):
    idea = _visible_idea(request, pk)
    comment = get_object_or_404(Comment.objects.select_related("idea", "author"), pk=comment_pk, idea=idea)
    helpful = request.POST.get("helpful") != "0"
    services.comment_mark_helpful(comment=comment, by=request.user, helpful=helpful)
    messages.success(request, _("Marked as helpful: thank you for recognising it.") if helpful else _("No longer marked as helpful."))
    return redirect(f"{idea.get_absolute_url()}#comment-{comment.pk}")


@login_required
@require_POST
def comment_delete_view(request, pk: int, comment_pk: int):
    idea = _visible_idea(request, pk)
    comment = get_object_or_404(Comment.objects.select_related("idea", "author"), pk=comment_pk, idea=idea)
    services.comment_delete(comment=comment, by=request.user)
    messages.success(request, _("The comment was deleted."))
    return redirect(f"{idea.get_absolute_url()}#comments")


@login_required
@require_GET
def my_ideas_view(request):
    ideas = list(ideas_of_author(author=request.user))
    for idea in ideas:
        idea.waiting_on = waiting_on(idea)
    return render(request, "ideas/mine.html", {"ideas": ideas})


@login_required
@require_GET
def idea_image_view(request, pk: int, image_pk: int, variant: str):
    """Pictures are served only to those who may see the idea."""
    idea = _visible_idea(request, pk)
    image = get_object_or_404(IdeaImage, pk=image_pk, idea=idea)
    return protected_file_response(image.thumbnail if variant == "thumb" else image.image)

