from django.urls import path

from . import views

app_name = "gamification"
urlpatterns = [
    path("leaderboard/", views.leaderboard_view, name="leaderboard"),
    path("community/segments/", views.segments_view, name="segments"),
    path("community/segments/snapshot/", views.snapshot_view, name="snapshot"),
    path("community/segments/<str:segment>/", views.segment_members_view, name="segment_members"),
    path("community/segments/<str:segment>/message/", views.segment_message_view, name="segment_message"),
]
