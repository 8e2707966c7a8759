from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower


class Role(models.TextChoices):
    """The roles of DESIGN.md; the public has none (it is simply not signed in)."""

    PRACTITIONER = "practitioner", "Practitioner"
    AGENCY_LEAD = "agency_lead", "Agency lead"
    BUSINESS_UNIT = "business_unit", "Business unit"
    SCRUTINEER = "scrutineer", "Independent scrutineer"
    PARTNER_LEAD = "partner_lead", "Partner lead"


class AgencyKind(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority (statutory partner)"
    POLICE = "police", "Police (statutory partner)"
    ICB = "icb", "Integrated care board (statutory partner)"
    HEALTH = "health", "Health trust or provider"
    EDUCATION = "education", "School or college"
    PROBATION = "probation", "Probation"
    CAFCASS = "cafcass", "Cafcass"
    VOLUNTARY = "voluntary", "Voluntary or community group"
    FAITH = "faith", "Faith group"
    LAY = "lay", "Lay member"
    OTHER = "other", "Other"


STATUTORY_PARTNER_KINDS = frozenset({AgencyKind.LOCAL_AUTHORITY, AgencyKind.POLICE, AgencyKind.ICB})


class AgencyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Agency(models.Model):
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=AgencyKind.choices)
    is_active = models.BooleanField(
        "active",
        default=True,
        help_text="Inactive agencies stay on old records but cannot be chosen.",
    )

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self):
        return self.name

    @property
    def is_statutory_partner(self) -> bool:
        return self.kind in STATUTORY_PARTNER_KINDS


class PortalUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # Whoever runs createsuperuser runs the portal: give them the business unit role.
        extra_fields.setdefault("role", Role.BUSINESS_UNIT)
        extra_fields.setdefault("email_verified", True)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in. Practitioners sign up themselves; staff accounts are made by the
    business unit. A user has exactly one role, and an agency lead exactly one agency."""

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PRACTITIONER)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    email_verified = models.BooleanField(
        default=False, help_text="Set when the person follows the link sent to their email address."
    )

    objects = PortalUserManager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role=Role.AGENCY_LEAD) | models.Q(agency__isnull=False),
                name="agency_lead_has_agency",
                violation_error_message="An agency lead must belong to an agency.",
            ),
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="unique_email_ignoring_case",
                violation_error_message="Another account already uses this email address.",
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def role_label(self) -> str:
        return Role(self.role).label
