from django.contrib import admin

from .models import AuditEntry, CannedReason, CorrespondentAssignment, Evaluation, EvaluationCriterion, Flag, Sanction


@admin.register(CorrespondentAssignment)
class CorrespondentAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "theme"]
    list_filter = ["theme"]
    raw_id_fields = ["user"]
    filter_horizontal = ["entities"]


@admin.register(CannedReason)
class CannedReasonAdmin(admin.ModelAdmin):
    list_display = ["label_en", "label_fr", "use", "position", "is_active"]
    list_filter = ["use", "is_active"]
    list_editable = ["position", "is_active"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Moderation records are written by the console's services only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Flag)
class FlagAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "idea", "comment", "resolved_at"]
    list_filter = ["resolved_at"]


@admin.register(Sanction)
class SanctionAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "kind", "until", "by", "lifted_at"]
    list_filter = ["kind"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "action", "target_type", "target_label"]
    list_filter = ["action", "target_type"]
    search_fields = ["target_label", "reason", "actor__email"]
    list_select_related = ["actor", "target_type"]
    date_hierarchy = "created_at"


@admin.register(EvaluationCriterion)
class EvaluationCriterionAdmin(admin.ModelAdmin):
    """Criteria are data: rename, reorder, add or retire them (past scores are kept)."""

    list_display = ["name_en", "name_fr", "code", "position", "is_active"]
    list_editable = ["position", "is_active"]
    prepopulated_fields = {"code": ["name_en"]}

    def has_delete_permission(self, request, obj=None):
        # A criterion with scores is retired (inactive), never deleted.
        return obj is not None and not obj.scores.exists()


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyAdmin):
    list_display = ["requested_at", "idea", "evaluator", "requested_by", "submitted_at"]
    list_filter = ["submitted_at"]
    list_select_related = ["idea", "evaluator", "requested_by"]
