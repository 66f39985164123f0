"""Routes of the REST API, mounted at /api/ by config/urls.py (namespace "api").

To add endpoints for an app: write them in `<app>/api.py` (serializers and views calling
the app's services and selectors), then register them below, a viewset on `router` or a
view in `v1`. The schema (/api/schema/) and the docs (/api/docs/) pick them up; the tests
in tests/api/test_schema.py fail until each new endpoint is documented.
"""

from django.apps import apps
from django.urls import include, path
from rest_framework.permissions import AllowAny
from rest_framework.routers import SimpleRouter

from accounts import api as accounts_api
from core.api.schema_view import DocsView, SchemaView
from ideas import api as ideas_api
from ideas import challenge_api, similar_api
from moderation import api as moderation_api

# Apps that only add sections to `me` (core.api.me) are imported for that effect.
if apps.is_installed("gamification"):
    import gamification.api  # noqa: F401

app_name = "api"

router = SimpleRouter()
router.register("ideas", ideas_api.IdeaViewSet, basename="ideas")
router.register("themes", ideas_api.ThemeViewSet, basename="themes")
router.register("challenges", challenge_api.ChallengeViewSet, basename="challenges")

v1 = [
    path("me/", accounts_api.MeView.as_view(), name="me"),
    path("me/export/", accounts_api.MyDataExportView.as_view(), name="me-export"),
    path("entities/", accounts_api.EntityTreeView.as_view(), name="entities"),
    path("ideas/<int:pk>/vote/", ideas_api.SupportView.as_view(), name="idea-vote"),
    path("ideas/<int:pk>/follow/", ideas_api.FollowView.as_view(), name="idea-follow"),
    path("ideas/<int:pk>/comments/", ideas_api.CommentListView.as_view(), name="idea-comments"),
    path("ideas/<int:pk>/comments/<int:comment_pk>/", ideas_api.CommentDetailView.as_view(), name="idea-comment"),
    path("ideas/<int:pk>/transition/", moderation_api.TransitionView.as_view(), name="idea-transition"),
    path("moderation/queue/", moderation_api.QueueView.as_view(), name="moderation-queue"),
    path("moderation/ideas/<int:pk>/decision/", moderation_api.DecisionView.as_view(), name="moderation-decision"),
    # Before the router: "similar" is not an idea's id.
    path("ideas/similar/", similar_api.SimilarIdeasView.as_view(), name="ideas-similar"),
    path("ideas/<int:pk>/evaluations/", moderation_api.IdeaEvaluationsView.as_view(), name="idea-evaluations"),
    path("evaluations/", moderation_api.EvaluationListView.as_view(), name="evaluations"),
    path("evaluations/<int:pk>/submit/", moderation_api.EvaluationSubmitView.as_view(), name="evaluation-submit"),
    *router.urls,
]

if apps.is_installed("notifications"):
    from notifications import api as notifications_api

    v1 += [
        path("notifications/", notifications_api.NotificationListView.as_view(), name="notifications"),
        path("notifications/read-all/", notifications_api.NotificationReadAllView.as_view(), name="notifications-read-all"),
        path("notifications/<int:pk>/read/", notifications_api.NotificationReadView.as_view(), name="notification-read"),
    ]

# The schema and its docs (Swagger UI) are public: the API's shape is no secret, its data
# is. Swagger UI's files come from drf-spectacular-sidecar, served here (no CDN).
urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SchemaView.as_view(permission_classes=[AllowAny]), name="schema"),
    path("docs/", DocsView.as_view(url_name="api:schema", permission_classes=[AllowAny]), name="docs"),
]
