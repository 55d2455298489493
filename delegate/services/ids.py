"""Ids, and so file names, that never carry a confidential name.

Every id made from free text (a topic, a title, a follow-up's words) is made from the text as the
public sees it. A person later marked confidential can leave older ids with their name in them;
`rename_exposing_ids` (run by `delegate check --fix`) gives those records public ids.
"""

from __future__ import annotations

from delegate.model import Person
from delegate.model.common import slugify
from delegate.privacy import Redactor
from delegate.store import Store


def public_slug(store: Store, text: str, fallback: str = "item", max_length: int = 48) -> str:
    """A readable, file-safe slug of `text` with every confidential name replaced by its label."""
    return slugify(Redactor.of(store.all(Person)).text(text), fallback, max_length)
