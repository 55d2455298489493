"""Scripts and their rehearsals as views for an audience: a speech may name a confidential person
(thanking them, telling their story), so its title, text and section titles go through the lens
like any typed text. The CLI's list, show, estimate and rehearsals and the app's script screens
format these."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from delegate.model import Delegation, Rehearsal, Script, split_sections
from delegate.services.audience import Audience, Lens, lens_for
from delegate.services.estimate import Estimate, choose_pace, estimate_text, script_limit
from delegate.services.scripts import ScriptSource
from delegate.services.views import record_view
from delegate.store import Store


@dataclass(frozen=True)
class TakeView:
    """One timed rehearsal: when, how long against the limit, and the time of each section."""

    id: str
    at: datetime
    total: float
    limit: float
    over_by: float  # seconds over the limit (negative: under)
    complete: bool
    splits: tuple[tuple[str, float], ...]  # (section title, seconds)
    fields: dict[str, Any]  # `script rehearsals --json`
    adhoc: bool = False  # timed against a limit given for the run: not one of the script's takes


@dataclass(frozen=True)
class ScriptView:
    """A script as an audience may read it, with its estimate and its takes (oldest first; takes timed
    against an ad-hoc limit are not among them)."""

    id: str
    title: str
    text: str
    delegation: str
    words: int
    limit: float  # seconds: its own target, its body's limit, or 5:00
    estimate: Estimate  # section titles through the lens
    takes: tuple[TakeView, ...]
    fields: dict[str, Any]  # `script list --json`

    @property
    def last_take(self) -> TakeView | None:
        return self.takes[-1] if self.takes else None


def script_views(store: Store, audience: Audience, *, to_give: date | None = None) -> list[ScriptView]:
    """Every script, with its estimate at the speaker's pace and its takes; with `to_give`, only
    those still to be given on that day (for no delegation, or for one not yet spoken)."""
    lens = lens_for(store, audience)
    scripts = store.all(Script)
    if to_give is not None:
        scripts = scripts_to_give(store, scripts, to_give)
    wanted = {script.id for script in scripts}
    takes = _takes_by_script((item for item in store.all(Rehearsal) if item.script in wanted), lens)
    pace = choose_pace(store, None)
    return [_script_view(store, script, lens, takes.get(script.id, ()), pace) for script in scripts]


def scripts_to_give(store: Store, scripts: Iterable[Script], today: date) -> list[Script]:
    """The scripts still to be given on `today`: for no delegation, or for one not yet spoken (read
    from the index's delegations in play, so years of spoken ones stay unread)."""
    ahead = {delegation.id for delegation in store.in_play(Delegation, today)}
    return [script for script in scripts if not script.delegation or script.delegation in ahead]


def script_view(store: Store, script: Script, audience: Audience) -> ScriptView:
    """One script for `audience`: what `script show` and the script screen present."""
    lens = lens_for(store, audience)
    takes = _takes_by_script((item for item in store.all(Rehearsal) if item.script == script.id), lens)
    return _script_view(store, script, lens, takes.get(script.id, ()), choose_pace(store, None))


@dataclass(frozen=True)
class PrompterView:
    """What the timer shows of a script: its title and its sections' headings and text, for one
    audience, with the takes already saved at the same kind of limit (the script's, or ad hoc at this
    one); none for a file or a bare countdown."""

    title: str
    sections: tuple[tuple[str, str], ...]  # (heading, text), in order
    takes: tuple[TakeView, ...]


def prompter_view(
    store: Store,
    audience: Audience,
    script: Script | None,
    title: str = "",
    text: str = "",
    adhoc_limit: float | None = None,
) -> PrompterView:
    """The timer's view of `script` (or of a file's `title` and `text`); with `adhoc_limit`, the takes
    are the ad-hoc ones timed at that limit, kept apart from the script's own."""
    lens = lens_for(store, audience)
    if script is not None:
        title, text = script.title, script.text
    sections = tuple(
        (lens.text(section.title or "(opening)"), lens.text(section.text)) for section in split_sections(text)
    )
    takes: list[TakeView] = []
    if script is not None:
        takes = [
            take
            for take in rehearsal_views(store, script, audience, adhoc=adhoc_limit is not None)
            if adhoc_limit is None or abs(take.limit - adhoc_limit) < 0.5
        ]
    return PrompterView(lens.text(title), sections, tuple(takes))


def rehearsal_views(
    store: Store, script: Script, audience: Audience, *, adhoc: bool | None = None
) -> list[TakeView]:
    """A script's takes, oldest first: all of them, or only the ad-hoc ones (True) or its own (False)."""
    lens = lens_for(store, audience)
    chosen = (
        r for r in store.all(Rehearsal) if r.script == script.id and (adhoc is None or r.adhoc == adhoc)
    )
    return list(_takes_by_script(chosen, lens, adhoc=None).get(script.id, ()))


@dataclass(frozen=True)
class EstimateView:
    """`script estimate` of a stored script or a Markdown file."""

    id: str  # the script's id, or the path as given
    title: str
    estimate: Estimate

    @property
    def fields(self) -> dict[str, Any]:
        result = self.estimate
        return {
            "id": self.id,
            "title": self.title,
            "words": result.words,
            "seconds": round(result.seconds, 1),
            "limit": result.limit,
            "wpm": round(result.wpm, 1),
            "pace": result.pace_source,
            "words_over": result.words_over,
            "sections": [
                {"title": item.title, "words": item.words, "seconds": round(item.seconds, 1)}
                for item in result.sections
            ],
        }


def estimate_view(
    store: Store,
    source: ScriptSource,
    reference: str,
    audience: Audience,
    *,
    wpm: float | None = None,
    limit: timedelta | None = None,
) -> EstimateView:
    """How long `source` takes at `wpm` (else the measured pace) against `limit` (else the script's)."""
    lens = lens_for(store, audience)
    if limit is None:
        limit = script_limit(store, source.script) if source.script else timedelta(minutes=5)
    pace, how = choose_pace(store, wpm)
    result = _estimate(lens, source.text, limit.total_seconds(), pace, how)
    identifier = source.script.id if source.script else reference
    return EstimateView(identifier, lens.text(source.title), result)


def _estimate(lens: Lens, text: str, limit: float, wpm: float, how: str) -> Estimate:
    result = estimate_text(text, limit, wpm, how)
    sections = tuple(replace(section, title=lens.text(section.title)) for section in result.sections)
    return replace(result, sections=sections)


def _script_view(
    store: Store, script: Script, lens: Lens, takes: tuple[TakeView, ...], pace: tuple[float, str]
) -> ScriptView:
    limit = script_limit(store, script).total_seconds()
    return ScriptView(
        id=script.id,
        title=lens.text(script.title),
        text=lens.text(script.text),
        delegation=script.delegation,
        words=script.words,
        limit=limit,
        estimate=_estimate(lens, script.text, limit, *pace),
        takes=takes,
        fields=record_view(script, lens, words=script.words, rehearsals=len(takes)),
    )


def _takes_by_script(
    rehearsals: Iterable[Rehearsal], lens: Lens, adhoc: bool | None = False
) -> dict[str, tuple[TakeView, ...]]:
    """Takes by script; by default only the script's own (ad-hoc takes stay out of its stats)."""
    found: dict[str, list[Rehearsal]] = {}
    for item in rehearsals:
        if adhoc is not None and item.adhoc != adhoc:
            continue
        found.setdefault(item.script, []).append(item)
    return {
        script: tuple(_take_view(item, lens) for item in sorted(items, key=lambda item: (item.at, item.id)))
        for script, items in found.items()
    }


def _take_view(item: Rehearsal, lens: Lens) -> TakeView:
    return TakeView(
        id=item.id,
        at=item.at,
        total=item.total,
        limit=item.limit,
        over_by=item.over_by,
        complete=item.complete,
        splits=tuple((lens.text(split.title), split.seconds) for split in item.sections),
        fields=record_view(item, lens),
        adhoc=item.adhoc,
    )
