"""Rendering: templates from demo data, Markdown to HTML and PDF, Unicode, overrides, redaction."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from delegate.model import Audit, Body, Delegation, DelegationStatus, Handout, Minutes, Person
from delegate.privacy import Redactor
from delegate.render import (
    TEMPLATE_NAMES,
    RenderError,
    handout_context,
    letter_context,
    markdown_to_html,
    markdown_to_pdf,
    minutes_context,
    packaged_templates_dir,
    render_template,
    speech_context,
    template_origin,
)
from delegate.render.audit_report import audit_report_context
from delegate.render.glyphs import PLACEHOLDER, fonts_dir, printable
from delegate.services.agenda import Agenda, agenda_context, agenda_meeting, build_agenda
from delegate.services.audience import Audience, Lens, lens_for
from delegate.services.demo import write_demo
from delegate.store import Store

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo("America/Vancouver"))
NAMES = "Sḵwx̱wú7mesh, Xʷməθkʷəy̓əm and Stó:lō"
ACCENTED = ("Stó:lō", "café", "Montréal", "Sḵwx̱wú7mesh", "Xʷməθkʷəy̓əm")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    demo = Store(tmp_path / "data", index=None)
    write_demo(demo, NOW)
    return demo


@pytest.fixture
def upcoming(store: Store) -> Delegation:
    (delegation,) = [d for d in store.all(Delegation) if d.status is DelegationStatus.REQUESTED]
    return delegation


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def redactor(store: Store, internal: bool = False) -> Redactor:
    return Redactor.of(store.all(Person), internal=internal)


def lens(store: Store, internal: bool = False) -> Lens:
    return lens_for(store, Audience.of(internal))


def demo_agenda(store: Store) -> Agenda:
    group = store.get(Body, "safer-nights-action-group")
    return build_agenda(store, group, agenda_meeting(store, group, None, today=NOW.date()))


# ---- templates --------------------------------------------------------------------------------------


def test_packaged_templates_dir_holds_all_four() -> None:
    folder = packaged_templates_dir()
    for name in TEMPLATE_NAMES:
        assert (folder / f"{name}.j2").is_file()
        assert template_origin(name) == folder / f"{name}.j2"


def test_speech_for_a_delegation_is_timed_and_filled(store: Store, upcoming: Delegation) -> None:
    text = render_template("speech.md", speech_context(store, upcoming, "Safety first"))
    assert text.startswith("# Safety first\n")
    sections = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    assert sections == ["Greeting and who we are", "The issue", "A story or evidence", "The ask", "Thanks"]
    for length in ("About 0:30", "About 1:00", "About 1:30"):
        assert length in text
    assert "Lakeport Police Board" in text
    assert "Thursday 17 December 2026, 18:00" in text  # the meeting, on its own wall clock
    assert upcoming.ask in text
    assert "Ana Ferreira" in text


def test_speech_lengths_follow_the_speaking_limit(store: Store, upcoming: Delegation) -> None:
    context = speech_context(store, upcoming, "Short")
    text = render_template("speech.md", {**context, "limit_seconds": 180, "limit": "3:00"})
    assert "About 0:20" in text  # 10 % of 3:00, rounded to 5 s
    assert "About 0:55" in text  # 30 %
    assert "About 1:30" not in text


def test_speech_without_a_delegation_is_a_skeleton(store: Store) -> None:
    text = render_template("speech.md", speech_context(store, None, "Untitled speech"))
    assert "# Untitled speech" in text
    assert "You have 5:00" in text
    assert "[your name]" in text


def test_handout_has_who_found_ask_and_contact(store: Store, upcoming: Delegation) -> None:
    text = render_template("handout.md", handout_context(store, upcoming, "Safety first"))
    for heading in ("## Who we are", "## What we found", "## What we ask", "## Contact"):
        assert heading in text
    assert f"1. {upcoming.ask}" in text
    contact = text.split("## Contact", 1)[1]
    assert "Ana Ferreira" in contact
    assert "collective@example.org" in contact


def test_request_letter_asks_the_clerk_for_the_meeting(store: Store, upcoming: Delegation) -> None:
    text = render_template("request-letter.md", letter_context(store, upcoming))
    assert "**Subject:** Request to appear as a delegation" in text
    assert "Dear Clerk," in text
    assert "Lakeport Police Board on Thursday 17 December 2026 at 18:00" in text
    assert "board.clerk@lakeport.example" in text
    assert "Safety first: reporting guidelines" in text
    assert "9 printed copies" in text  # 7 members + 2 spares
    assert "Ana Ferreira" in text


def test_request_letter_greets_a_named_clerk(store: Store, upcoming: Delegation) -> None:
    store.save(Person("jo-clerk", "Jo Tremblay", role="Board clerk", member_of=("lakeport-police-board",)))
    context = letter_context(store, upcoming)
    assert context["clerk"]["name"] == "Jo Tremblay"
    assert "Dear Jo Tremblay," in render_template("request-letter.md", context)


def test_contact_is_never_a_confidential_speaker(store: Store, upcoming: Delegation) -> None:
    both = replace(upcoming, speakers=("Rosa Jimenez", "Ana Ferreira"))
    assert handout_context(store, both, "x")["contact"]["name"] == "Ana Ferreira"
    only = replace(upcoming, speakers=("Rosa Jimenez",))
    assert handout_context(store, only, "x")["contact"] == {
        "name": "",
        "organization": "",
        "email": "",
        "phone": "",
    }


def test_minutes_have_the_full_layout(store: Store) -> None:
    minutes = store.all(Minutes)[-1]
    text = render_template("minutes.md", minutes_context(store, minutes, lens(store)))
    assert text.startswith("# Minutes: Safer Nights Action Group\n")
    for part in ("**Chair:** Priya Natarajan", "**Present:**", "**Regrets:**", "## Standing agreements"):
        assert part in text
    assert "## Business arising" in text
    assert "Merge the two bad-date lists" in text  # carried over from the meeting before
    assert "| # | Action | Owner | Due |" in text
    assert "Bring naloxone training dates | Tom Reid |" in text
    assert "## Next meeting" in text
    html = markdown_to_html(text, "Minutes")
    assert "<table>" in html
    assert "<td>Tom Reid</td>" in html


def test_minutes_never_show_a_confidential_name(store: Store) -> None:
    all_minutes = store.all(Minutes)
    for minutes in all_minutes:
        text = render_template("minutes.md", minutes_context(store, minutes, lens(store)))
        for shown in (text, markdown_to_html(text, "Minutes"), pdf_text(markdown_to_pdf(text, "Minutes"))):
            assert "Rosa" not in shown
            assert "Jimenez" not in shown
        assert "Peer representative" in text
    # The test means something: the internal copy does name her, in the present list and the free text.
    internal = render_template("minutes.md", minutes_context(store, all_minutes[-1], lens(store, True)))
    assert "Rosa Jimenez reported" in internal
    assert "INTERNAL COPY" in internal


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_every_template_renders_to_html_and_pdf(store: Store, upcoming: Delegation, name: str) -> None:
    contexts = {
        "speech.md": lambda: speech_context(store, upcoming, "Speech"),
        "handout.md": lambda: handout_context(store, upcoming, "Handout"),
        "request-letter.md": lambda: letter_context(store, upcoming),
        "minutes.md": lambda: minutes_context(store, store.all(Minutes)[0], lens(store)),
        "agenda.md": lambda: agenda_context(demo_agenda(store), lens(store)),
        "audit-report.md": lambda: audit_report_context(
            store, Audit("audit", "An audit"), redactor(store), datetime(2026, 11, 27).date()
        ),
    }
    text = render_template(name, contexts[name]())
    assert text.endswith("\n")
    assert "<html" in markdown_to_html(text, name)
    data = markdown_to_pdf(text, name)
    assert data.startswith(b"%PDF")
    assert pages(data) == 1


# ---- errors and overrides ---------------------------------------------------------------------------


def test_user_override_wins(store: Store, upcoming: Delegation) -> None:
    user_dir = store.root / "templates"
    user_dir.mkdir()
    (user_dir / "handout.md.j2").write_text("# {{ title }}\n\nOur own layout for {{ body }}.\n")
    assert template_origin("handout.md", user_dir) == user_dir / "handout.md.j2"
    assert template_origin("speech.md", user_dir) == packaged_templates_dir() / "speech.md.j2"
    text = render_template("handout.md", handout_context(store, upcoming, "Mine"), user_dir)
    assert text == "# Mine\n\nOur own layout for Lakeport Police Board.\n"
    # the others still come from the package
    assert "## The ask" in render_template("speech.md", speech_context(store, None, "x"), user_dir)


def test_syntax_error_in_an_override_names_template_and_line(tmp_path: Path) -> None:
    (tmp_path / "handout.md.j2").write_text("# {{ title }}\n\n## Found\n{% for x in %}\n")
    with pytest.raises(RenderError, match=r"template handout\.md .*handout\.md\.j2.*, line 4: "):
        render_template("handout.md", {"title": "t"}, tmp_path)


def test_undefined_name_is_reported_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "handout.md.j2").write_text("# {{ title }}\n\n\n\n\n\n{{ delegation.topic }}\n")
    with pytest.raises(RenderError, match=r"template handout\.md .*, line 7: 'delegation' is undefined"):
        render_template("handout.md", {"title": "t"}, tmp_path)


def test_packaged_template_missing_a_key_is_a_render_error() -> None:
    with pytest.raises(RenderError, match=r"^template speech\.md, line \d+: '\w+' is undefined"):
        render_template("speech.md", {"title": "t"})


def test_unknown_template_and_bad_names(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match=r"template thanks\.md: not found"):
        render_template("thanks.md", {}, tmp_path)
    with pytest.raises(RenderError, match="not a template name"):
        render_template("../secrets", {})
    with pytest.raises(RenderError, match="not found"):
        template_origin("thanks.md", tmp_path)


def test_templates_are_sandboxed(tmp_path: Path) -> None:
    (tmp_path / "handout.md.j2").write_text("{{ title.__class__.__mro__[1].__subclasses__() }}\n")
    with pytest.raises(RenderError, match=r"handout\.md"):
        render_template("handout.md", {"title": "t"}, tmp_path)


# ---- HTML -------------------------------------------------------------------------------------------


def test_html_is_a_standalone_page_that_escapes_typed_markup() -> None:
    markdown = (
        "# Safety <first>\n\nWe said <script>alert('x')</script> & more.\n\n"
        "<div onclick='x'>raw</div>\n\n[bad](javascript:alert(1)) [good](https://example.org)\n\n"
        "## Contact\nAna · ana@example.org\n"
    )
    html = markdown_to_html(markdown, 'Title with <b> & "quotes"')
    assert html.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in html
    assert "<title>Title with &lt;b&gt; &amp; &quot;quotes&quot;</title>" in html
    assert "<h1>Safety &lt;first&gt;</h1>" in html
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<div" not in html
    assert 'href="javascript' not in html
    assert '<a href="https://example.org">good</a>' in html
    assert '<section class="contact">\n<h2>Contact</h2>' in html
    assert "@media print" in html
    assert html.rstrip().endswith("</html>")


def test_html_and_markdown_keep_every_character(store: Store, upcoming: Delegation) -> None:
    words = f"{NAMES}; café in Montréal 😀 🙂 ❤ ✓ ★ 🌈 ✊"
    context = handout_context(store, replace(upcoming, ask=words), words)
    text = render_template("handout.md", context)
    assert words in text
    html = markdown_to_html(text, words)
    assert html.count(words) >= 2  # the <title> and the page


# ---- PDF --------------------------------------------------------------------------------------------


def test_pdf_of_the_demo_handout(store: Store) -> None:
    handout = store.get(Handout, "safety-first-handout")
    data = markdown_to_pdf(handout.text, handout.title)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    assert reader.metadata is not None
    assert reader.metadata.title == handout.title
    text = reader.pages[0].extract_text()
    assert "Safety first: reporting violence without fear" in text
    assert "Contact" in text
    assert "Ana Ferreira · collective@example.org · 604-555-0142" in text
    assert "71 of 84" in text
    annotations = [annotation.get_object() for annotation in reader.pages[0].get("/Annots", [])]
    uris = [annotation["/A"]["/URI"] for annotation in annotations if "/A" in annotation]
    assert "https://example.org/lakeport-survey" in uris


def test_pdf_renders_accents_indigenous_names_and_emoji() -> None:
    markdown = (
        f"# Territories of the {NAMES}\n\n"
        "We met at the café in **Montréal** and *Stó:lō* land. 😀 ❤ ✓ ★\n\n"
        "- unsupported emoji 🙂 🌈 ✊🏽 👩‍👩‍👧 stay visible\n\n"
        "## Contact\nRenée Côté · renee@example.org\n"
    )
    text = pdf_text(markdown_to_pdf(markdown, f"Café {NAMES} 🙂"))
    for word in ACCENTED:
        assert word in text
    assert "😀" in text
    assert "Renée Côté" in text
    assert f"emoji {PLACEHOLDER} {PLACEHOLDER} {PLACEHOLDER} {PLACEHOLDER} stay" in text


def test_missing_glyphs_become_one_placeholder_each() -> None:
    assert printable(NAMES) == NAMES
    assert printable("a 😀 b") == "a 😀 b"
    assert printable("a 🙂 b") == f"a {PLACEHOLDER} b"
    assert printable("✊🏽 👩‍👩‍👧 🏳️‍🌈") == f"{PLACEHOLDER} {PLACEHOLDER} {PLACEHOLDER}"
    assert printable("❤️") == "❤️"  # drawn, with its variation selector


def test_long_text_shrinks_to_one_page() -> None:
    paragraph = "Every member of the Board should read this sentence about reporting violence safely. "
    markdown = "# Long\n\n" + "\n\n".join(paragraph * 3 for _ in range(13)) + "\n\n## Contact\nAna\n"
    data = markdown_to_pdf(markdown, "Long")
    assert pages(data) == 1
    assert "Ana" in pdf_text(data).split("Contact", 1)[1]


def test_text_too_long_for_one_page_flows_on_and_is_not_cut() -> None:
    items = "\n".join(f"- point {number}: " + "the details that matter " * 8 for number in range(90))
    markdown = f"# Very long\n\n{items}\n\n## Contact\nLast line of the contact\n"
    data = markdown_to_pdf(markdown, "Very long", paper="a4")
    assert pages(data) >= 2
    text = pdf_text(data)
    assert "point 0:" in text
    assert "point 89:" in text
    assert "Last line of the contact" in text


def test_unknown_paper_size() -> None:
    with pytest.raises(RenderError, match="paper"):
        markdown_to_pdf("# x", "x", paper="napkin")


def test_fonts_ship_with_their_license() -> None:
    names = {path.name for path in fonts_dir().iterdir()}
    assert {
        "DejaVuSans.ttf",
        "DejaVuSans-Bold.ttf",
        "DejaVuSans-Oblique.ttf",
        "DejaVuSans-BoldOblique.ttf",
        "LICENSE",
    } <= names
    assert "Bitstream" in (fonts_dir() / "LICENSE").read_text()


def test_meeting_times_are_shown_in_the_meeting_zone(store: Store, upcoming: Delegation) -> None:
    body = store.get(Body, "lakeport-police-board")
    store.save(replace(body, speaking_limit=timedelta(minutes=3)))
    elsewhere = Store(store.root, index=None, default_zone="Europe/Paris")
    context = speech_context(elsewhere, upcoming, "x")
    assert context["meeting_when"] == "Thursday 17 December 2026, 18:00"
    assert context["limit_seconds"] == 180
