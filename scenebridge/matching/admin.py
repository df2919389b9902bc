from django.contrib import admin

from scenebridge.matching.models import Connection, Feedback, Subscription, SubscriptionAlert, WeightsVersion


@admin.register(Connection)
class ConnectionAdmin(admin.ModelAdmin):
    list_display = ("id", "scenario", "offer", "resource", "kind", "status", "updated_at")
    list_filter = ("status", "kind")
    raw_id_fields = ("scenario", "offer", "resource", "initiator", "initiator_organization", "counterpart_organization")


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ("id", "user", "direction", "scenario", "offer", "resource", "verdict", "created_at")
    list_filter = ("verdict", "direction")
    raw_id_fields = ("user", "organization", "scenario", "offer", "resource")


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "user", "threshold", "delivery", "active")
    raw_id_fields = ("user", "organization")


admin.site.register(SubscriptionAlert)
admin.site.register(WeightsVersion)
