from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.contrib.auth.admin import UserAdmin
from import_export.admin import ImportExportModelAdmin
from import_export.formats import base_formats
from import_export.forms import ImportForm

from . import uploads
from .forms.meetings import PAPER_FILE_TYPES
from .models import (
    Action,
    ActionNote,
    ActionReminder,
    Agency,
    Attendance,
    AuditEntry,
    Body,
    Meeting,
    MeetingPaper,
    Membership,
    Person,
    Priority,
    PriorityUpdate,
    Publication,
    PublicationVersion,
    Subscriber,
    SubscriptionSend,
    User,
)
from .resources import AgencyResource, MembershipResource, PersonResource
from .services import PUBLICATION_FILE_TYPES
from .services.audit import account_access, actor_of, audit_account_change
from .services.publications import clean_generated_html


class SpreadsheetImportForm(ImportForm):
    """django-import-export's form, with the portal's check on the file: the admin writes an
    upload to its temporary storage as soon as the form is valid."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        uploads.check_upload(
            upload, kinds=(uploads.CSV, uploads.XLSX), setting=uploads.IMPORT_LIMIT
        )
        return upload


class SpreadsheetAdmin(ImportExportModelAdmin):
    """Import and export through the same resources as the portal's pages, in the two formats
    the portal accepts, all or nothing."""

    import_formats = [base_formats.CSV, base_formats.XLSX]
    export_formats = [base_formats.CSV, base_formats.XLSX]
    import_form_class = SpreadsheetImportForm


@admin.register(Agency)
class AgencyAdmin(SpreadsheetAdmin):
    resource_classes = [AgencyResource]
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

    def save_model(self, request, obj, form, change):
        # The admin's change form runs in one transaction: the new role and its audit entry
        # commit together. "Before" is read from the stored row, not the edited object.
        before = None
        if change:
            stored = User.objects.select_related("agency").get(pk=obj.pk)
            before = account_access(stored)
        super().save_model(request, obj, form, change)
        audit_account_change(actor=actor_of(request), user=obj, before=before)


@admin.register(Person)
class PersonAdmin(SpreadsheetAdmin):
    resource_classes = [PersonResource]
    list_display = ["full_name", "job_title", "email", "agency", "is_active"]
    list_filter = ["is_active", "agency__kind", "agency"]
    list_select_related = ["agency"]
    search_fields = ["full_name", "email", "job_title"]


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]


@admin.register(Membership)
class MembershipAdmin(SpreadsheetAdmin):
    resource_classes = [MembershipResource]
    list_display = ["person", "body", "role", "started_on", "ended_on"]
    list_filter = ["body", "role"]
    list_select_related = ["person", "body"]
    search_fields = ["person__full_name", "person__email", "body__name"]
    autocomplete_fields = ["person"]
    date_hierarchy = "started_on"


class MeetingPaperAdminForm(forms.ModelForm):
    file = uploads.UploadField(label="File", kinds=PAPER_FILE_TYPES, widget=AdminFileWidget)

    class Meta:
        model = MeetingPaper
        fields = ["title", "file"]


class MeetingPaperInline(admin.TabularInline):
    model = MeetingPaper
    form = MeetingPaperAdminForm
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["body", "held_on", "minutes_published"]
    list_filter = ["body", "minutes_published"]
    list_select_related = ["body"]
    date_hierarchy = "held_on"
    inlines = [MeetingPaperInline]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["person", "meeting", "agency", "status"]
    list_filter = ["status", "agency"]
    list_select_related = ["person", "meeting__body", "agency"]
    autocomplete_fields = ["person"]


class PriorityUpdateInline(admin.StackedInline):
    model = PriorityUpdate
    extra = 0


@admin.register(Priority)
class PriorityAdmin(admin.ModelAdmin):
    list_display = ["area", "period_start", "period_end", "position"]
    inlines = [PriorityUpdateInline]


class ActionNoteInline(admin.StackedInline):
    model = ActionNote
    extra = 0


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["title", "owner_agency", "owner_person", "due_on", "status"]
    list_filter = ["status", "owner_agency"]
    list_select_related = ["owner_agency", "owner_person"]
    search_fields = ["title"]
    autocomplete_fields = ["owner_person"]
    inlines = [ActionNoteInline]


@admin.register(ActionReminder)
class ActionReminderAdmin(admin.ModelAdmin):
    list_display = ["person", "sent_on", "action_count"]
    list_select_related = ["person"]


class PublicationVersionInline(admin.TabularInline):
    model = PublicationVersion
    extra = 0
    fields = ["number", "title", "published_at", "published_by"]
    readonly_fields = fields
    can_delete = False


class PublicationAdminForm(forms.ModelForm):
    file = uploads.UploadField(
        label="File", kinds=PUBLICATION_FILE_TYPES, required=False, widget=AdminFileWidget
    )

    class Meta:
        model = Publication
        fields = ["kind", "title", "slug", "summary", "body", "file"]

    def clean_body(self):
        # The admin saves without the publications service, and publishing copies the body to
        # the public site as it is: clean it here too. The wider allow-list, so that a yearly
        # report's generated body opened here keeps its markup; scripts and handlers still go.
        return clean_generated_html(self.cleaned_data["body"])


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    form = PublicationAdminForm
    list_display = ["title", "kind", "first_published_at", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    # Publishing copies the draft into a version through a service; not from here.
    readonly_fields = ["published_version", "first_published_at"]
    inlines = [PublicationVersionInline]


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "confirmed_at", "created_at"]
    search_fields = ["email"]


@admin.register(SubscriptionSend)
class SubscriptionSendAdmin(admin.ModelAdmin):
    list_display = ["subscriber", "publication", "sent_at"]
    list_select_related = ["subscriber", "publication"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Readable, never writable: the log is evidence, so not even a superuser may add to it,
    change it or delete from it here."""

    list_display = ["at", "username", "role", "verb", "record", "address"]
    list_filter = ["verb", "role", "record_type"]
    search_fields = ["username", "record", "summary", "path"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
