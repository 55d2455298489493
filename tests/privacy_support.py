"""What the privacy property tests share: made-up confidential names that cannot hide inside the fixed
words of a document, and the search for them in what was exported."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st
from pypdf import PdfReader

from delegate.privacy import fold

ROLES = ("Peer representative", "Outreach worker", "")  # "" shows as "Community member"
# Distinctive made-up names, and more built from syllables (each with a z, q, x or j so that it
# cannot hide inside ordinary words of the template).
MADE_UP = ("Zorbelle", "Quintrax", "Vexmund", "Jorlith", "Kazimyr", "Oxtrude", "Zephrine", "Quillon")
SYLLABLES = ("zor", "vex", "qui", "jha", "mir", "ulk", "oxa", "bel", "tyr", "wyn", "dru", "ke", "azu")

_generated_word = (
    st.lists(st.sampled_from(SYLLABLES), min_size=2, max_size=3)
    .map(lambda parts: "".join(parts).capitalize())
    .filter(lambda word: any(letter in word for letter in "zqxj"))
)


def name_words(corpus: str) -> st.SearchStrategy[str]:
    """Name words found nowhere in `corpus` (every fixed word the document can hold, casefolded)."""
    return st.one_of(st.sampled_from(MADE_UP), _generated_word).filter(
        lambda word: len(word) >= 3 and word.casefold() not in corpus
    )


@dataclass(frozen=True)
class Secret:
    id: str
    name: str
    role: str

    @property
    def parts(self) -> list[str]:
        return [self.name, *self.name.split()]

    @property
    def words(self) -> list[str]:
        """What must never show, folded (no case, no accents): the whole name and each of its words
        of three letters or more."""
        folded = fold(self.name)
        return [folded, *(word for word in folded.split() if len(word) >= 3)]


@st.composite
def secret_people(draw: st.DrawFn, name_word: st.SearchStrategy[str]) -> list[Secret]:
    """One to three confidential people, each with one name or two."""
    count = draw(st.integers(min_value=1, max_value=3))
    people = []
    for index in range(count):
        name = f"{draw(name_word)} {draw(name_word)}" if draw(st.booleans()) else draw(name_word)
        people.append(Secret(f"member-{index + 1}", name, draw(st.sampled_from(ROLES))))
    return people


def pdf_text(data: bytes, *, title: bool = False) -> str:
    """A PDF's text (and, with `title`, its metadata title), on one line."""
    reader = PdfReader(io.BytesIO(data))
    parts = [page.extract_text() or "" for page in reader.pages]
    if title and reader.metadata and reader.metadata.title:
        parts.insert(0, reader.metadata.title)
    return " ".join(" ".join(parts).split())


def text_of(path: Path) -> str:
    """A written file as text: a PDF's pages and metadata, anything else decoded."""
    data = path.read_bytes()
    if data.startswith(b"%PDF"):
        reader = PdfReader(io.BytesIO(data))
        pages = "\n".join(page.extract_text() for page in reader.pages)
        return pages + "\n" + json.dumps({key: str(value) for key, value in (reader.metadata or {}).items()})
    return data.decode("utf-8", errors="replace")


def leaked(text: str, people: list[Secret]) -> list[str]:
    folded = text.casefold()
    return [part for person in people for part in person.parts if part.casefold() in folded]


def mention(
    draw: st.DrawFn,
    people: list[Secret],
    filler: tuple[str, ...],
    *,
    companion: str = "Ana",
    twice: bool = True,
) -> str:
    """A phrase naming one of `people` the way a note-taker might: full, first or last name, any case,
    possessive; `twice` lets the phrase name them again at its end."""
    person = draw(st.sampled_from(people))
    how = draw(st.sampled_from(["full", "first", "last", "upper", "lower", "possessive"]))
    words = person.name.split()
    name = {"first": words[0], "last": words[-1]}.get(how, person.name)
    name = name.upper() if how == "upper" else name.lower() if how == "lower" else name
    name = f"{name}'s" if how == "possessive" else name
    said = draw(st.sampled_from(filler))
    again = f", {name}" if twice else ""
    return draw(
        st.sampled_from([f"{name} {said}.", f"{companion} and {name} {said}", f"({name}) {said}{again}"])
    )
