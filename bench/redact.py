"""What hiding confidential names costs per text, against the plain substitution it replaced.

    python bench/redact.py [--people 20] [--runs 5]

A minute's worth of action items and follow-ups (about 350 characters each) is passed through the public
view's redaction (every variant a reader would recognise: name words, no accents or case, possessives,
near misses) and, as the baseline in the same run, through `str.replace` of each full name, which is
what the tool did before and what missed the surname alone. The best of --runs is reported for each,
per text and as a ratio. There is no target: the figure says what a view of a list costs.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from delegate.model import Person
from delegate.privacy import Redactor

FIRST = ["Jo", "Zoë", "Amélie", "Mo", "Kai", "Noor", "Inés", "Tom", "Ana", "Lee"]
LAST = ["Jiménez", "Okafor", "Nguyen", "Lefèvre", "Singh", "Moreau", "Tremblay", "Côté", "Roy", "Gagnon"]
TEXT = (
    "Follow up with the shelter about the intake policy that turns people away after 22:00; "
    "ask the board clerk for the minutes of the November sitting and the liaison's reply; "
    "bring printed copies for every member plus two; Okafor said the outreach van will be back "
    "on Thursday, and Zoe's note on the honoraria goes to the coordinator before the next meeting."
)


def people(count: int) -> list[Person]:
    return [
        Person(
            id=f"p{n}",
            name=f"{FIRST[n % len(FIRST)]} {LAST[(n // len(FIRST) + n) % len(LAST)]}",
            role="Peer worker",
            confidential=True,
        )
        for n in range(count)
    ]


def best(work: Callable[[], object], texts: int, runs: int) -> float:
    """Seconds per text, best of `runs`."""
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return min(times) / texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--texts", type=int, default=2000)
    args = parser.parse_args()
    everyone = people(args.people)
    redactor = Redactor.of(everyone)
    texts = [f"{TEXT} #{n}" for n in range(args.texts)]  # distinct, so no cache answers for them
    redactor.text(TEXT)  # build the pattern once, as a view of a list does

    def redacted() -> None:
        for text in texts:
            redactor.text(text)

    def replaced() -> None:
        for text in texts:
            shown = text
            for person in everyone:
                shown = shown.replace(person.name, person.role)

    ours = best(redacted, len(texts), args.runs)
    baseline = best(replaced, len(texts), args.runs)
    print(f"{args.people} confidential people, {len(TEXT)}-character texts, best of {args.runs}")
    print(f"  public view (every variant): {ours * 1e6:7.1f} µs per text")
    print(f"  str.replace of full names:   {baseline * 1e6:7.1f} µs per text")
    print(f"  ratio: {ours / baseline:.1f}×")


if __name__ == "__main__":
    main()
