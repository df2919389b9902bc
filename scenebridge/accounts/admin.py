from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from scenebridge.accounts.models import ApiToken, Organization, User
from scenebridge.accounts.services import organization_reindex


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "type", "credit_code", "region", "size", "verified", "created_at"]
    list_filter = ["type", "verified", "size"]
    search_fields = ["name", "credit_code"]
    list_select_related = ["region"]
    filter_horizontal = ["qualifications"]
    readonly_fields = ["uuid", "origin", "created_at", "updated_at"]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        organization_reindex(form.instance.pk)

    def delete_model(self, request: HttpRequest, obj: Organization) -> None:
        organization_id = obj.pk
        super().delete_model(request, obj)
        organization_reindex(organization_id)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        organization_ids = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        for organization_id in organization_ids:
            organization_reindex(organization_id)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "display_name", "email", "organization", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active", "is_staff", "is_superuser"]
    search_fields = ["username", "display_name", "email", "organization__name"]
    list_select_related = ["organization"]
    raw_id_fields = ["organization"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (
            _("Organization and role"),
            {"fields": ("display_name", "organization", "role", "phone", "preferred_language")},
        ),
    )
    add_fieldsets = (
        *(DjangoUserAdmin.add_fieldsets or ()),
        (_("Organization and role"), {"fields": ("display_name", "email", "organization", "role")}),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Tokens are issued by their owners on the profile page; here they can only be inspected or revoked."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked"]
    list_filter = ["revoked"]
    search_fields = ["name", "prefix", "user__username"]
    list_select_related = ["user"]
    readonly_fields = ["user", "name", "prefix", "digest", "created_at", "updated_at", "last_used_at"]
    fields = ["user", "name", "prefix", "digest", "created_at", "updated_at", "last_used_at", "revoked"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
