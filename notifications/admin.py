from django.contrib import admin

from .models import Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "count", "channel", "created_at", "read_at", "emailed_at", "digested_at"]
    list_filter = ["kind", "channel"]
    raw_id_fields = ["recipient", "actor", "idea", "comment"]
    search_fields = ["recipient__email", "key"]


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "channel"]
    list_filter = ["kind", "channel"]
    raw_id_fields = ["user"]
