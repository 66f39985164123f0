from django.urls import path

from . import data_views, token_views, views

app_name = "accounts"

urlpatterns = [
    path("people/<int:pk>/", views.profile_view, name="profile"),
    path("people/<int:pk>/avatar/<str:variant>/", views.avatar_view, name="avatar"),
    path("profile/", views.profile_edit_view, name="profile_edit"),
    path("language/", views.set_language_view, name="set_language"),
    path("profile/data/", data_views.my_data_view, name="my_data"),
    path("profile/data/export/", data_views.my_data_export_view, name="my_data_export"),
    path("people/<int:pk>/erase/", data_views.person_erase_view, name="erase_person"),
    path("profile/api-tokens/", token_views.api_tokens_view, name="api_tokens"),
    path("profile/api-tokens/<int:pk>/revoke/", token_views.api_token_revoke_view, name="api_token_revoke"),
]
