from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

from .models import User
from .services import verification_path


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
