"""The redaction engine and the audience lens: what a reader would recognise of a confidential name is
replaced, in any case, with or without accents, before a possessive, and for names with short words;
public names stay whole; control characters from records can never reach a terminal raw."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from delegate.controls import visible
from delegate.model import Person
from delegate.privacy import Redactor, fold, name_variants, short_words
from delegate.services.audience import Audience, Lens, mention_warning
from delegate.store import Store

JO = Person("confidential-peer", "Jo Jiménez", role="Peer representative", confidential=True)
ZOE = Person("confidential-member", "Zoë Ménard-Laurier", confidential=True)
ANA_PUBLIC = Person("ana-ferreira", "Ana Ferreira", organization="Collective")
ANA_SECRET = Person("confidential-outreach", "Ana Zorbelle", role="Outreach worker", confidential=True)
PEOPLE = (JO, ZOE, ANA_PUBLIC, ANA_SECRET)


@pytest.fixture
def public() -> Redactor:
    return Redactor.of(PEOPLE)


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("Jimenez will call", "Peer representative will call"),  # the surname of a name with a short word
        ("JIMÉNEZ's point", "Peer representative's point"),  # any case, possessive
        ("Jiménez’s point", "Peer representative’s point"),  # a typographic apostrophe
        ("Jime\u0301nez agreed", "Peer representative agreed"),  # a decomposed accent goes with its letter
        ("jo  jimenez and Jo Jiménez", "Peer representative and Peer representative"),
        ("Zoe called; MENARD too", "Community member called; Community member too"),
        ("Laurier's idea", "Community member's idea"),  # part of a hyphenated surname
        ("Zoë Ménard-Laurier", "Community member"),
        ("Ana Ferreira met Zorbelle", "Ana Ferreira met Outreach worker"),  # public names stay whole
        ("Ana said", "Outreach worker said"),  # a first name alone may be the confidential person's
        ("Jo said", "Peer representative said"),  # a two-letter first name alone, as written
        ("JO said", "Peer representative said"),  # or in capitals
        ("jo said to go", "jo said to go"),  # in lower case it would be every "to" and "an"
        ("Jimenezville", "Jimenezville"),  # part of another word is not the name
        ("jo_jimenez2", "jo_Peer representative2"),  # digits and underscores are not letters
    ],
)
def test_what_a_reader_would_recognise_is_replaced(public: Redactor, typed: str, shown: str) -> None:
    assert public.text(typed) == shown


def test_internal_keeps_every_name() -> None:
    internal = Redactor.of(PEOPLE, internal=True)
    assert internal.text("Jimenez and Zorbelle") == "Jimenez and Zorbelle"
    assert internal.name(JO.id) == "Jo Jiménez"


def test_people_by_id_and_a_chosen_public_name() -> None:
    aliased = Person("confidential-speaker", "Rosa Quintrax", role="Peer", alias="R. Q.", confidential=True)
    redactor = Redactor.of([*PEOPLE, aliased])
    assert redactor.name(aliased.id) == "Peer"
    assert redactor.speaker(aliased.id) == "R. Q."
    assert redactor.speaker(JO.id) == "Peer representative"  # no alias: the role
    assert redactor.speaker(ANA_PUBLIC.id) == "Ana Ferreira"


def test_variants_and_fold() -> None:
    assert fold("ZOË Ménard") == "zoe menard"
    assert name_variants("Jo Jiménez") == ["jo jimenez", "jimenez"]
    assert name_variants("Zoë Ménard-Laurier") == ["zoe menard-laurier", "zoe", "menard", "laurier"]
    assert name_variants("Quintrax") == ["quintrax"]


@pytest.mark.parametrize(
    ("name", "typed"),
    [
        ("Søren Ærøskøbing", "soren aeroskobing"),  # letters with no accent to drop, typed plainly
        ("Łukasz Dąbrowski", "Lukasz DABROWSKI"),
        ("Þóra Guðmundsdóttir", "Thora Gudmundsdottir"),
    ],
)
def test_a_name_typed_without_its_letters_is_recognised(name: str, typed: str) -> None:
    person = Person("confidential-x", name, role="Peer worker", confidential=True)
    redactor = Redactor.of([person])
    assert redactor.text(f"{typed} spoke") == "Peer worker spoke"
    assert redactor.text(f"{name} spoke") == "Peer worker spoke"
    for word in typed.split():
        assert redactor.text(f"ask {word}") == "ask Peer worker"


def test_mentions_name_each_person_once(public: Redactor) -> None:
    found = public.mentions("Jimenez and JO JIMENEZ, Ana Ferreira")
    assert [mention.person.id for mention in found] == [JO.id]
    assert public.mentions("nobody here") == []


@given(
    prefix=st.text(max_size=20),
    suffix=st.text(max_size=20),
    how=st.sampled_from(["Jiménez", "JIMENEZ", "jimenez's", "Jo Jiménez", "Zorbelle", "MÉNARD"]),
)
def test_no_surrounding_text_lets_a_name_through(prefix: str, suffix: str, how: str) -> None:
    redactor = Redactor.of(PEOPLE)
    text = f"{prefix} {how} {suffix}"
    shown = fold(redactor.text(text))
    for word in ("jimenez", "zorbelle", "menard"):
        # the name may only survive where the surrounding random text itself spelled it
        assert shown.count(word) <= fold(prefix + " " + suffix).count(word)


def test_control_characters_are_made_visible() -> None:
    assert visible("a\x1b]0;owned\x07b") == "a␛]0;owned␇b"
    assert visible("csi\x9b31m") == "csi<U+009B>31m"
    assert visible("keep\ttabs\nand lines\r\n") == "keep\ttabs\nand lines\n"
    assert visible("plain") == "plain"


def test_the_lens_redacts_and_defuses(tmp_path) -> None:  # type: ignore[no-untyped-def]
    lens = Lens(Audience.PUBLIC, Redactor.of(PEOPLE))
    assert lens.text("\x1b[2J Jimenez") == "␛[2J Peer representative"
    assert lens.person(JO.id) == "Peer representative"
    assert lens.banner == ""
    internal = Lens(Audience.INTERNAL, Redactor.of(PEOPLE, internal=True))
    assert internal.person(JO.id) == "Jo Jiménez"
    assert "INTERNAL" in internal.banner


def test_a_warning_names_the_label_never_the_person(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = Store(tmp_path / "data", index=False)
    store.save(JO)
    warning = mention_warning(store, "Call jimenez about the beds")
    assert "Peer representative" in warning
    assert "imenez" not in warning.casefold()
    assert mention_warning(store, "Call the shelter") == ""


EDITING = Lens(Audience.PUBLIC, Redactor.of(PEOPLE))


def test_an_edit_of_the_shown_text_keeps_the_names_it_hides() -> None:
    text = EDITING.editable("Jimenez said the vans stop at ten. Ask jimenez's worker.")
    assert text.shown == "Peer representative said the vans stop at ten. Ask Peer representative's worker."
    typed = text.edited(text.shown.replace("at ten.", "at ten, and twice on Fridays."))
    assert typed.written == "Jimenez said the vans stop at ten, and twice on Fridays. Ask jimenez's worker."
    # typing at the very end, then deleting a word in the middle
    more = typed.edited(typed.shown + " Agreed.")
    fewer = more.edited(more.shown.replace(" vans", ""))
    expected = "Jimenez said the stop at ten, and twice on Fridays. Ask jimenez's worker. Agreed."
    assert fewer.written == expected


def test_an_edit_into_a_label_keeps_what_it_now_shows() -> None:
    text = EDITING.editable("Jimenez agreed")
    cut = text.edited("Peer rep agreed")  # the label itself was edited: what is shown is what is meant
    assert cut.written == "Peer rep agreed"
    removed = text.edited(" agreed")
    assert removed.written == " agreed"


def test_control_characters_show_as_pictures_and_stay_underneath() -> None:
    text = EDITING.editable("a\x1b[31mb")
    assert text.shown == "a␛[31mb"
    assert text.edited("a␛[31mbc").written == "a\x1b[31mbc"


@given(
    before=st.text(alphabet="ab \n", max_size=8),
    after=st.text(alphabet="ab \n", max_size=8),
    typed=st.text(alphabet="xy ", max_size=5),
    name=st.sampled_from(["Jimenez", "JO JIMÉNEZ", "zorbelle's"]),
)
def test_typing_beside_a_name_never_loses_it(before: str, after: str, typed: str, name: str) -> None:
    text = EDITING.editable(f"{before} {name} {after}")
    # a keystroke (or a paste) anywhere outside the label
    shown = text.shown
    label_at = shown.index(" ", len(before)) + 1
    for at in (0, len(before), len(shown)):
        if label_at < at < label_at + 5:
            continue
        changed = text.edited(shown[:at] + typed + shown[at:])
        assert name in changed.written
        assert changed.shown == shown[:at] + typed + shown[at:]


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("Call Jimenezz", "Call Peer representative"),  # a letter added
        ("Call Jimenz", "Call Peer representative"),  # a letter left out
        ("Call Jimenes", "Call Peer representative"),  # a letter changed
        ("ZORBELE's van", "Outreach worker's van"),
        ("Jimenez-Ortiz", "Peer representative-Ortiz"),
        ("Jiminy", "Jiminy"),  # two letters off: another word
        ("Ana Ferreira", "Ana Ferreira"),  # a public name stays whole
    ],
)
def test_a_name_one_letter_off_is_still_recognised(public: Redactor, typed: str, shown: str) -> None:
    assert public.text(typed) == shown


def test_invisible_characters_inside_a_name_hide_nothing(public: Redactor) -> None:
    assert public.text("Call Jime\u00adnez back") == "Call Peer representative back"  # soft hyphen
    assert public.text("Zor\u200bbelle's van") == "Outreach worker's van"  # zero-width space
    assert public.names_someone("JIME\u200dNEZ")


def test_a_word_two_confidential_names_share_names_neither() -> None:
    pat = Person("confidential-pat", "Pat Jiménez-Ruiz", role="Outreach peer", confidential=True)
    redactor = Redactor.of([*PEOPLE, pat])
    assert redactor.text("jimenez's van") == "Community member's van"
    assert redactor.text("Ruiz called") == "Outreach peer called"  # hers alone


def test_a_role_or_alias_that_names_someone_is_not_shown() -> None:
    lee = Person("confidential-lee", "Lee Park", role="Jimenez's buddy", alias="Zorbelle", confidential=True)
    redactor = Redactor.of([*PEOPLE, lee])
    assert redactor.name(lee.id) == "Community member"
    assert redactor.speaker(lee.id) == "Community member"
    assert redactor.text("Park agreed") == "Community member agreed"


def test_bidirectional_controls_are_made_visible() -> None:
    assert visible("abc\u202edcb") == "abc<U+202E>dcb"


def test_an_edit_at_a_known_place_lands_there() -> None:
    text = EDITING.editable("Jimenez agreed")
    # a "P" typed just before the label: by comparing, it would look typed after the label's "P"
    typed = text.replaced(0, 0, "P")
    assert typed.shown == "PPeer representative agreed"
    assert typed.written == "PJimenez agreed"
    assert text.edited("PPeer representative agreed").written == "PPeer representative agreed"


def test_a_label_word_one_letter_off_a_name_is_the_label_not_the_name() -> None:
    # "Membe" is one letter off "member": the label "Community member" must not count as naming her.
    membe = Person("confidential-community-member", "Membe", confidential=True)
    redactor = Redactor.of([membe])
    assert not redactor.names_someone("confidential community member")
    assert redactor.text("Membe and a membre spoke") == "Community member and a Community member spoke"


def test_a_confidential_person_whose_name_is_near_a_label_keeps_their_id(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from delegate.services.people import add_person

    store = Store(tmp_path / "data", index=None)
    person = add_person(store, "Membe", confidential=True)
    assert person.id == "confidential-community-member"
    assert [found.id for found in store.all(Person)] == [person.id]


def test_a_two_letter_first_name_alone_is_replaced_as_written_or_in_capitals() -> None:
    bo = Person("confidential-outreach-worker", "Bo Zhang", role="Outreach worker", confidential=True)
    bo_public = Person("bo-smith", "Bo Smith", organization="Shelter")
    redactor = Redactor.of([*PEOPLE, bo, bo_public])
    assert redactor.text("Call Bo and BO's sister") == "Call Outreach worker and Outreach worker's sister"
    # a public full name stays whole
    assert redactor.text("Bo Smith met Bo") == "Bo Smith met Outreach worker"
    assert redactor.text("Bob, Boris and a bo tree") == "Bob, Boris and a bo tree"  # other words, any case
    assert redactor.text("Bo Zhang") == "Outreach worker"
    assert [mention.label for mention in redactor.mentions("ask Bo")] == ["Outreach worker"]
    assert redactor.names_someone("Notes for Bo")
    assert Redactor.of([*PEOPLE, bo], internal=True).text("Call Bo") == "Call Bo"


def test_a_two_letter_word_two_confidential_names_share_names_neither() -> None:
    bo = Person("confidential-outreach-worker", "Bo Zhang", role="Outreach worker", confidential=True)
    other = Person("confidential-peer-advisor", "Bo Lévesque", role="Peer advisor", confidential=True)
    redactor = Redactor.of([bo, other])
    assert redactor.text("Bo called") == "Community member called"
    assert redactor.text("Zhang called") == "Outreach worker called"


def test_short_words_of_a_name() -> None:
    assert short_words("Bo Zhang") == ["Bo", "BO"]
    assert short_words("Jo Jiménez-Li") == ["Jo", "JO", "Li", "LI"]
    assert short_words("Bo") == []  # a one-word name is matched whole, in any case
    assert short_words("J. R. Smith") == []  # initials are not names
