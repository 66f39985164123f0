from django.contrib import admin

from .models import Challenge, Comment, Concept, Idea, StageChange, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_fr", "name_en", "is_active", "position"]
    list_editable = ["is_active", "position"]


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_stage", "to_stage", "actor", "reason", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Idea)
class IdeaAdmin(admin.ModelAdmin):
    """Read-mostly: stages change only through the lifecycle services."""

    list_display = ["title", "theme", "stage", "author", "support_count", "comment_count", "published_at"]
    list_filter = ["stage", "theme"]
    search_fields = ["title"]
    readonly_fields = ["stage", "author", "author_entity", "support_count", "comment_count", "submitted_at",
                       "published_at", "stage_changed_at"]
    inlines = [StageChangeInline]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["idea", "author", "created_at", "deleted_at"]
    readonly_fields = ["idea", "author", "parent", "body_html", "deleted_at"]


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    """Read-mostly: challenges are posed and judged on the site, through the services."""

    list_display = ["title", "sponsor", "opens_at", "closes_at", "evaluated_at"]
    search_fields = ["title", "question"]
    readonly_fields = ["sponsor", "created_by", "opens_at", "closes_at", "evaluated_at", "results_note", "context_html",
                       "results_note_html"]


@admin.register(Concept)
class ConceptAdmin(admin.ModelAdmin):
    """The bilingual lexicon of the similar-ideas suggestions and of search: a change is
    used at once (each process reads the lexicon again); `manage.py similar_rebuild` then
    stores every idea's terms with it, so that processes need not compute them."""

    list_display = ["name", "words", "updated_at"]
    search_fields = ["name", "words"]
