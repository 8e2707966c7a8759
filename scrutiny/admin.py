"""Scrutiny in the Django admin: for looking, not editing. Frameworks change by importing a new
version (a loaded version keeps the wording its assessments were made against), and ratings
change only through the services that enforce who may rate what, and when."""

from django.contrib import admin

from .models import (
    Assessment,
    Framework,
    Question,
    Rating,
    RatingLevel,
    RatingScale,
    ReturnReminder,
    Section,
    Section11Round,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Viewable; deletable where nothing depends on the record (models PROTECT what does), so a
    mistaken import can be removed before anyone rates against it."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RatingLevelInline(ReadOnlyInline):
    model = RatingLevel
    fields = ["position", "code", "label", "colour", "definition"]


@admin.register(RatingScale)
class RatingScaleAdmin(ReadOnlyAdmin):
    list_display = ["name"]
    inlines = [RatingLevelInline]


class SectionInline(ReadOnlyInline):
    model = Section
    fields = ["position", "number", "title"]
    show_change_link = True


@admin.register(Framework)
class FrameworkAdmin(ReadOnlyAdmin):
    list_display = ["name", "slug", "version", "purpose", "scale", "imported_at"]
    list_filter = ["purpose", "scale"]
    list_select_related = ["scale"]
    search_fields = ["name", "slug"]
    inlines = [SectionInline]


class QuestionInline(ReadOnlyInline):
    model = Question
    fields = ["position", "number", "text", "guidance"]


@admin.register(Section)
class SectionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "framework"]
    list_select_related = ["framework"]
    inlines = [QuestionInline]

    def has_delete_permission(self, request, obj=None):
        return False  # a framework loses a section only by being deleted whole


@admin.register(Section11Round)
class Section11RoundAdmin(ReadOnlyAdmin):
    list_display = ["name", "framework", "deadline", "opened_at"]
    list_select_related = ["framework"]

    def has_delete_permission(self, request, obj=None):
        return False  # deleting a round would delete its returns with it


class RatingInline(ReadOnlyInline):
    model = Rating
    fields = ["question", "level", "evidence", "actions_required"]


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "status", "deadline", "submitted_at", "submitted_late"]
    list_filter = ["status", "framework"]
    list_select_related = ["framework", "agency"]
    inlines = [RatingInline]

    def has_delete_permission(self, request, obj=None):
        return False  # a return is part of the partnership's record once started


@admin.register(ReturnReminder)
class ReturnReminderAdmin(ReadOnlyAdmin):
    list_display = ["assessment", "days_before", "sent_at"]

    def has_delete_permission(self, request, obj=None):
        return False  # deleting one would send that reminder again
