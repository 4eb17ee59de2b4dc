"""The analysis stage: components run in order, dates anchored to the known or inferred publication day, and
languages without rules analysed as far as possible."""

from __future__ import annotations

from datetime import date

from newsdesk.analysis import MIN_DATE_CONFIDENCE, analysis_record, analyze
from newsdesk.lang import has_component

TEXT = (
    "Warnstreik legt die Talbahn lahm\n"
    "Am Dienstag standen in Weserholz alle Züge still. „Wir sind entschlossen“, sagte Gewerkschaftschef Jens "
    "Kamphausen. Der Vorstand erklärte, man sei weiter gesprächsbereit."
)


def test_relative_dates_count_from_the_given_publication_day() -> None:
    result = analyze(TEXT, language="de", published=date(2024, 3, 13))
    tuesday = next(t for t in result.timexes if t.text == "Am Dienstag" or t.text == "Dienstag")
    assert tuesday.value == "2024-03-12"  # the Tuesday before a Wednesday publication
    assert result.published_guess is None  # nothing to infer
    assert all(TEXT[t.start : t.end] == t.text for t in result.timexes)


def test_quotes_with_speakers_and_offsets() -> None:
    result = analyze(TEXT, language="de", published=date(2024, 3, 13))
    by_type = {quote.type: quote for quote in result.quotes}
    assert by_type["direct"].text == "„Wir sind entschlossen“" and "Kamphausen" in (by_type["direct"].speaker or "")
    assert by_type["indirect"].speaker == "Vorstand"
    assert all(TEXT[q.start : q.end] == q.text for q in result.quotes)
    assert [s.text for s in result.sentences][0] == "Warnstreik legt die Talbahn lahm"


def test_undated_article_gets_an_inferred_date_used_only_when_confident() -> None:
    text = ("Der Gipfel fand am Dienstag, dem 15. August 2023, in Moskau statt. Am Dienstag hatten beide Seiten "
            "Briefe ausgetauscht.")
    result = analyze(text, language="de")
    guess = result.published_guess
    assert guess is not None and guess.value is not None and guess.evidence
    if guess.confidence >= MIN_DATE_CONFIDENCE:
        assert result.reference_date == guess.value
        assert not any(t.value.startswith("XXXX") for t in result.timexes)
    else:
        assert result.reference_date is None


def test_language_without_rules_still_gets_sentences_and_notes() -> None:
    result = analyze("Le président a parlé hier. Il a dit: « Nous verrons. »", language="fr-FR")
    assert result.language == "fr"
    assert len(result.sentences) == 2
    assert result.timexes == () and result.quotes == ()
    assert any("temporal" in note for note in result.notes) and any("quotation" in note for note in result.notes)


def test_unknown_language_and_empty_text() -> None:
    assert analyze("", language=None).sentences == ()
    assert analyze("Kurz.", language=None).notes


def test_has_component_per_language() -> None:
    assert has_component("de", "timex") and has_component("en", "quotes")
    assert not has_component("xx", "timex") and not has_component("../de", "timex")


def test_entities_have_canonical_ids_and_quote_speakers_link_to_them() -> None:
    text = ("Der russische Präsident Wladimir Putin traf am Dienstag Nordkoreas Machthaber Kim Jong-un. "
            "„Wir sind Freunde“, sagte Putin laut KCNA. Der Kreml bestätigte das Treffen.")
    result = analyze(text, language="de", published=date(2024, 6, 20))
    ids = {entity.text: entity.canonical_id for entity in result.entities}
    assert ids["Putin"] == ids["Wladimir Putin"]
    assert all(text[e.start : e.end] == e.text for e in result.entities)
    kremlin = next(e for e in result.entities if e.text == "Kreml")
    assert kremlin.metonym and kremlin.canonical_id == ids["russische"]
    record = analysis_record(result)
    quote = next(q for q in record["quotes"] if q["type"] == "direct")
    assert quote["speaker_id"] == ids["Putin"] and quote["via"] == ["KCNA"]


def test_language_without_a_model_says_so() -> None:
    result = analyze("The minister said: \"We will act.\"", language="en")
    assert result.entities == () and any("named-entity" in note for note in result.notes)
    assert result.quotes  # English quotes still work


def test_title_is_analysed_with_the_text_and_offsets_say_which_field() -> None:
    title = "Wladimir Putin schreibt Kim Yong-Un"
    text = ("Der russische Präsident Wladimir Putin hat Nordkoreas Machthaber Kim Jong-un am 15. August 2023 "
            "einen Brief geschickt. „Wir sind Freunde“, sagte Kim Jong-un.")
    result = analyze(text, language="de", title=title, published=date(2023, 8, 16))
    assert result.body_start == len(title) + 2
    record = analysis_record(result)
    fields = {"title": title, "text": text}
    for key in ("entities", "timexes", "quotes"):
        assert all(fields[item["field"]][item["start"]:item["end"]] == item["text"] for item in record[key]), key
    in_title = {e["text"]: e["id"] for e in record["entities"] if e["field"] == "title"}
    in_text = {e["text"]: e["id"] for e in record["entities"] if e["field"] == "text"}
    assert in_title["Kim Yong-Un"] == in_text["Kim Jong-un"] == "per:kim-jong-un"  # the headline's name linked
    assert in_title["Wladimir Putin"] == in_text["Wladimir Putin"] == "per:wladimir-putin"
    assert [text[a:b] for a, b in record["sentences"]][0].startswith("Der russische Präsident")
    quote = next(q for q in record["quotes"] if q["type"] == "direct")
    assert quote["field"] == "text" and quote["sentence"] == 1
    assert text[quote["speaker_start"]:quote["speaker_end"]] == "Kim Jong-un"


def test_article_without_title_reads_as_before_and_body_findings_drop_the_title() -> None:
    from newsdesk.analysis import body_findings

    without = analysis_record(analyze(TEXT, language="de", published=date(2024, 3, 13)))
    assert {item["field"] for key in ("entities", "timexes", "quotes") for item in without[key]} == {"text"}
    with_title = analysis_record(analyze(TEXT, language="de", published=date(2024, 3, 13),
                                         title="Streik: Jens Kamphausen am Dienstag in Weserholz"))
    assert any(item["field"] == "title" for item in with_title["entities"] + with_title["timexes"])
    body = body_findings(with_title)
    assert all(item["field"] == "text" for key in ("entities", "timexes", "quotes") for item in body[key])
    assert body["sentences"] == without["sentences"]


def test_analyze_article_reads_the_title() -> None:
    from newsdesk.analysis import analyze_article
    from newsdesk.model import Article

    article = Article(id="a", source="test", text="Kim Jong-un schwieg am Montag.", language="de",
                      title="Brief an Kim Yong-Un", published="2024-03-12")
    record = analyze_article(article)
    kim = {e["field"]: e["id"] for e in record["entities"] if e["type"] == "PER"}
    assert kim["title"] == kim["text"] == "per:kim-yong-un"  # one mention each: the first spelling names it
