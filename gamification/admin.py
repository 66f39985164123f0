from django.contrib import admin

from .models import Badge, BadgeAward, LedgerEntry, PointsRule, SegmentMessage


@admin.register(PointsRule)
class PointsRuleAdmin(admin.ModelAdmin):
    """Points and caps apply to what is written from now on; `rebuild_ledger` applies
    them to the past."""

    list_display = ["code", "label_fr", "label_en", "points", "daily_cap", "per_idea_cap", "is_active"]
    list_editable = ["points", "daily_cap", "per_idea_cap", "is_active"]
    readonly_fields = ["code"]

    def has_add_permission(self, request):
        # A rule is only useful with a source of facts in code: the list is fixed.
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Badge)
class BadgeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fr", "name_en", "criterion", "bronze", "silver", "gold", "is_active", "position"]
    list_editable = ["is_active", "position"]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    """Read-only: the ledger is append-only and written by the listeners."""

    list_display = ["occurred_at", "user", "rule", "kind", "points", "content_type", "object_id", "generation"]
    list_filter = ["rule", "kind"]
    list_select_related = ["user", "rule", "content_type"]
    raw_id_fields = ["user", "idea", "reversal_of"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BadgeAward)
class BadgeAwardAdmin(admin.ModelAdmin):
    list_display = ["awarded_at", "user", "badge", "level"]
    list_filter = ["badge", "level"]
    list_select_related = ["user", "badge"]
    raw_id_fields = ["user"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SegmentMessage)
class SegmentMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "sender", "segment", "entity", "subject", "recipients_count"]
    list_select_related = ["sender", "entity"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
