from django.urls import path, re_path

from .views import audit, content, editing, evaluations, merges, pipeline, queues, sanctions

app_name = "moderation"

urlpatterns = [
    path("", queues.console_view, name="console"),
    path("submitted/", queues.queue_view, name="queue"),
    path("submitted/approve/", queues.bulk_approve_view, name="bulk_approve"),
    re_path(r"^ideas/(?P<pk>[0-9]+)/(?P<decision>approve|request_changes|reject)/$", queues.decide_view, name="decide"),
    path("reports/", content.flags_view, name="flags"),
    path("report/<str:kind>/<int:pk>/", content.flag_view, name="flag"),
    path("hide/<str:kind>/<int:pk>/", content.hide_view, name="hide"),
    path("restore/<str:kind>/<int:pk>/", content.restore_view, name="restore"),
    path("ideas/<int:pk>/merge/", merges.merge_view, name="merge"),
    path("ideas/<int:pk>/revise/", editing.revise_view, name="revise"),
    path("ideas/<int:pk>/unmerge/", merges.undo_merge_view, name="undo_merge"),
    path("sanctions/", sanctions.sanctions_view, name="sanctions"),
    path("people/<int:pk>/sanction/", sanctions.sanction_view, name="sanction"),
    path("people/<int:pk>/lift/", sanctions.lift_view, name="lift_suspension"),
    path("pipeline/", pipeline.pipeline_queue_view, name="pipeline"),
    path("pipeline/ideas/<int:pk>/", pipeline.pipeline_decide_view, name="pipeline_decide"),
    path("pipeline/people/", pipeline.owner_search_view, name="owner_search"),
    path("evaluations/", evaluations.evaluations_view, name="evaluations"),
    path("evaluations/<int:pk>/", evaluations.evaluation_view, name="evaluation"),
    path("ideas/<int:pk>/evaluations/", evaluations.idea_evaluations_view, name="idea_evaluations"),
    path("audit/", audit.audit_log_view, name="audit"),
    path("audit/export.csv", audit.audit_export_view, name="audit_export"),
]
