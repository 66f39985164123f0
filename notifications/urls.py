from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list_view, name="list"),
    path("<int:pk>/read/", views.notification_read_view, name="read"),
    path("read/", views.notification_read_all_view, name="read_all"),
    path("unread/", views.unread_count_view, name="unread"),
    path("preferences/", views.preferences_view, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe_view, name="unsubscribe"),
    path("following/", views.following_view, name="following"),
    path("follow/<int:pk>/", views.follow_view, name="follow"),
    path("people/", views.people_search_view, name="people"),
    path("live/comments/<int:pk>/", views.comment_fragment_view, name="comment_fragment"),
]
