from django.contrib import admin

from .models import Delivery, Endpoint


@admin.register(Endpoint)
class EndpointAdmin(admin.ModelAdmin):
    """For looking; endpoints are registered in the console, whose service checks the address
    and makes the secret."""

    list_display = ("name", "format", "disabled_at", "consecutive_failures")
    readonly_fields = [field.name for field in Endpoint._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("endpoint", "kind", "status", "attempts", "response_status", "created_at")
    list_filter = ("status", "kind")
    readonly_fields = [field.name for field in Delivery._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
