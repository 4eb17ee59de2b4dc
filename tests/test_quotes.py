"""Quotations and reported speech: direct, partial, indirect and free indirect speech, speakers, cues, via chains."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from newsdesk.quotes import Quote, find_quotes
from newsdesk.sentences import split_sentences

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def only(quotes: list[Quote], qtype: str) -> list[Quote]:
    return [q for q in quotes if q.type == qtype]


def check_offsets(text: str, quotes: list[Quote]) -> None:
    for q in quotes:
        assert text[q.start:q.end] == q.text
        assert q.parts and q.parts[0][0] == q.start and q.parts[-1][1] == q.end
        if q.speaker_start is not None:
            assert text[q.speaker_start:q.speaker_end] == q.mention
        if q.cue is not None:
            assert text[q.cue_start:q.cue_end] == q.cue.split()[0]


def test_quotes_direct_with_postposed_frame_and_apposition() -> None:
    text = "„Wir werden das gemeinsam schaffen“, sagte die Sprecherin des Ministeriums, Anna Berger."
    quotes = find_quotes(text)
    check_offsets(text, quotes)
    [q] = quotes
    assert (q.type, q.text, q.speaker, q.cue) == ("direct", "„Wir werden das gemeinsam schaffen“", "Anna Berger",
                                                   "sagte")


def test_quotes_colon_frame_whose_clause_opens_with_its_object() -> None:
    """German puts objects first: the speaker of a colon frame is the person after the verb, whether the opening
    phrase's article shows the case ("Den") or not ("Die")."""
    for text in ("Den Ärger der Anwohner brachte die Sprecherin der Initiative, Lena Vogt, zum Ausdruck: „Wir "
                 "wurden nie gefragt.“",
                 "Die Pläne der Stadtwerke stellte der Fraktionschef Tom Reiter am Montag in Frage: „Das rechnet sich "
                 "nicht.“"):
        quotes = find_quotes(text)
        check_offsets(text, quotes)
        [q] = quotes
        assert q.type == "direct" and q.cue == ":"
        assert q.speaker == ("Lena Vogt" if text.startswith("Den") else "Tom Reiter")


def test_quotes_as_frame_after_a_conjunction_and_adverbs_before_the_verb() -> None:
    text = "Denn wie die Lokalzeitung am Montag berichtete, sei die Fähre seit Wochen defekt."
    [q] = find_quotes(text)
    assert (q.text, q.speaker, q.cue) == ("sei die Fähre seit Wochen defekt", "Lokalzeitung", "berichtete")
    text = "Unterdessen haben zwei Abgeordnete der Opposition angekündigt, sie würden gegen das Gesetz klagen."
    [q] = find_quotes(text)
    assert q.speaker == "Abgeordnete der Opposition" and q.text == "sie würden gegen das Gesetz klagen"
    text = "But as the newspaper reported, the minister had resigned."
    [q] = find_quotes(text, language="en")
    assert (q.text, q.speaker) == ("the minister had resigned", "newspaper")


def test_quotes_a_frame_of_its_own_reports_the_sentence_before() -> None:
    """"… . Dies teilte X mit." / "Das bestätigte X.": the sentence before is the reported content; a quotation
    there gets the speaker too; a headline (no full stop) is never reported so."""
    text = "Die Fähre nach Nordstrand fährt ab Montag wieder. Dies teilte die Reederei am Freitag mit."
    quotes = find_quotes(text)
    check_offsets(text, quotes)
    [q] = quotes
    assert (q.type, q.text, q.speaker, q.cue) == ("indirect", "Die Fähre nach Nordstrand fährt ab Montag wieder",
                                                   "Reederei", "teilte mit")
    text = "„Wir bauen die Brücke bis zum Sommer.“ Das bestätigte der Bürgermeister Jan Kruse."
    [q] = find_quotes(text)
    assert (q.type, q.speaker, q.cue) == ("direct", "Jan Kruse", "bestätigte")
    assert find_quotes("Neue Fähre für Nordstrand\nDies teilte die Reederei am Freitag mit.") == []


def test_quotes_postposed_particle_verb_reports_plain_indicative() -> None:
    text = "Der Schädel wurde in einer Höhle gefunden, teilte das Museum am Dienstag mit."
    [q] = find_quotes(text)
    assert (q.type, q.text, q.speaker, q.cue) == ("indirect", "Der Schädel wurde in einer Höhle gefunden", "Museum",
                                                   "teilte mit")


def test_quotes_as_frame_with_an_auxiliary_after_its_verb() -> None:
    [q] = find_quotes("Wie der Verband am Abend bekanntgegeben hat, wird das Turnier verschoben.")
    assert (q.text, q.speaker, q.cue) == ("wird das Turnier verschoben", "Verband", "bekanntgegeben")
    [q] = find_quotes("Wie die Ministerin Eva Roth darlegte, fehlen dem Land 300 Lehrer.")
    assert (q.text, q.speaker, q.cue) == ("fehlen dem Land 300 Lehrer", "Eva Roth", "darlegte")


def test_quotes_sources_in_quotation_marks_and_report_nouns() -> None:
    [q] = find_quotes("Laut „Hafenblatt“ soll die Werft im Herbst schließen.")
    assert (q.text, q.speaker, q.cue) == ("soll die Werft im Herbst schließen", "„Hafenblatt“", "Laut")
    [q] = find_quotes("Nach einem Bericht des Regionalsenders wurde der Deich in der Nacht geräumt.")
    assert q.text == "wurde der Deich in der Nacht geräumt" and q.speaker == "Regionalsenders"


def test_quotes_direct_after_colon_frame() -> None:
    text = "Der Bürgermeister Peter Krause sagte am Abend: „Die Brücke bleibt bis Freitag gesperrt.“"
    [q] = find_quotes(text)
    assert (q.type, q.speaker, q.cue) == ("direct", "Peter Krause", "sagte")
    assert q.text.startswith("„Die Brücke") and q.text.endswith("“")


def test_quotes_so_frame_with_laut_gives_via_chain() -> None:
    text = "„Der Vertrag ist unterschrieben und gilt ab Montag“, so Müller laut der Agentur Tass."
    [q] = find_quotes(text)
    assert (q.type, q.speaker, q.cue) == ("direct", "Müller", "so")
    assert q.via == ("Agentur Tass",)


def test_quotes_pronoun_resolves_to_last_person() -> None:
    text = ("Die Kanzlerin Eva Lang besuchte am Montag das Werk in Kassel. "
            "„Wir stehen zu diesem Standort“, sagte sie vor den Beschäftigten.")
    [q] = find_quotes(text)
    assert q.speaker == "Eva Lang"
    assert q.mention == "sie"


def test_quotes_role_noun_resolves_to_earlier_name() -> None:
    text = ("Der Diktator Max Beispiel hielt am Morgen eine lange Rede. "
            "Die Zeit der Zurückhaltung sei vorbei, so der Diktator.")
    [q] = find_quotes(text)
    assert q.type == "indirect"
    assert q.speaker == "Max Beispiel"
    assert q.mention == "der Diktator"
    assert q.text == "Die Zeit der Zurückhaltung sei vorbei"


def test_quotes_indirect_dass_clause() -> None:
    text = "Der Sprecher der Polizei, Jan Ohm, erklärte, dass die Straße bald wieder frei sei."
    [q] = find_quotes(text)
    assert (q.type, q.text, q.speaker, q.cue) == ("indirect", "dass die Straße bald wieder frei sei", "Jan Ohm",
                                                   "erklärte")


def test_quotes_indirect_konjunktiv_without_dass_and_free_indirect_continuation() -> None:
    text = ("Die Sprecherin Ina Roth sagte am Dienstag, das Projekt sei vorerst gestoppt. "
            "Man werde im Herbst neue Pläne vorlegen. Das Wetter war schlecht.")
    quotes = find_quotes(text)
    check_offsets(text, quotes)
    assert [(q.type, q.text, q.speaker) for q in quotes] == [
        ("indirect", "das Projekt sei vorerst gestoppt", "Ina Roth"),
        ("free_indirect", "Man werde im Herbst neue Pläne vorlegen.", "Ina Roth"),
    ]


def test_quotes_postposed_konjunktiv_frame_with_auxiliary() -> None:
    text = "Die Verhandlungen seien gescheitert, habe der Minister Karl Brandt gesagt."
    [q] = find_quotes(text)
    assert (q.type, q.text, q.speaker) == ("indirect", "Die Verhandlungen seien gescheitert", "Karl Brandt")


@pytest.mark.parametrize(
    ("text", "content", "speaker", "cue"),
    [
        ("Der Zeitung zufolge wurden drei Menschen verletzt.", "wurden drei Menschen verletzt", "Zeitung",
         "zufolge"),
        ("Laut Polizei wurde bei dem Unfall niemand verletzt.", "wurde bei dem Unfall niemand verletzt", "Polizei",
         "Laut"),
        ("Nach Angaben des Veranstalters kamen am Samstag 5000 Besucher.", "kamen am Samstag 5000 Besucher",
         "Veranstalters", "Nach"),
        ("Wie die Agentur Reuters berichtete, wurde der Vertrag gestern unterzeichnet.",
         "wurde der Vertrag gestern unterzeichnet", "Agentur Reuters", "berichtete"),
    ],
)
def test_quotes_attributions(text: str, content: str, speaker: str, cue: str) -> None:
    [q] = find_quotes(text)
    assert (q.type, q.text, q.speaker, q.cue) == ("indirect", content, speaker, cue)


def test_quotes_attribution_inside_sentence_is_cut_out_of_the_content() -> None:
    text = "Anschließend sei laut dem Gutachter die Anlage sofort abgeschaltet worden."
    [q] = find_quotes(text)
    assert q.speaker == "Gutachter"
    assert [text[s:e] for s, e in q.parts] == ["Anschließend sei", "die Anlage sofort abgeschaltet worden"]


def test_quotes_verb_frame_with_source_gives_via() -> None:
    text = "Laut Reuters hoffen die Beamten, dass das Treffen ein Erfolg wird."
    [q] = find_quotes(text)
    assert (q.speaker, q.via, q.text) == ("Beamten", ("Reuters",), "dass das Treffen ein Erfolg wird")


def test_quotes_partial_quote_inside_sentence() -> None:
    text = "Kanzler Otto Weiß nannte das Abkommen ein „historisches Dokument“."
    [q] = find_quotes(text)
    assert (q.type, q.text, q.speaker, q.cue) == ("partial", "„historisches Dokument“", "Otto Weiß", "nannte")


def test_quotes_partial_inside_indirect_speech_is_reported_twice() -> None:
    text = "Die Ministerin Lea Stein sagte, die Reform sei „ein großer Schritt nach vorn“."
    quotes = find_quotes(text)
    assert [(q.type, q.speaker) for q in quotes] == [("indirect", "Lea Stein"), ("partial", "Lea Stein")]
    assert quotes[1].text == "„ein großer Schritt nach vorn“"


def test_quotes_titles_in_quotation_marks_are_no_quotes() -> None:
    text = "Der Film „Die lange Reise“ läuft seit Donnerstag. Das Schiff „Aurora“ lag im Hafen."
    assert find_quotes(text) == []


def test_quotes_standalone_direct_quote_continues_previous_speaker() -> None:
    text = ("„Das ist ein guter Tag“, sagte der Trainer Jonas Falk. "
            "„Wir haben hart gearbeitet und uns diesen Sieg verdient.“")
    quotes = find_quotes(text)
    assert [(q.type, q.speaker) for q in quotes] == [("direct", "Jonas Falk"), ("direct", "Jonas Falk")]


def test_quotes_multi_sentence_quote_takes_the_frame_after_it() -> None:
    text = "„Wir sind bereit. Die Arbeit beginnt morgen.“, erklärte die Leiterin Maria Lind."
    [q] = find_quotes(text)
    assert (q.type, q.speaker) == ("direct", "Maria Lind")
    assert q.text == "„Wir sind bereit. Die Arbeit beginnt morgen.“"


def test_quotes_person_entities_are_used_for_pronouns() -> None:
    text = "Otto Meier traf Jana Kurz. „Das war ein gutes Gespräch“, sagte sie."
    without = find_quotes(text)
    assert without[0].speaker == "sie"
    entities = [(0, 10, "PER"), (16, 25, "PER")]
    with_ner = find_quotes(text, entities=entities)
    assert with_ner[0].speaker == "Jana Kurz"


def test_quotes_accepts_precomputed_sentences() -> None:
    text = "Laut Polizei wurde niemand verletzt. Der Verkehr rollt wieder."
    assert find_quotes(text, sentences=split_sentences(text)) == find_quotes(text)


def test_quotes_english_direct_and_reported() -> None:
    text = ('"We are ready for the vote," said John Smith, a spokesman for the party. '
            "According to the police, the suspect fled on foot. Senator Mary Jones said the talks had failed.")
    quotes = find_quotes(text, language="en")
    check_offsets(text, quotes)
    assert [(q.type, q.speaker) for q in quotes] == [("direct", "John Smith"), ("indirect", "police"),
                                                     ("indirect", "Mary Jones")]
    assert quotes[2].text == "the talks had failed"


def test_quotes_edge_cases() -> None:
    assert find_quotes("") == []
    assert find_quotes("Der Himmel ist blau.") == []
    with pytest.raises(ValueError):
        find_quotes("Bonjour.", language="xx")
    q = find_quotes("„Ja“, sagte er.")[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        q.speaker = "x"  # type: ignore[misc]


@pytest.mark.seeds
def test_quotes_seed_000_putin_quote_via_kcna(seeds_dir: Path) -> None:
    text = next(seeds_dir.glob("000_*.txt")).read_text(encoding="utf-8")
    quotes = find_quotes(text)
    [q] = [q for q in quotes if q.text.startswith("„Ich bin sicher, dass wir")]
    # the seed frames it as „…“, so Putin laut KCNA.
    assert (q.type, q.speaker, q.via) == ("direct", "Putin", ("KCNA",))


@pytest.mark.seeds
def test_quotes_seed_004_statement_of_sin_hong_chol(seeds_dir: Path) -> None:
    text = next(seeds_dir.glob("004_*.txt")).read_text(encoding="utf-8")
    quotes = [q for q in find_quotes(text) if q.speaker == "Sin Hong-chol"]
    assert any(q.type == "indirect" and q.text.startswith("dass") for q in quotes)
    assert any(q.type == "partial" for q in quotes)
