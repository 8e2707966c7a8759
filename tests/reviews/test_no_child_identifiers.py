"""No field anywhere can hold a child's name or date of birth. The portal's models are walked
field by field, so a field added later without the same protection fails here."""

import re

from django.apps import apps
from django.db import models

from reviews.models import no_full_dates, validate_pseudonym, validate_reference

PROJECT_APPS = ["partnership", "reviews", "training", "budget", "scrutiny"]
IDENTIFYING = re.compile(r"birth|dob|child.*name|forename|surname", re.IGNORECASE)

# Text fields of the reviews app that describe professionals or the partnership's own work,
# never a child: who reviewed, who published, a theme's name, a link.
ABOUT_PROFESSIONALS = {
    ("review", "reviewer"),
    ("review", "author"),
    ("review", "link"),
    ("learningtheme", "name"),
}
# Every date the reviews app keeps is the date of a step in the process, none of a child.
PROCESS_DATES = {
    ("notification", "became_aware_on"),
    ("notification", "notified_on"),
    ("rapidreview", "decided_on"),
    ("rapidreview", "sent_on"),
    ("rapidreview", "panel_responded_on"),
    ("rapidreviewmeeting", "held_on"),
    ("summaryrequest", "requested_on"),
    ("summaryrequest", "due_on"),
    ("summaryrequest", "received_on"),
    ("review", "decided_on"),
    ("review", "final_report_sent_on"),
    ("review", "published_on"),
    ("review", "agreed_with_panel_on"),
    ("review", "source_published_on"),
}
GUARDS = (validate_pseudonym, no_full_dates, validate_reference)


def project_fields():
    for label in PROJECT_APPS:
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.get_fields():
                if field.concrete:
                    yield label, model, field


def test_no_field_of_the_portal_is_named_for_a_birth_date_or_a_childs_name():
    offending = [
        f"{model._meta.label}.{field.name}"
        for _, model, field in project_fields()
        if IDENTIFYING.search(field.name) or IDENTIFYING.search(str(field.verbose_name))
    ]
    assert offending == []


def test_a_notified_child_is_a_pseudonym_and_an_age_band_and_nothing_else():
    model = apps.get_model("reviews", "NotifiedChild")
    names = {field.name for field in model._meta.get_fields() if field.concrete}
    assert names == {"id", "notification", "position", "pseudonym", "age_band"}
    assert validate_pseudonym in model._meta.get_field("pseudonym").validators


def test_every_free_text_field_of_the_reviews_is_guarded():
    unguarded = [
        f"{model.__name__}.{field.name}"
        for label, model, field in project_fields()
        if label == "reviews"
        and isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and (model._meta.model_name, field.name) not in ABOUT_PROFESSIONALS
        and not any(guard in field.validators for guard in GUARDS)
    ]
    assert unguarded == []


def test_every_date_of_the_reviews_is_a_step_of_the_process():
    dates = {
        (model._meta.model_name, field.name)
        for label, model, field in project_fields()
        if label == "reviews"
        and isinstance(field, models.DateField)
        and not isinstance(field, models.DateTimeField)
    }
    assert dates == PROCESS_DATES
