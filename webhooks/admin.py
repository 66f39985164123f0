from django.contrib import admin

from .models import Delivery, Endpoint


@admin.register(Endpoint)
class EndpointAdmin(admin.ModelAdmin):
    list_display = ("name", "format", "disabled_at", "consecutive_failures")
    readonly_fields = ("secret", "consecutive_failures", "disabled_at", "disabled_reason", "created_by")


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("endpoint", "kind", "status", "attempts", "response_status", "created_at")
    list_filter = ("status", "kind")
    readonly_fields = [field.name for field in Delivery._meta.fields]
