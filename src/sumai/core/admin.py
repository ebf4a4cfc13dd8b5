"""The kernel's records in the admin site: notices and e-mail deliveries (read to see what failed)."""

from __future__ import annotations

from django.contrib import admin

from sumai.core.models import Delivery, Notification


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin[Delivery]):
    list_display = ["created_at", "to", "subject", "status", "attempts", "last_error", "next_attempt_at"]
    list_filter = ["status"]
    search_fields = ["to", "subject"]
    readonly_fields = [f.name for f in Delivery._meta.fields]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ["created_at", "organisation", "message", "read_at"]
    search_fields = ["message"]
    readonly_fields = ["created_at"]
