"""The statement that books a place on PostgreSQL (training.services.bookings)."""

# PostgreSQL books in one statement, its own transaction: lock the session's row (FOR UPDATE
# waits for the lock, then reads the row as the last holder left it), claim a place if one is
# left, insert the booking, and put its email in the outbox. The lock is held for this one
# statement and its commit, so a rush of hundreds is served one after the other quickly and the
# waiting list keeps strict order. Written by hand because the ORM cannot put an UPDATE and
# two INSERTs in one statement; the portable path in bookings.py does the same in steps.
BOOK_SQL = """
WITH locked AS (
    SELECT s.id, s.places_held, s.capacity, c.needs_manager_approval
    FROM training_session s JOIN training_course c ON c.id = s.course_id
    WHERE s.id = %(session)s AND s.status = 'scheduled' AND s.starts_at > %(now)s
    FOR UPDATE OF s
), claim AS (
    UPDATE training_session SET places_held = locked.places_held + 1
    FROM locked
    WHERE training_session.id = locked.id AND locked.places_held < locked.capacity
    RETURNING locked.needs_manager_approval
), decided AS (
    SELECT CASE
        WHEN NOT EXISTS (SELECT 1 FROM claim) THEN 'waiting'
        WHEN (SELECT needs_manager_approval FROM claim) THEN 'awaiting_approval'
        ELSE 'confirmed'
    END AS status
    FROM locked
), booked AS (
    INSERT INTO training_booking (
        session_id, user_id, attendee_name, attendee_email, job_title, agency_id,
        line_manager_email, price, status, booked_at, queued_at, confirmed_at,
        approval_requested_at, booked_by_id, offered_late, left_early
    )
    SELECT
        %(session)s, %(user)s, %(name)s, %(email)s, %(job_title)s, %(agency)s,
        %(line_manager_email)s,
        COALESCE((SELECT amount FROM training_placeprice WHERE agency_kind = %(kind)s), 0),
        decided.status, %(now)s, clock_timestamp(),
        CASE WHEN decided.status = 'confirmed' THEN %(now)s END,
        CASE WHEN decided.status = 'awaiting_approval' THEN %(now)s END,
        %(booked_by)s, false, false
    FROM decided
    RETURNING id, status, price, queued_at
), queued AS (
    INSERT INTO training_sentemail (booking_id, kind, key, recipients, context, queued_at)
    SELECT
        id,
        CASE status
            WHEN 'waiting' THEN 'waiting_list'
            WHEN 'awaiting_approval' THEN 'approval_request'
            ELSE 'confirmation'
        END,
        '',
        CASE WHEN status = 'awaiting_approval' THEN %(line_manager_email)s ELSE %(email)s END,
        %(context)s::jsonb,
        %(now)s
    FROM booked
)
SELECT id, status, price, queued_at FROM booked
"""
