"""The add/edit forms for bodies, meetings and delegations, built on FormScreen and the services.

An edit form shows what the screen that opened it shows: confidential people by role, and typed
text with their names replaced (and control characters as pictures), unless `N` was pressed there.
Each text field is edited where it is shown (`Lens.editable`): what the person did not touch keeps
what was saved under it, so editing a topic that names someone keeps the name in the file, and what
they type is saved as typed. After a save, the person typing is told when what they changed names a
confidential person.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta
from typing import Any

from delegate import clock, parsing
from delegate.model import DEFAULT_SPEAKING_LIMIT, Body, BodyKind, Delegation, Meeting, ValidationError
from delegate.services.audience import Audience, Lens, lens_for, mention_warning
from delegate.services.bodies import add_body, edit_body
from delegate.services.delegations import add_delegation, edit_delegation
from delegate.services.meetings import add_meeting, edit_meeting, meeting_when
from delegate.services.views import length_text
from delegate.store import Store
from delegate.timezones import zone
from delegate.ui.widgets.form import Field, FormScreen, wall_time_field


def _whole_number(text: str) -> int:
    if not text.strip().isdigit():
        raise ValidationError(f"{text!r} is not a whole number (0 or more)")
    return int(text)


def _zone_name(text: str) -> str:
    zone(text)
    return text.strip()


def _text(
    lens: Lens, name: str, label: str, saved: str, placeholder: str = "", required: bool = False
) -> Field:
    """A field showing a record's text as `lens` may see it, saved as written (names kept)."""
    return Field(name, label, placeholder=placeholder, required=required, editable=lens.editable(saved))


def _warn(form: FormScreen, store: Store, *changes: tuple[str, str]) -> None:
    """Tell the person typing when what they changed (saved, before) names a confidential person
    (by label only)."""
    warning = mention_warning(store, *(saved for saved, before in changes if saved != before))
    if warning:
        form.notify(warning, title="Confidential person", timeout=8)


def _body_fields(body: Body | None, lens: Lens) -> list[Field]:
    deadline = body.request_deadline if body else None

    def saved(key: str) -> str:
        return str(getattr(body, key)) if body is not None else ""

    return [
        _text(lens, "name", "Name", saved("name"), "e.g. Lakeport Police Board", required=True),
        Field(
            "kind",
            "Kind",
            body.kind.value if body else BodyKind.POLICE_BOARD.value,
            choices=[(kind.value.replace("-", " "), kind.value) for kind in BodyKind],
            required=True,
        ),
        Field(
            "members", "Members (handout copies)", str(body.members or "") if body else "", "7", _whole_number
        ),
        Field(
            "speaking_limit",
            "Speaking limit (M:SS)",
            length_text(body.speaking_limit) if body else "5:00",
            "5:00",
            parsing.parse_limit,
        ),
        _text(lens, "phone", "Clerk's phone", saved("phone")),
        _text(lens, "email", "Clerk's email", saved("email")),
        _text(lens, "url", "Web page", saved("url")),
        _text(lens, "how_to_request", "How to request a slot", saved("how_to_request")),
        Field(
            "deadline_days",
            "Request deadline: days before",
            str(deadline.days_before) if deadline else "",
            "7",
            _whole_number,
        ),
        Field(
            "deadline_time",
            "Request deadline: time of day (HH:MM)",
            f"{deadline.at:%H:%M}" if deadline else "12:00",
            "12:00",
            parsing.parse_time_of_day,
        ),
        Field("timezone", "Time zone", body.timezone if body else "", "America/Vancouver", _zone_name),
        _text(lens, "place", "Usual place", saved("place")),
    ]


def body_form(store: Store, body: Body | None = None, audience: Audience = Audience.PUBLIC) -> FormScreen:
    """Add a body, or edit one (keeping its id and anything the form does not show)."""
    lens = lens_for(store, audience)

    def submit(values: dict[str, Any]) -> Body:
        texts = {key: values[key] or "" for key in ("name", "how_to_request", "place")}
        common: dict[str, Any] = {
            "members": values["members"],
            "speaking_limit": values["speaking_limit"] or DEFAULT_SPEAKING_LIMIT,
            "phone": values["phone"] or "",
            "email": values["email"] or "",
            "url": values["url"] or "",
            "how_to_request": texts["how_to_request"],
            "timezone": values["timezone"] or "",
            "place": texts["place"],
            "request_deadline_days": values["deadline_days"],
            "request_deadline_time": values["deadline_time"] or time(12, 0),
        }
        if body is None:
            saved = add_body(store, texts["name"], BodyKind(values["kind"]), again=form.again, **common)
        else:
            saved = edit_body(store, body, name=texts["name"], kind=BodyKind(values["kind"]), **common)
        _warn(form, store, *((text, getattr(body, key, "")) for key, text in texts.items()))
        return saved

    form = FormScreen("Edit body" if body else "Add a body", _body_fields(body, lens), submit)
    return form


def meeting_form(
    store: Store,
    body: Body | None = None,
    audience: Audience = Audience.PUBLIC,
    *,
    now: datetime | None = None,
) -> FormScreen:
    """Schedule a meeting; times are wall-clock times in the body's zone (typed exactly, or as a
    phrase read from `now`: 'next thursday 18:00')."""
    lens = lens_for(store, audience)
    bodies = store.all(Body)

    def submit(values: dict[str, Any]) -> Meeting:
        chosen = store.get(Body, values["body"])
        duration: timedelta | None = values["duration"]
        place = values["place"] or ""
        saved = add_meeting(store, chosen, values["start"], duration=duration, place=place)[0]
        _warn(form, store, (place, body.place if body else ""))
        return saved

    fields = [
        Field(
            "body",
            "Body",
            body.id if body else (bodies[0].id if len(bodies) == 1 else ""),
            choices=[(lens.text(item.name), item.id) for item in bodies],
            required=True,
        ),
        wall_time_field("start", "Start", now or clock.now(), required=True),
        Field("duration", "Length", "2h", "2h, 90m", parsing.parse_duration),
        _text(lens, "place", "Place", body.place if body else "", "(the body's usual place)"),
    ]
    form = FormScreen("Schedule a meeting", fields, submit)
    return form


def _split(text: str | None) -> list[str]:
    return [name.strip() for name in (text or "").split(",") if name.strip()]


def delegation_form(
    store: Store,
    now_meetings: list[Meeting],
    meeting: Meeting | None = None,
    audience: Audience = Audience.PUBLIC,
) -> FormScreen:
    """Plan a delegation on one of the coming meetings (speakers: names, ids, or a confidential
    person's role or alias)."""
    lens = lens_for(store, audience)
    bodies = {body.id: body.name for body in store.all(Body)}

    def submit(values: dict[str, Any]) -> Delegation:
        chosen = store.get(Meeting, values["meeting"])
        topic, ask = values["topic"], values["ask"] or ""
        saved = add_delegation(store, chosen, topic, _split(values["speakers"]), ask)
        _warn(form, store, (topic, ""), (ask, ""))
        return saved

    choices = [
        (
            f"{meeting_when(item.start, item.all_day)} — "
            + lens.text(item.display_title(bodies.get(item.body, item.body))),
            item.id,
        )
        for item in now_meetings
    ]
    fields = [
        Field("meeting", "Meeting", meeting.id if meeting else "", choices=choices, required=True),
        Field("topic", "Topic", "", "What we speak about", required=True),
        Field("speakers", "Speakers (comma-separated)", "", "Ana Ferreira, Priya Natarajan"),
        Field("ask", "The ask", "", "What we ask the body to do"),
    ]
    form = FormScreen("Plan a delegation", fields, submit)
    return form


def meeting_edit_form(
    store: Store, meeting: Meeting, audience: Audience = Audience.PUBLIC, *, now: datetime | None = None
) -> FormScreen:
    """Change when and where a meeting is; the wall time stays in the meeting's own zone."""
    lens = lens_for(store, audience)
    tz = zone(meeting.timezone or store.default_zone)

    def submit(values: dict[str, Any]) -> Meeting:
        place, notes = values["place"] or "", values["notes"] or ""
        agenda_url = values["agenda_url"] or ""
        saved = edit_meeting(
            store,
            meeting,
            values["start"],
            duration=values["duration"],
            place=place,
            agenda_url=agenda_url,
            notes=notes,
        )
        _warn(form, store, (place, meeting.place), (notes, meeting.notes))
        return saved

    length = meeting.end - meeting.start if meeting.end else None
    minutes = int(length.total_seconds() // 60) if length else 0
    fields = [
        wall_time_field(
            "start",
            f"Start ({tz.key})",
            now or clock.now(),
            f"{meeting.start.astimezone(tz):%Y-%m-%d %H:%M}",
            required=True,
        ),
        Field("duration", "Length", f"{minutes}m" if minutes else "", "2h, 90m", parsing.parse_duration),
        _text(lens, "place", "Place", meeting.place),
        _text(lens, "agenda_url", "Agenda link", meeting.agenda_url),
        _text(lens, "notes", "Notes", meeting.notes),
    ]
    form = FormScreen("Edit meeting", fields, submit)
    return form


def _speakers_kept(lens: Lens, speakers: Sequence[str], typed: list[str]) -> list[str]:
    """Typed speakers, each one left as shown (a confidential person by role) mapped back to whom it
    showed, so two people shown by one role stay themselves."""
    shown: dict[str, str] = {}
    for reference in speakers:
        shown.setdefault(lens.person(reference), reference)
    return [shown.get(name, name) for name in typed]


def delegation_edit_form(
    store: Store, delegation: Delegation, audience: Audience = Audience.PUBLIC
) -> FormScreen:
    """Change what a delegation says and who says it (its status moves by the lifecycle keys)."""
    lens = lens_for(store, audience)

    def submit(values: dict[str, Any]) -> Delegation:
        topic, ask = values["topic"] or "", values["ask"] or ""
        outcome, position = values["outcome"] or "", values["agenda_position"] or ""
        saved = edit_delegation(
            store,
            delegation,
            topic=topic,
            speakers=_speakers_kept(lens, delegation.speakers, _split(values["speakers"])),
            ask=ask,
            copies=values["copies"],
            agenda_position=position,
            outcome=outcome,
        )
        _warn(
            form,
            store,
            (topic, delegation.topic),
            (ask, delegation.ask),
            (outcome, delegation.outcome),
            (position, delegation.agenda_position),
        )
        return saved

    fields = [
        _text(lens, "topic", "Topic", delegation.topic, required=True),
        Field("speakers", "Speakers (comma-separated)", ", ".join(lens.people(delegation.speakers))),
        _text(lens, "ask", "The ask", delegation.ask),
        Field(
            "copies",
            "Copies to bring (empty: the body's members + 2)",
            str(delegation.copies) if delegation.copies is not None else "",
            parse=_whole_number,
        ),
        _text(lens, "agenda_position", "Agenda position", delegation.agenda_position),
        _text(lens, "outcome", "Outcome", delegation.outcome),
    ]
    form = FormScreen("Edit delegation", fields, submit)
    return form
