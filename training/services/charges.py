"""Charges for places, late cancellations and non-attendance, and the rules that raise them.

The price of a place depends on the attendee's agency's kind (PlacePrice, set by the business
unit). Cancelling fewer than TRAINING_LATE_CANCELLATION_WORKING_DAYS working days before a
session, or not attending it, costs the agency TRAINING_LATE_CHARGE, unless the place was
offered inside that window from the waiting list (an offer can be declined free).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, DecimalField, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify

from partnership.models import Agency, Role, User
from partnership.resources import escape_formula
from partnership.services.spreadsheets import ExportFile, export_file
from partnership.services.working_days import add_working_days

from ..models import Booking, Charge, ChargeKind, PlacePrice, Session

ZERO = Decimal("0.00")
PENNY = Decimal("0.01")


def place_price(agency: Agency) -> Decimal:
    price = PlacePrice.objects.filter(agency_kind=agency.kind).values_list("amount", flat=True)
    return price.first() or Decimal("0.00")


def last_free_cancellation_day(session: Session) -> datetime.date:
    """The last day on which cancelling is free: TRAINING_LATE_CANCELLATION_WORKING_DAYS
    working days before the session's day. Any later day is less than that before it."""
    return add_working_days(
        timezone.localdate(session.starts_at), -settings.TRAINING_LATE_CANCELLATION_WORKING_DAYS
    )


def is_late(session: Session, moment: datetime.datetime) -> bool:
    return timezone.localdate(moment) > last_free_cancellation_day(session)


def charge_raise(*, booking: Booking, kind: ChargeKind, amount: Decimal, on: datetime.date):
    """Record a charge to the booking's agency, once per kind; a nil amount raises nothing."""
    if amount <= 0:
        return None
    charge, _ = Charge.objects.get_or_create(
        booking=booking,
        kind=kind,
        defaults={"agency_id": booking.agency_id, "amount": amount, "raised_on": on},
    )
    return charge


# Waivers, the agencies' statements and the fee income the budget reads


class ChargeError(ValidationError):
    """A change to a charge the rules refuse; the message says why."""


def charges_for_user(user: User):
    """The charges a user may see: the business unit every agency's, an agency lead their own
    agency's, anyone else none. Every page that shows a charge starts here."""
    charges = Charge.objects.select_related("agency", "booking__session__course", "waived_by")
    if not user.is_authenticated:
        return charges.none()
    if user.role == Role.BUSINESS_UNIT:
        return charges
    if user.role == Role.AGENCY_LEAD and user.agency_id:
        return charges.filter(agency_id=user.agency_id)
    return charges.none()


@transaction.atomic
def charge_waive(*, charge: Charge, reason: str, by: User) -> Charge:
    """Waive a charge, saying why. The charge stays on record with the reason, and counts for
    nothing in statements and fee income."""
    reason = (reason or "").strip()
    if not reason:
        raise ChargeError("Enter the reason for waiving the charge")
    current = Charge.objects.select_for_update().get(pk=charge.pk)
    if current.is_waived:
        raise ChargeError(
            f"This charge was already waived on {timezone.localdate(current.waived_at):%-d %B %Y}"
        )
    current.waived_at = timezone.now()
    current.waived_by = by
    current.waiver_reason = reason
    current.save(update_fields=["waived_at", "waived_by", "waiver_reason"])
    charge.waived_at, charge.waived_by, charge.waiver_reason = (
        current.waived_at,
        current.waived_by,
        current.waiver_reason,
    )
    return charge


def _sum(**condition):
    return Coalesce(
        Sum("amount", filter=Q(**condition)),
        ZERO,
        output_field=DecimalField(max_digits=12, decimal_places=2),
    )


@dataclass(frozen=True)
class StatementRow:
    """One agency's charges in a period (or, with no agency, every agency's added up). The
    amounts by kind are what is owed: waived charges count only under `waived`."""

    agency: Agency | None
    charges: int
    places: Decimal
    late_cancellations: Decimal
    non_attendance: Decimal
    waived: Decimal

    @property
    def due(self) -> Decimal:
        return self.places + self.late_cancellations + self.non_attendance


@dataclass(frozen=True)
class ChargesStatement:
    start: datetime.date
    end: datetime.date
    agency: Agency | None
    rows: list[StatementRow]
    totals: StatementRow


def charges_statement(
    *, start: datetime.date, end: datetime.date, agency: Agency | None = None
) -> ChargesStatement:
    """What each agency was charged for charges raised from `start` to `end` (both days
    count), by kind, less what was waived; one agency's only when `agency` is given."""
    charges = Charge.objects.filter(raised_on__range=(start, end))
    if agency is not None:
        charges = charges.filter(agency=agency)
    sums = charges.values("agency").annotate(
        count=Count("pk", filter=Q(waived_at__isnull=True)),
        places=_sum(kind=ChargeKind.PLACE, waived_at__isnull=True),
        late_cancellations=_sum(kind=ChargeKind.LATE_CANCELLATION, waived_at__isnull=True),
        non_attendance=_sum(kind=ChargeKind.NON_ATTENDANCE, waived_at__isnull=True),
        waived=_sum(waived_at__isnull=False),
    )
    agencies = Agency.objects.in_bulk([row["agency"] for row in sums])
    rows = sorted(
        (
            StatementRow(
                agency=agencies[row["agency"]],
                charges=row["count"],
                places=row["places"],
                late_cancellations=row["late_cancellations"],
                non_attendance=row["non_attendance"],
                waived=row["waived"],
            )
            for row in sums
        ),
        key=lambda row: row.agency.name,
    )
    totals = StatementRow(
        agency=None,
        charges=sum(row.charges for row in rows),
        places=sum((row.places for row in rows), ZERO),
        late_cancellations=sum((row.late_cancellations for row in rows), ZERO),
        non_attendance=sum((row.non_attendance for row in rows), ZERO),
        waived=sum((row.waived for row in rows), ZERO),
    )
    return ChargesStatement(start=start, end=end, agency=agency, rows=rows, totals=totals)


STATEMENT_COLUMNS = (
    "Agency",
    "Charges",
    "Places",
    "Late cancellations",
    "Non-attendance",
    "Waived",
    "Due",
)


def charges_statement_export(*, statement: ChargesStatement, file_format: str) -> ExportFile:
    """The statement as CSV or XLSX, a row for each agency and one for the total. Amounts
    go out as Decimal, so the spreadsheet holds numbers in pounds and pence."""
    dataset = tablib.Dataset(headers=list(STATEMENT_COLUMNS))
    for row in [*statement.rows, statement.totals]:
        name = row.agency.name if row.agency is not None else "Total"
        dataset.append(
            [
                escape_formula(name),
                row.charges,
                row.places,
                row.late_cancellations,
                row.non_attendance,
                row.waived,
                row.due,
            ]
        )
    stem = f"training-charges-{statement.start:%Y-%m-%d}-to-{statement.end:%Y-%m-%d}"
    if statement.agency is not None:
        stem = f"{stem}-{slugify(statement.agency.name)[:60]}"
    return export_file(dataset, file_format=file_format, stem=stem)


def fee_income(*, start: datetime.date, end: datetime.date) -> Decimal:
    """The training fees charged from `start` to `end` (both days count): every charge raised
    in the period that was not waived. The budget's training fees line reads this."""
    total = Charge.objects.filter(raised_on__range=(start, end), waived_at__isnull=True).aggregate(
        total=Sum("amount")
    )["total"]
    return (total or ZERO).quantize(PENNY)
