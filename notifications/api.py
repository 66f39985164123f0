"""API of the notifications app: the caller's notifications (newest first), marking them
read, and the unread count as a section of `GET /api/v1/me/`. Reads go through
notifications.selectors, writes through notifications.services, texts through
notifications.texts (so a hidden idea's title is not shown here either)."""

import django_filters
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.response import Response

from accounts.api import PersonBriefSerializer
from core.api.filters import BooleanFilter
from core.api.me import register_me_section
from ideas.authorship import is_hidden_author

from .models import Kind, Notification
from .selectors import notifications_of
from .services import notification_mark_read, notifications_mark_all_read
from .texts import describe, detail, target_url


class NotificationSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=Kind.choices, read_only=True)
    text = serializers.SerializerMethodField(help_text="What happened, in the request's language.")
    detail = serializers.SerializerMethodField(help_text="A decision's reason or a message's body, if any.")
    url = serializers.SerializerMethodField(help_text="The portal page it leads to.")
    actor = PersonBriefSerializer(read_only=True, allow_null=True)
    unread = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "text", "detail", "url", "actor", "idea", "comment", "count", "created_at",
                  "updated_at", "read_at", "unread"]
        read_only_fields = fields

    def to_representation(self, notification):
        data = super().to_representation(notification)
        if notification.idea_id and is_hidden_author(notification.actor_id, notification.idea, self.context["request"].user):
            data["actor"] = None
        return data

    def get_text(self, notification) -> str:
        return describe(notification, self.context["request"].user)

    def get_detail(self, notification) -> str:
        return detail(notification)

    def get_url(self, notification) -> str:
        return self.context["request"].build_absolute_uri(target_url(notification))

    def get_unread(self, notification) -> bool:
        return notification.read_at is None


class NotificationFilterSet(django_filters.FilterSet):
    unread = BooleanFilter(label="Only the unread ones.")

    class Meta:
        model = Notification
        fields = []

    def filter_queryset(self, queryset):
        return notifications_of(user=self.request.user, unread_only=bool(self.form.cleaned_data.get("unread")))


class NotificationListView(ListAPIView):
    """Your notifications, last changed first."""

    serializer_class = NotificationSerializer
    filterset_class = NotificationFilterSet
    queryset = Notification.objects.none()

    @extend_schema(operation_id="notifications_list", tags=["notifications"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class UnreadCountSerializer(serializers.Serializer):
    unread = serializers.IntegerField()


class NotificationReadView(GenericAPIView):
    """Mark one of your notifications read. Idempotent."""

    serializer_class = UnreadCountSerializer

    @extend_schema(operation_id="notifications_read", tags=["notifications"], request=None)
    def post(self, request, pk):
        # Someone else's notification does not exist for you.
        notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
        notification_mark_read(notification=notification, by=request.user)
        return Response({"unread": unread_of(request.user)})


class NotificationReadAllView(GenericAPIView):
    """Mark all your notifications read."""

    serializer_class = UnreadCountSerializer

    @extend_schema(operation_id="notifications_read_all", tags=["notifications"], request=None)
    def post(self, request):
        notifications_mark_all_read(by=request.user)
        return Response({"unread": unread_of(request.user)})


def unread_of(user) -> int:
    return notifications_of(user=user, unread_only=True).order_by().count()


register_me_section("unread_notifications", serializers.IntegerField(help_text="Unread notifications."), unread_of)
