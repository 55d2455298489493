"""A policy audit's report never names a confidential person unless an internal copy is asked for.

Property tests build audits with made-up confidential people whose names sit in the aim, the
title, barriers, effects, recommendations and the notes of agencies' responses, then read every
public report (Markdown, HTML, the PDF's text and its title) and what the CLI shows: no confidential
name may appear, in any case. The internal copy must show them. Ids and file names never hold one.
"""

from __future__ import annotations

import calendar
import json
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from privacy_support import ROLES, Secret, leaked, mention, name_words, pdf_text, secret_people

from delegate.cli import cli
from delegate.model import Attendance, Audit, Body, BodyKind, Person, ResponseStatus
from delegate.render import markdown_to_html, packaged_templates_dir
from delegate.render.audit_report import STATUS_LABELS
from delegate.services.audience import Audience
from delegate.services.audit_findings import add_finding, add_recommendation, respond
from delegate.services.audit_report import audit_report
from delegate.services.audits import add_workshop, new_audit, set_workshop_attendance
from delegate.services.documents import export_document
from delegate.services.minutes import INTERNAL_BANNER
from delegate.store import Store

TODAY = date(2026, 11, 27)
AGENCIES = ("Housing Authority", "Victim Services", "Lakeport Police Board")
FORMATS = ("world café", "round table", "focus group")
FILLER = (
    "was turned away at the door",
    "waited three hours for a bed",
    "asked for a police report",
    "lost her place on the list",
    "should be asked first",
    "said the rule was new",
)
S = ResponseStatus
PATHS = (
    (),
    (S.SENT,),
    (S.SENT, S.ACKNOWLEDGED),
    (S.SENT, S.ADOPTED),
    (S.SENT, S.PARTLY_ADOPTED, S.DECLINED),
    (S.SENT, S.DECLINED, S.SENT),
)


def _corpus() -> str:
    """Every fixed word a report can contain besides the people: a name must not hide inside it."""
    template = (packaged_templates_dir() / "audit-report.md.j2").read_text(encoding="utf-8")
    words = [
        template,
        markdown_to_html("", ""),
        "Barriers to help",
        *AGENCIES,
        *FORMATS,
        *FILLER,
        *ROLES,
        "Community member",
        INTERNAL_BANNER,
        *STATUS_LABELS.values(),
        "sex workers agency staff residents businesses others in all nobody counted not recorded",
        "workshop cancelled Across all workshops Heard from awaiting a response none yet",
        *calendar.day_name,
        *calendar.month_name,
    ]
    return "\n".join(words).casefold()


CORPUS = _corpus()

name_word = name_words(CORPUS)


@dataclass(frozen=True)
class Advice:
    text: str
    path: tuple[ResponseStatus, ...]
    notes: tuple[str, ...]  # one per step of the path


@dataclass(frozen=True)
class Found:
    agency: int
    barrier: str
    effect: str
    workshop: int | None
    advice: tuple[Advice, ...]


@dataclass(frozen=True)
class Plan:
    """Where each confidential name goes: the title, the aim, findings, recommendations, responses."""

    people: list[Secret]
    title: str
    aim: str
    workshops: int
    findings: list[Found]


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    people = draw(secret_people(name_word))
    workshops = draw(st.integers(0, 2))

    def maybe() -> str:
        return mention(draw, people, FILLER, companion="Staff") if draw(st.booleans()) else ""

    def advice() -> Advice:
        path = draw(st.sampled_from(PATHS))
        return Advice(mention(draw, people, FILLER, companion="Staff"), path, tuple(maybe() for _ in path))

    findings = [
        Found(
            agency=draw(st.integers(0, len(AGENCIES) - 1)),
            barrier=mention(draw, people, FILLER, companion="Staff"),
            effect=maybe(),
            workshop=draw(st.sampled_from([None, *range(workshops)])),
            advice=tuple(advice() for _ in range(draw(st.integers(0, 2)))),
        )
        for _ in range(draw(st.integers(1, 3)))
    ]
    title = draw(
        st.sampled_from(
            ["Barriers to help", f"Barriers to help: {mention(draw, people, FILLER, companion='Staff')}"]
        )
    )
    # Every person by full name at least once, so the internal copy has something to show.
    aim = " ".join([maybe(), *(f"Heard from {person.name}." for person in people)])
    return Plan(people, title, aim, workshops, findings)


def build(store_root: Path, plan: Plan) -> tuple[Store, Audit]:
    store = Store(store_root, index=None, default_zone="America/Vancouver")
    store.save(Body("lakeport-police-board", "Lakeport Police Board", kind=BodyKind.POLICE_BOARD))
    for secret in plan.people:
        store.save(Person(secret.id, secret.name, "Sex Work Collective", secret.role, confidential=True))
    audit = new_audit(store, plan.title, aim=plan.aim, agencies=AGENCIES, today=TODAY)
    workshops = []
    for index in range(plan.workshops):
        day = TODAY + timedelta(days=7 * index + 3)
        workshop = add_workshop(
            store, audit, datetime(day.year, day.month, day.day, 18), format=FORMATS[index % len(FORMATS)]
        )
        workshops.append(
            set_workshop_attendance(store, workshop, Attendance(sex_workers=8, agency_staff=index))
        )
    for found in plan.findings:
        agency = store.get(Body, audit.agencies[found.agency])
        workshop = workshops[found.workshop] if found.workshop is not None else None
        finding = add_finding(
            store, audit, agency, found.barrier, effect=found.effect, workshop=workshop, today=TODAY
        )
        for advice in found.advice:
            item = add_recommendation(store, audit, finding, advice.text, today=TODAY)
            for step, (status, note) in enumerate(zip(advice.path, advice.notes, strict=True)):
                item = respond(store, item, status, TODAY + timedelta(days=step), note)
    return store, audit


def exported(store: Store, audit: Audit, fmt: str, internal: bool) -> str:
    data = export_document(audit_report(store, audit, Audience.of(internal), today=TODAY), fmt)
    return pdf_text(data, title=True) if fmt == "pdf" else " ".join(data.decode("utf-8").split())


def check(plan: Plan, formats: tuple[str, ...]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store, audit = build(Path(folder) / "data", plan)
        for fmt in formats:
            public = exported(store, audit, fmt, internal=False)
            assert leaked(public, plan.people) == [], f"{fmt} report names {leaked(public, plan.people)}"
            assert INTERNAL_BANNER not in public
            internal = exported(store, audit, fmt, internal=True)
            assert INTERNAL_BANNER in internal
            for person in plan.people:
                assert person.name in internal, f"{fmt} internal copy lacks {person.name}"
        for path in store.root.rglob("*"):
            assert leaked(path.name, plan.people) == []
            assert leaked(path.name.replace("-", " "), plan.people) == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_public_markdown_and_html_reports_never_name_a_confidential_person(plan: Plan) -> None:
    check(plan, ("md", "html"))


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_public_pdf_report_never_names_a_confidential_person(plan: Plan) -> None:
    check(plan, ("pdf",))


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(plans())
def test_cli_listings_never_name_a_confidential_person(plan: Plan) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "data"
        _, audit = build(root, plan)
        runner = CliRunner()

        def out(*args: str) -> str:
            result = runner.invoke(cli, ["--data-dir", str(root), *args], prog_name="delegate")
            assert result.exit_code == 0, result.output
            return result.stdout

        for args in (
            ("audit", "list"),
            ("audit", "list", "--json"),
            ("audit", "show", audit.id),
            ("audit", "show", audit.id, "--json"),
            ("audit", "finding", "list", audit.id),
            ("audit", "finding", "list", audit.id, "--json"),
            ("audit", "recommendations", audit.id),
            ("audit", "recommendations", audit.id, "--json"),
            ("audit", "workshop", "list", audit.id),
            ("audit", "workshop", "list", audit.id, "--json"),
            ("audit", "agency", "list", audit.id),
            ("audit", "agency", "list", audit.id, "--json"),
            ("audit", "report", audit.id, "--format", "md"),
            ("audit", "report", audit.id, "--format", "html"),
        ):
            shown = out(*args)
            assert leaked(shown, plan.people) == [], (args, leaked(shown, plan.people))
        internal = json.dumps(json.loads(out("audit", "show", audit.id, "--json", "--internal")))
        for person in plan.people:
            assert person.name in internal
