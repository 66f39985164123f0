"""Administrators see what the worker tier owes and what it gave up on, and retry it."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import OutboxEvent, ScheduledJob
from .outbox import outbox_retry


class OutboxStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("failed", _("Failed")), ("pending", _("Pending")), ("delivered", _("Delivered"))]

    def queryset(self, request, queryset):
        if self.value() == "failed":
            return queryset.filter(failed_at__isnull=False, delivered_at__isnull=True)
        if self.value() == "pending":
            return queryset.filter(failed_at__isnull=True, delivered_at__isnull=True)
        if self.value() == "delivered":
            return queryset.filter(delivered_at__isnull=False)
        return queryset


@admin.register(OutboxEvent)
class OutboxEventAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "created_at", "status_label", "attempts", "pending_listeners", "delivered_at")
    list_filter = (OutboxStatusFilter, "name")
    search_fields = ("name", "last_error", "note")
    date_hierarchy = "created_at"
    actions = ("retry",)
    readonly_fields = [field.name for field in OutboxEvent._meta.fields]
    list_per_page = 50

    @admin.display(description=_("status"))
    def status_label(self, event):
        return {"delivered": _("Delivered"), "failed": _("Failed"), "pending": _("Pending")}[event.status]

    @admin.action(description=_("Retry the selected events"))
    def retry(self, request, queryset):
        count = outbox_retry(event_ids=queryset.filter(delivered_at__isnull=True).values_list("pk", flat=True))
        self.message_user(request, ngettext("%(count)d event is owed again.", "%(count)d events are owed again.",
                                            count) % {"count": count}, messages.SUCCESS)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ScheduledJob)
class ScheduledJobAdmin(admin.ModelAdmin):
    list_display = ("name", "last_started_at", "last_finished_at", "last_succeeded_at", "runs", "running_until")
    readonly_fields = [field.name for field in ScheduledJob._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
