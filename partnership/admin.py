from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Agency, User


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    list_display = [
        "username",
        "email",
        "first_name",
        "last_name",
        "role",
        "agency",
        "email_verified",
        "is_active",
    ]
    list_filter = ["role", "agency", "email_verified", "is_active", "is_staff"]
    list_select_related = ["agency"]
    search_fields = ["username", "email", "first_name", "last_name"]
    fieldsets = [
        *UserAdmin.fieldsets,
        ("Role in the partnership", {"fields": ["role", "agency", "email_verified"]}),
    ]
    add_fieldsets = [
        *UserAdmin.add_fieldsets,
        (
            "Role in the partnership",
            {"fields": ["email", "first_name", "last_name", "role", "agency"]},
        ),
    ]
