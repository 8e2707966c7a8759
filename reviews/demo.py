"""Demo reviews for load_demo: learning themes, two notifications of 2023 with their rapid
reviews (one leading to a local learning review run by a task and finish group), a published
local CSPR with its recommendations and actions, a national review the partnership answered,
and one notification made a few working days ago whose clocks are running.

Everything goes through the services, as the business unit would, so the audit log holds the
demo's history too. Safe to run again: each record is looked up by its reference or title and
made only if it is not there yet. The facts are in reviews/demo_data.py."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from weasyprint import HTML

from partnership.models import (
    Action,
    ActionStatus,
    Agency,
    Body,
    BodyKind,
    Person,
    User,
)
from partnership.services import action_update, body_save
from partnership.services.audit import Actor
from partnership.services.working_days import add_working_days

from . import demo_data, services
from .models import (
    LearningTheme,
    Notification,
    RapidReview,
    Recommendation,
    Review,
    ReviewKind,
    ReviewStatus,
)


def _actor() -> Actor:
    # The demo's business unit account, which partnership's demo makes first; a command
    # acting on its own is the portal itself (user None).
    return Actor(user=User.objects.filter(username="business").first())


def _themes(actor: Actor) -> dict[str, LearningTheme]:
    themes = {theme.name: theme for theme in LearningTheme.objects.all()}
    for name in demo_data.THEMES:
        if name not in themes:
            themes[name] = services.learning_theme_save(
                actor=actor, theme=LearningTheme(), name=name, is_active=True
            )
    return themes


def _agencies(names) -> list[Agency]:
    return list(Agency.objects.filter(name__in=names))


def _notification(actor: Actor, facts: dict, *, became_aware_on, notified_on) -> Notification:
    return services.notification_create(
        actor=actor,
        reference=facts["reference"],
        became_aware_on=became_aware_on,
        notified_on=notified_on,
        category=facts["category"],
        looked_after=facts["looked_after"],
        summary=facts["summary"],
        children=[services.ChildDetails(pseudonym, band) for pseudonym, band in facts["children"]],
        agencies=_agencies(facts["agencies"]),
    )


def _past_notifications(actor: Actor) -> None:
    for facts in demo_data.NOTIFICATIONS:
        if Notification.objects.filter(reference=facts["reference"]).exists():
            continue
        notification = _notification(
            actor,
            facts,
            became_aware_on=facts["became_aware_on"],
            notified_on=facts["notified_on"],
        )
        rapid_review = notification.rapid_review
        agencies = {agency.name: agency for agency in _agencies(facts["agencies"])}
        for agency, requested_on, due_on, received_on in facts["summaries"]:
            request = services.summary_request_add(
                actor=actor,
                rapid_review=rapid_review,
                agency=agencies[agency],
                requested_on=requested_on,
                due_on=due_on,
            )
            services.summary_request_receive(
                actor=actor, summary_request=request, received_on=received_on
            )
        for held_on in facts["meetings"]:
            services.rapid_review_meeting_add(
                actor=actor, rapid_review=rapid_review, held_on=held_on
            )
        services.rapid_review_save(actor=actor, rapid_review=rapid_review, **facts["rapid_review"])


def _recent_notification(actor: Actor) -> Notification:
    facts = demo_data.RECENT_NOTIFICATION
    existing = Notification.objects.filter(reference=facts["reference"]).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    became_aware_on = add_working_days(today, -facts["aware_working_days_ago"])
    notification = _notification(actor, facts, became_aware_on=became_aware_on, notified_on=None)
    requested_on = add_working_days(became_aware_on, 1)
    for agency in _agencies(facts["summaries"]):
        services.summary_request_add(
            actor=actor,
            rapid_review=notification.rapid_review,
            agency=agency,
            requested_on=requested_on,
            due_on=add_working_days(requested_on, 5),
        )
    return notification


def _task_and_finish_group() -> Body:
    existing = Body.objects.filter(name=demo_data.TASK_AND_FINISH_GROUP).first()
    if existing is not None:
        return existing
    return body_save(
        body=Body(),
        name=demo_data.TASK_AND_FINISH_GROUP,
        kind=BodyKind.SUBGROUP,
        terms_of_reference=demo_data.TASK_AND_FINISH_TERMS,
    )


def _owner(agency: Agency, job_title: str) -> Person | None:
    return (
        Person.objects.filter(agency=agency, job_title=job_title, is_active=True)
        .order_by("pk")
        .first()
    )


def _recommendations(actor: Actor, review: Review, rows, themes) -> None:
    business = actor.user
    for number, text, theme_names, actions in rows:
        recommendation = services.recommendation_save(
            actor=actor,
            recommendation=Recommendation(review=review),
            number=number,
            text=text,
            themes=[themes[name] for name in theme_names],
        )
        for title, agency_name, job_title, due_on, status, note, completed_on in actions:
            agency = Agency.objects.get(name=agency_name)
            action = services.recommendation_action_create(
                actor=actor,
                recommendation=recommendation,
                title=title,
                owner_agency=agency,
                owner_person=_owner(agency, job_title),
                due_on=due_on,
            )
            action_update(action=action, author=business, status=status, note=note)
            if completed_on is not None:
                # The tracker stamps the day it is told; the demo's work was done earlier.
                Action.objects.filter(pk=action.pk, status=ActionStatus.COMPLETE).update(
                    completed_on=completed_on
                )


def _report_pdf() -> ContentFile:
    """A short PDF standing in for the published report, made as the yearly report's is."""
    facts = demo_data.CSPR
    html = (
        "<html lang='en-GB'><head><meta charset='utf-8'><title>{title}</title></head><body>"
        "<h1>{title}</h1><p>Thameside Safeguarding Children Partnership</p>"
        "<h2>Summary</h2><p>{summary}</p><h2>Recommendations</h2><ol>{items}</ol>"
        "</body></html>"
    ).format(
        title=facts["title"],
        summary=facts["summary"],
        items="".join(f"<li>{text}</li>" for _, text, _, _ in demo_data.CSPR_RECOMMENDATIONS),
    )
    return ContentFile(HTML(string=html).write_pdf(), name="local-cspr-baby-a.pdf")


def _cspr(actor: Actor, themes) -> Review:
    facts = demo_data.CSPR
    existing = Review.objects.filter(title=facts["title"]).first()
    if existing is not None:
        return existing
    review = services.review_create(
        actor=actor,
        kind=ReviewKind.CSPR,
        title=facts["title"],
        status=ReviewStatus.FINAL_REPORT,
        decided_on=facts["decided_on"],
        reviewer=facts["reviewer"],
        terms_of_reference=facts["terms_of_reference"],
        final_report_sent_on=facts["final_report_sent_on"],
    )
    _recommendations(actor, review, demo_data.CSPR_RECOMMENDATIONS, themes)
    return services.review_publish(
        actor=actor,
        review=review,
        summary=facts["summary"],
        file=_report_pdf(),
        published_at=facts["published_at"],
    )


def _learning_review(actor: Actor) -> Review:
    facts = demo_data.LEARNING_REVIEW
    existing = Review.objects.filter(title=facts["title"]).first()
    if existing is not None:
        return existing
    return services.review_create(
        actor=actor,
        kind=ReviewKind.LEARNING_REVIEW,
        rapid_review=RapidReview.objects.get(notification__reference=facts["from_notification"]),
        title=facts["title"],
        decided_on=facts["decided_on"],
        agreed_with_panel_on=facts["agreed_with_panel_on"],
        terms_of_reference=facts["terms_of_reference"],
        led_by=_task_and_finish_group(),
    )


def _national_review(actor: Actor, themes) -> Review:
    facts = dict(demo_data.NATIONAL_REVIEW)
    existing = Review.objects.filter(title=facts["title"]).first()
    if existing is not None:
        return existing
    rows = facts.pop("recommendations")
    review = services.review_create(
        actor=actor, kind=ReviewKind.EXTERNAL, status=ReviewStatus.IN_PROGRESS, **facts
    )
    _recommendations(actor, review, rows, themes)
    return services.review_edit(actor=actor, review=review, status=ReviewStatus.CONCLUDED)


@transaction.atomic
def load() -> str:
    actor = _actor()
    themes = _themes(actor)
    _past_notifications(actor)
    _learning_review(actor)
    _cspr(actor, themes)
    _national_review(actor, themes)
    _recent_notification(actor)
    running = len(services.open_clocks())
    return (
        f"Reviews: {Notification.objects.count()} notifications, {Review.objects.count()} "
        f"reviews ({Review.objects.filter(publication__isnull=False).count()} published), "
        f"{Recommendation.objects.count()} recommendations, "
        f"{LearningTheme.objects.count()} learning themes; {running} clocks running."
    )
