"""`delegate script new|show|edit|versions|restore`, `delegate handout …` and `delegate delegation letter`."""

from __future__ import annotations

import io
import json
import os
import stat
import sys
import tomllib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from cli_support import Run, fails, ok, ok_noted

pytestmark = pytest.mark.usefixtures("cli_environment")

SPEECH = "safety-first-speech"
HANDOUT = "safety-first-handout"
UPCOMING = "2026-12-17-safety-first-reporting-guidelines"  # the board meets on the third Thursday
JANUARY = "2027-01-21-lakeport-police-board"


@pytest.fixture
def demo(run: Run, data: Path) -> Path:
    ok(run("demo"))
    return data


def toml(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def files_under(root: Path) -> dict[str, bytes]:
    """Every file of the data folder but the lock, with its bytes (to show nothing was written)."""
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name != ".lock"
    }


def versions_of(run: Run, kind: str, record: str) -> list[dict]:
    return json.loads(ok(run(kind, "versions", record, "--json")))


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """use_editor("append"|"same"|"fail"|"remove"): $EDITOR becomes a small script that does that."""
    script = tmp_path / "edit.py"
    script.write_text(
        "import pathlib, sys\n"
        "mode, path = sys.argv[1], pathlib.Path(sys.argv[2])\n"
        "if mode == 'append':\n"
        "    path.write_text(path.read_text(encoding='utf-8') + 'One more line from the editor.\\n',"
        " encoding='utf-8')\n"
        "elif mode == 'fail':\n"
        "    path.write_text('half an edit', encoding='utf-8')\n"
        "    sys.exit(3)\n"
        "elif mode == 'remove':\n"
        "    path.unlink()\n",
        encoding="utf-8",
    )

    def use(mode: str) -> None:
        monkeypatch.setenv("EDITOR", f'"{sys.executable}" "{script}" {mode}')

    return use


def make_pdf(path: Path, title: str = "Survey results") -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title(title)
    pdf.add_page()
    pdf.set_font("helvetica", size=14)
    pdf.cell(text=title)
    path.write_bytes(bytes(pdf.output()))
    return path


def checklist_of(show_output: str) -> list[str]:
    after = show_output.split("to print and bring:\n", 1)[1]
    return after.split("\n\n", 1)[0].splitlines()


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


# ---- scripts: new -------------------------------------------------------------------------------------


def test_script_new_from_the_speech_template(run: Run, data: Path) -> None:
    out = ok(run("script", "new", "Why safe reporting matters"))
    assert out.splitlines()[0] == "added script why-safe-reporting-matters (from the speech template)"
    table = toml(data / "scripts" / "why-safe-reporting-matters.toml")
    assert table["title"] == "Why safe reporting matters"
    assert table["template"] == "speech"
    assert "delegation" not in table
    text = (data / "scripts" / "why-safe-reporting-matters.md").read_text(encoding="utf-8")
    assert text.strip()
    # a second script of the same title gets its own id
    assert "added script why-safe-reporting-matters-2 " in ok(
        run("script", "new", "Why safe reporting matters")
    )


def test_script_new_for_a_delegation_links_both_ways(run: Run, demo: Path) -> None:
    added = ok(
        run("delegation", "add", "--meeting", JANUARY, "--topic", "Budget", "--speaker", "Ana Ferreira")
    )
    delegation_id = added.split()[-1]
    out = ok(run("script", "new", "Budget speech", "--delegation", delegation_id))
    assert f"linked to delegation {delegation_id}" in out
    assert toml(demo / "scripts" / "budget-speech.toml")["delegation"] == delegation_id
    delegation_file = demo / "delegations" / "2027" / f"{delegation_id}.toml"
    assert toml(delegation_file)["script"] == "budget-speech"
    text = (demo / "scripts" / "budget-speech.md").read_text(encoding="utf-8")
    assert text.strip()
    # a second script keeps the delegation's first one
    ok(run("script", "new", "Budget speech, short", "--delegation", delegation_id))
    assert toml(delegation_file)["script"] == "budget-speech"
    assert toml(demo / "scripts" / "budget-speech-short.toml")["delegation"] == delegation_id


def test_script_new_from_a_template_of_the_data_folder(run: Run, data: Path) -> None:
    (data / "templates").mkdir(parents=True)
    (data / "templates" / "my-speech.md.j2").write_text(
        "# {{ title }}\n\n## Hello\nMy own opening.\n", encoding="utf-8"
    )
    ok(run("script", "new", "Short one", "--template", "my-speech"))
    assert (data / "scripts" / "short-one.md").read_text(encoding="utf-8") == (
        "# Short one\n\n## Hello\nMy own opening.\n"
    )
    assert toml(data / "scripts" / "short-one.toml")["template"] == "my-speech"


def test_script_new_bad_input_writes_nothing(run: Run, demo: Path) -> None:
    before = files_under(demo)
    fails(run("script", "new", "X", "--template", "nope"), 1, "no template named 'nope'", "speech")
    fails(run("script", "new", "X", "--template", "../etc/passwd"), 1, "not a template name")
    fails(run("script", "new", "X", "--delegation", "no-such"), 1, "no delegation with id 'no-such'")
    fails(run("script", "new", "   "), 1, "a script needs a title")
    fails(run("script", "new"), 2, "Missing argument")
    assert files_under(demo) == before


def test_a_broken_user_template_is_one_line(run: Run, data: Path) -> None:
    (data / "templates").mkdir(parents=True)
    (data / "templates" / "broken.md.j2").write_text("Hello {{ title \n", encoding="utf-8")
    fails(run("script", "new", "X", "--template", "broken"), 1, "template broken.md")
    assert not (data / "scripts").exists()


# ---- scripts: show, edit, versions, restore -----------------------------------------------------------


def test_script_show(run: Run, demo: Path) -> None:
    out = ok(run("script", "show", "safety-first-s"))
    assert "title  Safety first: reporting guidelines" in out
    assert f"delegation  {UPCOMING}" in out
    assert "words  " in out
    assert "estimate  about " in out
    assert "(measured from 2 rehearsals); limit 5:00" in out
    assert "## Greeting and who we are" in out
    assert out.rstrip().endswith("Thank you.")


def test_script_edit_keeps_the_previous_version(run: Run, demo: Path, editor: Callable[[str], None]) -> None:
    md = demo / "scripts" / f"{SPEECH}.md"
    original = md.read_text(encoding="utf-8")
    assert versions_of(run, "script", SPEECH) == []
    editor("append")
    out = ok(run("script", "edit", SPEECH))
    assert out.startswith(f"saved script {SPEECH} (")
    assert md.read_text(encoding="utf-8") == original + "One more line from the editor.\n"
    [kept] = versions_of(run, "script", SPEECH)
    assert kept["path"] == f"scripts/versions/{SPEECH}/{kept['id']}.md"
    assert (demo / kept["path"]).read_text(encoding="utf-8") == original
    assert datetime.fromisoformat(kept["when"]).utcoffset() is not None  # local time, with its offset
    assert stat.S_IMODE((demo / kept["path"]).stat().st_mode) == 0o600
    listing = ok(run("script", "versions", SPEECH))
    assert listing.splitlines()[0].split() == ["VERSION", "REPLACED", "WORDS"]
    assert kept["id"] in listing
    assert "current text:" in listing
    # no temp copy of the script is left anywhere
    assert not list(demo.rglob("*.tmp"))


def test_script_restore_brings_the_text_back_and_keeps_the_current(
    run: Run, demo: Path, editor: Callable[[str], None]
) -> None:
    md = demo / "scripts" / f"{SPEECH}.md"
    original = md.read_text(encoding="utf-8")
    editor("append")
    ok(run("script", "edit", SPEECH))
    ok(run("script", "edit", SPEECH))
    edited = md.read_text(encoding="utf-8")
    assert edited.count("One more line") == 2
    first, second = versions_of(run, "script", SPEECH)
    out = ok(run("script", "restore", SPEECH, first["id"]))
    assert out.startswith(f"restored script {SPEECH} to version {first['id']}; the text it replaced is kept")
    assert md.read_text(encoding="utf-8") == original
    kept = versions_of(run, "script", SPEECH)
    assert [item["id"] for item in kept[:2]] == [first["id"], second["id"]]
    assert (demo / kept[2]["path"]).read_text(encoding="utf-8") == edited  # nothing was lost
    # the edited text can come back in turn
    ok(run("script", "restore", SPEECH, kept[2]["id"]))
    assert md.read_text(encoding="utf-8") == edited
    assert len(versions_of(run, "script", SPEECH)) == 4
    # and restoring what is already there changes nothing
    assert "nothing changed" in ok(run("script", "restore", SPEECH, kept[2]["id"]))
    assert len(versions_of(run, "script", SPEECH)) == 4
    assert ok(run("check")).endswith("all records load\n")


def test_script_edit_unchanged_writes_nothing(run: Run, demo: Path, editor: Callable[[str], None]) -> None:
    before = files_under(demo)
    editor("same")
    assert ok(run("script", "edit", SPEECH)) == f"no changes to script {SPEECH}; nothing saved\n"
    assert files_under(demo) == before


@pytest.mark.parametrize(("mode", "needle"), [("fail", "the editor failed"), ("remove", "removed the file")])
def test_script_edit_when_the_editor_fails_writes_nothing(
    run: Run, demo: Path, editor: Callable[[str], None], mode: str, needle: str
) -> None:
    before = files_under(demo)
    editor(mode)
    fails(run("script", "edit", SPEECH), 1, needle, "nothing was saved")
    assert files_under(demo) == before


def test_script_edit_conflict_keeps_the_edit_in_a_file(
    run: Run, demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # While the editor is open, another program changes the script: the save is refused, the edit kept.
    md = demo / "scripts" / f"{SPEECH}.md"
    script = tmp_path / "racing_edit.py"
    script.write_text(
        "import pathlib, sys\n"
        f"other = pathlib.Path({str(md)!r})\n"
        "other.write_text('changed elsewhere\\n', encoding='utf-8')\n"
        "path = pathlib.Path(sys.argv[1])\n"
        "path.write_text('my careful edit\\n', encoding='utf-8')\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("EDITOR", f'"{sys.executable}" "{script}"')
    line = fails(run("script", "edit", SPEECH), 1, "changed on disk", "your edit is kept in")
    kept = Path(line.rsplit("your edit is kept in ", 1)[1])
    assert kept.read_text(encoding="utf-8") == "my careful edit\n"
    assert md.read_text(encoding="utf-8") == "changed elsewhere\n"
    assert versions_of(run, "script", SPEECH) == []


def test_script_versions_and_restore_bad_input(run: Run, demo: Path) -> None:
    assert "no earlier versions of script" in ok(run("script", "versions", SPEECH))
    fails(run("script", "versions", "no-such"), 1, "no script with id 'no-such'")
    fails(run("script", "restore", SPEECH, "2026"), 1, f"script {SPEECH} has no version '2026'")
    fails(run("script", "restore", "no-such", "2026"), 1, "no script with id")
    fails(run("script", "show", "no-such"), 1, "no script with id")
    fails(run("script", "edit", "no-such"), 1, "no script with id")
    fails(run("script", "restore", SPEECH), 2, "Missing argument")


# ---- handouts -----------------------------------------------------------------------------------------


def test_handout_new_from_the_template_linked_to_a_delegation(run: Run, demo: Path) -> None:
    out = ok(run("handout", "new", "Survey summary", "--delegation", UPCOMING))
    assert out.splitlines()[0] == "added handout survey-summary (from the handout template)"
    assert f"linked to delegation {UPCOMING}" in out
    table = toml(demo / "handouts" / "survey-summary.toml")
    assert table["title"] == "Survey summary"
    assert table["delegations"] == [UPCOMING]
    assert (demo / "handouts" / "survey-summary.md").read_text(encoding="utf-8").strip()
    delegation = toml(demo / "delegations" / "2026" / f"{UPCOMING}.toml")
    assert delegation["handouts"] == [HANDOUT, "survey-summary"]


def test_handout_list_and_show(run: Run, demo: Path, tmp_path: Path) -> None:
    ok(run("handout", "new", "Survey PDF", "--attach", str(make_pdf(tmp_path / "survey.pdf"))))
    listing = ok(run("handout", "list"))
    assert listing.splitlines()[0].split() == ["ID", "KIND", "DELEGATIONS", "TITLE"]
    for needle in (HANDOUT, "survey-pdf", "attached PDF"):
        assert needle in listing
    items = {item["id"]: item for item in json.loads(ok(run("handout", "list", "--json")))}
    assert items[HANDOUT]["delegations"] == [UPCOMING]
    assert items[HANDOUT]["words"] > 50
    assert items["survey-pdf"]["attachment"] == "handouts/files/survey-pdf.pdf"
    shown = ok(run("handout", "show", "safety-first-h"))
    assert "title  Safety first: reporting violence without fear" in shown
    assert "## What we found" in shown
    attached = ok(run("handout", "show", "survey-pdf"))
    assert "attachment  handouts/files/survey-pdf.pdf (" in attached
    assert "bytes)" in attached


def test_handout_list_empty(run: Run) -> None:
    assert "no handouts yet" in ok(run("handout", "list"))


def test_handout_edit_keeps_the_previous_version(run: Run, demo: Path, editor: Callable[[str], None]) -> None:
    md = demo / "handouts" / f"{HANDOUT}.md"
    original = md.read_text(encoding="utf-8")
    editor("append")
    assert ok(run("handout", "edit", HANDOUT)).startswith(f"saved handout {HANDOUT}")
    assert md.read_text(encoding="utf-8").endswith("One more line from the editor.\n")
    [kept] = versions_of(run, "handout", HANDOUT)
    assert (demo / kept["path"]).read_text(encoding="utf-8") == original
    ok(run("handout", "restore", HANDOUT, kept["id"]))
    assert md.read_text(encoding="utf-8") == original
    assert len(versions_of(run, "handout", HANDOUT)) == 2


def test_handout_render_md_and_html(run: Run, demo: Path) -> None:
    md = ok(run("handout", "render", HANDOUT, "--format", "md"))
    # the handout as written, then how many copies to bring (its board's members + 2)
    written = (demo / "handouts" / f"{HANDOUT}.md").read_text(encoding="utf-8").rstrip()
    assert md.startswith(written)
    said = "*Copies to bring: 9 (7 members of the Lakeport Police Board + 2), Thu 17 Dec 2026.*"
    assert md.removeprefix(written).strip() == f"---\n\n{said}"
    html = ok(run("handout", "render", HANDOUT, "--format", "html"))
    assert "<html" in html.lower()
    assert "Safety first: reporting violence without fear" in html
    assert "<h2" in html
    assert "What we found" in html


def test_handout_render_pdf(run: Run, demo: Path, tmp_path: Path) -> None:
    out = ok(run("handout", "render", HANDOUT, "--format", "pdf", "-o", str(tmp_path / "out.pdf")))
    assert out == f"wrote handout {HANDOUT} (pdf) to {tmp_path / 'out.pdf'}\n"
    data = (tmp_path / "out.pdf").read_bytes()
    assert data.startswith(b"%PDF")
    assert "Safety first" in pdf_text(data)
    # without -o: ./ID.pdf, and it says where
    out = ok(run("handout", "render", HANDOUT))
    assert out == f"wrote handout {HANDOUT} (pdf) to {HANDOUT}.pdf\n"
    assert (tmp_path / f"{HANDOUT}.pdf").read_bytes().startswith(b"%PDF")
    # -o - sends the bytes down a pipe
    piped = run("handout", "render", HANDOUT, "-o", "-")
    assert piped.exit_code == 0
    assert piped.stdout_bytes.startswith(b"%PDF")


def test_handout_render_refuses_a_pdf_to_the_terminal(
    run: Run, demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import delegate.cli.editing

    monkeypatch.setattr(delegate.cli.editing, "_is_terminal", lambda stream: True)
    result = run("handout", "render", HANDOUT, "-o", "-")
    fails(result, 1, "not writing the PDF", "to the terminal")
    assert result.stdout_bytes == b""
    # text formats are fine on a terminal
    assert "What we found" in ok(run("handout", "render", HANDOUT, "--format", "md"))


def test_attached_pdf_is_stored_and_rendered_back_byte_identical(
    run: Run, demo: Path, tmp_path: Path
) -> None:
    source = make_pdf(tmp_path / "Survey results.pdf")
    out = ok(run("handout", "new", "Survey results", "--delegation", UPCOMING, "--attach", str(source)))
    assert "attached Survey results.pdf as handouts/files/survey-results.pdf" in out
    stored = demo / "handouts" / "files" / "survey-results.pdf"
    assert stored.read_bytes() == source.read_bytes()
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert stat.S_IMODE(stored.parent.stat().st_mode) == 0o700
    table = toml(demo / "handouts" / "survey-results.toml")
    assert table["attachment"] == "handouts/files/survey-results.pdf"
    assert not (demo / "handouts" / "survey-results.md").exists()
    # nothing can redact a PDF made elsewhere: the person exporting it is told so, not reassured
    out = ok_noted(
        run("handout", "render", "survey-results", "-o", str(tmp_path / "back.pdf")),
        "handout survey-results is an attached PDF, passed through as it was made",
    )
    assert out == f"wrote handout survey-results (pdf, attached as made) to {tmp_path / 'back.pdf'}\n"
    assert (tmp_path / "back.pdf").read_bytes() == source.read_bytes()
    assert "Survey results" in pdf_text((tmp_path / "back.pdf").read_bytes())
    fails(run("handout", "render", "survey-results", "--format", "html"), 1, "attached PDF", "pdf")
    fails(run("handout", "edit", "survey-results"), 1, "attached PDF")
    # the same title again gets its own id and its own file
    ok(run("handout", "new", "Survey results", "--attach", str(source)))
    assert (demo / "handouts" / "files" / "survey-results-2.pdf").read_bytes() == source.read_bytes()
    assert ok(run("check")).endswith("all records load\n")


def test_a_missing_attachment_is_reported(run: Run, demo: Path, tmp_path: Path) -> None:
    ok(run("handout", "new", "Survey", "--attach", str(make_pdf(tmp_path / "s.pdf"))))
    (demo / "handouts" / "files" / "survey.pdf").unlink()
    fails(run("handout", "render", "survey", "-o", str(tmp_path / "x.pdf")), 1, "does not exist")
    assert not (tmp_path / "x.pdf").exists()
    assert "missing!" in ok(run("handout", "show", "survey"))
    result = run("check")
    assert result.exit_code == 1
    assert "handouts/survey.toml: its attached file is missing: 'handouts/files/survey.pdf'" in result.stderr


def test_handout_bad_input_writes_nothing(run: Run, demo: Path, tmp_path: Path) -> None:
    not_pdf = tmp_path / "notes.pdf"
    not_pdf.write_text("just text", encoding="utf-8")
    before = files_under(demo)
    outside_before = sorted(os.listdir(tmp_path))
    fails(run("handout", "new", "X", "--attach", str(tmp_path / "missing.pdf")), 2, "does not exist")
    fails(run("handout", "new", "X", "--attach", str(not_pdf)), 1, "is not a PDF")
    fails(run("handout", "new", "X", "--attach", str(tmp_path)), 2, "--attach")
    fails(run("handout", "new", "X", "--delegation", "no-such"), 1, "no delegation with id")
    fails(run("handout", "render", HANDOUT, "--format", "docx"), 2, "'docx' is not one of")
    fails(run("handout", "render", "no-such"), 1, "no handout with id 'no-such'")
    fails(run("handout", "show", "no-such"), 1, "no handout with id")
    fails(run("handout", "edit", "no-such"), 1, "no handout with id")
    fails(run("handout", "render", HANDOUT, "-o", str(tmp_path / "no" / "dir.pdf")), 1, "does not exist")
    fails(run("handout", "render", HANDOUT, "-o", str(tmp_path)), 1, "is a folder")
    assert files_under(demo) == before
    assert sorted(os.listdir(tmp_path)) == outside_before


# ---- delegations: the letter and the checklist --------------------------------------------------------


def test_delegation_letter(run: Run, demo: Path, tmp_path: Path) -> None:
    letter = ok(run("delegation", "letter", UPCOMING))
    assert "Lakeport Police Board" in letter
    assert "17 December 2026" in letter
    assert "Safety first: reporting guidelines" in letter
    assert "Ana Ferreira" in letter
    out = ok(run("delegation", "letter", "2026-12-17-safety", "-o", str(tmp_path / "letter.md")))
    assert out == f"wrote the request letter for {UPCOMING} (md) to {tmp_path / 'letter.md'}\n"
    assert (tmp_path / "letter.md").read_text(encoding="utf-8") == letter
    fails(run("delegation", "letter", "no-such"), 1, "no delegation with id")


def test_delegation_show_has_the_print_checklist(run: Run, demo: Path) -> None:
    out = ok(run("delegation", "show", UPCOMING))
    assert "copies to bring  9" in out
    assert out.index("to print and bring:") < out.index("history:")
    checklist = checklist_of(out)
    assert checklist == [
        f"  [ ] Print 9 copies of Safety first: reporting violence without fear ({HANDOUT})",
        "  [ ] Bring a copy for the clerk",
        f"  [ ] Bring the script: Safety first: reporting guidelines ({SPEECH})",
        "  [ ] Arrive 15 minutes early (by 17:45 at Lakeport City Hall, Council Chamber)",
    ]


def test_delegation_show_checklist_without_paper(run: Run, demo: Path) -> None:
    added = ok(run("delegation", "add", "--meeting", JANUARY, "--topic", "Budget"))
    out = ok(run("delegation", "show", added.split()[-1]))
    assert "history:" not in out
    checklist = checklist_of(out)
    assert checklist == [
        "  [ ] Bring the script (none written yet)",
        "  [ ] Arrive 15 minutes early (by 17:45 at Lakeport City Hall, Council Chamber)",
    ]


def test_help_lists_the_new_commands(run: Run, data: Path) -> None:
    assert "handout" in ok(run("--help"))
    for group, commands in {
        "script": ("new", "show", "edit", "versions", "restore"),
        "handout": ("new", "list", "show", "edit", "render", "versions", "restore"),
        "delegation": ("letter",),
    }.items():
        out = ok(run(group, "--help"))
        for command in commands:
            assert command in out
            assert ok(run(group, command, "--help")).startswith(f"Usage: delegate {group} {command}")
    assert not data.exists()


def test_no_checklist_once_delivered(run: Run, demo: Path) -> None:
    delivered = [
        item["id"] for item in json.loads(ok(run("delegation", "list", "--status", "delivered", "--json")))
    ]
    assert "to print and bring:" not in ok(run("delegation", "show", delivered[0]))
