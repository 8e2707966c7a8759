"""The audit log's writing side: who and from where, inside the change's transaction, never
changed afterwards; and a sensitive view's refusal, audited and answered with 404."""

import pytest
from django.db import transaction
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from partnership.access import declare, sensitive_roles
from partnership.models import AuditEntry, AuditVerb, Role
from partnership.services.audit import Actor, actor_of, audit_record

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def request_from(user, address="198.51.100.7", **meta):
    request = RequestFactory().get(
        "/portal/reviews/notifications/3/?page=2", REMOTE_ADDR=address, **meta
    )
    request.user = user
    return request


def test_the_actor_is_the_signed_in_user_at_the_connecting_address(business_unit):
    actor = actor_of(request_from(business_unit, HTTP_X_FORWARDED_FOR="203.0.113.9"))
    # A client can write any X-Forwarded-For it likes; the address is the peer's.
    assert actor == Actor(
        user=business_unit, address="198.51.100.7", path="/portal/reviews/notifications/3/?page=2"
    )


def test_an_unreadable_address_is_left_blank(business_unit):
    assert actor_of(request_from(business_unit, address="not-an-address")).address is None


def test_an_entry_rolls_back_with_the_change_it_records(business_unit, agency_a):
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=Actor(user=business_unit), verb=AuditVerb.CHANGED, record=agency_a)
        raise RuntimeError("the change failed")
    assert AuditEntry.objects.count() == 0


def test_an_entry_cannot_be_changed_or_deleted(business_unit, agency_a):
    entry = audit_record(actor=Actor(user=business_unit), verb=AuditVerb.VIEWED, record=agency_a)
    entry.summary = "rewritten"
    with pytest.raises(TypeError, match="cannot be changed"):
        entry.save()
    with pytest.raises(TypeError, match="cannot be changed"):
        entry.delete()
    with pytest.raises(TypeError, match="cannot be changed"):
        AuditEntry.objects.filter(pk=entry.pk).update(summary="rewritten")
    with pytest.raises(TypeError, match="cannot be changed"):
        AuditEntry.objects.all().delete()
    entry.refresh_from_db()
    assert entry.summary == ""


def test_deleting_a_user_keeps_their_entries(agency_a):
    leaver = UserFactory(username="leaver", role=Role.BUSINESS_UNIT)
    audit_record(actor=Actor(user=leaver), verb=AuditVerb.VIEWED, record=agency_a)
    leaver.delete()
    entry = AuditEntry.objects.get()
    assert (entry.username, entry.record) == ("leaver", str(agency_a))


@declare(sensitive_roles(Role.BUSINESS_UNIT))
def confidential(request):
    return HttpResponse("the record")


def test_a_sensitive_view_refuses_other_roles_with_an_audited_404(agency_lead_a, business_unit):
    with pytest.raises(Http404):
        confidential(request_from(agency_lead_a))
    entry = AuditEntry.objects.get()
    assert (entry.username, entry.role, entry.verb, entry.address, entry.summary) == (
        "lead-a",
        Role.AGENCY_LEAD,
        AuditVerb.REFUSED,
        "198.51.100.7",
        "GET /portal/reviews/notifications/3/",
    )

    assert confidential(request_from(business_unit)).status_code == 200
    assert AuditEntry.objects.count() == 1
