"""Policy audits: the services (agencies, workshops, findings, recommendations, responses, progress)
and `delegate audit …`."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from cli_support import Run, fails, ok, ok_noted
from pypdf import PdfReader

from delegate.model import (
    Attendance,
    Audit,
    Body,
    BodyKind,
    LifecycleError,
    Meeting,
    Person,
    Recommendation,
    ResponseStatus,
    ValidationError,
)
from delegate.services.audience import Audience
from delegate.services.audit_findings import (
    Progress,
    add_finding,
    add_recommendation,
    audit_finding,
    audit_progress,
    findings_of,
    recommendations_of,
    respond,
)
from delegate.services.audit_report import audit_report
from delegate.services.audit_views import agency_views
from delegate.services.audits import (
    add_agency,
    add_workshop,
    audit_agency,
    audit_workshop,
    list_audits,
    new_audit,
    set_workshop_attendance,
    workshops_of,
)
from delegate.services.documents import export_document
from delegate.store import NotFoundError, Store

TZ = ZoneInfo("America/Vancouver")
TODAY = date(2026, 11, 27)
S = ResponseStatus


def files(root: Path) -> dict[Path, bytes]:
    """Every file in the data folder with its content: 'nothing written' means this did not change."""
    if not root.exists():
        return {}
    return {path: path.read_bytes() for path in root.rglob("*") if path.is_file()}


@pytest.fixture
def store(tmp_store: Store) -> Store:
    tmp_store.save(Body("police-board", "Lakeport Police Board", kind=BodyKind.POLICE_BOARD))
    tmp_store.save(Body("safer", "Safer Nights Action Group", kind=BodyKind.ACTION_GROUP, place="The Hall"))
    tmp_store.save(Person("zed", "Zorbelle Quintrax", role="Peer representative", confidential=True))
    return tmp_store


@pytest.fixture
def audit(store: Store) -> Audit:
    return new_audit(
        store,
        "Barriers to help",
        aim="Find what keeps people from help",
        agencies=["Housing Authority", "police-board"],
        today=TODAY,
    )


def exported(store: Store, audit: Audit, fmt: str, *, internal: bool) -> bytes:
    """The audit's report as the CLI and the app export it."""
    doc = audit_report(store, audit, Audience.of(internal), today=TODAY)
    return export_document(doc, fmt)


def at(day: date, hour: int = 18) -> datetime:
    return datetime(day.year, day.month, day.day, hour)


# ---- audits and agencies ---------------------------------------------------------------------------


def test_new_audit_links_existing_bodies_and_creates_new_agencies(store: Store, audit: Audit) -> None:
    assert audit.id == "barriers-to-help"
    assert audit.agencies == ("housing-authority", "police-board")
    assert audit.started == TODAY
    housing = store.get(Body, "housing-authority")
    assert (housing.name, housing.kind) == ("Housing Authority", BodyKind.AGENCY)
    assert store.get(Body, "police-board").kind is BodyKind.POLICE_BOARD  # linked, not changed
    assert store.get(Audit, audit.id) == audit
    again = new_audit(
        store, "Barriers to help", agencies=["Tax office", "tax office", "Lakeport police board"], today=TODAY
    )
    assert again.id == "barriers-to-help-2"
    assert again.agencies == ("tax-office", "police-board")  # the same new name twice is one agency
    assert [audit.id for audit in list_audits(store)] == ["barriers-to-help", "barriers-to-help-2"]


def test_audit_ids_never_carry_a_confidential_name(store: Store) -> None:
    created = new_audit(store, "What Zorbelle Quintrax saw", agencies=["Quintrax Housing"], today=TODAY)
    assert created.id == "what-peer-representative-saw"
    assert created.title == "What Zorbelle Quintrax saw"  # the record keeps what was typed
    assert created.agencies == ("peer-representative-housing",)
    workshop = add_workshop(store, created, at(date(2026, 12, 3)))
    assert workshop.title == "Audit workshop: What Peer representative saw"
    assert store.get(Body, workshop.body).name == "What Peer representative saw"


def test_new_audit_refuses_bad_input_writing_nothing(store: Store) -> None:
    before = files(store.root)
    with pytest.raises(ValidationError, match="needs a title"):
        new_audit(store, "  ", agencies=["New Agency"], today=TODAY)
    with pytest.raises(ValidationError, match="name the agency"):
        new_audit(store, "Good title", agencies=["New Agency", "   "], today=TODAY)
    assert files(store.root) == before


def test_add_agency_links_any_body_or_creates_an_agency(store: Store) -> None:
    audit = new_audit(store, "Audit", today=TODAY)
    linked = add_agency(store, audit, "Lakeport Police Board")
    assert (linked.agency.id, linked.created) == ("police-board", False)
    created = add_agency(store, linked.audit, "Border Services")
    assert created.created
    assert created.agency.kind is BodyKind.AGENCY
    assert store.get(Audit, audit.id).agencies == ("police-board", "border-services")
    before = files(store.root)
    with pytest.raises(ValidationError, match="already one of the agencies"):
        add_agency(store, created.audit, "border")  # a unique id prefix finds the body
    with pytest.raises(ValidationError, match="name the agency"):
        add_agency(store, created.audit, " ")
    assert files(store.root) == before


def test_audit_agency_is_found_among_the_audits_agencies_only(store: Store, audit: Audit) -> None:
    assert audit_agency(store, audit, "housing").id == "housing-authority"
    assert audit_agency(store, audit, "lakeport police board").id == "police-board"
    with pytest.raises(ValidationError) as refused:
        audit_agency(store, audit, "safer")  # a body, but not one this audit looks at
    message = str(refused.value)
    assert "not one of the agencies of audit barriers-to-help" in message
    assert "Housing Authority (housing-authority); Lakeport Police Board (police-board)" in message
    with pytest.raises(ValidationError, match="not one of the agencies"):
        audit_agency(store, audit, "no-such-thing")


# ---- workshops -------------------------------------------------------------------------------------


def test_workshops_get_a_host_of_their_own_unless_one_is_named(store: Store, audit: Audit) -> None:
    first = add_workshop(store, audit, at(date(2026, 12, 3)), format="world café")
    host = store.get(Body, first.body)
    assert (host.id, host.name, host.kind) == ("barriers-to-help", "Barriers to help", BodyKind.OTHER)
    assert first.id == "2026-12-03-barriers-to-help"
    assert first.audit == audit.id
    assert first.format == "world café"
    assert first.start == datetime(2026, 12, 3, 18, tzinfo=TZ)
    second = add_workshop(store, audit, at(date(2026, 12, 10)), format="round table")
    assert second.body == host.id  # the series keeps its host
    third = add_workshop(store, audit, at(date(2027, 1, 7)), host=store.get(Body, "safer"))
    assert (third.body, third.place) == ("safer", "The Hall")
    assert [meeting.id for meeting in workshops_of(store, audit)] == [first.id, second.id, third.id]
    assert audit_workshop(store, audit, "2026-12-10").id == second.id


def test_a_lone_workshop_is_found_by_what_follows_its_date(store: Store, audit: Audit) -> None:
    only = add_workshop(store, audit, at(date(2026, 12, 3)), format="world café")
    assert audit_workshop(store, audit, "barriers").id == only.id  # as `--workshop barriers` in the README


def test_add_workshop_refuses_a_host_of_another_kind_and_a_missing_hour(store: Store, audit: Audit) -> None:
    before = files(store.root)
    with pytest.raises(ValidationError, match="is a police-board; a workshop is hosted by an action group"):
        add_workshop(store, audit, at(date(2026, 12, 3)), host=store.get(Body, "police-board"))
    with pytest.raises(ValidationError, match="does not exist"):
        add_workshop(store, audit, datetime(2027, 3, 14, 2, 30))  # the clocks jump forward then
    assert files(store.root) == before


def test_attendance_is_counts_and_never_negative(store: Store, audit: Audit) -> None:
    workshop = add_workshop(store, audit, at(date(2026, 12, 3)))
    counted = set_workshop_attendance(store, workshop, Attendance(sex_workers=8, agency_staff=3, residents=2))
    assert store.get(Meeting, workshop.id).attendance == Attendance(8, 3, 2, 0, 0)
    assert counted.attendance is not None
    assert counted.attendance.total == 13
    with pytest.raises(ValidationError, match="cannot be negative"):
        Attendance(residents=-1)
    ordinary = Meeting("board-meeting", "police-board", datetime(2026, 12, 1, 18, tzinfo=TZ))
    store.save(ordinary)
    before = files(store.root)
    with pytest.raises(ValidationError, match="not a workshop"):
        set_workshop_attendance(store, ordinary, Attendance(sex_workers=1))
    assert files(store.root) == before


# ---- findings and recommendations ------------------------------------------------------------------


def test_findings_are_numbered_within_the_audit(store: Store, audit: Audit) -> None:
    workshop = add_workshop(store, audit, at(date(2026, 12, 3)))
    housing = store.get(Body, "housing-authority")
    first = add_finding(
        store,
        audit,
        housing,
        " No guests after ten ",
        effect="People sleep outside",
        workshop=workshop,
        today=TODAY,
    )
    assert (first.id, first.barrier, first.workshop, first.recorded) == (
        "barriers-to-help-1",
        "No guests after ten",
        workshop.id,
        TODAY,
    )
    second = add_finding(store, audit, store.get(Body, "police-board"), "Stops by the shelter", today=TODAY)
    assert second.id == "barriers-to-help-2"
    assert [item.id for item in findings_of(store, audit, housing)] == [first.id]
    assert audit_finding(store, audit, "2") == second
    assert audit_finding(store, audit, "barriers-to-help-1") == first


def test_add_finding_refuses_bad_input_writing_nothing(store: Store, audit: Audit) -> None:
    other = new_audit(store, "Another audit", agencies=["police-board"], today=TODAY)
    elsewhere = add_workshop(store, other, at(date(2026, 12, 4)))
    housing = store.get(Body, "housing-authority")
    store.save(Body("housing", "Housing Co-op"))  # its id begins the id of one of the audit's agencies
    before = files(store.root)
    with pytest.raises(ValidationError, match="not one of the agencies of audit barriers-to-help"):
        add_finding(store, audit, store.get(Body, "safer"), "A barrier", today=TODAY)
    with pytest.raises(ValidationError, match=r"^Housing Co-op is not one of the agencies"):
        add_finding(store, audit, store.get(Body, "housing"), "A barrier", today=TODAY)
    with pytest.raises(ValidationError, match="not a workshop of audit barriers-to-help"):
        add_finding(store, audit, housing, "A barrier", workshop=elsewhere, today=TODAY)
    with pytest.raises(ValidationError, match="describe the barrier"):
        add_finding(store, audit, housing, "   ", today=TODAY)
    with pytest.raises(ValidationError, match="not a workshop of audit barriers-to-help"):
        audit_workshop(store, audit, elsewhere.id)
    with pytest.raises(NotFoundError):
        audit_finding(store, audit, "7")
    assert files(store.root) == before


def test_recommendations_copy_the_findings_agency(store: Store, audit: Audit) -> None:
    finding = add_finding(store, audit, store.get(Body, "police-board"), "Stops by the shelter", today=TODAY)
    first = add_recommendation(store, audit, finding, "No stops near shelters", today=TODAY)
    second = add_recommendation(store, audit, finding, "Publish stop data", today=TODAY)
    assert (first.id, first.agency, first.status, first.created) == (
        "barriers-to-help-1-r1",
        "police-board",
        S.DRAFT,
        TODAY,
    )
    assert second.id == "barriers-to-help-1-r2"
    other = new_audit(store, "Another audit", agencies=["police-board"], today=TODAY)
    before = files(store.root)
    with pytest.raises(ValidationError, match="belongs to audit barriers-to-help, not another-audit"):
        add_recommendation(store, other, finding, "Elsewhere", today=TODAY)
    with pytest.raises(ValidationError, match="needs some text"):
        add_recommendation(store, audit, finding, " ", today=TODAY)
    with pytest.raises(ValidationError, match="belongs to audit barriers-to-help"):
        audit_finding(store, other, finding.id)
    assert files(store.root) == before


# ---- the response state flow -----------------------------------------------------------------------


@pytest.fixture
def draft(store: Store, audit: Audit) -> Recommendation:
    finding = add_finding(store, audit, store.get(Body, "housing-authority"), "No guests", today=TODAY)
    return add_recommendation(store, audit, finding, "Allow guests", today=TODAY)


@pytest.mark.parametrize(
    "path",
    [
        [S.SENT, S.ACKNOWLEDGED, S.ADOPTED],
        [S.SENT, S.ACKNOWLEDGED, S.PARTLY_ADOPTED, S.ADOPTED],
        [S.SENT, S.ACKNOWLEDGED, S.DECLINED],
        [S.SENT, S.ADOPTED],
        [S.SENT, S.PARTLY_ADOPTED, S.DECLINED, S.SENT, S.ACKNOWLEDGED, S.ADOPTED],
        [S.SENT, S.DECLINED, S.SENT, S.PARTLY_ADOPTED],
        [S.SENT, S.ACKNOWLEDGED, S.PARTLY_ADOPTED, S.DECLINED],
    ],
    ids=lambda path: "→".join(step.value for step in path),
)
def test_every_allowed_response_path(store: Store, draft: Recommendation, path: list[ResponseStatus]) -> None:
    current = draft
    for day, status in enumerate(path, start=1):
        current = respond(store, current, status, date(2026, 12, day), note=f" step {day} ")
    saved = store.get(Recommendation, draft.id)
    assert saved.status is path[-1]
    assert [(response.status, response.on.day, response.note) for response in saved.responses] == [
        (status, day, f"step {day}") for day, status in enumerate(path, start=1)
    ]


@pytest.mark.parametrize(
    ("path", "refused", "message"),
    [
        ([], S.ACKNOWLEDGED, "that is draft can become sent"),
        ([], S.ADOPTED, "that is draft can become sent"),
        ([S.SENT], S.SENT, "that is sent can become"),
        (
            [S.SENT, S.ACKNOWLEDGED],
            S.SENT,
            "that is acknowledged can become adopted, declined, partly-adopted",
        ),
        ([S.SENT, S.PARTLY_ADOPTED], S.ACKNOWLEDGED, "that is partly-adopted can become adopted, declined"),
        ([S.SENT, S.ADOPTED], S.DECLINED, "nothing: it is settled"),
        ([S.SENT, S.DECLINED], S.ADOPTED, "that is declined can become sent"),
    ],
)
def test_refused_response_steps_change_nothing(
    store: Store, draft: Recommendation, path: list[ResponseStatus], refused: ResponseStatus, message: str
) -> None:
    current = draft
    for status in path:
        current = respond(store, current, status, TODAY)
    before = files(store.root)
    with pytest.raises(LifecycleError, match=message):
        respond(store, current, refused, TODAY)
    assert files(store.root) == before
    assert store.get(Recommendation, draft.id).status is (path[-1] if path else S.DRAFT)


def test_response_dates_never_go_backwards(store: Store, draft: Recommendation) -> None:
    before = files(store.root)
    with pytest.raises(ValidationError, match="before the recommendation was made"):
        respond(store, draft, S.SENT, date(2026, 11, 26))
    assert files(store.root) == before
    sent = respond(store, draft, S.SENT, date(2026, 12, 5))
    before = files(store.root)
    with pytest.raises(ValidationError, match="2026-12-04 is before the last response"):
        respond(store, sent, S.ACKNOWLEDGED, date(2026, 12, 4))
    assert files(store.root) == before
    same_day = respond(store, sent, S.ACKNOWLEDGED, date(2026, 12, 5))
    assert same_day.status is S.ACKNOWLEDGED


# ---- progress ----------------------------------------------------------------------------------------


def test_progress_counts_per_audit_and_per_agency(store: Store, audit: Audit) -> None:
    housing, police = store.get(Body, "housing-authority"), store.get(Body, "police-board")
    assert audit_progress(store, audit) == Progress()
    steps = {
        housing: [[S.SENT, S.ADOPTED], [S.SENT, S.PARTLY_ADOPTED], []],
        police: [[S.SENT, S.DECLINED], [S.SENT], [S.SENT, S.ACKNOWLEDGED], [S.SENT, S.DECLINED, S.SENT]],
    }
    for body, paths in steps.items():
        finding = add_finding(store, audit, body, f"Something at {body.name}", today=TODAY)
        for index, path in enumerate(paths):
            item = add_recommendation(store, audit, finding, f"Change {index}", today=TODAY)
            for status in path:
                item = respond(store, item, status, TODAY)
    add_finding(store, audit, housing, "Not answered yet", today=TODAY)
    progress = audit_progress(store, audit)
    assert progress == Progress(
        findings=3,
        recommendations=7,
        draft=1,
        sent=2,
        acknowledged=1,
        adopted=1,
        partly_adopted=1,
        declined=1,
    )
    assert progress.awaiting == 3
    assert progress.as_dict()["awaiting"] == 3
    views = agency_views(store, audit, Audience.PUBLIC)
    assert [view.id for view in views] == ["housing-authority", "police-board"]
    assert views[0].progress == Progress(findings=2, recommendations=3, draft=1, adopted=1, partly_adopted=1)
    assert views[1].progress == Progress(findings=1, recommendations=4, sent=2, acknowledged=1, declined=1)
    assert [len(item.recommendations) for item in views[0].findings] == [3, 0]
    assert len(recommendations_of(store, audit, status=S.SENT)) == 2
    assert len(recommendations_of(store, audit, agency=housing)) == 3


# ---- the report ---------------------------------------------------------------------------------------


def test_report_shows_workshops_findings_and_where_each_recommendation_stands(
    store: Store, audit: Audit
) -> None:
    workshop = add_workshop(
        store, audit, at(date(2026, 12, 3)), format="world café", place="Room 4, 12 Main St"
    )
    set_workshop_attendance(store, workshop, Attendance(sex_workers=8, agency_staff=3, businesses=1))
    finding = add_finding(
        store,
        audit,
        store.get(Body, "housing-authority"),
        "Zorbelle was turned away: no guests after ten",
        effect="People sleep outside",
        workshop=workshop,
        today=TODAY,
    )
    item = add_recommendation(store, audit, finding, "Allow guests", today=TODAY)
    respond(store, item, S.SENT, date(2026, 12, 5), "Letter to the director")
    text = exported(store, audit, "md", internal=False).decode()
    assert text.startswith("# Policy audit: Barriers to help\n")
    assert "Find what keeps people from help" in text
    assert (
        "| 1 | Thursday 3 December 2026, 18:00 | world café |"
        " 8 sex workers, 3 agency staff, 1 businesses (12 in all) |" in text
    )
    assert "Room 4" not in text  # where a workshop met stays out of a circulated report
    assert "### Housing Authority" in text
    assert "**Finding 1.** Peer representative was turned away: no guests after ten" in text
    assert "*Its effect:* People sleep outside" in text
    assert "*Where it came up:* workshop 1, Thursday 3 December 2026." in text
    assert (
        "- **Recommendation:** Allow guests — *sent* (Saturday 5 December 2026: Letter to the director)"
        in text
    )
    assert "| Housing Authority | 1 | 1 awaiting a response |" in text
    assert "| Lakeport Police Board | 0 | none yet |" in text
    assert "| **All agencies** | **1** | **1 awaiting a response** |" in text
    assert "Zorbelle" not in text
    internal = exported(store, audit, "md", internal=True).decode()
    assert internal.startswith("**INTERNAL COPY — contains confidential names. Do not circulate.**")
    assert "Zorbelle was turned away" in internal
    html = exported(store, audit, "html", internal=False).decode()
    assert "<title>Policy audit: Barriers to help</title>" in html
    pdf = exported(store, audit, "pdf", internal=False)
    assert pdf.startswith(b"%PDF")
    with pytest.raises(ValidationError, match="unknown format 'docx'"):
        exported(store, audit, "docx", internal=False)


def test_report_of_an_empty_audit_says_so(store: Store) -> None:
    empty = new_audit(store, "Just started", today=TODAY)
    text = exported(store, empty, "md", internal=False).decode()
    for line in (
        "Not recorded.",
        "No agencies named yet.",
        "No workshops recorded yet.",
        "No recommendations made yet.",
    ):
        assert line in text


# ---- CLI -----------------------------------------------------------------------------------------------


@pytest.fixture
def cli_audit(run: Run, cli_environment: None) -> Run:
    ok(run("person", "add", "Zorbelle Quintrax", "--confidential", "--role", "Peer representative"))
    ok(run("body", "add", "Lakeport Police Board", "--kind", "police-board"))
    ok(run("body", "add", "Safer Nights Action Group", "--kind", "action-group"))
    out = ok(
        run(
            "audit",
            "new",
            "Barriers to help",
            "--aim",
            "Find what keeps people from help",
            "--agency",
            "Housing Authority",
            "--agency",
            "lakeport",
        )
    )
    assert out == "added audit barriers-to-help with 2 agencies (new agency bodies: housing-authority)\n"
    return run


def test_cli_audit_flow(cli_audit: Run, data: Path, tmp_path: Path) -> None:
    run = cli_audit
    assert ok(run("audit", "agency", "add", "barriers", "Victim Services")) == (
        "added agency Victim Services (victim-services, a new body of kind agency)"
        " to audit barriers-to-help\n"
    )
    assert ok(run("audit", "workshop", "add", "barriers", "2026-12-03 18:00", "--format", "world café")) == (
        "added workshop 2026-12-03-barriers-to-help (host: barriers-to-help)\n"
    )
    ok(
        run(
            "audit",
            "workshop",
            "add",
            "barriers",
            "2026-12-10 18:00",
            "--host",
            "safer",
            "--place",
            "The Hall",
        )
    )
    out = ok(run("audit", "workshop", "attendance", "2026-12-03", "--sex-workers", "8", "--residents", "2"))
    assert out == "workshop 2026-12-03-barriers-to-help: attendance 10 (8 sex workers, 2 residents)\n"
    ok(run("audit", "workshop", "attendance", "2026-12-03", "--residents", "3"))  # the rest stay
    out = ok_noted(
        run(
            "audit", "finding", "add", "barriers", "--agency", "housing", "--barrier", "Zorbelle was refused",
            "--effect", "Nights outside", "--workshop", "2026-12-03",
        ),
        "shown as 'Peer representative'",
    )  # fmt: skip
    assert out == "added finding barriers-to-help-1 (housing-authority)\n"
    ok(run("audit", "finding", "add", "barriers", "--agency", "Lakeport Police Board", "--barrier", "Stops"))
    assert ok_noted(
        run("audit", "recommend", "barriers", "--finding", "1", "Allow guests; thanks Quintrax")
    ) == ("added recommendation barriers-to-help-1-r1 (housing-authority, draft)\n")
    ok(run("audit", "recommend", "barriers", "--finding", "barriers-to-help-2", "No stops near shelters"))
    assert ok(
        run("audit", "respond", "barriers-to-help-1-r1", "--status", "sent", "--date", "2026-11-27")
    ) == ("recommendation barriers-to-help-1-r1 is now sent (2026-11-27)\n")
    ok_noted(
        run("audit", "respond", "barriers-to-help-1-r1", "--status", "adopted", "--note", "Zorbelle told us"),
        "shown as 'Peer representative'",
    )

    shown = ok(run("audit", "show", "barriers"))
    assert "progress: 2 findings, 2 recommendations: 1 adopted, 0 partly adopted" in shown
    assert (
        "2026-12-03-barriers-to-help  Thu 2026-12-03 18:00  world café"
        "  attendance: 11 (8 sex workers, 3 residents)" in shown
    )
    assert "finding barriers-to-help-1: Peer representative was refused" in shown
    assert "- barriers-to-help-1-r1 [adopted 2026-11-27] Allow guests; thanks Peer representative" in shown
    assert "Victim Services (victim-services): 0 findings, 0 recommendations" in shown
    assert "Zorbelle" not in shown
    assert "Zorbelle was refused" in ok_noted(run("audit", "show", "barriers", "--internal"), "INTERNAL COPY")

    listed = ok(run("audit", "list"))
    assert listed.splitlines()[0].split() == [
        "ID",
        "STARTED",
        "WORKSHOPS",
        "FINDINGS",
        "RECS",
        "ADOPTED",
        "AWAITING",
        "TITLE",
    ]
    assert listed.splitlines()[1].split() == [
        "barriers-to-help",
        "2026-11-27",
        "2",
        "2",
        "2",
        "1",
        "0",
        "Barriers",
        "to",
        "help",
    ]
    table = ok(run("audit", "recommendations", "barriers", "--status", "draft"))
    assert [line.split()[0] for line in table.splitlines()[1:]] == ["barriers-to-help-2-r1"]
    assert "no recommendations with that status" in ok(
        run("audit", "recommendations", "barriers", "--status", "declined")
    )

    report = ok(run("audit", "report", "barriers", "--format", "md"))
    assert report.startswith("# Policy audit: Barriers to help")
    assert "| **All agencies** | **2** | **1 adopted, 1 not yet sent** |" in report
    assert "Zorbelle" not in report
    out = ok(run("audit", "report", "barriers", "--format", "pdf"))
    assert out == "wrote the report of audit barriers-to-help (pdf) to barriers-to-help-report.pdf\n"
    assert "Finding 1" in pdf_text((tmp_path / "barriers-to-help-report.pdf").read_bytes())
    out = ok_noted(run("audit", "report", "barriers", "--format", "pdf", "--internal"), "INTERNAL COPY")
    assert out == (
        "wrote the report of audit barriers-to-help (pdf, internal copy)"
        " to barriers-to-help-report-INTERNAL.pdf\n"
    )
    assert "Zorbelle" in pdf_text((tmp_path / "barriers-to-help-report-INTERNAL.pdf").read_bytes())
    ok(run("audit", "report", "barriers", "--format", "html", "-o", "report.html"))
    assert "<h3>Housing Authority</h3>" in (tmp_path / "report.html").read_text()


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages).split())


def test_cli_lists_print_json(cli_audit: Run) -> None:
    run = cli_audit
    ok(run("audit", "workshop", "add", "barriers", "2026-12-03 18:00", "--format", "round table"))
    ok(run("audit", "workshop", "attendance", "2026-12-03", "--agency-staff", "4"))
    ok_noted(
        run("audit", "finding", "add", "barriers", "--agency", "housing", "--barrier", "Quintrax was refused")
    )
    ok(run("audit", "recommend", "barriers", "--finding", "1", "Allow guests"))
    ok_noted(
        run(
            "audit",
            "respond",
            "barriers-to-help-1-r1",
            "--status",
            "sent",
            "--note",
            "To Zorbelle's caseworker",
        ),
        "shown as 'Peer representative'",
    )

    [audit] = json.loads(ok(run("audit", "list", "--json")))
    assert audit["id"] == "barriers-to-help"
    assert audit["agencies"] == ["housing-authority", "lakeport-police-board"]
    assert audit["workshops"] == 1
    assert audit["progress"]["findings"] == 1
    assert audit["progress"]["awaiting"] == 1
    [finding] = json.loads(ok(run("audit", "finding", "list", "barriers", "--json")))
    assert finding["barrier"] == "Peer representative was refused"
    assert finding["recommendations"] == 1
    assert json.loads(ok(run("audit", "finding", "list", "barriers", "--agency", "lakeport", "--json"))) == []
    internal = json.loads(ok_noted(run("audit", "finding", "list", "barriers", "--internal", "--json")))
    assert internal[0]["barrier"] == "Quintrax was refused"
    [item] = json.loads(ok(run("audit", "recommendations", "barriers", "--json")))
    assert item["status"] == "sent"
    assert item["responses"] == [
        {"status": "sent", "on": "2026-11-27", "note": "To Peer representative's caseworker"}
    ]
    assert item["next_steps"] == ["acknowledged", "adopted", "partly-adopted", "declined"]
    [workshop] = json.loads(ok(run("audit", "workshop", "list", "barriers", "--json")))
    assert workshop["attendance"] == {"agency_staff": 4}
    assert workshop["attendance_total"] == 4
    assert workshop["format"] == "round table"
    agencies = json.loads(ok(run("audit", "agency", "list", "barriers", "--json")))
    assert [(agency["id"], agency["kind"]) for agency in agencies] == [
        ("housing-authority", "agency"),
        ("lakeport-police-board", "police-board"),
    ]
    [shown] = json.loads(ok(run("audit", "show", "barriers", "--json")))
    assert shown["agencies"][0]["findings"][0]["recommendations"][0]["id"] == "barriers-to-help-1-r1"
    everything = "".join(
        ok(run(*args))
        for args in (
            ("audit", "list", "--json"),
            ("audit", "show", "barriers", "--json"),
            ("audit", "finding", "list", "barriers", "--json"),
            ("audit", "recommendations", "barriers", "--json"),
            ("audit", "workshop", "list", "barriers", "--json"),
        )
    )
    assert "Zorbelle" not in everything
    assert "Quintrax" not in everything


def test_cli_bad_input_is_refused_writing_nothing(
    cli_audit: Run, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = cli_audit
    ok(run("audit", "workshop", "add", "barriers", "2026-12-03 18:00"))
    ok(run("audit", "finding", "add", "barriers", "--agency", "housing", "--barrier", "No guests"))
    ok(run("audit", "recommend", "barriers", "--finding", "1", "Allow guests"))
    ok(run("audit", "new", "Other audit", "--agency", "housing"))
    ok(run("audit", "workshop", "add", "other", "2026-12-04 18:00"))
    before = files(data)
    fails(
        run("audit", "finding", "add", "barriers", "--agency", "nowhere", "--barrier", "X"),
        1,
        "that is not one of the agencies of audit barriers-to-help:"
        " Housing Authority (housing-authority); Lakeport Police Board (lakeport-police-board)",
    )
    fails(
        run("audit", "finding", "add", "barriers", "--agency", "safer", "--barrier", "X"),
        1,
        "not one of the agencies",
    )
    fails(
        run("audit", "finding", "add", "barriers", "--agency", "housing", "--barrier", "  "),
        1,
        "describe the barrier",
    )
    fails(
        run(
            "audit",
            "finding",
            "add",
            "barriers",
            "--agency",
            "housing",
            "--barrier",
            "X",
            "--workshop",
            "2026-12-04",
        ),
        1,
        "not a workshop of audit barriers-to-help",
    )
    fails(run("audit", "finding", "add", "barriers", "--barrier", "X"), 2, "--agency")
    fails(
        run("audit", "workshop", "add", "barriers", "2027-02-30 18:00"), 2, "'2027-02-30' is not a real date"
    )
    fails(
        run("audit", "workshop", "add", "barriers", "2026-12-05 18:00", "--host", "lakeport"),
        1,
        "is a police-board",
    )
    fails(run("audit", "workshop", "attendance", "2026-12-03", "--residents", "-1"), 2, "--residents")
    fails(run("audit", "workshop", "attendance", "2026-12-03"), 2, "give at least one count")
    fails(
        run("audit", "respond", "barriers-to-help-1-r1", "--status", "sent", "--date", "2027-02-30"),
        2,
        "--date",
    )
    fails(
        run("audit", "respond", "barriers-to-help-1-r1", "--status", "adopted"),
        1,
        "that is draft can become sent",
    )
    fails(run("audit", "respond", "barriers-to-help-1-r1", "--status", "draft"), 2, "--status")
    fails(
        run("audit", "respond", "barriers-to-help-1-r1", "--status", "sent", "--date", "2026-11-01"),
        1,
        "before the recommendation was made",
    )
    fails(run("audit", "recommend", "barriers", "--finding", "9", "X"), 1, "no finding")
    fails(
        run("audit", "recommend", "other", "--finding", "barriers-to-help-1", "X"),
        1,
        "belongs to audit barriers-to-help",
    )
    fails(run("audit", "recommend", "barriers", "--finding", "1", " "), 1, "needs some text")
    fails(run("audit", "new", " "), 1, "needs a title")
    fails(run("audit", "agency", "add", "barriers", "Housing Authority"), 1, "already one of the agencies")
    fails(run("audit", "show", "nothing-like-it"), 1, "no audit")
    fails(run("audit", "report", "barriers", "--format", "docx"), 2, "--format")
    monkeypatch.setattr("delegate.cli.editing._is_terminal", lambda stream: True)
    fails(run("audit", "report", "barriers", "--format", "pdf", "-o", "-"), 1, "not writing the PDF")
    assert files(data) == before


def test_cli_errors_name_no_one_confidential(cli_audit: Run) -> None:
    line = fails(
        cli_audit("audit", "finding", "add", "barriers", "--agency", "Zorbelle Quintrax", "--barrier", "X"), 1
    )
    assert "Zorbelle" not in line
    assert "Quintrax" not in line
    assert "that is not one of the agencies" in line
