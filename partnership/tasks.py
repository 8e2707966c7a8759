from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from . import services
from .models import Publication, PublicationKind, Subscriber, User
from .services import verification_path
from .services.retention import retention_apply


@shared_task
def send_verification_email(user_id: int, base_url: str) -> None:
    user = User.objects.filter(pk=user_id, email_verified=False).first()
    if user is None:
        return  # verified or removed since the task was queued
    context = {
        "user": user,
        "link": base_url.rstrip("/") + verification_path(user),
        "partnership_name": settings.PARTNERSHIP_NAME,
        "valid_days": settings.EMAIL_VERIFICATION_TIMEOUT // (60 * 60 * 24),
    }
    send_mail(
        subject=f"Confirm your email address for the {settings.PARTNERSHIP_NAME} portal",
        message=render_to_string("registration/verification_email.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


@shared_task
def send_action_reminders() -> int:
    """Daily, from beat: one email per owner about actions overdue or due soon."""
    return services.action_reminders_send(today=timezone.localdate())


@shared_task
def send_data_reminders() -> int:
    """Daily, from beat: one email per agency about figures overdue, each figure once."""
    return services.data_reminders_send(today=timezone.localdate())


@shared_task
def apply_retention() -> dict[str, int]:
    """Weekly, from beat: delete or anonymise what has passed its retention period. A kind
    that fails is rolled back and fails the task, after the other kinds have run."""
    return {
        removal.rule.kind: removal.count for removal in retention_apply(today=timezone.localdate())
    }


@shared_task
def notify_subscribers(publication_id: int) -> int:
    publication = (
        Publication.objects.filter(pk=publication_id).select_related("published_version").first()
    )
    if publication is None or publication.published_version is None:
        return 0  # unpublished or removed since the task was queued
    return services.subscribers_notify(publication=publication)


@shared_task
def send_subscription_confirmation(subscriber_id: int, kinds: list[str], base_url: str) -> None:
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return  # unsubscribed since the task was queued
    confirm = reverse(
        "subscription_confirm",
        kwargs={"token": services.subscription_token(subscriber, "confirm", kinds=kinds)},
    )
    unsubscribe = services.subscription_unsubscribe_url(subscriber, base_url)
    context = {
        "kinds": [PublicationKind(kind).label for kind in kinds if kind in PublicationKind.values],
        "link": base_url.rstrip("/") + confirm,
        "unsubscribe": unsubscribe,
        "partnership_name": settings.PARTNERSHIP_NAME,
        "valid_days": settings.SUBSCRIPTION_CONFIRM_TIMEOUT // (60 * 60 * 24),
    }
    EmailMessage(
        subject=f"Confirm your subscription to {settings.PARTNERSHIP_NAME} publications",
        body=render_to_string("partnership/email/subscription_confirm.txt", context),
        to=[subscriber.email],
        headers=services.subscription_headers(unsubscribe),
    ).send()
