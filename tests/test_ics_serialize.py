"""The export's serializer writes exactly what icalendar's own `to_ical` writes, only faster."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from demo_ui_support import NOW, demo_folder
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Alarm, Component, Event, vDDDTypes, vText

from delegate.ics import export
from delegate.ics.export import ExportOptions, export_calendar, serialize
from delegate.services.audience import Audience, lens_for
from delegate.store import Store

# Text of every width: ASCII, accents, CJK and emoji (up to four octets), and what TEXT escapes.
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from("abc XYZ,;:\\\"'^"),
        st.characters(min_codepoint=0xA0, max_codepoint=0x2FFF),
        st.characters(min_codepoint=0x1F300, max_codepoint=0x1F6FF),
    ),
    max_size=300,
)


@settings(max_examples=300, deadline=None)
@given(summary=TEXT, description=TEXT, place=st.text(max_size=120))
def test_byte_for_byte_what_icalendar_writes(summary: str, description: str, place: str) -> None:
    event = Event()
    event["UID"] = vText("meeting-x@delegate")
    event["SUMMARY"] = vText(summary)
    event["DESCRIPTION"] = vText(description)
    event["LOCATION"] = vText(place.replace("\r", " ").replace("\n", " "))
    event["DTSTART"] = vDDDTypes(datetime(2026, 11, 27, 18, tzinfo=UTC))
    alarm = Alarm()
    alarm["ACTION"] = vText("DISPLAY")
    alarm["DESCRIPTION"] = vText(summary)
    alarm["TRIGGER"] = vDDDTypes(-timedelta(days=1))
    event.add_component(alarm)
    assert serialize(event) == event.to_ical()


def test_lines_around_the_fold_limit() -> None:
    for length in range(60, 90):
        for filler in ("a", "é", "😀"):
            event = Event()
            event["SUMMARY"] = vText(filler * length)
            assert serialize(event) == event.to_ical(), (length, filler)


def test_the_demo_calendar_is_what_icalendar_alone_would_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(demo_folder(tmp_path), index=None)
    for audience in Audience:
        names = lens_for(store, audience)
        ours = export_calendar(store, ExportOptions(), NOW, names=names).data
        monkeypatch.setattr(export, "serialize", lambda component, shared=None: component.to_ical())
        theirs = export_calendar(store, ExportOptions(), NOW, names=names).data
        monkeypatch.undo()
        assert ours == theirs
        assert b"\r\n " in ours  # some lines were long enough to fold


CORPUS = Path(__file__).parent / "corpus" / "ics"


@pytest.mark.filterwarnings("ignore")  # icalendar's guesses at vendor TZIDs, while reading
def test_every_calendar_of_the_corpus_comes_out_as_icalendar_writes_it() -> None:
    """Real calendars have what ours lack (lists, quoted parameters, nested time zones, x-names)."""
    compared = 0
    for path in sorted(CORPUS.glob("*.ics")):
        try:
            calendars = Component.from_ical(path.read_bytes(), multiple=True)
        except Exception:  # files icalendar cannot read are the importer's test
            continue
        for calendar in calendars:
            try:
                expected = calendar.to_ical()
            except Exception:  # nor those it reads but cannot write
                continue
            assert serialize(calendar) == expected, path.name
            compared += 1
    assert compared > 50
