"""Quotations and reported speech: direct, partial, indirect and free indirect speech, speakers, cues, via chains."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from newsdesk.analysis.quotes import Quote, find_quotes
from newsdesk.analysis.sentences import split_sentences

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


# -- speakers that are speakers (issue 21) -------------------------------------------------------------------------
def speakers(text: str, entities: list[tuple[int, int, str]] | None = None) -> list[tuple[str, str | None, str | None]]:
    """(type, speaker, mention) of every quote, checking the offsets on the way."""
    quotes = find_quotes(text, entities=entities)
    check_offsets(text, quotes)
    return [(q.type, q.speaker, q.mention) for q in quotes]


def span(text: str, name: str, label: str) -> tuple[int, int, str]:
    start = text.index(name)
    return (start, start + len(name), label)


@pytest.mark.parametrize("text, mention", [
    ("Umso wichtiger sei es, die Deiche rasch zu erhöhen, sagte sie.", "sie"),
    ("Der Film zeigt die Flut, erklärte dann die Regisseurin Mara Lenz, „und wir haben nichts beschönigt“.",
     "Mara Lenz"),
    ("Die Lage beschrieb der Landrat am Abend als „angespannt, aber beherrschbar“.", "der Landrat"),
    ("Gleich zu Beginn der Kreissynode sagte der Präses, die Gemeinden müssten sparen.", "der Präses"),
])
def test_quotes_speaker_is_never_an_adverb_a_work_title_an_abstract_noun_or_a_phrase_before_it(
        text: str, mention: str) -> None:
    found = speakers(text)
    assert found and {m for _, _, m in found} == {mention}


def test_quotes_work_title_and_its_compound_are_no_source() -> None:
    """"laut der Deich-Doku" names a film, not a speaker; an abstract noun as the source of an attribution stays."""
    [q] = find_quotes("Laut der Deich-Doku sei die Gefahr lange unterschätzt worden.")
    assert q.speaker is None
    [q] = find_quotes("Nach Angaben der Kreisverwaltung sei die Gefahr gebannt.")
    assert q.speaker == "Kreisverwaltung"


def test_quotes_speech_noun_gives_its_holder_as_speaker() -> None:
    [(qtype, speaker, mention)] = speakers("Die Antwort der Stadtwerke kam prompt: „Wir prüfen das.“")
    assert (qtype, speaker, mention) == ("direct", "Stadtwerke", "der Stadtwerke")


def test_quotes_a_clause_before_the_quotation_is_cut_to_its_subject() -> None:
    """"Haller nannte sie „…“": the name that opens the clause speaks; "sie" is the object after the verb."""
    assert speakers("Haller nannte die Idee „ausgesprochen mutig“ und lobte den Rat.") == [
        ("partial", "Haller", "Haller")]
    assert speakers("Haller nannte sie „ausgesprochen mutig“.") == [("partial", "Haller", "Haller")]


def test_quotes_speaker_after_adverbials_and_role_before_name() -> None:
    text = "»Die Zinsen bleiben vorerst hoch«, erklärte am Mittwoch in Frankfurt Bank-Vizechefin Ida Brenner."
    assert speakers(text) == [("direct", "Ida Brenner", "Ida Brenner")]
    text = "„Die Fähre bleibt im Hafen“, sagt NDR-Landeskorrespondent Ole Marten."
    assert speakers(text) == [("direct", "Ole Marten", "Ole Marten")]


@pytest.mark.parametrize("text, content, speaker, cue", [
    ("Die Zinsen bleiben unverändert, teilte die Landesbank am Abend mit.", "Die Zinsen bleiben unverändert",
     "Landesbank", "teilte mit"),
    ("Fehler wurden gemacht, räumte Kessler am Montag ein.", "Fehler wurden gemacht", "Kessler", "räumte ein"),
    ("Die Kosten steigen um zehn Prozent, schätzt der Kämmerer.", "Die Kosten steigen um zehn Prozent",
     "Kämmerer", "schätzt"),
])
def test_quotes_particle_verbs_and_estimates_report_the_indicative(text: str, content: str, speaker: str,
                                                                    cue: str) -> None:
    [q] = find_quotes(text)
    assert (q.type, q.text, q.speaker, q.cue) == ("indirect", content, speaker, cue)


def test_quotes_pronoun_resolves_to_the_named_speaker_before() -> None:
    text = "Der Deichgraf Jan Kruse kam am Abend. „Das Wasser steigt weiter“, schätzt er."
    assert speakers(text, [span(text, "Jan Kruse", "PER")]) == [("direct", "Jan Kruse", "er")]
    assert speakers(text) == [("direct", "er", "er")]  # no name known: the pronoun as written


def test_quotes_konjunktiv_with_a_pronoun_refers_back_without_a_frame() -> None:
    """"Er schäme sich": no cue, no speaker before it, yet the pronoun and the Konjunktiv make it reported."""
    text = "Der Bürgermeister Jan Kruse kam zu spät zur Sitzung. Er schäme sich dafür."
    [q] = find_quotes(text)
    assert (q.type, q.text, q.speaker, q.mention) == ("free_indirect", "Er schäme sich dafür.", "Jan Kruse", "Er")


def test_quotes_role_noun_resolves_to_a_name_given_that_role() -> None:
    text = "Eva Roth ist Ministerin für Verkehr. „Wir bleiben dabei“, sagte die Ministerin."
    assert speakers(text, [span(text, "Eva Roth", "PER")]) == [("direct", "Eva Roth", "die Ministerin")]
    text = "Der Minister Hans Kohl kritisierte den Plan. „Wir bleiben dabei“, sagte die Ministerin."
    assert speakers(text) == [("direct", "Ministerin", "die Ministerin")]  # no "Ministerin" named: not Kohl


def test_quotes_plural_pronoun_resolves_to_an_organisation() -> None:
    text = "Die Stadtwerke Nordstadt erhöhen die Preise. Sie begründeten dies so: „Gas ist teurer geworden.“"
    assert speakers(text, [span(text, "Stadtwerke Nordstadt", "ORG")]) == [
        ("direct", "Stadtwerke Nordstadt", "Sie")]


def test_quotes_interview_run_takes_the_person_named_before_it() -> None:
    text = ("Wir trafen die Imkerin Lotte Brandt auf ihrem Hof.\n„Die Völker sind stark wie lange nicht.“\n"
            "„Der Frühling war warm genug.“")
    found = speakers(text, [span(text, "Lotte Brandt", "PER")])
    assert found == [("direct", "Lotte Brandt", "Lotte Brandt")] * 2


def test_quotes_frame_sentence_after_its_content() -> None:
    """"Sagt X." standing alone reports the sentence before it."""
    [q] = find_quotes("Er könne sich eine Pause gut vorstellen. Sagt Tom Weber.")
    assert (q.type, q.text, q.speaker) == ("indirect", "Er könne sich eine Pause gut vorstellen", "Tom Weber")


def test_quotes_first_person_sentence_continues_a_quotation_without_marks() -> None:
    """Texts that lost their quotation marks: after ", sagt X" a sentence in the first person still quotes X."""
    text = "Die Region war ein Ganzes, sagt der Bürgermeister Ole Brandt. Wir sind aber eine eigene Stadt."
    quotes = find_quotes(text)
    assert [(q.type, q.speaker) for q in quotes] == [("indirect", "Ole Brandt"), ("direct", "Ole Brandt")]
    assert quotes[1].text == "Wir sind aber eine eigene Stadt"


def test_quotes_headline_colon_quote_takes_the_name_after_the_dash() -> None:
    text = "Knapper Sieg im Derby – Trainer Kurz: „Wir haben Glück gehabt“. Bremen – Das Spiel war zäh."
    assert speakers(text) == [("direct", "Kurz", "Kurz")]


@pytest.mark.parametrize("text", [
    "„Hier ist Nordstadt“ erscheint jeden Freitag als Newsletter.",
    "Der Newsletter „Hier ist Nordstadt“ erscheint jeden Freitag.",
    "Es ist in Nordstadt üblich, dass der Rat im Sommer ruht.",
    "Es geht darum, ob der Rat im Sommer tagt.",
])
def test_quotes_slogans_subject_clauses_and_narration_are_no_quotes(text: str) -> None:
    assert find_quotes(text) == []


def test_quotes_role_apposition_belongs_to_the_speaker_not_to_the_content() -> None:
    text = "So sagte Anna Berg, Professorin für Chemie an der Universität Kiel, die Befunde seien eindeutig."
    [q] = find_quotes(text)
    assert (q.type, q.text, q.speaker) == ("indirect", "die Befunde seien eindeutig", "Anna Berg")


@pytest.mark.parametrize("text", [
    "Die Torhüterin verhinderte mit zwei Paraden, dass der Gegner noch ausglich.",
    "Neue Messungen im Auftrag der Gemeinde ergaben, dass auch das Seewasser verschmutzt ist.",
    "Die Behörde prüft derzeit unter anderem, ob ein Verfahren eingeleitet werden kann.",
    "Um den Auftritt zu retten, setzte die Sängerin auf Leinwände, die ihr Konzert in den Saal übertragen würden.",
    "Sonntag heißt hier: Wer zuerst aufsteht, kocht den Kaffee.",
])
def test_quotes_facts_results_and_definitions_are_no_reported_speech(text: str) -> None:
    """A clause that prevents, finds or checks something, a Konjunktiv inside a relative clause, and "heißt" with a
    subject of its own (a definition) report no one's words."""
    assert find_quotes(text) == []


def test_quotes_impersonal_heisst_keeps_its_es_anywhere_in_the_clause() -> None:
    text = "Die Zeitung druckte Kommentare, in denen es zum Streit auch heißt, dass die Partei am Ende sei."
    [q] = only(find_quotes(text), "indirect")
    assert (q.text, q.cue) == ("dass die Partei am Ende sei", "heißt")


def test_quotes_konjunktiv_content_stops_where_narration_goes_on() -> None:
    text = "Der Sänger sagte, er sei müde und alt, dabei klingt er frischer als vor vierzig Jahren."
    [q] = find_quotes(text)
    assert (q.text, q.speaker) == ("er sei müde und alt", "Sänger")


def test_quotes_particle_before_the_subject_and_role_apposition() -> None:
    text = "So sagte etwa Eva Roth, Professorin für Chemie an der Universität Kiel, die Werte seien bedenklich."
    [q] = find_quotes(text)
    assert (q.text, q.speaker) == ("die Werte seien bedenklich", "Eva Roth")


def test_quotes_first_person_words_start_after_the_writers_colon() -> None:
    text = ("„Es war ein langer Weg“, sagt Roth. Das will etwas heißen, denn den Preis bekam die Sängerin selbst: "
            "Nach der Tour trafen wir den Minister.")
    quotes = find_quotes(text)
    check_offsets(text, quotes)
    assert [(q.type, q.text, q.speaker) for q in quotes][-1] == (
        "direct", "Nach der Tour trafen wir den Minister", "Roth")


def test_quotes_conditional_konjunktiv_ii_does_not_continue_a_report() -> None:
    """A Konjunktiv II in the singular states a condition; the plural "würden" stands in for the Konjunktiv I and
    goes on with the speaker's words."""
    conditional = find_quotes("Die Bürgermeisterin sagte, die Stadt sei bereit. "
                              "Mit dem neuen Status stünde die Stadt in einer Reihe mit den großen Zentren.")
    assert [q.type for q in conditional] == ["indirect"]
    reported = find_quotes("Der Sprecher sagte, die Lage sei ernst. Die Kosten würden weiter steigen.")
    assert [(q.type, q.speaker) for q in reported] == [("indirect", "Sprecher"), ("free_indirect", "Sprecher")]


@pytest.mark.parametrize("text, mention", [
    ("Aus Regierungskreisen verlautete, dass die Reform verschoben werde.", "Aus Regierungskreisen"),
    ("Man prüfe den Fall genau, hieß es auf Nachfrage aus dem Büro der Ministerin.", "aus dem Büro der Ministerin"),
    ("Wie aus Kreisen der Firma verlautete, wird das Werk im Frühjahr geschlossen.", "aus Kreisen der Firma"),
])
def test_quotes_origin_phrase_with_aus_is_the_speaker(text: str, mention: str) -> None:
    quotes = find_quotes(text)
    check_offsets(text, quotes)
    assert [q.mention for q in quotes] == [mention]


def test_quotes_wie_frame_with_a_name_in_apposition() -> None:
    text = "Wie die Sprecherin der Firma, Eva Roth, mitteilte, wurde das Werk am Freitag geschlossen."
    [q] = find_quotes(text)
    assert (q.text, q.speaker, q.cue) == ("wurde das Werk am Freitag geschlossen", "Eva Roth", "mitteilte")


def test_quotes_own_words_inside_a_subordinate_clause_belong_to_the_main_subject() -> None:
    text = ("Die Autorin Eva Roth hatte sich für ihren ersten Roman das Dorfleben ausgesucht, weil dort nach eigenen "
            "Worten noch echte Geschichten passieren.")
    [q] = find_quotes(text)
    assert (q.text, q.type) == ("dort nach eigenen Worten noch echte Geschichten passieren", "indirect")
    assert [text[s:e] for s, e in q.parts] == ["dort", "noch echte Geschichten passieren"]
    assert q.speaker is not None and "Eva Roth" in q.speaker


def test_quotes_dateline_is_neither_content_nor_speaker() -> None:
    text = "Berlin/Wien – Für die Zeitung kommt nach dreißig Jahren das Aus, berichtet der Kurier."
    [q] = find_quotes(text)
    assert (q.text, q.speaker) == ("Für die Zeitung kommt nach dreißig Jahren das Aus", "Kurier")


def test_quotes_report_in_the_verb_bracket_is_the_source_of_its_claim() -> None:
    text = "Die Ministerin hat Berichte der Zeitung zurückgewiesen, wonach sie zurücktreten wolle."
    [q] = find_quotes(text)
    assert (q.text, q.mention) == ("wonach sie zurücktreten wolle", "Berichte der Zeitung")


@pytest.mark.parametrize("text, content, speaker", [
    ("Laut Verfassung darf der Präsident das Parlament auflösen; seine Macht wächst dadurch aber nicht.",
     "darf der Präsident das Parlament auflösen", "Verfassung"),
    ("Ein Skandal, der nach Erkenntnissen der Polizei dreißig Häuser betrifft, ist in Japan bekannt geworden.",
     "dreißig Häuser betrifft", "Polizei"),
])
def test_quotes_attribution_vouches_only_for_its_own_clause(text: str, content: str, speaker: str) -> None:
    """An attribution in a relative or subordinate clause, or between semicolons, reports that clause, not the
    sentence around it."""
    [q] = find_quotes(text)
    assert (q.text, q.speaker) == (content, speaker)


def test_quotes_relative_nach_der_is_no_source_phrase() -> None:
    text = "Die Opposition reichte eine Klage ein, nach der die Veröffentlichung der Ergebnisse erzwungen werden soll."
    assert find_quotes(text) == []


def test_quotes_demnach_inside_the_clause_refers_to_the_last_source() -> None:
    text = "Die Polizei teilte mit, der Fahrer sei geflohen. Im Detail soll demnach ein zweiter Wagen beteiligt sein."
    quotes = find_quotes(text)
    check_offsets(text, quotes)
    assert [(q.text, q.speaker, q.mention) for q in quotes][-1] == (
        "Im Detail soll demnach ein zweiter Wagen beteiligt sein", "Polizei", "demnach")


@pytest.mark.parametrize("text, contents", [
    ("Oft habe der Mann vor der Tür gewartet, so die Anwältin, die auch angab, dass ihre Mandantin Angst hatte.",
     ["Oft habe der Mann vor der Tür gewartet", "dass ihre Mandantin Angst hatte"]),
    ("Die Maßnahme sollte die Lage eigentlich beruhigen, so der Notenbankchef Max Roth, bewirkte aber das Gegenteil.",
     ["Die Maßnahme sollte die Lage eigentlich beruhigen"]),
    ("„Nordlicht“, so heißt ein geplantes Projekt der Stadt, mit dem sie Touristen anlocken will.", []),
])
def test_quotes_so_frame_does_not_swallow_the_narration_after_its_speaker(text: str, contents: list[str]) -> None:
    """After "…, so X," only a clause in the Konjunktiv goes on with X's words; a relative clause about X and an
    indicative clause are narration, and "so heißt X" names something."""
    assert [q.text for q in find_quotes(text)] == contents


@pytest.mark.parametrize("text", [
    "Spender kleiner Beträge können aber angeben, dass ihr Name nicht genannt werden soll.",
    "Die Kommission muss nun innerhalb von dreißig Tagen klären, ob sie einen Antrag stellen wird.",
])
def test_quotes_modal_clause_without_a_cue_reports_nothing(text: str) -> None:
    assert find_quotes(text) == []


def test_quotes_wie_frame_reports_the_clause_right_before_it() -> None:
    text = "Die Stadt steht vor einer Frage, da der Bezirk ab Jänner nicht mehr existiert, wie das Land bekanntgab."
    [q] = find_quotes(text)
    assert (q.text, q.speaker) == ("der Bezirk ab Jänner nicht mehr existiert", "Land")


def test_quotes_short_quotation_followed_by_its_verb_is_a_named_subject() -> None:
    """A quoted statement is set off from its frame by a comma; a medium's name in quotation marks is not."""
    [q] = find_quotes("„Neue Presse“ berichtete, der Plan solle geheim bleiben.")
    assert (q.text, q.speaker) == ("der Plan solle geheim bleiben", "„Neue Presse“")
    [q] = find_quotes("„Wir bleiben hier“ sagte die Ministerin.")
    assert (q.type, q.speaker) == ("direct", "Ministerin")


@pytest.mark.parametrize("text", [
    "Für die Direktorin ist es entscheidend, dass die Bibliothek am Sonntag geöffnet bleibt.",
    "Es war richtig, dass der Gemeinderat die Entscheidung vertagt hat.",
    "Es ist denkbar, dass der Fährbetrieb im Winter ruht.",
])
def test_quotes_expletive_judgement_before_dass_reports_nothing(text: str) -> None:
    """"Es ist wichtig, dass …" judges what follows; no one is reported to have said it."""
    assert find_quotes(text) == []


def test_quotes_passive_speech_verb_with_es_still_reports() -> None:
    """"Es wird befürchtet, dass …" is a speech verb in the passive, not a judgement."""
    quotes = find_quotes("Es wird befürchtet, dass die Brücke im Frühjahr gesperrt werden muss.")
    assert [q.type for q in quotes] == ["indirect"]


def test_quotes_first_person_sentences_after_an_open_quote_form_one_quote() -> None:
    """Where the marks are lost, consecutive first-person sentences of one speaker are one quotation, whether the
    frame came first ("X: Wir …") or the run began after a closed quote."""
    text = ("Die Wirtin Hanna Moser sagt dazu: Wir haben schon schlimmere Winter erlebt. Wir machen einfach "
            "weiter. Der Gemeinderat tagt am Montag.")
    quotes = find_quotes(text)
    check_offsets(text, quotes)
    [q] = quotes
    assert q.text == "Wir haben schon schlimmere Winter erlebt. Wir machen einfach weiter"
    assert q.speaker == "Wirtin Hanna Moser"


def test_quotes_first_person_sentence_after_a_closed_quote_starts_a_new_one() -> None:
    """A quote closed by its own frame ("…, sagt X.") is not continued: the next sentence is a quote of its own."""
    text = ("Wir haben schon schlimmere Winter erlebt, sagt die Wirtin Hanna Moser. Wir machen einfach weiter. "
            "Uns schreckt das nicht.")
    quotes = find_quotes(text)
    check_offsets(text, quotes)
    assert [q.text for q in quotes] == ["Wir haben schon schlimmere Winter erlebt",
                                        "Wir machen einfach weiter. Uns schreckt das nicht"]
    assert {q.speaker for q in quotes} == {"Wirtin Hanna Moser"}


def test_quotes_first_person_sentence_does_not_continue_a_dass_clause() -> None:
    """Reported content after "dass" is no open quotation: the first-person sentence after it stands alone."""
    quotes = find_quotes("Die Wirtin Hanna Moser sagt, dass sie bleibt. Wir machen einfach weiter.")
    assert [q.text for q in quotes] == ["dass sie bleibt", "Wir machen einfach weiter"]


@pytest.mark.parametrize(("text", "mention"), [
    ("Der Bergführer Tobias Lang (44, Zermatt) kann sich nach eigenen Angaben vorstellen, im Sommer aufzuhören.",
     "nach eigenen Angaben"),
    ("Die Bürgermeisterin Ida Kern hat eigenen Angaben zufolge drei Briefe erhalten.", "eigenen Angaben zufolge"),
])
def test_quotes_own_account_later_in_the_clause_is_the_subjects(text: str, mention: str) -> None:
    """"X hat eigenen Angaben zufolge …": the subject that opens the sentence speaks; the mention stays the phrase."""
    [q] = find_quotes(text)
    check_offsets(text, [q])
    assert q.speaker is not None and q.speaker.endswith(text.split()[3])
    assert q.mention == mention


def test_quotes_own_account_in_a_second_main_clause_has_no_holder_from_the_first() -> None:
    """A comma that opens another main clause separates the phrase from the sentence's first subject."""
    [q] = find_quotes("Die ersten Proben nahmen sie im Mai, im Herbst war die Gruppe nach eigenen Angaben am Ziel.")
    assert q.speaker != "ersten Proben"


def test_a_speaker_is_not_the_source_of_his_own_words():
    text = ("Der Bürgermeister Karl Weber sprach am Montag in Lindenau. "
            "Das neue Gesetz sieht laut Weber „mehr Schutz“ für die Anwohner vor, sagte er.")
    quotes = find_quotes(text, language="de")
    assert quotes and all(q.speaker == "Karl Weber" and q.via == () for q in quotes)
    other = find_quotes("Das Gesetz sieht laut Innenministerium „mehr Schutz“ vor, sagte Karl Weber.", language="de")
    assert other and all(q.via == ("Innenministerium",) for q in other)
