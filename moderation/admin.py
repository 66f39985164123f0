from django.contrib import admin

from .models import CorrespondentAssignment


@admin.register(CorrespondentAssignment)
class CorrespondentAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "theme"]
    list_filter = ["theme"]
    raw_id_fields = ["user"]
    filter_horizontal = ["entities"]
