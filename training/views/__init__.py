"""The training programme's pages, one module an area: public (the programme and calendar),
booking (practitioners and agency leads), evaluation (evaluations, certificates, impact),
register (attendance and charges), staff (courses, sessions, bookings, prices, imports) and
statistics."""
