"""Entities: the rules on invented sentences (with a stand-in model, so each test checks one rule, not the
statistics), the real model on invented text, and the seeds (skipped when absent)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from newsdesk.analysis import entities as entities_module
from newsdesk.analysis.entities import Entity, find_entities, link_articles
from newsdesk.analysis.entities import finder
from newsdesk.analysis.entities.lexicon import load_lexicon
from newsdesk.analysis.entities.model import has_model

requires_model = pytest.mark.skipif(not has_model("de"), reason="no trained model in newsdesk/lang/de/ner")


def _fake_model(names: dict[str, str]):
    """A stand-in NER model that tags exactly the given token sequences (longest first)."""
    patterns = sorted(((tuple(text.split()), label) for text, label in names.items()), key=lambda p: -len(p[0]))

    def predict(sentences: Sequence[Sequence[str]], *, language: str = "de",
                kind: str | None = None) -> list[list[tuple[int, int, str]]]:
        found = []
        for words in sentences:
            spans, index = [], 0
            while index < len(words):
                for pattern, label in patterns:
                    if tuple(words[index:index + len(pattern)]) == pattern:
                        spans.append((index, index + len(pattern), label))
                        index += len(pattern)
                        break
                else:
                    index += 1
            found.append(spans)
        return found

    return predict


@pytest.fixture
def model(monkeypatch: pytest.MonkeyPatch):
    def install(names: dict[str, str]) -> None:
        monkeypatch.setattr(finder, "has_model", lambda language: True)
        monkeypatch.setattr(finder, "predict_spans", _fake_model(names))
    return install


def _by_text(found: list[Entity]) -> dict[str, Entity]:
    return {e.text: e for e in found}


def test_offsets_index_the_input(model) -> None:
    model({"Angela Merkel": "PER"})
    text = "Gestern sprach Angela Merkel.\nDanach nicht mehr."
    (entity,) = [e for e in find_entities(text) if e.type == "PER"]
    assert text[entity.start:entity.end] == "Angela Merkel" == entity.text


def test_transliterations_genitive_and_bare_names_are_one_person(model) -> None:
    model({"Kim Jong-un": "PER", "Kim Jong-Un": "PER", "Kim Yong-Un": "PER", "Kim Jong-uns": "PER", "Kim": "PER",
           "Sergei Shoigu": "PER", "Sergej Schoigu": "PER"})
    text = ("Kim Jong-un empfing Sergei Shoigu. Kim Jong-Un lachte. Kim Yong-Un winkte. "
            "In Kim Jong-uns Rede dankte Kim dem Gast. Sergej Schoigu reiste ab.")
    found = [e for e in find_entities(text) if e.type == "PER"]
    ids = {e.text: e.canonical_id for e in found}
    assert len({ids[n] for n in ("Kim Jong-un", "Kim Jong-Un", "Kim Yong-Un", "Kim Jong-uns", "Kim")}) == 1
    assert ids["Sergei Shoigu"] == ids["Sergej Schoigu"] != ids["Kim"]
    assert {e.canonical_name for e in found if e.canonical_id == ids["Kim"]} == {"Kim Jong-un"}


def test_bare_surname_inherits_the_type_of_the_full_name(model) -> None:
    model({"Sergei Shoigu": "PER", "Shoigu": "ORG"})  # the model mistypes one mention and misses another
    found = find_entities("Sergei Shoigu kam an. Shoigu sprach. Danach schwieg Shoigu.")
    shoigus = [e for e in found if e.text == "Shoigu"]
    assert len(shoigus) == 2 and all(e.type == "PER" for e in shoigus)
    assert {e.source for e in shoigus} == {"consistency"}
    assert len({e.canonical_id for e in found}) == 1


def test_role_from_apposition_and_title_cut_off_the_name(model) -> None:
    model({"Sergei Shoigu": "PER", "Nordkoreas Machthaber Kim Jong-un": "PER"})
    found = _by_text(find_entities(
        "Der russische Außenminister Sergei Shoigu traf Nordkoreas Machthaber Kim Jong-un."))
    assert found["Sergei Shoigu"].role == "Außenminister"
    assert found["Kim Jong-un"].role == "Machthaber"
    assert found["Nordkoreas"].canonical_id == "loc:KP" and found["Nordkoreas"].type == "LOC"
    assert found["russische"].kind == "deriv" and found["russische"].canonical_id == "loc:RU"


def test_role_noun_resolves_to_the_one_person_it_fits(model) -> None:
    model({"Kim Jong-un": "PER", "Wladimir Putin": "PER"})
    text = ("Der nordkoreanische Machthaber Kim Jong-un schrieb an den russischen Präsidenten Wladimir Putin. "
            "Der nordkoreanische Diktator lobte die Freundschaft. Der Präsident antwortete.")
    found = find_entities(text)
    roles = {e.text: e for e in found if e.kind == "role"}
    assert roles["Diktator"].canonical_name == "Kim Jong-un"  # state KP, office of head of state
    assert roles["Präsident"].canonical_name == "Wladimir Putin"  # the very role beats the office


def test_role_noun_stays_unresolved_without_evidence(model) -> None:
    model({"Kim Jong-un": "PER", "Sergei Shoigu": "PER"})
    found = find_entities("Kim Jong-un traf den russischen Verteidigungsminister Sergei Shoigu. "
                          "Der russische Präsident schwieg.")
    assert not [e for e in found if e.kind == "role"]  # Shoigu is RU but holds another office


def test_acting_capitals_and_seats_stand_for_their_state(model) -> None:
    model({})
    found = find_entities("Das wurde von Moskau und Pjöngjang bestritten. Der Kreml schwieg. "
                          "In Pjöngjang regnete es.")
    moskau, pjoengjang, kreml, place = [e for e in found if e.text in ("Moskau", "Pjöngjang", "Kreml")]
    assert (moskau.metonym, moskau.canonical_id) == (True, "loc:RU")
    assert (pjoengjang.metonym, pjoengjang.canonical_name) == (True, "Nordkorea")
    assert (kreml.metonym, kreml.canonical_id) == (True, "loc:RU")
    assert not place.metonym and place.canonical_id.startswith("loc:KP:")


def test_gazetteer_adds_states_and_adjectives_the_model_missed(model) -> None:
    model({})
    found = _by_text(find_entities("Die nordkoreanischen Raketen beunruhigen Südkorea und die USA."))
    assert found["nordkoreanischen"].canonical_id == "loc:KP" and found["nordkoreanischen"].source == "gazetteer"
    assert found["Südkorea"].canonical_id == "loc:KR"
    assert found["USA"].canonical_id == "loc:US"


def test_person_span_that_swallowed_a_noun_is_cut_back(model) -> None:
    model({"Wladimir Putin": "PER", "Putin Händchen": "PER", "Sergej Schoigu Nordkorea": "PER"})
    found = _by_text(find_entities(
        "Wladimir Putin kam. Kim will mit Putin Händchen halten. Dort besuchte Sergej Schoigu Nordkorea."))
    assert found["Putin"].canonical_name == "Wladimir Putin"
    assert found["Sergej Schoigu"].type == "PER" and found["Nordkorea"].canonical_id == "loc:KP"


def test_languages_without_data_return_nothing() -> None:
    assert find_entities("President Biden met Kim Jong-un in Hanoi.", language="en") == []


def test_fold_makes_transliterations_equal() -> None:
    fold = load_lexicon("de").fold
    assert fold("Schoigu") == fold("Shoigu")
    assert fold("Sergej") == fold("Sergei")
    assert fold("Jong-un") == fold("Yong-Un") == fold("Jong-Un")
    assert fold("Wladimir") == fold("Vladimir")
    assert fold("Putin") != fold("Kim")


def test_role_nouns_and_their_inflections() -> None:
    role = load_lexicon("de").role
    assert role("Außenministers") == "Außenminister"
    assert role("Diktators") == "Diktator"
    assert role("Verteidigungsministerium") is None
    assert role("diktator") is None


def _person(text: str, name: str) -> Entity:
    """A person mention as ``find_entities`` makes it: the readable id from ``name``, the key from its folds."""
    lexicon = load_lexicon("de")
    key = "per:" + "-".join(lexicon.fold(word) for word in name.split())
    return Entity(0, len(text), text, "PER", "name", "per:" + lexicon.slug(name), name, key=key)


def test_link_articles_merges_a_bare_name_with_another_articles_full_name() -> None:
    first = [_person("Putin", "Putin")]
    second = [_person("Wladimir Putin", "Wladimir Putin"), _person("Sergej Schoigu", "Sergej Schoigu")]
    third = [_person("Wolodymyr Selenski", "Wolodymyr Selenski"), _person("Sergey Shoigu", "Sergey Shoigu")]
    fourth = [_person("Wolodymyr Selenskyj", "Wolodymyr Selenskyj")]
    linked = link_articles([first, second, third, fourth])
    assert linked[0][0].canonical_id == linked[1][0].canonical_id == "per:wladimir-putin"
    assert linked[0][0].canonical_name == "Wladimir Putin" and linked[0][0].key == "per:vladimir-putin"
    assert linked[1][1].canonical_id == linked[2][1].canonical_id == "per:sergej-schoigu"  # ties: the first id
    assert linked[2][0].canonical_id == linked[3][0].canonical_id  # spelling drift the folds do not cover


def test_link_articles_gives_spelling_variants_one_readable_id() -> None:
    linked = link_articles([[_person("Kim Yong-Un", "Kim Yong-Un")],
                            [_person("Kim Jong-un", "Kim Jong-un")], [_person("Kim Jong-uns", "Kim Jong-un")]])
    assert {e.canonical_id for found in linked for e in found} == {"per:kim-jong-un"}
    assert {e.canonical_name for found in linked for e in found} == {"Kim Jong-un"}


def test_ids_are_readable_and_keys_match_spellings(model) -> None:
    model({"Sergej Schoigu": "PER", "Kim Jong-uns": "PER", "Kim Jong-un": "PER", "Ahrweiler": "LOC",
           "Evangelische Kirche": "ORG"})
    found = find_entities("Sergej Schoigu reiste nach Pjöngjang. Dort las er Kim Jong-uns Brief, und Kim Jong-uns "
                          "Antwort. Kim Jong-un schwieg. Schoigu flog weiter.\n"
                          "Die Evangelische Kirche half in Ahrweiler.")
    ids = {e.text: (e.canonical_id, e.canonical_name, e.key) for e in found}
    assert ids["Sergej Schoigu"] == ids["Schoigu"] == ("per:sergej-schoigu", "Sergej Schoigu", "per:sergei-shoigu")
    assert ids["Kim Jong-uns"] == ids["Kim Jong-un"] == ("per:kim-jong-un", "Kim Jong-un", "per:kim-yongun")
    assert ids["Pjöngjang"][0] == "loc:KP:pjoengjang"
    assert ids["Ahrweiler"][:2] == ("loc:ahrweiler", "Ahrweiler")
    assert ids["Evangelische Kirche"][0] == "org:evangelische-kirche"


def test_slug_is_ascii_lower_case_words() -> None:
    slug = load_lexicon("de").slug
    assert slug("Kim Jong-un") == "kim-jong-un"
    assert slug("Straße der Einheit") == "strasse-der-einheit"
    assert slug("François Hollande") == "francois-hollande"
    assert load_lexicon("xx").slug("Zoë Ängström") == "zoe-angstrom"  # no language folds: accents dropped


def test_word_index_answers_as_comparing_with_every_word() -> None:
    """The index finds, for every word, exactly the words ``same_word`` accepts (it only skips the comparisons
    that cannot succeed)."""
    import random

    from newsdesk.analysis.entities.names import WordIndex, same_word

    rng = random.Random(7)
    letters = "abcdeghiklmnorstuvy"
    words = ["".join(rng.choice(letters) for _ in range(rng.randint(2, 14))) for _ in range(250)]
    for word in words[:120]:
        cut = rng.randrange(len(word))
        words.append(word[:cut] + rng.choice(letters) + word[cut + rng.randrange(2):])
        words.append(word + "s")
    words += ["", "s"]  # what punctuation and one-letter words fold to
    index: WordIndex[int] = WordIndex()
    for number, word in enumerate(words):
        index.add(word, number)
    others = ["".join(rng.choice(letters) for _ in range(rng.randint(2, 14))) for _ in range(200)]
    for query in words + others:
        assert index.similar(query) == [w for w in dict.fromkeys(words) if same_word(query, w)], query


def test_many_distinct_names_cost_linear_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every mention is looked up among the article's names, not compared with each: four times the names (and
    text) cost about four times the word comparisons, not sixteen. Counted, not timed (speed is the benchmarks'
    business). The stand-in model tags each first name and the next word."""
    import random

    from newsdesk.analysis.entities import names

    first_names = {"Anna", "Paul", "Mira", "Jonas"}

    def tag_first_and_last_names(sentences, *, language, kind=None):
        return [[(i, i + 2, "PER") for i, word in enumerate(words[:-1]) if word in first_names]
                for words in sentences]

    monkeypatch.setattr(finder, "has_model", lambda language: True)
    monkeypatch.setattr(finder, "predict_spans", tag_first_and_last_names)
    comparisons = [0]
    real_same_word = names.same_word

    def counted_same_word(a: str, b: str) -> bool:
        comparisons[0] += 1
        return real_same_word(a, b)

    monkeypatch.setattr(names, "same_word", counted_same_word)
    rng = random.Random(1)

    def surname() -> str:
        letters = [rng.choice("bdfghklmnprstvwz" if n % 2 == 0 else "aeiouy") for n in range(rng.randint(5, 9))]
        return "".join(letters).capitalize()

    people = [f"{rng.choice(sorted(first_names))} {surname()}" for _ in range(1600)]
    short_text, long_text = (" ".join(f"{name} sagte, {name.split()[1]} komme." for name in some)
                             for some in (people[:400], people))
    find_entities(short_text)
    short = comparisons[0]
    find_entities(long_text)
    long = comparisons[0] - short
    assert 0 < short and long < 8 * short, (short, long)


def test_public_interface() -> None:
    assert set(entities_module.__all__) == {"Entity", "find_entities", "link_articles", "link_records",
                                            "summarize_entities", "tag_sentences", "tag_tokens"}


# -- the trained model ---------------------------------------------------------------------------------------


@requires_model
def test_model_finds_people_places_and_organisations() -> None:
    found = find_entities("Bundeskanzler Olaf Scholz traf am Montag in Paris den Chef von Siemens.")
    types = {e.text: e.type for e in found}
    assert types.get("Olaf Scholz") == "PER"
    assert types.get("Paris") == "LOC"
    assert found[[e.text for e in found].index("Olaf Scholz")].role == "Bundeskanzler"


@requires_model
@pytest.mark.seeds
def test_seeds_kim_variants_are_one_person_and_roles_are_read(seeds_dir: Path) -> None:
    articles = [find_entities(path.read_text(encoding="utf-8")) for path in sorted(seeds_dir.glob("*.txt"))]
    linked = link_articles(articles)
    people = [e for found in linked for e in found if e.type == "PER"]
    kim_ids = {e.canonical_id for e in people if e.text in ("Kim Jong-un", "Kim Yong-Un", "Kim Jong-uns")}
    assert len(kim_ids) == 1
    assert any(e.role == "Außenminister" and "Shoigu" in e.canonical_name for e in people)
    assert any(e.kind == "role" and e.canonical_id in kim_ids for e in people)  # "der nordkoreanische Diktator"
    assert any(e.metonym and e.canonical_id == "loc:KP" for found in linked for e in found)
    shoigu = {e.canonical_id for e in people if e.text in ("Sergei Shoigu", "Sergej Schoigu")}
    assert len(shoigu) == 1


def test_tag_sentences_gives_germeval_tags_from_the_pipeline(model) -> None:
    from newsdesk.analysis.entities import tag_sentences

    model({"Nordkoreas Machthaber Kim Jong-un": "PER"})
    words = ["Nordkoreas", "Machthaber", "Kim", "Jong-un", "lobte", "die", "russischen", "Diktator", "."]
    assert tag_sentences([words]) == [["B-LOC", "O", "B-PER", "I-PER", "O", "O", "B-LOCderiv", "O", "O"]]


def test_name_after_a_role_noun_is_a_person_even_when_the_model_misses_it(model) -> None:
    model({"Kim": "PER"})
    found = _by_text(find_entities("Der Machthaber Kim Jong-un lobte Außenminister Lawrow in Moskau."))
    assert (found["Kim Jong-un"].type, found["Kim Jong-un"].role) == ("PER", "Machthaber")
    assert found["Lawrow"].source == "apposition" and found["Lawrow"].role == "Außenminister"
    assert "Moskau" in found and found["Moskau"].type == "LOC"


def test_genitive_glued_to_a_noun_is_cut_and_early_stops_grow(model) -> None:
    model({"Kim Jong-uns Schreiben": "PER", "Kim": "PER"})
    found = find_entities("In Kim Jong-uns Schreiben steht es. Später sprach Kim Jong-un selbst.")
    people = [e for e in found if e.type == "PER"]
    assert [e.text for e in people] == ["Kim Jong-uns", "Kim Jong-un"]
    assert len({e.canonical_id for e in people}) == 1


def test_sentences_in_another_language_are_not_given_to_the_model(model) -> None:
    model({"Learn": "PER", "Merkel": "PER"})
    text = ("Angela Merkel besuchte am Montag die Stadt.\n"
            "This site uses Akismet to reduce spam. Learn how your comment data is processed.")
    assert [e.text for e in find_entities(text) if e.type == "PER"] == ["Merkel"]


@requires_model
def test_model_is_loaded_once_per_language() -> None:
    from newsdesk.analysis.entities.model import load_model

    assert load_model("de") is load_model("de-AT")
    with pytest.raises(LookupError, match="no NER model for language 'en'"):
        load_model("en")


def test_known_organisations_are_typed_and_named(model) -> None:
    model({"Reuters": "PER"})
    found = _by_text(find_entities("Laut Reuters berieten die Vereinten Nationen am Montag."))
    assert (found["Reuters"].type, found["Reuters"].canonical_id) == ("ORG", "org:reuters")
    assert (found["Vereinten Nationen"].type, found["Vereinten Nationen"].canonical_name) == ("ORG",
                                                                                            "Vereinte Nationen")


def test_same_word_prefilters_never_change_the_answer() -> None:
    """The letter-set and letter-count bounds only skip difflib where it would say no: on random folded words and
    their one-letter variants the answer equals the plain definition (genitive -s, or difflib ratio >= 0.85)."""
    import random
    from difflib import SequenceMatcher

    from newsdesk.analysis.entities.names import SIMILAR, same_word

    def plain(a: str, b: str) -> bool:
        if a == b or a + "s" == b or b + "s" == a:
            return True
        if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 3:
            return False
        return SequenceMatcher(None, a, b, autojunk=False).ratio() >= SIMILAR

    rng = random.Random(3)
    letters = "aeinorstuklmg0"
    words = ["".join(rng.choice(letters) for _ in range(rng.randint(3, 12))) for _ in range(400)]
    pairs = [(rng.choice(words), rng.choice(words)) for _ in range(3000)]
    for word in words:
        at = rng.randrange(len(word))
        pairs.append((word, word[:at] + rng.choice(letters) + word[at + 1:]))
        pairs.append((word, word[:at] + word[at + 1:]))
    assert sum(plain(a, b) for a, b in pairs) > 300  # the variants make the "yes" side of the test real
    assert all(same_word(a, b) == plain(a, b) for a, b in pairs)


def test_organisations_the_lexicon_knows_are_named_even_when_the_model_misses_them(model) -> None:
    model({"Fed": "PER"})
    found = _by_text(find_entities("Die Diakonie und das Landeskirchenamt halfen. Die Fed schwieg."))
    assert (found["Diakonie"].type, found["Diakonie"].canonical_id) == ("ORG", "org:diakonie")
    assert found["Landeskirchenamt"].type == "ORG"
    assert (found["Fed"].type, found["Fed"].canonical_name) == ("ORG", "Federal Reserve")
