from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("people/<int:pk>/", views.profile_view, name="profile"),
    path("people/<int:pk>/avatar/<str:variant>/", views.avatar_view, name="avatar"),
    path("profile/", views.profile_edit_view, name="profile_edit"),
    path("language/", views.set_language_view, name="set_language"),
]
