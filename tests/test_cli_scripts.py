"""`delegate script estimate | list | rehearsals` through click's CliRunner, on the demo and on files."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from cli_support import ZONE, Run, fails, ok

from delegate.model import Rehearsal, Script
from delegate.model.script import count_words
from delegate.store import Store

pytestmark = pytest.mark.usefixtures("cli_environment")

SPEECH = "safety-first-speech"
TITLES = ["Greeting and who we are", "The issue", "A story and the evidence", "The ask", "Thanks"]


@pytest.fixture
def demo(run: Run, data: Path) -> Path:
    ok(run("demo"))
    return data


def estimate_json(run: Run, *args: str) -> dict:
    [only] = json.loads(ok(run("script", "estimate", *args, "--json")))
    return only


def words(count: int) -> str:
    return " ".join(f"w{index}" for index in range(count))


@pytest.fixture
def talk(tmp_path: Path) -> Path:
    """A Markdown file of 13 + 26 + 91 = 130 words: a minute at 130 words a minute."""
    path = tmp_path / "my talk.md"
    path.write_text(
        f"## Hello\n{words(13)}\n\n## Why it matters\n{words(26)}\n\n## What we ask\n{words(91)}\n",
        encoding="utf-8",
    )
    return path


# ---- script estimate on the demo ------------------------------------------------------------------------


def test_estimate_a_demo_script(run: Run, demo: Path) -> None:
    out = ok(run("script", "estimate", SPEECH))
    lines = out.splitlines()
    assert lines[0] == "Safety first: reporting guidelines"
    assert lines[1].split() == ["SECTION", "WORDS", "TIME"]
    for title in TITLES:
        assert any(line.startswith(title) for line in lines), title
    total = next(line for line in lines if line.startswith("total:"))
    assert "words, about" in total
    assert "(measured from 2 rehearsals)" in total  # the demo's two complete runs
    assert "limit 5:00" in total  # the police board's limit, through the delegation
    assert ("cut about" in lines[-1]) != ("room for about" in lines[-1])


def test_estimate_a_demo_script_by_prefix_as_json(run: Run, demo: Path) -> None:
    result = estimate_json(run, "safety-first")
    assert result["id"] == SPEECH
    assert result["title"] == "Safety first: reporting guidelines"
    assert [s["title"] for s in result["sections"]] == TITLES
    assert result["words"] == sum(s["words"] for s in result["sections"])
    assert result["seconds"] == pytest.approx(sum(s["seconds"] for s in result["sections"]), abs=0.3)
    assert result["seconds"] == pytest.approx(result["words"] * 60 / result["wpm"], abs=0.1)
    assert result["limit"] == 300.0
    assert result["pace"] == "measured from 2 rehearsals"
    # the demo's runs: the same words in 341 s and 306.5 s
    assert result["wpm"] == pytest.approx(2 * result["words"] / (341 + 306.5) * 60, abs=0.05)
    assert result["words_over"] == pytest.approx(result["words"] - 300 * result["wpm"] / 60, abs=1.5)


def test_the_demo_scripts_words_match_the_stored_text(run: Run, demo: Path) -> None:
    text = (demo / "scripts" / f"{SPEECH}.md").read_text(encoding="utf-8")
    assert estimate_json(run, SPEECH)["words"] == count_words(text)


def test_a_given_pace_changes_the_time(run: Run, demo: Path) -> None:
    at_100 = estimate_json(run, SPEECH, "--wpm", "100")
    at_130 = estimate_json(run, SPEECH, "--wpm", "130")
    assert at_100["pace"] == at_130["pace"] == "given"
    assert at_100["wpm"] == 100
    assert at_100["words"] == at_130["words"]
    assert at_100["seconds"] == pytest.approx(at_100["words"] * 60 / 100, abs=0.05)
    assert at_100["seconds"] / at_130["seconds"] == pytest.approx(1.3, abs=0.001)
    for slow, fast in zip(at_100["sections"], at_130["sections"], strict=True):
        assert slow["seconds"] > fast["seconds"]
    out = ok(run("script", "estimate", SPEECH, "--wpm", "100"))
    assert "at 100 words/min (given)" in out


def test_a_given_limit_changes_the_cut(run: Run, demo: Path) -> None:
    long = estimate_json(run, SPEECH, "--wpm", "130", "--limit", "10:00")
    short = estimate_json(run, SPEECH, "--wpm", "130", "--limit", "3:00")
    assert long["limit"] == 600.0
    assert short["limit"] == 180.0
    assert long["words_over"] == long["words"] - 1300 < 0
    assert short["words_over"] == short["words"] - 390 > 0
    assert f"cut about {short['words_over']} words" in ok(
        run("script", "estimate", SPEECH, "--wpm", "130", "--limit", "3:00")
    )
    assert f"room for about {-long['words_over']} more words" in ok(
        run("script", "estimate", SPEECH, "--wpm", "130", "--limit", "10:00")
    )


# ---- script estimate on a file ----------------------------------------------------------------------------


def test_estimate_a_markdown_file(run: Run, talk: Path) -> None:
    out = ok(run("script", "estimate", str(talk)))
    assert out.splitlines()[0] == "my talk"
    for title, count, time in (
        ("Hello", 13, "0:06"),
        ("Why it matters", 26, "0:12"),
        ("What we ask", 91, "0:42"),
    ):
        line = next(line for line in out.splitlines() if line.startswith(title))
        assert line.split()[-2:] == [str(count), time]
    assert "total: 130 words, about 1:00 at 130 words/min (default); limit 5:00" in out
    assert "fits, with room for about 520 more words" in out


def test_estimate_a_file_as_json(run: Run, talk: Path) -> None:
    result = estimate_json(run, str(talk))
    assert result["id"] == str(talk)
    assert result["title"] == "my talk"
    assert (result["words"], result["seconds"], result["limit"], result["wpm"]) == (130, 60.0, 300.0, 130.0)
    assert result["pace"] == "default"
    assert result["words_over"] == -520
    assert result["sections"] == [
        {"title": "Hello", "words": 13, "seconds": 6.0},
        {"title": "Why it matters", "words": 26, "seconds": 12.0},
        {"title": "What we ask", "words": 91, "seconds": 42.0},
    ]


def test_a_file_over_a_short_limit_says_what_to_cut(run: Run, talk: Path) -> None:
    out = ok(run("script", "estimate", str(talk), "--limit", "0:45"))
    assert "limit 0:45" in out
    assert out.splitlines()[-1] == "over by about 0:15: cut about 33 words"  # 97 words fit in 0:45


def test_a_file_at_100_words_a_minute(run: Run, talk: Path) -> None:
    result = estimate_json(run, str(talk), "--wpm", "100")
    assert result["seconds"] == 78.0
    assert [s["seconds"] for s in result["sections"]] == [7.8, 15.6, 54.6]
    assert "about 1:18 at 100 words/min (given)" in ok(run("script", "estimate", str(talk), "--wpm", "100"))


def test_a_file_uses_the_pace_measured_in_the_data_folder(run: Run, demo: Path, talk: Path) -> None:
    assert estimate_json(run, str(talk))["pace"] == "measured from 2 rehearsals"


def test_estimating_a_file_writes_nothing(run: Run, data: Path, talk: Path) -> None:
    ok(run("script", "estimate", str(talk)))
    assert not data.exists()


def test_a_file_without_headings_is_one_opening(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "plain.md"
    path.write_text(words(65), encoding="utf-8")
    result = estimate_json(run, str(path))
    assert result["sections"] == [{"title": "(opening)", "words": 65, "seconds": 30.0}]


def test_an_empty_file(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "empty.md"
    path.write_text("", encoding="utf-8")
    out = ok(run("script", "estimate", str(path)))
    assert "(no text yet)" in out
    assert "total: 0 words" in out


# ---- script estimate: errors ------------------------------------------------------------------------------


def test_an_unknown_id_that_is_not_a_file(run: Run, demo: Path) -> None:
    fails(run("script", "estimate", "no-such-speech"), 1, "no script", "no-such-speech")


def test_an_unknown_id_in_an_empty_folder(run: Run) -> None:
    fails(run("script", "estimate", "speech.md"), 1, "speech.md")


def test_a_folder_is_not_a_script(run: Run, tmp_path: Path) -> None:
    fails(run("script", "estimate", str(tmp_path)), 1)


def test_a_file_that_is_not_utf8(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "latin1.md"
    path.write_bytes("## Caf\xe9\nun caf\xe9 cr\xe8me".encode("latin-1"))
    fails(run("script", "estimate", str(path)), 1, "cannot read", "latin1.md")


@pytest.mark.parametrize("wpm", ["0", "-5", "10", "1000", "fast"])
def test_a_bad_pace_is_a_usage_error(run: Run, talk: Path, wpm: str) -> None:
    fails(run("script", "estimate", str(talk), "--wpm", wpm), 2, "--wpm")


@pytest.mark.parametrize("limit", ["0:00", "soon"])
def test_a_bad_limit_is_a_usage_error(run: Run, talk: Path, limit: str) -> None:
    fails(run("script", "estimate", str(talk), "--limit", limit), 2, "--limit")


# ---- script list ------------------------------------------------------------------------------------------


def test_list_with_no_scripts(run: Run) -> None:
    assert ok(run("script", "list")).strip() == "no scripts yet"
    assert json.loads(ok(run("script", "list", "--json"))) == []


def test_list_the_demo_scripts(run: Run, demo: Path) -> None:
    lines = ok(run("script", "list")).splitlines()
    assert lines[0].split() == ["ID", "WORDS", "REHEARSALS", "LAST", "TITLE"]
    [row] = [line for line in lines[1:] if line.startswith(SPEECH)]
    words_in_speech = estimate_json(run, SPEECH)["words"]
    assert row.split()[:3] == [SPEECH, str(words_in_speech), "2"]
    assert "5:06 (+0:06 over)" in row  # the later run, 306.5 s against 5:00
    assert row.endswith("Safety first: reporting guidelines")


def test_list_as_json(run: Run, demo: Path) -> None:
    [record] = [item for item in json.loads(ok(run("script", "list", "--json"))) if item["id"] == SPEECH]
    assert record["title"] == "Safety first: reporting guidelines"
    assert record["rehearsals"] == 2
    assert record["words"] == count_words(record["text"])
    assert record["template"] == "speech"
    assert record["delegation"].endswith("safety-first-reporting-guidelines")


# ---- script rehearsals ------------------------------------------------------------------------------------


def test_rehearsals_show_over_and_under(run: Run, demo: Path) -> None:
    store = Store(demo, index=False, default_zone=ZONE)
    store.save(
        Rehearsal(
            f"2026-11-26-0900-{SPEECH}",
            SPEECH,
            datetime(2026, 11, 26, 9, tzinfo=ZoneInfo(ZONE)),
            289.6,
            300.0,
            words=550,
        )
    )
    lines = ok(run("script", "rehearsals", SPEECH)).splitlines()
    assert lines[0].split() == ["WHEN", "TOTAL", "LIMIT", "OVER/UNDER", "COMPLETE", "AD", "HOC"]
    rows = [line.split() for line in lines[1:]]
    assert rows == [
        ["2026-11-21", "09:00", "5:41", "5:00", "+0:41", "over", "yes"],
        ["2026-11-24", "09:00", "5:06", "5:00", "+0:06", "over", "yes"],
        ["2026-11-26", "09:00", "4:50", "5:00", "0:10", "under", "yes"],
    ]


def test_rehearsals_as_json(run: Run, demo: Path) -> None:
    runs = json.loads(ok(run("script", "rehearsals", "safety", "--json")))
    assert [item["total"] for item in runs] == [341.0, 306.5]
    assert all(item["script"] == SPEECH and item["limit"] == 300.0 for item in runs)
    assert [len(item["sections"]) for item in runs] == [5, 5]


def test_a_script_without_rehearsals(run: Run, demo: Path) -> None:
    Store(demo, index=False, default_zone=ZONE).save(
        Script("quiet-speech", "Quiet", "## One\nhello", target=timedelta(minutes=2))
    )
    out = ok(run("script", "rehearsals", "quiet-speech"))
    assert "no rehearsals of quiet-speech yet: `delegate timer quiet-speech`" in out
    assert json.loads(ok(run("script", "rehearsals", "quiet-speech", "--json"))) == []
    assert estimate_json(run, "quiet-speech")["limit"] == 120.0  # the script's own target


def test_rehearsals_of_an_unknown_script(run: Run, demo: Path) -> None:
    fails(run("script", "rehearsals", "no-such-speech"), 1, "no script", "no-such-speech")
