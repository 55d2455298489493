"""`delegate check`: every problem in the data folder, files and the links between records."""

from __future__ import annotations

from dataclasses import dataclass

from delegate.model import Body, Delegation, FollowUp, Handout, Meeting, Minutes, Person, Rehearsal, Script
from delegate.services.audience import Audience, lens_for
from delegate.services.ids import exposing_ids, rename_exposing_ids
from delegate.store import Problem, Store


def fix(store: Store) -> dict[str, int]:
    """What `check --fix` repairs: temp files a crashed save left are removed (whatever their age, as
    long as no save is under way), and ids (file names) that name a confidential person get public
    ones. Returns how many of each, by what was done."""
    store.load_all()
    done = {
        f"{kind} record(s) renamed (their ids named a confidential person; the old ids still work)": count
        for kind, count in rename_exposing_ids(store).items()
    }
    removed = store.remove_leftovers(older_than=0)
    if removed:
        done["temp file(s) of an interrupted save removed"] = len(removed)
    return done


def check(store: Store) -> list[Problem]:
    """File problems (syntax, types, rules), dangling references and file names that name a
    confidential person (`--fix` renames them); errors before warnings."""
    problems = list(store.load_all())
    bodies = {body.id for body in store.all(Body)}
    meetings = {meeting.id for meeting in store.all(Meeting)}
    delegations = {delegation.id for delegation in store.all(Delegation)}
    scripts = {script.id for script in store.all(Script)}
    minutes = {item.id for item in store.all(Minutes)}

    def dangling(record: object, what: str, target: str) -> None:
        problems.append(Problem(store.path_of(record), f"refers to a {what} that does not exist: {target!r}"))

    for meeting in store.all(Meeting):
        if meeting.body not in bodies:
            dangling(meeting, "body", meeting.body)
    for delegation in store.all(Delegation):
        if delegation.meeting not in meetings:
            dangling(delegation, "meeting", delegation.meeting)
        if delegation.script and delegation.script not in scripts:
            dangling(delegation, "script", delegation.script)
    for person in store.all(Person):
        for body in person.member_of:
            if body not in bodies:
                dangling(person, "body", body)
    for script in store.all(Script):
        if script.delegation and script.delegation not in delegations:
            dangling(script, "delegation", script.delegation)
    for rehearsal in store.all(Rehearsal):
        if rehearsal.script not in scripts:
            dangling(rehearsal, "script", rehearsal.script)
    for handout in store.all(Handout):
        for delegation_id in handout.delegations:
            if delegation_id not in delegations:
                dangling(handout, "delegation", delegation_id)
        if handout.attachment and not (store.root / handout.attachment).is_file():
            problems.append(
                Problem(store.path_of(handout), f"its attached file is missing: {handout.attachment!r}")
            )
    for item in store.all(Minutes):
        if item.group not in bodies:
            dangling(item, "group", item.group)
    for followup in store.all(FollowUp):
        if followup.minutes and followup.minutes not in minutes:
            dangling(followup, "minutes", followup.minutes)
        if followup.delegation and followup.delegation not in delegations:
            dangling(followup, "delegation", followup.delegation)
    for path in store.removed_leftovers:
        problems.append(Problem(path, "was left by an interrupted save; removed", severity="warning"))
    for path in store.leftovers():
        problems.append(
            Problem(
                path, "was left by an interrupted save; `delegate check --fix` removes it", severity="warning"
            )
        )
    exposing = sum(len(records) for records in exposing_ids(store).values())
    if exposing:
        problems.append(
            Problem(
                store.root,
                f"{exposing} record file name(s) name a confidential person; "
                "`delegate check --fix` gives them public ids (the old ids keep working)",
                severity="warning",
            )
        )
    return sorted(problems, key=lambda problem: (problem.severity != "error", str(problem.path)))


@dataclass(frozen=True)
class ProblemView:
    """One problem as an audience may read it: a file's name is its record's id, and an id made
    before a person was marked confidential (or a reference typed by hand) can name them."""

    severity: str  # "error" or "warning"
    text: str  # "meetings/2026/2026-12-09-x.toml:3: …", the path relative to the data folder


@dataclass(frozen=True)
class CheckView:
    problems: tuple[ProblemView, ...]  # errors first

    @property
    def errors(self) -> int:
        return sum(1 for problem in self.problems if problem.severity == "error")

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors


def unreadable_so_far(store: Store) -> list[str]:
    """The files skipped so far as unreadable, as the public may read their names ('path:line: why')."""
    lens = lens_for(store, Audience.PUBLIC)
    return [
        lens.text(problem.describe(store.root))
        for problem in store.problems_so_far()
        if problem.severity == "error"
    ]


def check_view(store: Store, audience: Audience = Audience.PUBLIC) -> CheckView:
    """`check` as `audience` may read it."""
    found = check(store)
    lens = lens_for(store, audience)
    return CheckView(tuple(ProblemView(p.severity, lens.text(p.describe(store.root))) for p in found))
