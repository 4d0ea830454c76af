"""The review calendar: RFC 5545 structure, folding, escaping, stable UIDs, privacy."""

from __future__ import annotations

from datetime import date, datetime, time, timezone

from toolkit.reviews.ics import CalendarOptions, build_calendar, escape_text, event_uid, fold_line
from toolkit.reviews.schedule import Pupil, schedule_pupil

STAMP = datetime(2026, 10, 1, 12, 0, tzinfo=timezone.utc)


def pupil(**kw) -> Pupil:
    base = dict(pupil_id="P001", first_name="Zebedee", last_name="Quartermaine",
                date_of_birth=date(2016, 5, 10), year_group="4", plan_issued=date(2021, 3, 1),
                last_review=date(2025, 11, 12))
    base.update(kw)
    return Pupil(**base)


def unfold(text: str) -> list[str]:
    """A minimal RFC 5545 reader: split on CRLF, join continuation lines."""
    assert text.endswith("\r\n")
    out: list[str] = []
    for line in text.split("\r\n")[:-1]:
        assert "\n" not in line and "\r" not in line
        assert len(line.encode("utf-8")) <= 75
        if line.startswith(" "):
            out[-1] += line[1:]
        else:
            out.append(line)
    return out


def events(lines: list[str]) -> list[dict[str, str]]:
    found, current = [], None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            found.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name] = value
    return found


def build(p: Pupil, **options) -> str:
    return build_calendar([(p, schedule_pupil(p, date(2026, 10, 1)))], STAMP, CalendarOptions(**options))


def test_structure_and_all_day_deadlines():
    lines = unfold(build(pupil()))
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and "BEGIN:VTIMEZONE" in lines and "TZID:Europe/London" in lines
    evs = events(lines)
    due = next(e for e in evs if e["SUMMARY"].startswith("Annual review due by"))
    assert due["DTSTART;VALUE=DATE"] == "20261112" and due["DTEND;VALUE=DATE"] == "20261113"
    assert due["DTSTAMP"] == "20261001T120000Z"
    assert "(AR-FREQ)" in due["DESCRIPTION"]
    assert len({e["UID"] for e in evs}) == len(evs)
    assert len(evs) == 9  # no booked meeting: the latest meeting date stands in for it


def test_timed_meeting_in_london_time():
    p = pupil(meeting_date=date(2026, 11, 5), meeting_time=time(14, 15), meeting_place="Room 4; the Nest")
    evs = events(unfold(build(p)))
    meeting = next(e for e in evs if e["SUMMARY"].startswith("Annual review meeting"))
    assert meeting["DTSTART;TZID=Europe/London"] == "20261105T141500"
    assert meeting["DTEND;TZID=Europe/London"] == "20261105T151500"
    assert "Room 4\\; the Nest" in meeting["DESCRIPTION"]
    assert not any(e["SUMMARY"].startswith("Latest date") for e in evs)


def test_names_stay_out_unless_asked():
    text = build(pupil())
    assert "Zebedee" not in text and "Quartermaine" not in text
    assert "ZQ (P001)" in build(pupil(), names="initials")
    assert "Zebedee Quartermaine (P001)" in "".join(unfold(build(pupil(), names="full")))


def test_uids_are_stable_and_independent_of_names():
    a = events(unfold(build(pupil())))
    b = events(unfold(build(pupil(first_name="Other", last_name="Name"))))
    assert [e["UID"] for e in a] == [e["UID"] for e in b]
    assert event_uid("990101", "P001", "meeting") != event_uid("990102", "P001", "meeting")


def test_folding_and_escaping():
    long = "DESCRIPTION:" + "é" * 80
    folded = fold_line(long)
    parts = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == long
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
