"""The rules of sessions: planning the year, attendance, flags, reminders, notices, feeds.

Views, forms, tasks, commands and the demo call these functions. Query counts
are fixed: nothing here runs a query per participant or per session, except
sending emails (one per person, as sending is).
"""

from .attendance import (  # noqa: F401
    ATTENDED,
    TAKING_PART,
    AdvanceExcuseClosed,
    AttendanceNotOpen,
    absence_flag_recipient,
    check_advance_excuse_open,
    check_attendance_open,
    excuse_in_advance,
    excused_session_ids,
    expected_participants,
    next_sessions_for,
    open_absence_flags_visible_to,
    record_attendance,
    resolve_absence_flag,
    sessions_expected_for,
    sheet_participants,
    takes_part,
    withdraw_advance_excuse,
)
from .changes import (  # noqa: F401
    cancel_session,
    change_to_announce,
    move_session,
    notice_audience,
    participants_to_tell,
    render_notice,
    save_session_changes,
)
from .feeds import (  # noqa: F401
    issue_staff_feed,
    revoke_staff_feed,
)
from .figures import (  # noqa: F401
    attendance_summary,
    current_or_next_session,
    dietary_counts,
    next_session,
    programme_ratio_alerts,
    programme_session_counts,
    session_attendance_rate,
    sheet_sessions,
    with_attendance_figures,
)
from .personal_data import (  # noqa: F401
    anonymise_participant_sessions,
    export_participant_absence_flags,
    export_participant_reminders,
    export_participant_sessions,
)
from .reminders import (  # noqa: F401
    notice_context,
    send_due_reminders,
)
from .schedule import (  # noqa: F401
    LAST,
    NUMBERED_TITLES,
    PLANNED_KINDS,
    Frequency,
    ScheduleRule,
    create_plan,
    create_schedule,
    dates_fitting,
    local_datetime,
    preview_plan,
    preview_schedule,
    schedule_dates,
    site_zone,
)
