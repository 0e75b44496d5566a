"""Session data in a participant's export and on anonymisation."""






def export_participant_absence_flags(participant):
    """The absence flags about ``participant`` and what was done, for a data export."""
    flags = participant.absence_flags.select_related("session", "resolved_by").order_by("created_at", "pk")
    return [
        {
            "session": flag.session.title,
            "session_starts_at": flag.session.starts_at.isoformat(),
            "flagged_at": flag.created_at.isoformat(),
            "resolved_at": flag.resolved_at.isoformat() if flag.resolved_at else None,
            "resolved_by": str(flag.resolved_by or ""),
            "what_was_done": flag.resolution_note,
        }
        for flag in flags
    ]


def export_participant_reminders(participant):
    """The session reminders emailed to ``participant``, for a data export."""
    reminders = participant.session_reminders.select_related("session").order_by("sent_at", "pk")
    return [{"session": reminder.session.title, "sent_at": reminder.sent_at.isoformat()} for reminder in reminders]


def export_participant_sessions(participant):
    """The attendance records of ``participant`` for a data export."""
    records = participant.attendance.select_related("session").order_by("session__starts_at")
    flags = set(participant.absence_flags.values_list("session_id", flat=True))
    return [
        {
            "session": record.session.title,
            "kind": record.session.kind,
            "starts_at": record.session.starts_at.isoformat(),
            "session_status": record.session.status,
            "attendance": record.status,
            "note": record.note,
            "recorded_at": record.recorded_at.isoformat(),
            "absence_flag": record.session_id in flags,
        }
        for record in records
    ]


def anonymise_participant_sessions(participant):
    """Remove the free text this app holds about ``participant``; attendance itself stays."""
    notes = participant.attendance.exclude(note="").update(note="")
    flags = participant.absence_flags.exclude(resolution_note="").update(resolution_note="")
    return notes + flags
