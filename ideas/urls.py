from django.urls import path

from . import challenge_views, views
from .similar_views import similar_view

app_name = "ideas"

urlpatterns = [
    path("", views.idea_list_view, name="list"),
    path("new/", views.idea_create_view, name="create"),
    path("mine/", views.my_ideas_view, name="mine"),
    path("similar/", similar_view, name="similar"),
    path("<int:pk>/", views.idea_detail_view, name="detail"),
    path("<int:pk>/edit/", views.idea_update_view, name="update"),
    path("<int:pk>/submit/", views.idea_submit_view, name="submit"),
    path("<int:pk>/delete/", views.idea_delete_view, name="delete"),
    path("<int:pk>/support/", views.support_view, name="support"),
    path("<int:pk>/comments/", views.comment_post_view, name="comment"),
    path("<int:pk>/comments/<int:comment_pk>/edit/", views.comment_edit_view, name="comment_edit"),
    path("<int:pk>/comments/<int:comment_pk>/delete/", views.comment_delete_view, name="comment_delete"),
    path("<int:pk>/comments/<int:comment_pk>/helpful/", views.comment_helpful_view, name="comment_helpful"),
    path("<int:pk>/images/<int:image_pk>/<str:variant>/", views.idea_image_view, name="image"),
    path("<int:pk>/reveal-author/", challenge_views.idea_reveal_author_view, name="reveal_author"),
    path("challenges/", challenge_views.challenge_list_view, name="challenge_list"),
    path("challenges/new/", challenge_views.challenge_create_view, name="challenge_create"),
    path("challenges/<int:pk>/", challenge_views.challenge_detail_view, name="challenge_detail"),
    path("challenges/<int:pk>/edit/", challenge_views.challenge_update_view, name="challenge_update"),
    path("challenges/<int:pk>/evaluate/", challenge_views.challenge_evaluate_view, name="challenge_evaluate"),
    path("challenges/<int:pk>/results/", challenge_views.challenge_results_view, name="challenge_results"),
]
