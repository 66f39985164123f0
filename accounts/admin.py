from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Entity, RoleAssignment, User


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
    readonly_fields = ["manager", "management_path", "last_login", "date_joined"]
    inlines = [RoleInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["first_name", "last_name", "job_title", "entity", "manager", "management_path", "language", "avatar"]}),
        (_("Access"), {"fields": ["is_active", "suspended_until", "is_staff", "is_superuser"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2", "entity"]})]
