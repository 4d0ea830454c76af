"""The review calendar as iCalendar (RFC 5545), written by hand: no dependency, exact control.

Deadlines are all-day events (VALUE=DATE); a booked meeting with a time is a timed event in
Europe/London with its VTIMEZONE. A calendar is often shared with a whole staff team, so summaries
name the pupil by pupil_id (or initials, or full name, only when asked). UIDs are a hash of the school,
the pupil_id and the event kind, never of names: re-importing an updated schedule updates each event
in place instead of adding a duplicate.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Literal

from .schedule import Pupil, PupilSchedule

NameStyle = Literal["id", "initials", "full"]

# What each deadline is, in a phrase for the calendar. Keys are the schedule's field names.
EVENT_TITLES = {
    "review_due_by": "Annual review due by",
    "review_recommended_by": "Under-5 review by (guidance, not a legal limit)",
    "phase_transfer_deadline": "Phase transfer review deadline",
    "latest_meeting_date": "Latest date for the review meeting",
    "proposed_meeting_date": "Proposed review meeting (earliest lawful date)",
    "advice_request_send_by": "Send requests for advice",
    "advice_return_by": "Advice due back",
    "invitations_send_by": "Send review invitations",
    "papers_circulate_by": "Circulate advice and reports",
    "report_due_by": "Send review report to the LA",
    "la_decision_due_by": "LA decision due",
    "final_plan_due_by": "Final amended plan due (if amended)",
}

# Europe/London since 1996: BST from the last Sunday in March 01:00 UTC to the last Sunday in October.
VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    "TZID:Europe/London",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "TZNAME:BST",
    "DTSTART:19700329T010000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "TZNAME:GMT",
    "DTSTART:19701025T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)


@dataclass(frozen=True)
class CalendarOptions:
    names: NameStyle = "id"
    meeting_minutes: int = 60
    school_key: str = ""  # the school's URN or slug: keeps UIDs apart between schools using P001


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold_line(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 character."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts: list[str] = []
    start, limit = 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # a continuation byte: step back
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, 74  # continuation lines begin with one space, which counts
    return "\r\n ".join(parts)


def event_uid(school_key: str, pupil_id: str, kind: str) -> str:
    """A stable UID for one pupil's event of one kind: no names, the same on every run."""
    digest = hashlib.sha256(f"{school_key}\x1f{pupil_id}\x1f{kind}".encode("utf-8")).hexdigest()[:32]
    return f"{digest}@sendkit"


def pupil_label(pupil: Pupil, style: NameStyle) -> str:
    if style == "full":
        return f"{pupil.name} ({pupil.pupil_id})"
    if style == "initials":
        return f"{pupil.initials} ({pupil.pupil_id})"
    return pupil.pupil_id


def _stamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _event(uid: str, stamp: str, summary: str, description: str, start: date,
           at: time | None = None, minutes: int = 60, busy: bool = False) -> list[str]:
    lines = ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{stamp}"]
    if at is None:
        lines += [f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
                  f"DTEND;VALUE=DATE:{start + timedelta(days=1):%Y%m%d}"]
    else:
        begin = datetime.combine(start, at)
        end = begin + timedelta(minutes=minutes)
        lines += [f"DTSTART;TZID=Europe/London:{begin:%Y%m%dT%H%M%S}",
                  f"DTEND;TZID=Europe/London:{end:%Y%m%dT%H%M%S}"]
    lines += [f"SUMMARY:{escape_text(summary)}", f"DESCRIPTION:{escape_text(description)}",
              "TRANSP:OPAQUE" if busy else "TRANSP:TRANSPARENT", "CATEGORIES:EHCP annual review",
              "END:VEVENT"]
    return lines


def build_calendar(items: list[tuple[Pupil, PupilSchedule]], generated_at: datetime,
                   options: CalendarOptions = CalendarOptions(), calendar_name: str = "EHCP annual reviews",
                   ) -> str:
    """The whole VCALENDAR as text with CRLF line endings: one event per meeting and per deadline."""
    stamp = _stamp(generated_at)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//sendkit//EHCP annual reviews//EN",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{escape_text(calendar_name)}",
             "X-WR-TIMEZONE:Europe/London", *VTIMEZONE]
    for pupil, sched in items:
        who = pupil_label(pupil, options.names)
        uid = lambda kind: event_uid(options.school_key, pupil.pupil_id, kind)  # noqa: E731
        if sched.meeting_date:
            place = f" at {pupil.meeting_place}" if pupil.meeting_place else ""
            lines += _event(uid("meeting"), stamp, f"Annual review meeting: {who}",
                            f"EHCP annual review meeting{place}. Year {sched.year_group}.",
                            sched.meeting_date, sched.meeting_time, options.meeting_minutes, busy=True)
        for kind, dated in sched.dates().items():
            if kind == "latest_meeting_date" and sched.meeting_date:
                continue  # the booked meeting replaces the "latest date" reminder
            if sched.meeting_held and kind in ("advice_request_send_by", "advice_return_by",
                                               "invitations_send_by", "papers_circulate_by"):
                continue  # the meeting has been held: reminders to prepare for it are noise
            description = f"{dated.rule}. {dated.law} ({dated.requirement})."
            if dated.moved_because:
                description += f" {dated.moved_because}."
            lines += _event(uid(kind), stamp, f"{EVENT_TITLES[kind]}: {who}", description, dated.date)
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + "\r\n" for line in lines)
