from django.urls import path

from . import token_views, views

app_name = "accounts"

urlpatterns = [
    path("people/<int:pk>/", views.profile_view, name="profile"),
    path("people/<int:pk>/avatar/<str:variant>/", views.avatar_view, name="avatar"),
    path("profile/", views.profile_edit_view, name="profile_edit"),
    path("language/", views.set_language_view, name="set_language"),
    path("profile/api-tokens/", token_views.api_tokens_view, name="api_tokens"),
    path("profile/api-tokens/<int:pk>/revoke/", token_views.api_token_revoke_view, name="api_token_revoke"),
]
