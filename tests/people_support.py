"""Two confidential people whose names a note-taker mentions the way people do: by surname only,
lowercased, without the accent, possessive ("jimenez's", "coban's"). What the privacy tests of
scripts, handouts and audits share: the people, and the search for any part of their names."""

from __future__ import annotations

import re
import unicodedata

from cli_support import Run, ok

# (name, role): one with a role, one with none (shown as "Community member")
JO = ("Jo Jiménez", "Peer representative")
MIRELA = ("Mirela Çoban", "")
JO_LABEL = "Peer representative"
MIRELA_LABEL = "Community member"
# A possessive, lowercased surname without its accent: what must still be recognised.
JO_MENTION = "jimenez's"
MIRELA_MENTION = "coban's"


def folded(text: str) -> str:
    """Casefolded, accents folded: how a reader would still recognise a name."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def leaks(text: str) -> list[str]:
    """Every word of either name (casefolded, accents folded) that `text` holds as a word."""
    words = {word for name, _ in (JO, MIRELA) for word in folded(name).split()}
    return sorted(word for word in words if re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", folded(text)))


def add_people(run: Run) -> None:
    """The two confidential people, added as a user would."""
    for name, role in (JO, MIRELA):
        ok(run("person", "add", name, "--confidential", *(("--role", role) if role else ())))
