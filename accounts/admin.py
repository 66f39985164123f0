from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import AccountAuditEntry, Entity, RoleAssignment, User


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    readonly_fields = ["granted_at", "granted_by"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "entity", "manager", "is_active", "suspended_until"]
    list_filter = ["is_active", "is_staff", "entity", "role_assignments__role"]
    search_fields = ["email", "first_name", "last_name"]
    raw_id_fields = ["manager"]
    readonly_fields = ["manager", "management_path", "last_login", "date_joined", "erased_at", "left_directory_at"]
    inlines = [RoleInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["first_name", "last_name", "job_title", "entity", "manager", "management_path", "language", "avatar"]}),
        (_("Access"), {"fields": ["is_active", "suspended_until", "is_staff", "is_superuser"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined", "left_directory_at", "erased_at"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2", "entity"]})]


@admin.register(AccountAuditEntry)
class AccountAuditEntryAdmin(admin.ModelAdmin):
    """Read-only: erasures and directory changes, written by their services only."""

    list_display = ["created_at", "action", "subject_id", "actor"]
    list_filter = ["action"]
    search_fields = ["subject_id"]
    readonly_fields = ["created_at", "action", "subject_id", "actor", "details"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
